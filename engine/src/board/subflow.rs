//! Subflow definitions, as a board carries them: a board of their own (nodes,
//! wires, notes, variables) whose interface is drawn inside it. Plain data;
//! [`crate::flatten`] turns instances into the nodes they stand for.
//!
//! The interface is read from three node kinds inside the definition, so it
//! is written once: the `subflow.inputs` node's `pins` setting lists the
//! input pins (they are its outputs inside), the `subflow.outputs` node's
//! `pins` the output pins, and each `subflow.parameter` node one parameter
//! (`name`, type, `default`). An instance is a node of kind
//! `subflow:<id>`; its `config` holds parameter values by name.

use serde::{Deserialize, Serialize};

use super::{Comment, Edge, Node, Variable};
use crate::types::{DataType, PinType, ValueType};

/// The kind of the node inside a definition that brings the instance's inputs in.
pub const INPUTS_KIND: &str = "subflow.inputs";
/// The kind of the node inside a definition that takes the instance's outputs out.
pub const OUTPUTS_KIND: &str = "subflow.outputs";
/// The kind of a parameter node inside a definition.
pub const PARAMETER_KIND: &str = "subflow.parameter";
/// What an instance's kind starts with; the rest is the definition's id.
pub const INSTANCE_PREFIX: &str = "subflow:";
pub use crate::ids::PATH_SEP;

/// A subflow definition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subflow {
    /// Unique within the board; instances name it in their kind.
    pub id: String,
    /// Shown on instances and in the palette.
    #[serde(default)]
    pub name: String,
    /// Free text for the reader.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Variables of each instance (every instance has its own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<Variable>,
    /// The nodes inside.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// The wires inside.
    #[serde(default)]
    pub edges: Vec<Edge>,
    /// Notes and groups inside.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Set by a teacher in an exercise: students use it as a black box
    /// (its inside is neither shown nor editable).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

/// One pin of a subflow's interface, as the `pins` setting lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterfacePin {
    /// Unique among the inputs (or the outputs); wires name it.
    pub name: String,
    /// Shown on the instance; the name when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// What kind of data (`Execution` for an execution pin; `Generic`
    /// resolves per instance from what it is wired to).
    pub data_type: DataType,
    /// How many of it.
    #[serde(default)]
    pub value_type: ValueType,
}

impl InterfacePin {
    /// The pin's type.
    pub fn ty(&self) -> PinType {
        PinType::new(self.data_type, self.value_type)
    }

    /// Reads a `pins` setting; `Err` says what is wrong with it.
    pub fn list_from(config: &serde_json::Value) -> Result<Vec<InterfacePin>, String> {
        if config.is_null() {
            return Ok(Vec::new());
        }
        let pins: Vec<InterfacePin> =
            serde_json::from_value(config.clone()).map_err(|e| format!("not a list of pins: {e}"))?;
        for (i, p) in pins.iter().enumerate() {
            if p.name.is_empty() {
                return Err(format!("pin {} has no name", i + 1));
            }
            if p.name.len() > super::load::MAX_NAME {
                return Err(format!("pin {} has a name longer than {} bytes", i + 1, super::load::MAX_NAME));
            }
            if pins[..i].iter().any(|q| q.name == p.name) {
                return Err(format!("two pins are called `{}`", p.name));
            }
            if matches!(p.name.as_str(), "error" | "on_error") {
                return Err(format!("`{}` is the name of every node's error pin", p.name));
            }
        }
        Ok(pins)
    }
}

/// A parameter of a subflow: a typed setting of each instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The setting's name on instances.
    pub name: String,
    /// Its type.
    pub ty: PinType,
    /// Its value when an instance does not set it.
    pub default: serde_json::Value,
}

/// What an instance of a definition looks like from outside.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Interface {
    /// Input pins, in the order the inputs node lists them.
    pub inputs: Vec<InterfacePin>,
    /// Output pins.
    pub outputs: Vec<InterfacePin>,
    /// Parameters, in node order.
    pub parameters: Vec<Parameter>,
}

impl Subflow {
    /// The instance kind of this definition (`subflow:<id>`).
    pub fn kind_name(&self) -> String {
        format!("{INSTANCE_PREFIX}{}", self.id)
    }

    /// The interface as the boundary and parameter nodes inside declare it.
    /// A setting that does not read counts as no pins (validation of the
    /// definition reports it on that node).
    pub fn interface(&self) -> Interface {
        let mut out = Interface::default();
        let pins = |n: &Node| InterfacePin::list_from(n.config.get("pins").unwrap_or(&serde_json::Value::Null));
        for n in &self.nodes {
            match n.kind.as_str() {
                INPUTS_KIND if out.inputs.is_empty() => out.inputs = pins(n).unwrap_or_default(),
                OUTPUTS_KIND if out.outputs.is_empty() => out.outputs = pins(n).unwrap_or_default(),
                PARAMETER_KIND => {
                    let text = |k: &str| n.config.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
                    let name = text("name");
                    if name.is_empty() || out.parameters.iter().any(|p| p.name == name) {
                        continue;
                    }
                    let data = serde_json::from_value(text("data_type").into()).unwrap_or(DataType::Generic);
                    let shape = serde_json::from_value(text("value_type").into()).unwrap_or_default();
                    let default = n.config.get("default").cloned().unwrap_or_default();
                    out.parameters.push(Parameter { name, ty: PinType::new(data, shape), default });
                }
                _ => {}
            }
        }
        out
    }
}

/// The definition id an instance kind names, if `kind` is an instance kind.
pub fn subflow_of(kind: &str) -> Option<&str> {
    kind.strip_prefix(INSTANCE_PREFIX)
}

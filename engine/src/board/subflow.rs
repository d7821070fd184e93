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
    /// The version of the personal library it came from (or was saved as).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library: Option<LibraryRef>,
}

/// A version of a subflow in the personal library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryRef {
    /// Names the subflow across its versions (the first version's hash).
    pub lineage: String,
    /// The content hash of this version.
    pub hash: String,
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

/// A parameter node's settings when it leaves them out (the kind's defaults).
pub const PARAMETER_DEFAULTS: (&str, &str, &str, i64) = ("parameter", "Float", "Normal", 0);

impl Parameter {
    /// The parameter a `subflow.parameter` node declares (its settings, or
    /// their defaults).
    pub fn of(node: &Node) -> Parameter {
        let (name, data, shape, default) = PARAMETER_DEFAULTS;
        let text = |k: &str, d: &str| node.config.get(k).and_then(|v| v.as_str()).unwrap_or(d).to_owned();
        let data = serde_json::from_value(text("data_type", data).into()).unwrap_or(DataType::Generic);
        let shape = serde_json::from_value(text("value_type", shape).into()).unwrap_or_default();
        Parameter {
            name: text("name", name),
            ty: PinType::new(data, shape),
            default: node.config.get("default").cloned().unwrap_or(default.into()),
        }
    }
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
                    let p = Parameter::of(n);
                    if !p.name.is_empty() && !out.parameters.iter().any(|q| q.name == p.name) {
                        out.parameters.push(p);
                    }
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

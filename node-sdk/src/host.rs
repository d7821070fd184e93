//! The definition as the host reads it (feature `host`): owned, parsed from
//! the JSON that [`crate::Definition`] writes (and that modules in other
//! languages write by hand), and used by the engine for built-in nodes too.
//! One shape for both sides: a test writes definitions with the guest's
//! writer and reads them back here.

use alloc::borrow::ToOwned;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::schema::{DataType, Direction, PinType, Scores, ValueType};

/// One pin of a node definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PinDef {
    /// Unique per node and direction; edges refer to it.
    pub name: String,
    /// Shown on the canvas.
    pub friendly_name: String,
    /// Shown in tooltips and the inspector.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Input or Output.
    pub pin_type: Direction,
    /// What kind of data.
    pub data_type: DataType,
    /// How many of it.
    #[serde(default)]
    pub value_type: ValueType,
    /// Used when an input is neither connected nor given an inline value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// JSON Schema that values reaching (or leaving) this Struct pin must satisfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Arc<serde_json::Value>>,
    /// Generic pins sharing a parameter name resolve to the same data type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_param: Option<String>,
    /// An input that may stay empty (the node then sees `null`).
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub optional: bool,
}

impl PinDef {
    /// The pin's static type.
    pub fn ty(&self) -> PinType {
        PinType::new(self.data_type, self.value_type)
    }

    /// Whether this is an input pin.
    pub fn is_input(&self) -> bool {
        self.pin_type == Direction::Input
    }

    /// Whether this is an execution pin.
    pub fn is_exec(&self) -> bool {
        self.data_type == DataType::Execution
    }

    /// A new input pin.
    pub fn input(name: &str, friendly: &str, ty: PinType) -> Self {
        Self::new(name, friendly, Direction::Input, ty)
    }

    /// A new output pin.
    pub fn output(name: &str, friendly: &str, ty: PinType) -> Self {
        Self::new(name, friendly, Direction::Output, ty)
    }

    fn new(name: &str, friendly: &str, dir: Direction, ty: PinType) -> Self {
        PinDef {
            name: name.to_owned(),
            friendly_name: friendly.to_owned(),
            description: String::new(),
            pin_type: dir,
            data_type: ty.data,
            value_type: ty.value,
            default: None,
            schema: None,
            type_param: None,
            optional: false,
        }
    }

    /// Builder: a default value.
    pub fn default_value(mut self, v: serde_json::Value) -> Self {
        self.default = Some(v);
        self
    }

    /// Builder: a description.
    pub fn describe(mut self, text: &str) -> Self {
        self.description = text.to_owned();
        self
    }

    /// Builder: shares a generic type parameter.
    pub fn param(mut self, name: &str) -> Self {
        self.type_param = Some(name.to_owned());
        self
    }

    /// Builder: may stay empty.
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    /// Builder: a JSON Schema for a Struct pin.
    pub fn schema(mut self, schema: serde_json::Value) -> Self {
        self.schema = Some(Arc::new(schema));
        self
    }
}

/// One setting of a node kind, shown in the inspector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigField {
    /// Key in the node's `config` object.
    pub name: String,
    /// Label in the inspector.
    pub friendly_name: String,
    /// Help text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Type of the setting's value.
    pub data_type: DataType,
    /// Shape of the setting's value.
    #[serde(default)]
    pub value_type: ValueType,
    /// Value used when the node does not set it (`"default": null` is a
    /// default of null; no `default` key is none).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Allowed values, for a drop-down.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

impl ConfigField {
    /// A new setting.
    pub fn new(name: &str, friendly: &str, ty: PinType, default: serde_json::Value) -> Self {
        ConfigField {
            name: name.to_owned(),
            friendly_name: friendly.to_owned(),
            description: String::new(),
            data_type: ty.data,
            value_type: ty.value,
            default: Some(default),
            options: Vec::new(),
        }
    }

    /// Builder: help text.
    pub fn describe(mut self, text: &str) -> Self {
        self.description = text.to_owned();
        self
    }

    /// Builder: allowed values.
    pub fn options(mut self, options: &[&str]) -> Self {
        self.options = options.iter().map(|s| (*s).to_owned()).collect();
        self
    }
}

/// A node kind's definition (Flow-Like's schema plus `config` and `type_params`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeDef {
    /// Kind id used in boards, e.g. `math.add`.
    pub name: String,
    /// Shown in the palette and as the node's title.
    pub friendly_name: String,
    /// What the node does, shown in the palette and inspector.
    pub description: String,
    /// Palette category, e.g. `Math`.
    pub category: String,
    /// An icon name.
    #[serde(default)]
    pub icon: String,
    /// Pins for the default configuration (some kinds add pins from their config).
    pub pins: Vec<PinDef>,
    /// Quality scores.
    #[serde(default)]
    pub scores: Scores,
    /// Settings the inspector offers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub config: Vec<ConfigField>,
    /// Allowed data types per generic type parameter (unlisted parameters accept any).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub type_params: BTreeMap<String, Vec<DataType>>,
    /// What the node may reach outside its sandbox; nothing undeclared is
    /// ever possible, and what is declared still needs the user's grant.
    #[serde(default, skip_serializing_if = "Capabilities::is_empty")]
    pub capabilities: Capabilities,
}

/// What a node declares it needs from outside its sandbox.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    /// HTTP: the exact origins and, per origin, the methods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub http: Vec<HttpCapability>,
    /// The names of the secrets its requests may carry as `{{secret:NAME}}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<String>,
}

impl Capabilities {
    /// Declares nothing.
    pub fn is_empty(&self) -> bool {
        self.http.is_empty() && self.secrets.is_empty()
    }
}

/// HTTP to one origin.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct HttpCapability {
    /// `scheme://host[:port]`, e.g. `https://api.example.com`.
    pub origin: String,
    /// The methods, upper case (`GET`, `POST`, …).
    pub methods: Vec<String>,
}

impl NodeDef {
    /// A definition with no pins yet.
    pub fn new(name: &str, friendly: &str, category: &str, description: &str) -> Self {
        NodeDef {
            name: name.to_owned(),
            friendly_name: friendly.to_owned(),
            description: description.to_owned(),
            category: category.to_owned(),
            icon: String::new(),
            pins: Vec::new(),
            scores: Scores::BUILTIN,
            config: Vec::new(),
            type_params: BTreeMap::new(),
            capabilities: Capabilities::default(),
        }
    }

    /// Builder: adds a pin.
    pub fn pin(mut self, pin: PinDef) -> Self {
        self.pins.push(pin);
        self
    }

    /// Builder: sets the icon.
    pub fn icon(mut self, icon: &str) -> Self {
        self.icon = icon.to_owned();
        self
    }

    /// Builder: adds a setting.
    pub fn setting(mut self, field: ConfigField) -> Self {
        self.config.push(field);
        self
    }

    /// Builder: restricts a type parameter.
    pub fn type_param(mut self, name: &str, allowed: &[DataType]) -> Self {
        self.type_params.insert(name.to_owned(), allowed.to_vec());
        self
    }

    /// Builder: sets the scores.
    pub fn scores(mut self, scores: Scores) -> Self {
        self.scores = scores;
        self
    }

    /// The input pin called `name`.
    pub fn input(&self, name: &str) -> Option<&PinDef> {
        self.pins.iter().find(|p| p.is_input() && p.name == name)
    }

    /// The output pin called `name`.
    pub fn output(&self, name: &str) -> Option<&PinDef> {
        self.pins.iter().find(|p| !p.is_input() && p.name == name)
    }
}

/// A field that is present, even as `null`, is `Some` (absent fields take
/// the `default`, `None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Definition, Pin, Setting};
    use alloc::vec;
    use serde_json::json;

    #[test]
    fn reads_a_flow_like_node_definition() {
        let def: NodeDef = serde_json::from_value(json!({
            "name": "word_count",
            "friendly_name": "Word count",
            "description": "Counts words",
            "category": "Custom/Text",
            "icon": "hash",
            "pins": [
                {"name": "exec_in", "friendly_name": "", "pin_type": "Input", "data_type": "Execution", "value_type": "Normal"},
                {"name": "text", "friendly_name": "Text", "pin_type": "Input", "data_type": "String", "value_type": "Normal", "default": ""},
                {"name": "counts", "friendly_name": "Counts", "pin_type": "Output", "data_type": "Integer", "value_type": "HashMap"}
            ],
            "scores": {"privacy": 10, "security": 9, "performance": 8, "governance": 7, "reliability": 6, "cost": 5}
        }))
        .unwrap();
        assert_eq!(def.output("counts").unwrap().ty(), PinType::new(DataType::Integer, ValueType::HashMap));
        assert!(def.input("exec_in").unwrap().is_exec());
        assert_eq!(def.scores.governance, 7);
        let back = serde_json::to_value(&def).unwrap();
        assert_eq!(back["pins"][1]["default"], json!(""));
        assert_eq!(back["scores"]["cost"], 5);
    }

    /// What the guest writes (at compile time) is what the host reads, field by field.
    #[test]
    fn the_guest_writes_what_the_host_reads() {
        const GUEST: Definition = Definition {
            name: "pick",
            friendly_name: "Pick \"one\"",
            description: "Picks a value.",
            category: "Custom/Test",
            icon: "hand",
            pins: &[
                Pin::exec_in("exec"),
                Pin::input("a", "A", DataType::Generic).param("T").describe("first"),
                Pin::input("b", "B", DataType::Generic).param("T").default("2").optional(),
                Pin::input("s", "S", DataType::Struct).schema(r#"{"type":"object"}"#),
                Pin::input("tags", "Tags", DataType::String).set(),
                Pin::output("out", "Out", DataType::Generic).param("T").array(),
                Pin::output("m", "M", DataType::Float).map(),
                Pin::exec_out("then"),
            ],
            scores: Scores::SANDBOXED,
            config: &[
                Setting::new("mode", "Mode", DataType::String, "\"first\"")
                    .describe("Which one")
                    .options(&["first", "second"]),
                Setting::new("weights", "Weights", DataType::Float, "[]").value_type(ValueType::Array),
            ],
            type_params: &[("T", &[DataType::Integer, DataType::Float])],
            http: &[crate::Http { origin: "https://api.example.com", methods: &["GET", "POST"] }],
            secrets: &["API_TOKEN"],
        };
        let host: NodeDef = serde_json::from_str(&GUEST.to_json()).unwrap();
        let t = |d| PinType::normal(d);
        let expected = NodeDef::new("pick", "Pick \"one\"", "Custom/Test", "Picks a value.")
            .icon("hand")
            .scores(Scores::SANDBOXED)
            .pin(PinDef::input("exec", "", PinType::EXEC))
            .pin(PinDef::input("a", "A", t(DataType::Generic)).param("T").describe("first"))
            .pin(PinDef::input("b", "B", t(DataType::Generic)).param("T").default_value(json!(2)).optional())
            .pin(PinDef::input("s", "S", t(DataType::Struct)).schema(json!({"type": "object"})))
            .pin(PinDef::input("tags", "Tags", PinType::new(DataType::String, ValueType::HashSet)))
            .pin(PinDef::output("out", "Out", PinType::array(DataType::Generic)).param("T"))
            .pin(PinDef::output("m", "M", PinType::new(DataType::Float, ValueType::HashMap)))
            .pin(PinDef::output("then", "", PinType::EXEC))
            .setting(
                ConfigField::new("mode", "Mode", t(DataType::String), json!("first"))
                    .describe("Which one")
                    .options(&["first", "second"]),
            )
            .setting(ConfigField::new("weights", "Weights", PinType::array(DataType::Float), json!([])))
            .type_param("T", &[DataType::Integer, DataType::Float]);
        let expected = NodeDef {
            capabilities: Capabilities {
                http: vec![HttpCapability {
                    origin: "https://api.example.com".into(),
                    methods: vec!["GET".into(), "POST".into()],
                }],
                secrets: vec!["API_TOKEN".into()],
            },
            ..expected
        };
        assert_eq!(host, expected);
    }
}

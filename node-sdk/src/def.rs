//! Describing a node: a `const` definition (no allocation in the guest)
//! that serialises to the same JSON schema as Floe's built-in nodes.

use crate::json::Json;

/// What kind of data a pin carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataType {
    /// Control flow.
    Execution,
    /// Text.
    String,
    /// A 64-bit integer.
    Integer,
    /// A 64-bit float.
    Float,
    /// True or false.
    Boolean,
    /// An instant (ms since the epoch).
    Date,
    /// A path, as text.
    PathBuf,
    /// A JSON object.
    Struct,
    /// 0–255.
    Byte,
    /// Anything.
    Generic,
}

impl DataType {
    fn name(self) -> &'static str {
        match self {
            DataType::Execution => "Execution",
            DataType::String => "String",
            DataType::Integer => "Integer",
            DataType::Float => "Float",
            DataType::Boolean => "Boolean",
            DataType::Date => "Date",
            DataType::PathBuf => "PathBuf",
            DataType::Struct => "Struct",
            DataType::Byte => "Byte",
            DataType::Generic => "Generic",
        }
    }
}

/// How many values a pin carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// One.
    Normal,
    /// A list.
    Array,
    /// A map with text keys.
    HashMap,
    /// A list without duplicates.
    HashSet,
}

impl ValueType {
    fn name(self) -> &'static str {
        match self {
            ValueType::Normal => "Normal",
            ValueType::Array => "Array",
            ValueType::HashMap => "HashMap",
            ValueType::HashSet => "HashSet",
        }
    }
}

/// Whether a pin takes or gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Values come in.
    Input,
    /// Values go out.
    Output,
}

/// One pin.
#[derive(Clone, Copy, Debug)]
pub struct Pin {
    /// Unique per direction.
    pub name: &'static str,
    /// Shown on the canvas.
    pub friendly_name: &'static str,
    /// Shown in tooltips.
    pub description: &'static str,
    /// Input or output.
    pub direction: Direction,
    /// Data type.
    pub data_type: DataType,
    /// Value type.
    pub value_type: ValueType,
    /// A default value as JSON text.
    pub default_json: Option<&'static str>,
    /// A JSON Schema (for Struct pins) as JSON text.
    pub schema_json: Option<&'static str>,
    /// May stay unconnected.
    pub optional: bool,
}

impl Pin {
    const fn new(name: &'static str, friendly: &'static str, direction: Direction, data_type: DataType) -> Pin {
        Pin {
            name,
            friendly_name: friendly,
            description: "",
            direction,
            data_type,
            value_type: ValueType::Normal,
            default_json: None,
            schema_json: None,
            optional: false,
        }
    }

    /// A data input.
    pub const fn input(name: &'static str, friendly: &'static str, data_type: DataType) -> Pin {
        Pin::new(name, friendly, Direction::Input, data_type)
    }

    /// A data output.
    pub const fn output(name: &'static str, friendly: &'static str, data_type: DataType) -> Pin {
        Pin::new(name, friendly, Direction::Output, data_type)
    }

    /// An execution input.
    pub const fn exec_in(name: &'static str) -> Pin {
        Pin::new(name, "", Direction::Input, DataType::Execution)
    }

    /// An execution output.
    pub const fn exec_out(name: &'static str) -> Pin {
        Pin::new(name, "", Direction::Output, DataType::Execution)
    }

    /// Makes it a list.
    pub const fn array(mut self) -> Pin {
        self.value_type = ValueType::Array;
        self
    }

    /// Makes it a map.
    pub const fn map(mut self) -> Pin {
        self.value_type = ValueType::HashMap;
        self
    }

    /// Adds a description.
    pub const fn describe(mut self, text: &'static str) -> Pin {
        self.description = text;
        self
    }

    /// Adds a default (JSON text).
    pub const fn default(mut self, json: &'static str) -> Pin {
        self.default_json = Some(json);
        self
    }

    /// Adds a JSON Schema (JSON text).
    pub const fn schema(mut self, json: &'static str) -> Pin {
        self.schema_json = Some(json);
        self
    }

    /// May stay unconnected.
    pub const fn optional(mut self) -> Pin {
        self.optional = true;
        self
    }

    fn is_data(&self) -> bool {
        self.data_type as u8 != DataType::Execution as u8
    }
}

/// Quality scores, 0–10.
#[derive(Clone, Copy, Debug)]
pub struct Scores {
    /// Keeps data private.
    pub privacy: u8,
    /// Cannot be abused.
    pub security: u8,
    /// Fast.
    pub performance: u8,
    /// Auditable.
    pub governance: u8,
    /// Deterministic and robust.
    pub reliability: u8,
    /// Cheap.
    pub cost: u8,
}

impl Scores {
    /// A sandboxed node that touches nothing outside its inputs.
    pub const SANDBOXED: Scores =
        Scores { privacy: 10, security: 9, performance: 7, governance: 8, reliability: 9, cost: 9 };
}

/// One setting, shown in the inspector.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    /// Key in the node's config.
    pub name: &'static str,
    /// Label.
    pub friendly_name: &'static str,
    /// Type.
    pub data_type: DataType,
    /// Default as JSON text.
    pub default_json: &'static str,
}

/// A node's definition.
#[derive(Clone, Copy, Debug)]
pub struct Definition {
    /// A short identifier, e.g. `word_count`.
    pub name: &'static str,
    /// Shown as the node's title.
    pub friendly_name: &'static str,
    /// What the node does.
    pub description: &'static str,
    /// Palette category.
    pub category: &'static str,
    /// Icon name.
    pub icon: &'static str,
    /// Pins, in order.
    pub pins: &'static [Pin],
    /// Quality scores.
    pub scores: Scores,
    /// Settings.
    pub config: &'static [Setting],
}

impl Definition {
    /// The definition as JSON, in Floe's node schema.
    pub fn to_json(&self) -> String {
        let mut j = Json::new();
        j.raw("{");
        j.key("name", true).string(self.name);
        j.key("friendly_name", false).string(self.friendly_name);
        j.key("description", false).string(self.description);
        j.key("category", false).string(self.category);
        j.key("icon", false).string(self.icon);
        j.key("pins", false).raw("[");
        for (i, p) in self.pins.iter().enumerate() {
            if i > 0 {
                j.raw(",");
            }
            j.raw("{");
            j.key("name", true).string(p.name);
            j.key("friendly_name", false).string(p.friendly_name);
            j.key("description", false).string(p.description);
            j.key("pin_type", false).string(match p.direction {
                Direction::Input => "Input",
                Direction::Output => "Output",
            });
            j.key("data_type", false).string(p.data_type.name());
            j.key("value_type", false).string(p.value_type.name());
            if let Some(d) = p.default_json {
                j.key("default", false).raw(d);
            }
            if let Some(s) = p.schema_json {
                j.key("schema", false).raw(s);
            }
            if p.optional {
                j.key("optional", false).raw("true");
            }
            j.raw("}");
        }
        j.raw("]");
        let s = &self.scores;
        j.key("scores", false).raw(&format!(
            "{{\"privacy\":{},\"security\":{},\"performance\":{},\"governance\":{},\"reliability\":{},\"cost\":{}}}",
            s.privacy, s.security, s.performance, s.governance, s.reliability, s.cost
        ));
        if !self.config.is_empty() {
            j.key("config", false).raw("[");
            for (i, c) in self.config.iter().enumerate() {
                if i > 0 {
                    j.raw(",");
                }
                j.raw("{");
                j.key("name", true).string(c.name);
                j.key("friendly_name", false).string(c.friendly_name);
                j.key("data_type", false).string(c.data_type.name());
                j.key("default", false).raw(c.default_json);
                j.raw("}");
            }
            j.raw("]");
        }
        j.raw("}");
        j.finish()
    }

    /// Position of data input `name` among data inputs.
    pub fn input_index(&self, name: &str) -> Option<usize> {
        self.pins.iter().filter(|p| p.direction == Direction::Input && p.is_data()).position(|p| p.name == name)
    }

    /// Position of data output `name` among data outputs.
    pub fn output_index(&self, name: &str) -> Option<usize> {
        self.pins.iter().filter(|p| p.direction == Direction::Output && p.is_data()).position(|p| p.name == name)
    }

    /// Position of execution output `name` among execution outputs.
    pub fn exec_output_index(&self, name: &str) -> Option<usize> {
        self.pins.iter().filter(|p| p.direction == Direction::Output && !p.is_data()).position(|p| p.name == name)
    }

    /// Number of data inputs.
    pub fn input_count(&self) -> usize {
        self.pins.iter().filter(|p| p.direction == Direction::Input && p.is_data()).count()
    }

    /// Number of data outputs.
    pub fn output_count(&self) -> usize {
        self.pins.iter().filter(|p| p.direction == Direction::Output && p.is_data()).count()
    }

    /// Names of the data outputs, in order.
    pub fn output_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.pins.iter().filter(|p| p.direction == Direction::Output && p.is_data()).map(|p| p.name)
    }
}

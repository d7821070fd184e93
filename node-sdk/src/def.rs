//! Describing a node: a `const` definition (no allocation in the guest)
//! that serialises to the same JSON schema as Floe's built-in nodes.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::json::Json;
pub use crate::schema::{DataType, Direction, Scores, ValueType};

/// What a pin is for, as far as looking it up by name goes.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A data input.
    Input,
    /// A data output.
    Output,
    /// An execution output.
    Exec,
}

/// A definition's pin names by role, in order: what [`crate::Context`] looks
/// names up in. `export_node!` builds them at compile time.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct PinNames<'a> {
    /// Data inputs.
    pub inputs: &'a [&'static str],
    /// Data outputs.
    pub outputs: &'a [&'static str],
    /// Execution outputs.
    pub execs: &'a [&'static str],
}

impl PinNames<'_> {
    /// Position of `name` in `names`.
    #[inline]
    pub(crate) fn find(names: &[&'static str], name: &str) -> Option<usize> {
        // A name written as the same literal as in the definition is usually
        // the same constant: then there are no bytes to compare.
        names.iter().position(|n| {
            n.len() == name.len() && (core::ptr::eq(n.as_ptr(), name.as_ptr()) || n.as_bytes() == name.as_bytes())
        })
    }
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
    /// Generic pins sharing a parameter name resolve to the same data type.
    pub type_param: Option<&'static str>,
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
            type_param: None,
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

    /// Makes it a set.
    pub const fn set(mut self) -> Pin {
        self.value_type = ValueType::HashSet;
        self
    }

    /// Shares the generic type parameter `name` (with `DataType::Generic`).
    pub const fn param(mut self, name: &'static str) -> Pin {
        self.type_param = Some(name);
        self
    }

    const fn is_data(&self) -> bool {
        self.data_type as u8 != DataType::Execution as u8
    }

    const fn has_role(&self, role: Role) -> bool {
        match role {
            Role::Input => self.direction as u8 == Direction::Input as u8 && self.is_data(),
            Role::Output => self.direction as u8 == Direction::Output as u8 && self.is_data(),
            Role::Exec => self.direction as u8 == Direction::Output as u8 && !self.is_data(),
        }
    }
}

/// One setting, shown in the inspector.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    /// Key in the node's config.
    pub name: &'static str,
    /// Label.
    pub friendly_name: &'static str,
    /// Help text.
    pub description: &'static str,
    /// Type.
    pub data_type: DataType,
    /// Shape.
    pub value_type: ValueType,
    /// Default as JSON text.
    pub default_json: &'static str,
    /// Allowed values, for a drop-down.
    pub options: &'static [&'static str],
}

impl Setting {
    /// A setting with a default (JSON text).
    pub const fn new(
        name: &'static str,
        friendly: &'static str,
        data_type: DataType,
        default_json: &'static str,
    ) -> Setting {
        Setting {
            name,
            friendly_name: friendly,
            description: "",
            data_type,
            value_type: ValueType::Normal,
            default_json,
            options: &[],
        }
    }

    /// Adds help text.
    pub const fn describe(mut self, text: &'static str) -> Setting {
        self.description = text;
        self
    }

    /// Sets the shape.
    pub const fn value_type(mut self, value_type: ValueType) -> Setting {
        self.value_type = value_type;
        self
    }

    /// Offers these values in a drop-down.
    pub const fn options(mut self, options: &'static [&'static str]) -> Setting {
        self.options = options;
        self
    }
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
    /// Allowed data types per generic type parameter (unlisted parameters accept any).
    pub type_params: &'static [(&'static str, &'static [DataType])],
    /// The origins (and their methods) it may call with [`crate::http_fetch`];
    /// the user still has to grant them. Nothing undeclared is possible.
    pub http: &'static [Http],
    /// The secrets its requests may carry as `{{secret:NAME}}`.
    pub secrets: &'static [&'static str],
}

/// HTTP to one origin, for [`Definition::http`].
#[derive(Clone, Copy, Debug)]
pub struct Http {
    /// `scheme://host[:port]`, exactly (lower case, no path, no default port).
    pub origin: &'static str,
    /// `GET`, `POST`, … (upper case).
    pub methods: &'static [&'static str],
}

impl Definition {
    /// The definition as JSON, in Floe's node schema.
    pub fn to_json(&self) -> String {
        let mut bytes = vec![0; self.json_len()];
        self.write_json(&mut bytes);
        String::from_utf8(bytes).expect("the JSON writer copies UTF-8 text and adds ASCII")
    }

    /// The length of [`Self::to_json`], at compile time.
    pub const fn json_len(&self) -> usize {
        self.write_json(&mut [])
    }

    /// [`Self::to_json`] as a byte array, at compile time (`N` must be
    /// [`Self::json_len`]): what `export_node!` puts in the module's data.
    pub const fn json_array<const N: usize>(&self) -> [u8; N] {
        let mut bytes = [0; N];
        assert!(self.write_json(&mut bytes) == N, "N must be json_len()");
        bytes
    }

    /// Writes the JSON into `out` (as much as fits) and returns its full length.
    const fn write_json(&self, out: &mut [u8]) -> usize {
        let mut j = Json::new(out);
        j.raw("{");
        j.key("name", true).string(self.name);
        j.key("friendly_name", false).string(self.friendly_name);
        j.key("description", false).string(self.description);
        j.key("category", false).string(self.category);
        j.key("icon", false).string(self.icon);
        j.key("pins", false).raw("[");
        let mut i = 0;
        while i < self.pins.len() {
            let p = &self.pins[i];
            if i > 0 {
                j.raw(",");
            }
            j.raw("{");
            j.key("name", true).string(p.name);
            j.key("friendly_name", false).string(p.friendly_name);
            j.key("description", false).string(p.description);
            j.key("pin_type", false).string(p.direction.name());
            j.key("data_type", false).string(p.data_type.name());
            j.key("value_type", false).string(p.value_type.name());
            if let Some(d) = p.default_json {
                j.key("default", false).raw(d);
            }
            if let Some(s) = p.schema_json {
                j.key("schema", false).raw(s);
            }
            if let Some(t) = p.type_param {
                j.key("type_param", false).string(t);
            }
            if p.optional {
                j.key("optional", false).raw("true");
            }
            j.raw("}");
            i += 1;
        }
        j.raw("]");
        let s = &self.scores;
        j.key("scores", false).raw("{");
        j.key("privacy", true).number(s.privacy as u64);
        j.key("security", false).number(s.security as u64);
        j.key("performance", false).number(s.performance as u64);
        j.key("governance", false).number(s.governance as u64);
        j.key("reliability", false).number(s.reliability as u64);
        j.key("cost", false).number(s.cost as u64);
        j.raw("}");
        if !self.config.is_empty() {
            j.key("config", false).raw("[");
            let mut i = 0;
            while i < self.config.len() {
                let c = &self.config[i];
                if i > 0 {
                    j.raw(",");
                }
                j.raw("{");
                j.key("name", true).string(c.name);
                j.key("friendly_name", false).string(c.friendly_name);
                if !c.description.is_empty() {
                    j.key("description", false).string(c.description);
                }
                j.key("data_type", false).string(c.data_type.name());
                if c.value_type as u8 != ValueType::Normal as u8 {
                    j.key("value_type", false).string(c.value_type.name());
                }
                j.key("default", false).raw(c.default_json);
                if !c.options.is_empty() {
                    j.key("options", false).raw("[");
                    let mut k = 0;
                    while k < c.options.len() {
                        if k > 0 {
                            j.raw(",");
                        }
                        j.string(c.options[k]);
                        k += 1;
                    }
                    j.raw("]");
                }
                j.raw("}");
                i += 1;
            }
            j.raw("]");
        }
        if !self.type_params.is_empty() {
            j.key("type_params", false).raw("{");
            let mut i = 0;
            while i < self.type_params.len() {
                let (name, types) = self.type_params[i];
                j.key(name, i == 0).raw("[");
                let mut k = 0;
                while k < types.len() {
                    if k > 0 {
                        j.raw(",");
                    }
                    j.string(types[k].name());
                    k += 1;
                }
                j.raw("]");
                i += 1;
            }
            j.raw("}");
        }
        if !self.http.is_empty() || !self.secrets.is_empty() {
            j.key("capabilities", false).raw("{");
            j.key("http", true).raw("[");
            let mut i = 0;
            while i < self.http.len() {
                if i > 0 {
                    j.raw(",");
                }
                j.raw("{");
                j.key("origin", true).string(self.http[i].origin);
                j.key("methods", false).raw("[");
                let mut k = 0;
                while k < self.http[i].methods.len() {
                    if k > 0 {
                        j.raw(",");
                    }
                    j.string(self.http[i].methods[k]);
                    k += 1;
                }
                j.raw("]}");
                i += 1;
            }
            j.raw("]");
            j.key("secrets", false).raw("[");
            let mut i = 0;
            while i < self.secrets.len() {
                if i > 0 {
                    j.raw(",");
                }
                j.string(self.secrets[i]);
                i += 1;
            }
            j.raw("]}");
        }
        j.raw("}");
        j.len()
    }

    /// Position of data input `name` among data inputs.
    pub fn input_index(&self, name: &str) -> Option<usize> {
        self.pins.iter().filter(|p| p.has_role(Role::Input)).position(|p| p.name == name)
    }

    /// Position of data output `name` among data outputs.
    pub fn output_index(&self, name: &str) -> Option<usize> {
        self.pins.iter().filter(|p| p.has_role(Role::Output)).position(|p| p.name == name)
    }

    /// Position of execution output `name` among execution outputs.
    pub fn exec_output_index(&self, name: &str) -> Option<usize> {
        self.pins.iter().filter(|p| p.has_role(Role::Exec)).position(|p| p.name == name)
    }

    /// Number of data inputs.
    pub const fn input_count(&self) -> usize {
        self.role_count(Role::Input)
    }

    /// Number of data outputs.
    pub const fn output_count(&self) -> usize {
        self.role_count(Role::Output)
    }

    /// Number of pins with `role`.
    #[doc(hidden)]
    pub const fn role_count(&self, role: Role) -> usize {
        let (mut i, mut n) = (0, 0);
        while i < self.pins.len() {
            if self.pins[i].has_role(role) {
                n += 1;
            }
            i += 1;
        }
        n
    }

    /// The names of the pins with `role`, in order (`N` must be [`Self::role_count`]).
    #[doc(hidden)]
    pub const fn role_names<const N: usize>(&self, role: Role) -> [&'static str; N] {
        let mut names = [""; N];
        let (mut i, mut n) = (0, 0);
        while i < self.pins.len() {
            if self.pins[i].has_role(role) {
                names[n] = self.pins[i].name;
                n += 1;
            }
            i += 1;
        }
        assert!(n == N, "N must be role_count()");
        names
    }

    /// The names of the pins with `role`, in order, at run time.
    pub(crate) fn names_of(&self, role: Role) -> Vec<&'static str> {
        self.pins.iter().filter(|p| p.has_role(role)).map(|p| p.name).collect()
    }

    /// Names of the data outputs, in order.
    pub fn output_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.pins.iter().filter(|p| p.direction == Direction::Output && p.is_data()).map(|p| p.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEF: Definition = Definition {
        name: "quote\"d",
        friendly_name: "Tab\tand \u{1}",
        description: "é and \\",
        category: "Test",
        icon: "x",
        pins: &[
            Pin::exec_in("exec"),
            Pin::input("a", "A", DataType::Integer).default("1").optional(),
            Pin::input("s", "S", DataType::Struct).schema(r#"{"type":"object"}"#).describe("a struct"),
            Pin::output("list", "List", DataType::String).array(),
            Pin::exec_out("done"),
        ],
        scores: Scores::SANDBOXED,
        config: &[Setting::new("mode", "Mode", DataType::String, "\"fast\"")],
        type_params: &[],
        http: &[],
        secrets: &[],
    };

    /// Built by `const fn`s, as `export_node!` does.
    static JSON: [u8; DEF.json_len()] = DEF.json_array();

    #[test]
    fn the_definition_json_is_built_at_compile_time_and_valid() {
        let text = core::str::from_utf8(&JSON).unwrap();
        assert_eq!(text, DEF.to_json(), "compile time and run time agree");
        assert!(text.starts_with(r#"{"name":"quote\"d","friendly_name":"Tab\tand \u0001","description":"é and \\""#));
        assert!(text.contains(
            r#""pin_type":"Input","data_type":"Integer","value_type":"Normal","default":1,"optional":true}"#
        ));
        assert!(text.contains(r#""schema":{"type":"object"}"#));
        assert!(text.contains(
            r#""scores":{"privacy":10,"security":9,"performance":7,"governance":8,"reliability":9,"cost":9}"#
        ));
        assert!(
            text.ends_with(
                r#""config":[{"name":"mode","friendly_name":"Mode","data_type":"String","default":"fast"}]}"#
            )
        );
    }

    #[test]
    fn pins_are_counted_and_named_by_role() {
        const INPUTS: [&str; DEF.role_count(Role::Input)] = DEF.role_names(Role::Input);
        const EXECS: [&str; DEF.role_count(Role::Exec)] = DEF.role_names(Role::Exec);
        assert_eq!(INPUTS, ["a", "s"], "execution inputs are not data inputs");
        assert_eq!(EXECS, ["done"]);
        assert_eq!((DEF.input_count(), DEF.output_count()), (2, 1));
        assert_eq!(DEF.names_of(Role::Output), ["list"]);
        assert_eq!(PinNames::find(&INPUTS, "s"), Some(1));
        assert_eq!(PinNames::find(&INPUTS, &String::from("a")), Some(0), "equal text at another address");
        assert_eq!(PinNames::find(&INPUTS, "exec"), None);
    }
}

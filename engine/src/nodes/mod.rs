//! The built-in node catalog: one file per node, grouped by palette category.

mod convert;
mod data;
mod events;
mod flow;
mod http;
mod logic;
mod math;
mod output;
mod subflow;
mod testing;
mod text;
mod time;
mod values;

use std::sync::{Arc, OnceLock};

use crate::catalog::{Builtin, Catalog};

impl Catalog {
    /// Every built-in node kind.
    pub fn builtin() -> Self {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut c = Catalog::empty();
                for kind in all() {
                    c.register(Arc::new(kind));
                }
                c
            })
            .clone()
    }
}

/// Every built-in node kind.
fn all() -> Vec<Builtin> {
    let mut v = Vec::new();
    v.extend(events::all());
    v.extend(values::all());
    v.extend(math::all());
    v.extend(logic::all());
    v.extend(text::all());
    v.extend(convert::all());
    v.extend(data::all());
    v.extend(time::all());
    v.extend(flow::all());
    v.extend(http::all());
    v.extend(output::all());
    v.extend(subflow::all());
    v.extend(testing::all());
    v
}

/// What node files share.
pub(crate) mod prelude {
    #[cfg(feature = "run")]
    pub(crate) use crate::catalog::Func;
    pub(crate) use crate::catalog::{BuildCx, Builtin, Config, ConfigError, Role};
    pub use crate::def::{ConfigField, NodeDef, PinDef};
    pub use crate::node::{Cx, Entry, Level, NodeError, NodeImpl, Step, Trigger};
    pub use crate::types::{DataType, PinType, ValueType};
    pub use crate::value::Value;
    pub use serde_json::json;

    pub const INT: PinType = PinType::normal(DataType::Integer);
    pub const FLOAT: PinType = PinType::normal(DataType::Float);
    pub const STR: PinType = PinType::normal(DataType::String);
    pub const BOOL: PinType = PinType::normal(DataType::Boolean);
    pub const DATE: PinType = PinType::normal(DataType::Date);
    pub const STRUCT: PinType = PinType::normal(DataType::Struct);
    pub const ANY: PinType = PinType::normal(DataType::Generic);
    pub const EXEC: PinType = PinType::EXEC;

    /// The usual execution input.
    pub fn exec_in() -> PinDef {
        PinDef::input("exec", "", EXEC)
    }

    /// The usual execution output.
    pub fn then_out() -> PinDef {
        PinDef::output("then", "", EXEC)
    }

    /// A built node. Without the `run` feature (the page, which validates
    /// boards but never runs one) the node keeps what validation and
    /// planning ask of it and drops its `run`, so no node's run code (nor
    /// regex, CSV or date formatting) is linked into the page.
    #[inline(always)]
    pub fn node<T: NodeImpl + 'static>(imp: T) -> Result<Box<dyn NodeImpl>, ConfigError> {
        #[cfg(feature = "run")]
        return Ok(Box::new(imp));
        #[cfg(not(feature = "run"))]
        return Ok(Box::new(crate::catalog::Inert(imp)));
    }

    /// A stateless runtime node.
    #[inline(always)]
    pub fn func(f: fn(&mut Cx<'_>) -> Result<Step, NodeError>) -> Result<Box<dyn NodeImpl>, ConfigError> {
        #[cfg(feature = "run")]
        return Ok(Box::new(Func(f)));
        #[cfg(not(feature = "run"))]
        {
            let _ = f;
            Ok(Box::new(crate::catalog::NoRun))
        }
    }

    /// A node whose one output is a fixed value (a constant, a parameter).
    pub struct Fixed(pub Value);

    impl NodeImpl for Fixed {
        fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
            cx.set(0, self.0.clone());
            Ok(Step::Done)
        }
    }

    /// Data types a user may pick for a typed pin in a setting.
    pub const TYPE_OPTIONS: &[&str] =
        &["Generic", "String", "Integer", "Float", "Boolean", "Date", "PathBuf", "Struct", "Byte"];
    /// Value types a user may pick in a setting.
    pub const SHAPE_OPTIONS: &[&str] = &["Normal", "Array", "HashMap", "HashSet"];

    /// Reads a `data_type` + `value_type` pair of settings.
    pub fn configured_type(c: &Config<'_>, data: &str, shape: &str) -> Result<PinType, ConfigError> {
        let d: DataType = serde_json::from_value(serde_json::Value::String(c.choice(data)?.to_owned()))
            .map_err(|_| c.error(data, "not a data type"))?;
        if d == DataType::Execution {
            return Err(c.error(data, "Execution is not a value type"));
        }
        let v: ValueType = serde_json::from_value(serde_json::Value::String(c.choice(shape)?.to_owned()))
            .map_err(|_| c.error(shape, "not a value type"))?;
        Ok(PinType::new(d, v))
    }

    /// Text made piece by piece within the run's `max_text_bytes`.
    pub struct TextOut {
        text: String,
        max: usize,
    }

    impl TextOut {
        /// Empty text, limited as `cx`'s run says.
        pub fn new(cx: &Cx<'_>) -> Self {
            TextOut { text: String::new(), max: cx.limits().max_text_bytes }
        }

        /// Appends `s`.
        pub fn push(&mut self, s: &str) -> Result<(), NodeError> {
            let len = self.text.len().saturating_add(s.len());
            if len > self.max {
                return Err(NodeError::limit(
                    "max_text_bytes",
                    self.max as u64,
                    format!("the text would be at least {len} bytes"),
                ));
            }
            self.text.push_str(s);
            Ok(())
        }

        /// Appends a value as text: text as it is, anything else as JSON. A
        /// large value is measured only as far as the room left.
        pub fn push_value(&mut self, v: &Value) -> Result<(), NodeError> {
            match v {
                Value::Str(s) => self.push(s),
                Value::Array(_) | Value::Map(_) => {
                    let room = self.max - self.text.len();
                    if v.json_len_within(room).is_none() {
                        return Err(NodeError::limit(
                            "max_text_bytes",
                            self.max as u64,
                            format!("{} written as text would be longer", v.describe()),
                        ));
                    }
                    self.push(&v.to_string())
                }
                scalar => self.push(&scalar.to_string()),
            }
        }

        /// The text as a value.
        pub fn finish(self) -> Value {
            Value::from(self.text)
        }
    }

    /// Stable 64-bit FNV-1a, for deriving per-node seeds that match on every platform.
    pub fn fnv1a(text: &str) -> u64 {
        text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use std::sync::Arc;

    use crate::{Board, Catalog, Node, Plan, RunOptions, run_blocking};

    /// Runs one node of `kind` with inline `inputs` and `config` in a board of
    /// its own; returns its data outputs as JSON, or the run's error text.
    pub fn eval(kind: &str, inputs: serde_json::Value, config: serde_json::Value) -> Result<serde_json::Value, String> {
        let mut node = Node::new("n", kind);
        for (k, v) in inputs.as_object().expect("inputs object") {
            node = node.with_input(k, v.clone());
        }
        for (k, v) in config.as_object().expect("config object") {
            node = node.with_config(k, v.clone());
        }
        let board = Board { nodes: vec![node], ..Board::default() };
        let plan = Plan::compile(&board, &Catalog::builtin()).map_err(|d| d.to_string())?;
        let record = run_blocking(&Arc::new(plan), &RunOptions::default());
        if let Some(e) = record.error {
            return Err(e.message);
        }
        let outputs = &record.nodes[0].outputs;
        Ok(serde_json::to_value(outputs).expect("values serialise"))
    }
}

#[cfg(test)]
mod tests {
    use crate::Catalog;
    use crate::catalog::{ERROR_PIN, ON_ERROR_PIN};

    #[test]
    fn catalog_has_enough_documented_nodes() {
        let c = Catalog::builtin();
        assert!(c.len() >= 35, "only {} nodes", c.len());
        for def in c.defs() {
            assert!(def.description.len() > 15, "{} needs a description", def.name);
            assert!(!def.category.is_empty(), "{} needs a category", def.name);
            for p in &def.pins {
                assert!(p.name != ERROR_PIN && p.name != ON_ERROR_PIN, "{} uses a reserved pin name", def.name);
            }
            let mut names: Vec<_> = def.pins.iter().map(|p| (p.is_input(), &p.name)).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), def.pins.len(), "{} has duplicate pin names", def.name);
        }
    }
}

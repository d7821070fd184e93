//! Custom node kinds as the editor knows them: from a module's definition
//! alone ([`CustomDef`]), without compiling or running the module. The page
//! validates boards and lays nodes out with these; the sandbox (`crate::wasm`,
//! in the run worker and the CLI) gives them a runtime.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::catalog::{BuildCx, Config, ConfigError, NodeKind};
use crate::def::{NodeDef, PinDef, Scores};
use crate::module::{IoSchema, ModuleHash, ModuleKind};
use crate::node::{Cx, NodeError, NodeImpl, Step};
use crate::types::{DataType, PinType, ValueType};

/// What the sandbox read from a module: enough to show, wire and check its node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomDef {
    /// sha256 of the module's bytes.
    pub hash: ModuleHash,
    /// A display name (usually the file name).
    pub name: String,
    /// Floe ABI or WASI.
    pub kind: ModuleKind,
    /// The name the module gives its node.
    pub node_name: String,
    /// The node definition; its `name` is the node kind, `wasm:<hash>`.
    pub def: NodeDef,
    /// A WASI node's io schema.
    pub io: Option<IoSchema>,
    /// The module's size in bytes.
    pub size: usize,
    /// Given as WebAssembly text.
    pub is_text: bool,
}

/// Builds the runtime node of a custom kind: the node's build context and
/// its io schema (a WASI node's own, or its module's).
pub type BuildCustom =
    Arc<dyn Fn(&BuildCx<'_>, Option<Arc<IoSchema>>) -> Result<Box<dyn NodeImpl>, ConfigError> + Send + Sync>;

/// The node kind of a custom module.
pub struct CustomKind {
    def: Arc<CustomDef>,
    build: Option<BuildCustom>,
}

impl CustomKind {
    /// A kind known by its definition only: its nodes can be wired and
    /// checked, and fail if run here (they run where the sandbox is).
    pub fn defined(def: Arc<CustomDef>) -> Self {
        CustomKind { def, build: None }
    }

    /// A kind whose nodes `build` makes runnable.
    pub fn runnable(def: Arc<CustomDef>, build: BuildCustom) -> Self {
        CustomKind { def, build: Some(build) }
    }

    /// What the kind was made from.
    pub fn custom_def(&self) -> &CustomDef {
        &self.def
    }

    /// A WASI node's own io schema (setting `io`), when it has one.
    fn node_io(&self, config: &Config<'_>) -> Result<Option<IoSchema>, ConfigError> {
        if self.def.kind != ModuleKind::Wasi {
            return Ok(None);
        }
        match config.node().config.get("io") {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(v) => serde_json::from_value(v.clone())
                .map(Some)
                .map_err(|e| config.error("io", format!("not an io schema {{input, output, example}}: {e}"))),
        }
    }
}

impl NodeKind for CustomKind {
    fn def(&self) -> &NodeDef {
        &self.def.def
    }

    fn pins(&self, config: &Config<'_>) -> Result<Cow<'_, [PinDef]>, ConfigError> {
        match self.node_io(config)? {
            Some(io) => Ok(Cow::Owned(wasi_definition(&self.def.def.name, "", &io).pins)),
            None => Ok(Cow::Borrowed(&self.def.def.pins)),
        }
    }

    fn build(&self, cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
        let io = match self.node_io(&cx.config)? {
            Some(io) => Some(Arc::new(io)),
            None => self.def.io.clone().map(Arc::new),
        };
        match &self.build {
            Some(build) => build(cx, io),
            None => Ok(Box::new(NotHere(self.def.name.clone()))),
        }
    }
}

/// A custom node where no sandbox is: it only says so if run.
struct NotHere(String);

impl NodeImpl for NotHere {
    fn run(&self, _: &mut Cx<'_>) -> Result<Step, NodeError> {
        Err(NodeError::failed("no-sandbox", format!("custom node `{}` runs only in Floe's runner", self.0)))
    }
}

/// The pin type for a JSON Schema property.
fn pin_type(schema: &serde_json::Value) -> PinType {
    let ty = schema.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let data = |s: &serde_json::Value| match s.get("type").and_then(|t| t.as_str()).unwrap_or("") {
        "string" if s.get("format").and_then(|f| f.as_str()) == Some("date-time") => DataType::Date,
        "string" => DataType::String,
        "integer" => DataType::Integer,
        "number" => DataType::Float,
        "boolean" => DataType::Boolean,
        "object" => DataType::Struct,
        _ => DataType::Generic,
    };
    match ty {
        "array" => PinType::new(schema.get("items").map(data).unwrap_or(DataType::Generic), ValueType::Array),
        _ => PinType::normal(data(schema)),
    }
}

/// A WASI node's definition: pins from the io schema's top-level properties
/// (or one `input`/`output` pin carrying the whole JSON when there are none).
pub fn wasi_definition(kind_name: &str, name: &str, io: &IoSchema) -> NodeDef {
    let description = io.description.clone().unwrap_or_else(|| {
        "A WASI program: its inputs go to stdin as one JSON object, its stdout (JSON) becomes its outputs, and its stderr its log.".into()
    });
    let mut def = NodeDef::new(kind_name, name, "Custom", &description).icon("terminal").scores(Scores {
        privacy: 10,
        security: 9,
        performance: 6,
        governance: 8,
        reliability: 8,
        cost: 9,
    });
    let required = |schema: &serde_json::Value, key: &str| {
        schema.get("required").and_then(|r| r.as_array()).is_some_and(|r| r.iter().any(|k| k == key))
    };
    match io.input.get("properties").and_then(|p| p.as_object()) {
        Some(props) if !props.is_empty() => {
            for (key, prop) in props {
                let mut pin = PinDef::input(key, key, pin_type(prop));
                if let Some(d) = prop.get("description").and_then(|d| d.as_str()) {
                    pin.description = d.to_owned();
                }
                if let Some(dflt) = prop.get("default") {
                    pin.default = Some(dflt.clone());
                } else if !required(&io.input, key) {
                    pin.optional = true;
                }
                if pin.data_type == DataType::Struct {
                    pin.schema = Some(Arc::new(prop.clone()));
                }
                def.pins.push(pin);
            }
        }
        _ => def.pins.push(
            PinDef::input("input", "Input", PinType::normal(DataType::Generic))
                .default_value(serde_json::json!({}))
                .describe("The JSON written to the program's stdin."),
        ),
    }
    match io.output.get("properties").and_then(|p| p.as_object()) {
        Some(props) if !props.is_empty() => {
            for (key, prop) in props {
                def.pins.push(PinDef::output(key, key, pin_type(prop)));
            }
        }
        _ => def.pins.push(PinDef::output("output", "Output", PinType::normal(DataType::Generic))),
    }
    def.capabilities = io.capabilities.clone();
    def
}

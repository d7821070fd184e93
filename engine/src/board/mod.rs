//! The board document: what the user drew, exactly as saved.
//!
//! A `Board` is plain data. It may be wrong in every way (unknown node kinds,
//! dangling edges, cycles); [`crate::validate`] says how, and only a checked
//! board becomes a [`crate::Plan`].

mod exercise;
mod load;
mod locate;
mod subflow;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{CommentId, EdgeId, NodeId, PinId, PinRef};
use crate::module::{IoSchema, ModuleHash};
use crate::types::{DataType, PinType, ValueType};

pub use exercise::{Exercise, TestCase};
pub use load::{BoardError, FORMAT_VERSION, Located, MAX_NAME, Migration, migrate_with, read_located};
pub use subflow::{
    INPUTS_KIND, INSTANCE_PREFIX, Interface, InterfacePin, LibraryRef, OUTPUTS_KIND, PARAMETER_DEFAULTS,
    PARAMETER_KIND, PATH_SEP, Parameter, Subflow, subflow_of,
};

/// A saved flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Board {
    /// Version of this document format; see `docs/board-format.md`.
    pub format_version: u32,
    /// Name, description and timestamps.
    #[serde(default)]
    pub meta: BoardMeta,
    /// Board-wide variables, read and written by the variable nodes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<Variable>,
    /// The nodes.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// Wires from an output pin to an input pin.
    #[serde(default)]
    pub edges: Vec<Edge>,
    /// Sticky notes and groups on the canvas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Custom node modules the board uses (nodes refer to them as `wasm:<sha256>`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<ModuleRef>,
    /// Test cases, for a board given as an exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise: Option<Exercise>,
    /// Subflow definitions; nodes of kind `subflow:<id>` are their instances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subflows: Vec<Subflow>,
}

/// A custom node module a board uses, travelling with it: embedded (base64),
/// as WebAssembly text, or as a file beside the board. Exactly one source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleRef {
    /// sha256 of the module's bytes (of the text, for `wat`).
    pub hash: ModuleHash,
    /// A display name, usually the file name.
    pub name: String,
    /// The module's bytes, base64-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wasm_base64: Option<String>,
    /// The module as WebAssembly text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wat: Option<String>,
    /// A file holding the module, relative to the board file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A WASI node's io schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub io: Option<IoSchema>,
}

impl ModuleRef {
    /// The module's bytes when they travel with the board (`None` for a
    /// module given by `path`), or why the base64 does not decode.
    pub fn embedded_bytes(&self) -> Option<Result<Vec<u8>, base64::DecodeError>> {
        use base64::Engine as _;
        match (&self.wasm_base64, &self.wat) {
            (Some(b64), _) => Some(base64::engine::general_purpose::STANDARD.decode(b64.trim())),
            (None, Some(wat)) => Some(Ok(wat.as_bytes().to_vec())),
            (None, None) => None,
        }
    }

    /// Whether the module travels with the board and its bytes hash to the
    /// hash it claims (a stored copy must be genuine before anything keeps it).
    pub fn is_genuine(&self) -> bool {
        matches!(self.embedded_bytes(), Some(Ok(bytes)) if ModuleHash::of(&bytes) == self.hash)
    }

    /// A reference that embeds `bytes` (as text when they are WAT, base64 otherwise).
    pub fn embed(name: &str, bytes: &[u8], io: Option<IoSchema>) -> Self {
        use base64::Engine as _;
        let hash = ModuleHash::of(bytes);
        let text = (!bytes.starts_with(b"\0asm")).then(|| std::str::from_utf8(bytes).ok()).flatten();
        ModuleRef {
            hash,
            name: name.to_owned(),
            wasm_base64: text.is_none().then(|| base64::engine::general_purpose::STANDARD.encode(bytes)),
            wat: text.map(str::to_owned),
            path: None,
            io,
        }
    }
}

impl Default for Board {
    fn default() -> Self {
        Board {
            format_version: FORMAT_VERSION,
            meta: BoardMeta::default(),
            variables: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            comments: Vec::new(),
            modules: Vec::new(),
            exercise: None,
            subflows: Vec::new(),
        }
    }
}

/// Descriptive data about a board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardMeta {
    /// Shown in lists and the title bar.
    #[serde(default)]
    pub name: String,
    /// Free text for the reader.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// When the board was first saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// When the board was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<DateTime<Utc>>,
}

/// One node instance on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique within the board.
    pub id: NodeId,
    /// Which node definition this is, e.g. `math.add`.
    pub kind: String,
    /// Canvas position of the node's top-left corner.
    #[serde(default)]
    pub position: Position,
    /// Inline constants for unconnected input pins, by pin name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inputs: BTreeMap<PinId, serde_json::Value>,
    /// Node-kind specific settings (a template's text, a switch's cases, ...).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub config: serde_json::Map<String, serde_json::Value>,
    /// A title chosen by the user, shown instead of the definition's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Node {
    /// A node of `kind` with no inputs or config.
    pub fn new(id: impl Into<NodeId>, kind: impl Into<String>) -> Self {
        Node {
            id: id.into(),
            kind: kind.into(),
            position: Position::default(),
            inputs: BTreeMap::new(),
            config: serde_json::Map::new(),
            label: None,
        }
    }

    /// Builder: sets an inline input constant.
    pub fn with_input(mut self, pin: &str, value: serde_json::Value) -> Self {
        self.inputs.insert(PinId::from(pin), value);
        self
    }

    /// Builder: sets a config entry.
    pub fn with_config(mut self, key: &str, value: serde_json::Value) -> Self {
        self.config.insert(key.to_owned(), value);
        self
    }

    /// Builder: sets the canvas position.
    pub fn at(mut self, x: f64, y: f64) -> Self {
        self.position = Position { x, y };
        self
    }
}

/// A point on the canvas, in canvas units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// Horizontal, growing to the right.
    pub x: f64,
    /// Vertical, growing downwards.
    pub y: f64,
}

/// A wire from an output pin to an input pin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// Unique within the board.
    pub id: EdgeId,
    /// The output pin.
    pub from: PinRef,
    /// The input pin.
    pub to: PinRef,
}

impl Edge {
    /// Builds an edge.
    pub fn new(id: impl Into<EdgeId>, from: PinRef, to: PinRef) -> Self {
        Edge { id: id.into(), from, to }
    }
}

/// A sticky note, or a group box that frames the nodes inside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Unique within the board.
    pub id: CommentId,
    /// Note text or group title (shown as text, never as HTML).
    #[serde(default)]
    pub text: String,
    /// Top-left corner.
    pub position: Position,
    /// Width and height.
    pub size: Size,
    /// A CSS colour name or `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Note or group.
    #[serde(default)]
    pub kind: CommentKind,
}

/// Whether a comment is a free note or a group frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    /// A sticky note.
    #[default]
    Note,
    /// A frame; nodes inside it move with it in the editor.
    Group,
}

/// Width and height on the canvas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Size {
    /// Horizontal extent.
    pub width: f64,
    /// Vertical extent.
    pub height: f64,
}

/// The node kinds whose `name` setting names a board variable: flattening
/// scopes them per subflow instance, and making a subflow leaves them on the
/// board. A new kind that names a variable belongs here.
pub const VARIABLE_KINDS: [&str; 2] = ["var.get", "var.set"];

/// A board variable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    /// Unique within the board; the variable nodes refer to it by this name.
    pub name: String,
    /// Data type of the value.
    pub data_type: DataType,
    /// Shape of the value.
    #[serde(default)]
    pub value_type: ValueType,
    /// Value at the start of every run.
    #[serde(default)]
    pub default: serde_json::Value,
    /// Free text for the reader.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Variable {
    /// The variable's pin type.
    pub fn pin_type(&self) -> PinType {
        PinType::new(self.data_type, self.value_type)
    }
}

impl Board {
    /// An empty board with a name.
    pub fn named(name: &str) -> Self {
        Board { meta: BoardMeta { name: name.to_owned(), ..BoardMeta::default() }, ..Board::default() }
    }

    /// Serialises as pretty JSON (the saved form).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a board always serialises")
    }

    /// Points every node of module `old` at module `new` (hot reload);
    /// returns how many nodes changed.
    pub fn replace_module(&mut self, old: &ModuleHash, new: ModuleHash) -> usize {
        let (from, to) = (old.kind_name(), new.kind_name());
        let mut changed = 0;
        for node in self.nodes.iter_mut().filter(|n| n.kind == from) {
            node.kind.clone_from(&to);
            changed += 1;
        }
        changed
    }

    /// The subflow definition with this id, if any.
    pub fn subflow(&self, id: &str) -> Option<&Subflow> {
        self.subflows.iter().find(|s| s.id == id)
    }

    /// The node with this id, if any (first one when ids are duplicated).
    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| &n.id == id)
    }
}

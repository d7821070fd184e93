//! The node catalog: every node kind a board may use, built-in or custom.
//!
//! A [`NodeKind`] has a [`NodeDef`] (for the palette), may derive extra pins
//! from a node's config (a template's placeholders, a switch's cases), and
//! builds the runtime [`NodeImpl`] for one node of a plan.

mod config;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::board::{Node, Variable};
use crate::def::{Capabilities, NodeDef, PinDef};
use crate::node::{NodeImpl, Step};
use crate::types::{DataType, PinType};

pub use config::{Config, ConfigError};

/// Name of the implicit data output that receives a node's failure.
pub const ERROR_PIN: &str = "error";
/// Name of the implicit execution output fired when a node fails.
pub const ON_ERROR_PIN: &str = "on_error";

/// How the executor treats a node kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An ordinary node: pure if it has no execution pins, else runs when fired.
    Plain,
    /// Fires execution by itself (run start, timer).
    Event,
    /// Steers execution (branch, loops); meaningless without execution wires.
    Control,
}

/// A node kind: its definition and how to build it.
pub trait NodeKind: Send + Sync {
    /// The palette definition.
    fn def(&self) -> &NodeDef;

    /// How the executor treats it.
    fn role(&self) -> Role {
        Role::Plain
    }

    /// The pins of one node, which may depend on its config.
    fn pins(&self, config: &Config<'_>) -> Result<Cow<'_, [PinDef]>, ConfigError> {
        let _ = config;
        Ok(Cow::Borrowed(&self.def().pins))
    }

    /// What one node of this kind declares it needs from outside its
    /// sandbox (HTTP origins and methods, secret names); may depend on its
    /// config. Nothing undeclared is ever possible.
    fn capabilities(&self, config: &Config<'_>) -> Result<Cow<'_, Capabilities>, ConfigError> {
        let _ = config;
        Ok(Cow::Borrowed(&self.def().capabilities))
    }

    /// Builds the runtime node.
    fn build(&self, cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError>;
}

/// What `build` knows about the node being built.
pub struct BuildCx<'a> {
    /// The node's settings.
    pub config: Config<'a>,
    /// The node's pins as declared (data and execution, no implicit pins).
    pub pins: &'a [PinDef],
    /// The pins' types after generic types were resolved (parallel to `pins`).
    pub types: &'a [PinType],
    /// The board's variables, in plan order.
    pub variables: &'a [Variable],
}

impl BuildCx<'_> {
    /// The index of the board variable named by setting `field`.
    pub fn variable(&self, field: &str) -> Result<(usize, &Variable), ConfigError> {
        self.config.variable(field)
    }

    /// The resolved type of data output `i` (execution pins not counted).
    pub fn output_type(&self, i: usize) -> Option<PinType> {
        self.pins.iter().zip(self.types).filter(|(p, _)| !p.is_input() && !p.is_exec()).nth(i).map(|(_, t)| *t)
    }

    /// The resolved type of data input `i` (execution pins not counted).
    pub fn input_type(&self, i: usize) -> Option<PinType> {
        self.pins.iter().zip(self.types).filter(|(p, _)| p.is_input() && !p.is_exec()).nth(i).map(|(_, t)| *t)
    }
}

/// Derives a node's pins from its config.
pub(crate) type PinsFn = fn(&NodeDef, &Config<'_>) -> Result<Vec<PinDef>, ConfigError>;
/// Builds a node's runtime implementation.
pub(crate) type BuildFn = fn(&BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError>;
/// Derives a node's capabilities from its config.
pub(crate) type CapsFn = fn(&Config<'_>) -> Result<Capabilities, ConfigError>;

/// A built-in node kind from a definition and a few functions.
pub(crate) struct Builtin {
    pub def: NodeDef,
    pub role: Role,
    pub pins: Option<PinsFn>,
    pub caps: Option<CapsFn>,
    pub build: BuildFn,
}

impl Builtin {
    /// A kind whose runtime node needs no settings.
    pub fn new(def: NodeDef, build: BuildFn) -> Self {
        Builtin { def, role: Role::Plain, pins: None, caps: None, build }
    }

    #[cfg(feature = "run")]
    pub fn capabilities(mut self, caps: CapsFn) -> Self {
        self.caps = Some(caps);
        self
    }

    pub fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }

    pub fn dynamic_pins(mut self, pins: fn(&NodeDef, &Config<'_>) -> Result<Vec<PinDef>, ConfigError>) -> Self {
        self.pins = Some(pins);
        self
    }
}

impl NodeKind for Builtin {
    fn def(&self) -> &NodeDef {
        &self.def
    }

    fn role(&self) -> Role {
        self.role
    }

    fn pins(&self, config: &Config<'_>) -> Result<Cow<'_, [PinDef]>, ConfigError> {
        match self.pins {
            Some(f) => f(&self.def, config).map(Cow::Owned),
            None => Ok(Cow::Borrowed(&self.def.pins)),
        }
    }

    fn capabilities(&self, config: &Config<'_>) -> Result<Cow<'_, Capabilities>, ConfigError> {
        match self.caps {
            Some(f) => f(config).map(Cow::Owned),
            None => Ok(Cow::Borrowed(&self.def.capabilities)),
        }
    }

    fn build(&self, cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
        (self.build)(cx)
    }
}

/// A node whose whole behaviour is one function.
#[cfg(feature = "run")]
pub(crate) struct Func(pub fn(&mut crate::node::Cx<'_>) -> Result<Step, crate::node::NodeError>);

#[cfg(feature = "run")]
impl NodeImpl for Func {
    fn run(&self, cx: &mut crate::node::Cx<'_>) -> Result<Step, crate::node::NodeError> {
        (self.0)(cx)
    }
}

/// A built node in a build without the `run` feature: it answers what
/// validation and planning ask (its trigger, initial outputs, board output)
/// from the node it wraps, and a run with an error, so the wrapped node's
/// `run` is never referenced and not linked.
#[cfg(not(feature = "run"))]
pub(crate) struct Inert<T>(pub T);

#[cfg(not(feature = "run"))]
pub(crate) struct NoRun;

#[cfg(not(feature = "run"))]
impl NodeImpl for NoRun {
    fn run(&self, _: &mut crate::node::Cx<'_>) -> Result<Step, crate::node::NodeError> {
        Err(crate::node::NodeError::failed(
            "not-built-to-run",
            "this build of Floe validates boards but does not run them",
        ))
    }
}

#[cfg(not(feature = "run"))]
impl<T: NodeImpl> NodeImpl for Inert<T> {
    fn run(&self, cx: &mut crate::node::Cx<'_>) -> Result<Step, crate::node::NodeError> {
        NoRun.run(cx)
    }

    fn trigger(&self) -> Option<crate::node::Trigger> {
        self.0.trigger()
    }

    fn pulls_on_resume(&self) -> bool {
        self.0.pulls_on_resume()
    }

    fn initial_output(&self, i: usize) -> Option<crate::value::Value> {
        self.0.initial_output(i)
    }

    fn board_output(&self) -> Option<&str> {
        self.0.board_output()
    }
}

/// The set of node kinds a board may use.
#[derive(Clone, Default)]
pub struct Catalog {
    kinds: BTreeMap<String, Arc<dyn NodeKind>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").field("kinds", &self.kinds.keys().collect::<Vec<_>>()).finish()
    }
}

impl Catalog {
    /// A catalog with no kinds.
    pub fn empty() -> Self {
        Catalog::default()
    }

    /// Adds a kind, replacing (and returning) any kind of the same name.
    pub fn register(&mut self, kind: Arc<dyn NodeKind>) -> Option<Arc<dyn NodeKind>> {
        self.kinds.insert(kind.def().name.clone(), kind)
    }

    /// Removes a kind.
    pub fn remove(&mut self, name: &str) -> Option<Arc<dyn NodeKind>> {
        self.kinds.remove(name)
    }

    /// The kind called `name`.
    pub fn get(&self, name: &str) -> Option<&Arc<dyn NodeKind>> {
        self.kinds.get(name)
    }

    /// Every definition, sorted by name.
    pub fn defs(&self) -> impl Iterator<Item = &NodeDef> {
        self.kinds.values().map(|k| k.def())
    }

    /// Number of kinds.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// Whether there are no kinds.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// All pins of `node` as the editor shows them: the kind's pins for this
    /// config plus the implicit `error` (and, with execution pins, `on_error`) outputs.
    pub fn node_pins(&self, node: &Node, variables: &[Variable]) -> Result<Vec<PinDef>, NodePinsError> {
        let kind = self.get(&node.kind).ok_or_else(|| NodePinsError::UnknownKind(node.kind.clone()))?;
        let config = Config::new(node, kind.def(), variables);
        let pins = kind.pins(&config).map_err(NodePinsError::Config)?;
        Ok(with_implicit_pins(&pins))
    }
}

/// Why a node's pins cannot be listed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum NodePinsError {
    /// No such kind in the catalog.
    #[error("unknown node kind `{0}`")]
    UnknownKind(String),
    /// The kind rejects the node's config.
    #[error(transparent)]
    Config(ConfigError),
}

/// The value shape sent to a node's `error` pin.
pub fn error_pin_schema() -> serde_json::Value {
    serde_json::json!({
        "type": "object",
        "required": ["code", "message", "node"],
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "node": {"type": "string"},
            "pin": {"type": ["string", "null"]}
        }
    })
}

/// `pins` plus the implicit error outputs.
pub fn with_implicit_pins(pins: &[PinDef]) -> Vec<PinDef> {
    static IMPLICIT: OnceLock<[PinDef; 2]> = OnceLock::new();
    let [on_error, error] = IMPLICIT.get_or_init(|| {
        [
            PinDef::output(ON_ERROR_PIN, "On error", PinType::EXEC)
                .describe("Fires instead of failing the run when this node fails."),
            PinDef::output(ERROR_PIN, "Error", PinType::normal(DataType::Struct))
                .describe("When connected, receives this node's failure ({code, message, node, pin}) instead of stopping the run.")
                .schema(error_pin_schema()),
        ]
    });
    let mut all = Vec::with_capacity(pins.len() + 2);
    all.extend_from_slice(pins);
    if pins.iter().any(PinDef::is_exec) {
        all.push(on_error.clone());
    }
    all.push(error.clone());
    all
}

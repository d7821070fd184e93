//! Validation: every problem of a board at once, never only the first.
//!
//! [`check`] analyses a board (resolving pins, edges and generic types, and
//! building each node) and runs every rule in `rules/`. The result,
//! [`Checked`], becomes a [`crate::Plan`] only when no diagnostic is an error.

mod analysis;
mod rules;
mod typing;
mod wiring;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::board::{Board, PATH_SEP};
use crate::catalog::Catalog;
use crate::flatten::{Flat, Problem, flatten};
use crate::ids::{CommentId, EdgeId, NodeId, PinId};

pub(crate) use analysis::{Analysis, NO_GUARD};
pub(crate) use wiring::PinAt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The board cannot run.
    Error,
    /// The board runs, but probably not as meant.
    Warning,
}

/// A stable diagnostic code. Never renumber or reuse one; tests and users rely on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// A node's kind is not in the catalog.
    UnknownNodeKind,
    /// Two nodes, edges, comments or variables share an id or name.
    DuplicateId,
    /// A node's setting has a bad value.
    InvalidConfig,
    /// A node has a setting its kind does not know (warning).
    UnknownSetting,
    /// An edge refers to a node or pin that does not exist.
    DanglingEdge,
    /// An edge starts at an input or ends at an output.
    EdgeDirection,
    /// Connected pins have incompatible types.
    TypeMismatch,
    /// A data input has more than one incoming wire.
    MultipleInputs,
    /// A required input is neither connected nor given a value.
    MissingInput,
    /// An inline value does not fit its pin, or names no pin.
    BadInlineValue,
    /// A value violates the JSON Schema of its pin.
    SchemaViolation,
    /// A pin's JSON Schema is itself unusable.
    BadSchema,
    /// Data wires form a cycle.
    DataCycle,
    /// Execution wires form a cycle (loops must use a loop node).
    ExecutionCycle,
    /// A node never runs (warning).
    UnreachableNode,
    /// A control-flow node in a board without execution wires.
    ControlNeedsExecution,
    /// Two board outputs share a name (warning).
    DuplicateOutput,
    /// A board variable's default does not fit its type.
    BadVariable,
    /// An inline value on a connected input is ignored (warning).
    ShadowedInlineValue,
    /// An instance names a subflow the board does not define.
    UnknownSubflow,
    /// Subflows use themselves, directly or through others.
    SubflowRecursion,
    /// An instance's wires or values do not match its subflow's interface.
    SubflowInterface,
    /// The subflows expand past a budget.
    SubflowTooLarge,
    /// An event node inside a subflow.
    EventInSubflow,
    /// A value that looks like a key or token written out (warning).
    LiteralSecret,
}

impl Code {
    /// The code as written in output and documentation.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnknownNodeKind => "unknown-node-kind",
            Code::DuplicateId => "duplicate-id",
            Code::InvalidConfig => "invalid-config",
            Code::UnknownSetting => "unknown-setting",
            Code::DanglingEdge => "dangling-edge",
            Code::EdgeDirection => "edge-direction",
            Code::TypeMismatch => "type-mismatch",
            Code::MultipleInputs => "multiple-inputs",
            Code::MissingInput => "missing-input",
            Code::BadInlineValue => "bad-inline-value",
            Code::SchemaViolation => "schema-violation",
            Code::BadSchema => "bad-schema",
            Code::DataCycle => "data-cycle",
            Code::ExecutionCycle => "execution-cycle",
            Code::UnreachableNode => "unreachable-node",
            Code::ControlNeedsExecution => "control-needs-execution",
            Code::DuplicateOutput => "duplicate-output",
            Code::BadVariable => "bad-variable",
            Code::ShadowedInlineValue => "shadowed-inline-value",
            Code::UnknownSubflow => "unknown-subflow",
            Code::SubflowRecursion => "subflow-recursion",
            Code::SubflowInterface => "subflow-interface",
            Code::SubflowTooLarge => "subflow-too-large",
            Code::EventInSubflow => "event-in-subflow",
            Code::LiteralSecret => "literal-secret",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What a diagnostic points at, so the editor can paint it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// The board as a whole.
    Board,
    /// A node.
    Node {
        /// Which.
        node: NodeId,
    },
    /// A pin of a node.
    Pin {
        /// The node.
        node: NodeId,
        /// The pin.
        pin: PinId,
    },
    /// An edge.
    Edge {
        /// Which.
        edge: EdgeId,
    },
    /// A board variable.
    Variable {
        /// Its name.
        name: String,
    },
    /// A comment or group.
    Comment {
        /// Which.
        comment: CommentId,
    },
}

impl Target {
    /// The node this points at, directly or through a pin.
    pub fn node(&self) -> Option<&NodeId> {
        match self {
            Target::Node { node } | Target::Pin { node, .. } => Some(node),
            _ => None,
        }
    }

    /// The node of the board itself this points at: for a node inside a
    /// subflow instance (`calc›add`), the instance (`calc`), where the editor
    /// shows it.
    pub fn top_node(&self) -> Option<&str> {
        self.node().map(|n| n.as_str().split(PATH_SEP).next().unwrap_or_default())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Board => f.write_str("board"),
            Target::Node { node } => write!(f, "node `{}`", node.as_path()),
            Target::Pin { node, pin } => write!(f, "node `{}` pin `{pin}`", node.as_path()),
            Target::Edge { edge } => write!(f, "edge `{edge}`"),
            Target::Variable { name } => write!(f, "variable `{name}`"),
            Target::Comment { comment } => write!(f, "comment `{comment}`"),
        }
    }
}

/// One problem found in a board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in words.
    pub message: String,
    /// Where.
    pub target: Target,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}] {}: {}", self.code, self.target, self.message)
    }
}

/// Every diagnostic of a board: errors first, then warnings, each in board order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Diagnostics about one node (directly or through its pins).
    pub fn for_node<'a>(&'a self, node: &'a NodeId) -> impl Iterator<Item = &'a Diagnostic> {
        self.0.iter().filter(move |d| d.target.node() == Some(node))
    }

    /// Diagnostics about one node of the board or anything inside it (for
    /// an instance, every diagnostic of a node inside it).
    pub fn within<'a>(&'a self, node: &'a NodeId) -> impl Iterator<Item = &'a Diagnostic> {
        self.0.iter().filter(move |d| d.target.top_node() == Some(node.as_str()))
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics while the rules run.
pub(crate) struct Sink(Vec<Diagnostic>);

impl Sink {
    pub fn error(&mut self, code: Code, target: Target, message: impl Into<String>) {
        self.0.push(Diagnostic { code, severity: Severity::Error, message: message.into(), target });
    }

    pub fn warning(&mut self, code: Code, target: Target, message: impl Into<String>) {
        self.0.push(Diagnostic { code, severity: Severity::Warning, message: message.into(), target });
    }
}

/// A board after analysis: its diagnostics, and what the plan is built from.
pub struct Checked<'a> {
    pub(crate) analysis: Analysis<'a>,
    diagnostics: Diagnostics,
}

impl<'a> Checked<'a> {
    /// Every diagnostic.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// Splits into the analysis and the diagnostics (for the planner).
    pub(crate) fn into_parts(self) -> (Analysis<'a>, Diagnostics) {
        (self.analysis, self.diagnostics)
    }
}

/// Analyses a flattened board against `catalog` and collects every
/// diagnostic, with the problems flattening found.
pub fn check<'a>(flat: &'a Flat<'_>, catalog: &'a Catalog) -> Checked<'a> {
    let analysis = Analysis::new(&flat.board, catalog);
    let mut sink = Sink(Vec::new());
    rules::run_all(&analysis, &mut sink);
    let mut list = sink.0;
    for d in &mut list {
        // A pin of an instance's inputs boundary is the instance's pin.
        if let Target::Pin { node, .. } | Target::Node { node } = &mut d.target
            && let Some(q) = flat.inputs_of.get(node)
        {
            *node = q.clone();
        }
    }
    list.extend(flat.problems.iter().map(problem));
    list.sort_by_key(|d| d.severity);
    Checked { analysis, diagnostics: Diagnostics(list) }
}

fn problem(p: &Problem) -> Diagnostic {
    let error = |code, target, message: String| Diagnostic { code, severity: Severity::Error, message, target };
    match p {
        Problem::UnknownSubflow { node, subflow } => error(
            Code::UnknownSubflow,
            Target::Node { node: node.clone() },
            format!("the board defines no subflow `{subflow}`"),
        ),
        Problem::DuplicateSubflow { subflow } => {
            error(Code::DuplicateId, Target::Board, format!("two subflows are called `{subflow}`"))
        }
        Problem::Recursion { cycle } => {
            let names: Vec<String> = cycle.iter().map(|s| format!("`{s}`")).collect();
            let message = match names.as_slice() {
                [one] => format!("subflow {one} uses itself"),
                _ => format!("subflows {} use each other in a loop", names.join(" › ")),
            };
            error(Code::SubflowRecursion, Target::Board, message)
        }
        Problem::Interface { node, pin, message } => error(
            Code::SubflowInterface,
            Target::Pin { node: node.clone(), pin: pin.clone() },
            format!("pin `{pin}` {message}"),
        ),
        Problem::UnknownParameter { node, name } => Diagnostic {
            code: Code::UnknownSetting,
            severity: Severity::Warning,
            message: format!("its subflow has no parameter `{name}`"),
            target: Target::Node { node: node.clone() },
        },
        Problem::TooLarge { message } => error(Code::SubflowTooLarge, Target::Board, message.clone()),
    }
}

/// The resolved type of every pin of the board's own nodes: generic pins
/// as their wires made them, an instance's pins as its boundaries have
/// them. For edits that need types (making a subflow from a selection).
pub fn pin_types(board: &Board, catalog: &Catalog) -> PinTypes {
    let flat = flatten(board);
    let a = Analysis::new(&flat.board, catalog);
    let mut map = std::collections::HashMap::new();
    for (node, info) in flat.board.nodes.iter().zip(&a.nodes) {
        let (id, only_inputs) = match flat.inputs_of.get(&node.id) {
            Some(q) => (q, true),
            None => (&node.id, false),
        };
        if !only_inputs && node.id.as_str().contains(PATH_SEP) {
            continue;
        }
        for (p, pin) in info.pins.iter().enumerate() {
            // An instance's outputs boundary has inputs of the same names: the outputs count.
            let boundary_out = node.kind == crate::flatten::PASS_KIND && !only_inputs && pin.is_input();
            if (only_inputs && !pin.is_input()) || boundary_out {
                continue;
            }
            map.insert((id.clone(), PinId::from(pin.name.as_str()), pin.is_input()), info.types[p]);
        }
    }
    PinTypes(map)
}

/// Resolved pin types, from [`pin_types`].
pub struct PinTypes(std::collections::HashMap<(NodeId, PinId, bool), crate::types::PinType>);

impl PinTypes {
    /// The type of `node`'s input (or output) `pin`, if the node and pin are known.
    pub fn get(&self, node: &NodeId, pin: &PinId, input: bool) -> Option<crate::types::PinType> {
        self.0.get(&(node.clone(), pin.clone(), input)).copied()
    }
}

/// Every diagnostic of `board`; never fails.
///
/// ```
/// use floe_engine::{Board, Catalog, validate};
/// let board = Board::from_json(r#"{"format_version": 1,
///   "nodes": [{"id": "a", "kind": "math.nope"}],
///   "edges": [{"id": "e", "from": {"node": "a", "pin": "x"}, "to": {"node": "b", "pin": "y"}}]}"#).unwrap();
/// let diags = validate(&board, &Catalog::builtin());
/// let codes: Vec<_> = diags.iter().map(|d| d.code.as_str()).collect();
/// assert_eq!(codes, ["unknown-node-kind", "dangling-edge"]);
/// ```
pub fn validate(board: &Board, catalog: &Catalog) -> Diagnostics {
    check(&flatten(board), catalog).diagnostics
}

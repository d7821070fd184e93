//! Wiring rules while dragging a wire: types through `can_connect` (the one
//! rule table), cycles through the engine's `LiveDag` (petgraph), one wire
//! per data input. The result is a ready [`Command`].

use std::collections::HashMap;

use floe_engine::compat::Incompatible;
use floe_engine::graph::LiveDag;
use floe_engine::{Board, DataType, Edge, EdgeId, NodeId, PinRef, PinType, can_connect};

use crate::command::Command;
use crate::geometry::NodeLayout;

/// Why a wire cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A pin named by the drag does not exist.
    #[error("node `{node}` has no {side} `{pin}`")]
    NoSuchPin {
        /// The node.
        node: NodeId,
        /// The pin.
        pin: String,
        /// `input` or `output`.
        side: &'static str,
    },
    /// A node cannot feed itself.
    #[error("a node cannot be wired to itself")]
    SameNode,
    /// The types do not fit.
    #[error("{0}")]
    Types(Incompatible),
    /// A Generic pin bound to a type parameter does not take this type.
    #[error("{pin} takes {}, not {got}", allowed.iter().map(|d| d.name()).collect::<Vec<_>>().join(" or "))]
    Param {
        /// The pin, as `node.pin`.
        pin: String,
        /// The type offered.
        got: PinType,
        /// The data types the pin takes.
        allowed: Vec<DataType>,
    },
    /// The wire would close a loop.
    #[error("this wire would make a cycle: `{from}` already depends on `{to}`")]
    Cycle {
        /// The wire's source node.
        from: NodeId,
        /// The wire's target node.
        to: NodeId,
    },
    /// The same wire exists.
    #[error("these pins are already wired")]
    Exists,
}

/// A snapshot of the board's wiring for one drag: the board (`'b`) and
/// its node layouts (`'l`).
pub struct Wiring<'b, 'l> {
    board: &'b Board,
    layouts: &'l dyn Fn(&NodeId) -> Option<&'l NodeLayout>,
    index: HashMap<&'b NodeId, usize>,
    data: Option<LiveDag>,
    exec: Option<LiveDag>,
}

impl<'b, 'l> Wiring<'b, 'l> {
    /// Builds the cycle checkers for `board` (a board that already has a
    /// cycle is not checked for more; validation reports the one it has).
    pub fn new(board: &'b Board, layouts: &'l dyn Fn(&NodeId) -> Option<&'l NodeLayout>) -> Self {
        let index: HashMap<&NodeId, usize> = board.nodes.iter().enumerate().map(|(i, n)| (&n.id, i)).collect();
        let edges = |exec: bool| -> Vec<(usize, usize)> {
            board
                .edges
                .iter()
                .filter(|e| {
                    layouts(&e.from.node)
                        .and_then(|l| l.slot(e.from.pin.as_str(), false))
                        .is_some_and(|s| s.ty.is_exec() == exec)
                })
                .filter_map(|e| Some((*index.get(&e.from.node)?, *index.get(&e.to.node)?)))
                .collect()
        };
        let n = board.nodes.len();
        Wiring { board, layouts, data: LiveDag::new(n, edges(false)), exec: LiveDag::new(n, edges(true)), index }
    }

    fn pin_type(&self, pin: &PinRef, input: bool) -> Result<(PinType, Option<&'l [DataType]>), Refusal> {
        (self.layouts)(&pin.node)
            .and_then(|l| l.slot(pin.pin.as_str(), input))
            .map(|s| (s.ty, s.allowed.as_deref()))
            .ok_or_else(|| Refusal::NoSuchPin {
                node: pin.node.clone(),
                pin: pin.pin.to_string(),
                side: if input { "input" } else { "output" },
            })
    }

    /// Whether output `from` may be wired to input `to`; on success, the wires
    /// the new one replaces (a data input takes one wire).
    pub fn check(&self, from: &PinRef, to: &PinRef) -> Result<Vec<EdgeId>, Refusal> {
        let ((ft, from_allowed), (tt, to_allowed)) = (self.pin_type(from, false)?, self.pin_type(to, true)?);
        if from.node == to.node {
            return Err(Refusal::SameNode);
        }
        can_connect(ft, tt).map_err(Refusal::Types)?;
        // A Generic pin bound to a parameter takes (or gives) only the parameter's types.
        if let Some(allowed) = to_allowed
            && ft.data != DataType::Generic
            && !allowed.iter().any(|&d| can_connect(ft, PinType::new(d, tt.value)).is_ok())
        {
            return Err(Refusal::Param { pin: format!("{}.{}", to.node, to.pin), got: ft, allowed: allowed.to_vec() });
        }
        if let Some(allowed) = from_allowed
            && tt.data != DataType::Generic
            && !allowed.iter().any(|&d| can_connect(PinType::new(d, ft.value), tt).is_ok())
        {
            return Err(Refusal::Param {
                pin: format!("{}.{}", from.node, from.pin),
                got: tt,
                allowed: allowed.to_vec(),
            });
        }
        if self.board.edges.iter().any(|e| &e.from == from && &e.to == to) {
            return Err(Refusal::Exists);
        }
        let dag = if ft.is_exec() { &self.exec } else { &self.data };
        if let (Some(dag), Some(&a), Some(&b)) = (dag, self.index.get(&from.node), self.index.get(&to.node))
            && !dag.can_add(a, b)
        {
            return Err(Refusal::Cycle { from: from.node.clone(), to: to.node.clone() });
        }
        Ok(if tt.is_exec() {
            Vec::new()
        } else {
            self.board.edges.iter().filter(|e| &e.to == to).map(|e| e.id.clone()).collect()
        })
    }

    /// Whether `pin` of `node` could take the other end of a wire dragged from
    /// `dragged` (an output when `from_output`); for dimming pins while dragging.
    pub fn accepts(&self, dragged: &PinRef, from_output: bool, node: &NodeId, pin: &str) -> bool {
        let other = PinRef::new(node.clone(), pin);
        if from_output { self.check(dragged, &other).is_ok() } else { self.check(&other, dragged).is_ok() }
    }

    /// The command that wires `from` → `to`: drops a wire it replaces and an
    /// inline constant the wire makes useless, as one undo step.
    pub fn connect(&self, from: &PinRef, to: &PinRef) -> Result<Command, Refusal> {
        let replaced = self.check(from, to)?;
        let mut commands = Vec::new();
        if !replaced.is_empty() {
            commands.push(Command::RemoveEdges { ids: replaced.clone() });
        }
        if let Some(node) = self.board.node(&to.node)
            && node.inputs.contains_key(&to.pin)
        {
            commands.push(Command::SetInput { node: to.node.clone(), pin: to.pin.clone(), value: None });
        }
        let id = crate::ids::edge_id(self.board, &replaced.iter().map(|e| e.to_string()).collect::<Vec<_>>());
        commands.push(Command::AddEdges { edges: vec![Edge::new(id, from.clone(), to.clone())], at: Vec::new() });
        Ok(Command::batch("connect", commands))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use floe_engine::Catalog;

    fn board() -> Board {
        Board::from_value(serde_json::json!({
            "format_version": 1,
            "nodes": [
                {"id": "a", "kind": "math.add", "inputs": {"a": 1, "b": 2}},
                {"id": "b", "kind": "math.add", "inputs": {"b": 5}},
                {"id": "t", "kind": "text.upper"},
                {"id": "s", "kind": "event.manual_start"},
                {"id": "log", "kind": "output.debug_log"}
            ],
            "edges": [{"id": "e1", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "a"}}]
        }))
        .unwrap()
    }

    fn layouts(board: &Board) -> HashMap<NodeId, NodeLayout> {
        crate::geometry::layouts(board, &Catalog::builtin())
    }

    #[test]
    fn types_cycles_and_replacement() {
        let b = board();
        let l = layouts(&b);
        let get = |id: &NodeId| l.get(id);
        let w = Wiring::new(&b, &get);
        let pin = |n: &str, p: &str| PinRef::new(n, p);
        // A number into a String input needs a conversion node.
        let e = w.check(&pin("a", "result"), &pin("t", "text")).unwrap_err();
        assert_eq!(e.to_string(), "a.result takes Integer or Float, not String");
        let e = w.check(&pin("t", "text"), &pin("b", "b")).unwrap_err();
        assert_eq!(e.to_string(), "b.b takes Integer or Float, not String");
        // b → a would close a loop with a → b.
        assert_eq!(
            w.check(&pin("b", "result"), &pin("a", "a")).unwrap_err().to_string(),
            "this wire would make a cycle: `b` already depends on `a`"
        );
        assert_eq!(w.check(&pin("a", "result"), &pin("a", "b")).unwrap_err(), Refusal::SameNode);
        assert_eq!(w.check(&pin("a", "result"), &pin("b", "a")).unwrap_err(), Refusal::Exists);
        // A second wire into b.b replaces nothing; into b.a it replaces e1.
        assert_eq!(w.check(&pin("a", "result"), &pin("b", "b")), Ok(vec![]));
        assert!(w.check(&pin("s", "then"), &pin("log", "exec")).is_ok(), "execution wires");
        assert!(matches!(w.check(&pin("s", "then"), &pin("b", "a")), Err(Refusal::Types(_))));
        assert!(matches!(w.check(&pin("a", "nope"), &pin("b", "a")), Err(Refusal::NoSuchPin { .. })));
        assert!(w.accepts(&pin("a", "result"), true, &"b".into(), "b"));
        assert!(!w.accepts(&pin("t", "text"), false, &"a".into(), "result"));
    }

    #[test]
    fn connecting_is_one_step_that_clears_the_constant() {
        let mut b = board();
        let l = layouts(&b);
        let get = |id: &NodeId| l.get(id);
        let cmd = Wiring::new(&b, &get).connect(&PinRef::new("a", "result"), &PinRef::new("b", "b")).unwrap();
        let Command::Batch { commands, .. } = &cmd else { panic!("{cmd:?}") };
        assert!(matches!(commands[0], Command::SetInput { value: None, .. }));
        let before = b.clone();
        let (inverse, _) = cmd.apply(&mut b).unwrap();
        assert!(!b.nodes[1].inputs.contains_key(&floe_engine::PinId::from("b")));
        assert_eq!(b.edges.len(), 2);
        inverse.apply(&mut b).unwrap();
        assert_eq!(b, before);
    }
}

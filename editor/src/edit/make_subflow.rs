//! Make subflow: the selected nodes move into a new definition and one
//! instance takes their place, wired as they were — one undo step.
//!
//! Wires crossing the selection's edge become interface pins named after
//! the pin they came from, typed as that pin resolved: a data source
//! feeding several nodes inside is one input; a data output read outside
//! is one output. Each crossing execution wire is a pin of its own, so the
//! order in which execution visits its targets stays what it was (an
//! instance runs exactly as its nodes did).

use std::collections::{HashMap, HashSet};

use floe_engine::board::{INPUTS_KIND, OUTPUTS_KIND, PARAMETER_KIND};
use floe_engine::catalog::{ERROR_PIN, ON_ERROR_PIN};
use floe_engine::flatten::PASS_KIND;
use floe_engine::{
    Board, Catalog, DataType, Edge, EdgeId, InterfacePin, Node, NodeId, PinRef, PinType, Position, Role, Subflow,
    pin_types,
};

use super::{Edit, EditRefusal};
use crate::command::Command;
use crate::selection::Item;

/// How far the boundary nodes sit from the nodes inside.
const MARGIN: f64 = 260.0;

/// The edit that wraps `selected` (in board order) into a new subflow `name`.
pub fn make_subflow(board: &Board, selected: &[NodeId], catalog: &Catalog, name: &str) -> Result<Edit, EditRefusal> {
    let inside: HashSet<&NodeId> = selected.iter().collect();
    let nodes: Vec<&Node> = board.nodes.iter().filter(|n| inside.contains(&n.id)).collect();
    if nodes.is_empty() {
        return Err(EditRefusal::NothingToWrap);
    }
    for n in &nodes {
        let why = match n.kind.as_str() {
            k if floe_engine::board::VARIABLE_KINDS.contains(&k) => {
                Some("reads or writes a board variable (a subflow has variables of its own)")
            }
            INPUTS_KIND | OUTPUTS_KIND | PARAMETER_KIND | PASS_KIND => Some("is part of a subflow's interface"),
            k if catalog.get(k).is_some_and(|kind| kind.role() == Role::Event) => {
                Some("is an event (a subflow runs when its instance does)")
            }
            _ => None,
        };
        if let Some(why) = why {
            return Err(EditRefusal::CannotWrap(format!("node `{}` {why}", n.id)));
        }
    }
    let types = pin_types(board, catalog);
    let type_of = |r: &PinRef, input: bool| -> PinType {
        types.get(&r.node, &r.pin, input).unwrap_or(PinType::normal(DataType::Generic))
    };

    let id = crate::ids::suffixed("subflow", |s| board.subflow(s).is_some());
    let taken_ids: HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let inputs_id = NodeId::from(crate::ids::suffixed("inputs", |s| taken_ids.contains(s)));
    let outputs_id = NodeId::from(crate::ids::suffixed("outputs", |s| taken_ids.contains(s)));
    let instance = NodeId::from(crate::ids::node_id(board, &id, &[]));

    let mut in_pins: Vec<InterfacePin> = Vec::new();
    let mut out_pins: Vec<InterfacePin> = Vec::new();
    let mut in_of: HashMap<&PinRef, String> = HashMap::new();
    let mut out_of: HashMap<&PinRef, String> = HashMap::new();
    let edge_ids: HashSet<&str> = board.edges.iter().map(|e| e.id.as_str()).collect();
    let mut fresh_edges: Vec<String> = Vec::new();
    let new_edge_id = |fresh_edges: &mut Vec<String>| {
        let id = crate::ids::suffixed("e", |s| edge_ids.contains(s) || fresh_edges.iter().any(|f| f == s));
        fresh_edges.push(id.clone());
        EdgeId::from(id)
    };
    let mut inner_edges: Vec<Edge> = Vec::new();
    // The board's wires after the step, in order (kept ones and new ones);
    // `true` marks the new ones.
    let mut after: Vec<(Edge, bool)> = Vec::new();
    for e in &board.edges {
        let (from_in, to_in) = (inside.contains(&e.from.node), inside.contains(&e.to.node));
        match (from_in, to_in) {
            (false, false) => after.push((e.clone(), false)),
            (true, true) => inner_edges.push(e.clone()),
            (false, true) => {
                let ty = type_of(&e.from, false);
                let exec = ty.data == DataType::Execution;
                let pin = match in_of.get(&e.from) {
                    Some(pin) if !exec => pin.clone(),
                    _ => {
                        let pin = unique(&in_pins, e.from.pin.as_str());
                        in_pins.push(interface_pin(&pin, ty));
                        if !exec {
                            in_of.insert(&e.from, pin.clone());
                        }
                        let outer = Edge::new(
                            new_edge_id(&mut fresh_edges),
                            e.from.clone(),
                            PinRef::new(instance.clone(), pin.as_str()),
                        );
                        after.push((outer, true));
                        pin
                    }
                };
                inner_edges.push(Edge::new(e.id.clone(), PinRef::new(inputs_id.clone(), pin.as_str()), e.to.clone()));
            }
            (true, false) => {
                let ty = match e.from.pin.as_str() {
                    ERROR_PIN => PinType::normal(DataType::Struct),
                    ON_ERROR_PIN => PinType::EXEC,
                    _ => type_of(&e.from, false),
                };
                let exec = ty.data == DataType::Execution;
                let pin = match out_of.get(&e.from) {
                    Some(pin) if !exec => pin.clone(),
                    _ => {
                        let base = match e.from.pin.as_str() {
                            p @ (ERROR_PIN | ON_ERROR_PIN) => format!("{}_{p}", e.from.node),
                            p => p.to_owned(),
                        };
                        let pin = unique(&out_pins, &base);
                        out_pins.push(interface_pin(&pin, ty));
                        if !exec {
                            out_of.insert(&e.from, pin.clone());
                        }
                        let id = new_edge_id(&mut fresh_edges);
                        inner_edges.push(Edge::new(id, e.from.clone(), PinRef::new(outputs_id.clone(), pin.as_str())));
                        pin
                    }
                };
                after.push((Edge::new(e.id.clone(), PinRef::new(instance.clone(), pin.as_str()), e.to.clone()), true));
            }
        }
    }

    // Boundary nodes left and right of what they frame.
    let (min_x, max_x, mid_y) = {
        let xs = nodes.iter().map(|n| n.position.x);
        let min_x = xs.clone().fold(f64::INFINITY, f64::min);
        let max_x = xs.fold(f64::NEG_INFINITY, f64::max);
        let mid_y = nodes.iter().map(|n| n.position.y).sum::<f64>() / nodes.len() as f64;
        (min_x, max_x, mid_y)
    };
    let pins_config = |pins: &[InterfacePin]| serde_json::to_value(pins).expect("pins serialise");
    let mut inner: Vec<Node> = Vec::with_capacity(nodes.len() + 2);
    inner.push(Node::new(inputs_id, INPUTS_KIND).at(min_x - MARGIN, mid_y).with_config("pins", pins_config(&in_pins)));
    inner.extend(nodes.iter().map(|n| (*n).clone()));
    inner.push(
        Node::new(outputs_id, OUTPUTS_KIND).at(max_x + MARGIN, mid_y).with_config("pins", pins_config(&out_pins)),
    );
    let first = nodes.iter().map(|n| n.position).reduce(|a, b| Position { x: a.x.min(b.x), y: a.y.min(b.y) });
    let subflow = Subflow {
        id: id.clone(),
        name: if name.trim().is_empty() { "Subflow".into() } else { name.trim().to_owned() },
        nodes: inner,
        edges: inner_edges,
        ..Subflow::default()
    };
    let mut node = Node::new(instance.clone(), subflow.kind_name());
    node.position = first.unwrap_or_default();

    let (new_edges, at): (Vec<Edge>, Vec<usize>) =
        after.into_iter().enumerate().filter(|(_, (_, new))| *new).map(|(i, (e, _))| (e, i)).unzip();
    let command = Command::batch(
        "make subflow",
        vec![
            Command::SetSubflow { subflow: Box::new(subflow), at: None },
            Command::RemoveNodes { ids: nodes.iter().map(|n| n.id.clone()).collect() },
            Command::AddNodes { nodes: vec![node], at: vec![] },
            Command::AddEdges { edges: new_edges, at },
        ],
    );
    Ok(Edit { command, select: vec![Item::Node(instance)] })
}

fn interface_pin(name: &str, ty: PinType) -> InterfacePin {
    InterfacePin { name: name.to_owned(), label: String::new(), data_type: ty.data, value_type: ty.value }
}

/// `base`, or `base_2`, `base_3`, ... whichever no pin of `pins` has.
fn unique(pins: &[InterfacePin], base: &str) -> String {
    let base = if matches!(base, ERROR_PIN | ON_ERROR_PIN) { format!("{base}_out") } else { base.to_owned() };
    crate::ids::suffixed(&base, |s| pins.iter().any(|p| p.name == s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    /// `k` (constant) → `a` (add 1) → `b` (multiply by itself) → `out`.
    fn board() -> Board {
        Board::from_value(serde_json::json!({"format_version": 2, "nodes": [
            {"id": "k", "kind": "value.constant", "config": {"value": 3}, "position": {"x": 0, "y": 0}},
            {"id": "a", "kind": "math.add", "inputs": {"b": 1}, "position": {"x": 200, "y": 0}},
            {"id": "b", "kind": "math.multiply", "position": {"x": 400, "y": 0}},
            {"id": "out", "kind": "event.board_output", "position": {"x": 600, "y": 0}}
        ], "edges": [
            {"id": "e1", "from": {"node": "k", "pin": "value"}, "to": {"node": "a", "pin": "a"}},
            {"id": "e2", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "a"}},
            {"id": "e3", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "b"}},
            {"id": "e4", "from": {"node": "b", "pin": "result"}, "to": {"node": "out", "pin": "value"}}
        ]}))
        .unwrap()
    }

    #[test]
    fn the_selection_becomes_one_instance_wired_as_before() {
        let board = board();
        let catalog = Catalog::builtin();
        let edit = make_subflow(&board, &["a".into(), "b".into()], &catalog, "Square after").unwrap();
        let mut doc = Document::new(board.clone());
        doc.apply(edit.command).unwrap();
        let b = doc.board();
        let s = &b.subflows[0];
        assert_eq!((s.id.as_str(), s.name.as_str()), ("subflow", "Square after"));
        let iface = s.interface();
        let pins = |p: &[InterfacePin]| p.iter().map(|p| format!("{}: {}", p.name, p.ty())).collect::<Vec<_>>();
        assert_eq!(pins(&iface.inputs), ["value: Integer"]);
        assert_eq!(pins(&iface.outputs), ["result: Integer"]);
        let ids: Vec<&str> = b.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["k", "out", "subflow"]);
        assert_eq!(edit.select, [Item::Node("subflow".into())]);
        assert!(floe_engine::validate(b, &catalog).is_empty(), "{}", floe_engine::validate(b, &catalog));
        assert_eq!(doc.history().undo_label(), Some("make subflow"));
        doc.undo();
        assert_eq!(*doc.board(), board, "one undo puts everything back");
    }

    #[test]
    fn events_and_variables_stay_on_the_board() {
        let mut board = board();
        board.nodes.push(Node::new("s", "event.manual_start"));
        board.nodes.push(Node::new("v", "var.get"));
        let catalog = Catalog::builtin();
        let e = make_subflow(&board, &["a".into(), "s".into()], &catalog, "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot make a subflow: node `s` is an event (a subflow runs when its instance does)"
        );
        let e = make_subflow(&board, &["v".into()], &catalog, "x").unwrap_err();
        assert!(e.to_string().contains("board variable"), "{e}");
        assert_eq!(make_subflow(&board, &[], &catalog, "x").unwrap_err(), EditRefusal::NothingToWrap);
    }

    #[test]
    fn an_error_pin_wired_outside_becomes_an_output_named_after_its_node() {
        let mut board = board();
        board.nodes.push(Node::new("g", "data.get_path").with_input("path", "code".into()));
        board.edges.push(Edge::new("e5", PinRef::new("a", "error"), PinRef::new("g", "value")));
        let edit = make_subflow(&board, &["a".into()], &Catalog::builtin(), "x").unwrap();
        let mut doc = Document::new(board);
        doc.apply(edit.command).unwrap();
        let names: Vec<String> = doc.board().subflows[0].interface().outputs.iter().map(|p| p.name.clone()).collect();
        assert_eq!(names, ["result", "a_error"]);
    }
}

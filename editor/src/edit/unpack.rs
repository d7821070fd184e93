//! Unpack: one instance is replaced by the nodes of its subflow, wired as
//! the instance was — one undo step; the definition stays (other instances,
//! the palette). Make subflow's inverse: the board runs the same.

use std::collections::{HashMap, HashSet};

use floe_engine::board::{INPUTS_KIND, OUTPUTS_KIND, PARAMETER_KIND, subflow_of};
use floe_engine::catalog::{ERROR_PIN, ON_ERROR_PIN};
use floe_engine::{Board, Edge, EdgeId, NodeId, PinRef, Position, Variable};

use super::{Edit, EditRefusal};
use crate::command::Command;
use crate::selection::Item;

/// The edit that replaces instance `node` by its subflow's nodes.
pub fn unpack(board: &Board, node: &NodeId) -> Result<Edit, EditRefusal> {
    let inst = board.node(node).ok_or(EditRefusal::NotAnInstance)?;
    let def = subflow_of(&inst.kind).and_then(|id| board.subflow(id)).ok_or(EditRefusal::NotAnInstance)?;
    if def.locked && board.exercise.as_ref().is_some_and(|e| e.locked) {
        return Err(EditRefusal::CannotUnpack("it is the teacher's, to use as it is".into()));
    }
    if board.edges.iter().any(|e| e.from.node == *node && matches!(e.from.pin.as_str(), ERROR_PIN | ON_ERROR_PIN)) {
        return Err(EditRefusal::CannotUnpack(
            "its error pins are wired: inline, each node has its own; unwire them first".into(),
        ));
    }
    let inputs = def.nodes.iter().find(|m| m.kind == INPUTS_KIND).map(|m| &m.id);
    let outputs = def.nodes.iter().find(|m| m.kind == OUTPUTS_KIND).map(|m| &m.id);

    // Variables of the subflow become board variables (renamed on a clash).
    let mut variables = board.variables.clone();
    let mut renamed: HashMap<&str, String> = HashMap::new();
    for v in &def.variables {
        let name = crate::ids::suffixed(&v.name, |s| variables.iter().any(|w| w.name == s));
        renamed.insert(&v.name, name.clone());
        variables.push(Variable { name, ..v.clone() });
    }

    // Inner nodes under ids the board does not use, placed where the instance was.
    let mut taken: Vec<String> = Vec::new();
    let mut id_of: HashMap<&NodeId, NodeId> = HashMap::new();
    let left = def.nodes.iter().filter(|m| Some(&m.id) != inputs && Some(&m.id) != outputs);
    let origin = left.clone().map(|m| m.position).reduce(|a, b| Position { x: a.x.min(b.x), y: a.y.min(b.y) });
    let origin = origin.unwrap_or_default();
    let mut nodes = Vec::new();
    for m in left {
        let free = board.node(&m.id).is_none() && !taken.iter().any(|t| t == m.id.as_str());
        let id = if free {
            m.id.as_str().to_owned()
        } else {
            crate::ids::node_id(board, &crate::ids::base_for_kind(&m.kind), &taken)
        };
        taken.push(id.clone());
        id_of.insert(&m.id, NodeId::from(id.as_str()));
        let mut n = m.clone();
        n.id = id.into();
        n.position =
            Position { x: inst.position.x + m.position.x - origin.x, y: inst.position.y + m.position.y - origin.y };
        if m.kind == PARAMETER_KIND {
            let p = floe_engine::board::Parameter::of(m);
            let value = inst.config.get(&p.name).cloned().unwrap_or(p.default);
            let mut config = serde_json::Map::new();
            config.insert("value".into(), value);
            config.insert("data_type".into(), p.ty.data.name().into());
            config.insert("value_type".into(), p.ty.value.name().into());
            n.kind = "value.constant".into();
            n.config = config;
        } else if let Some(serde_json::Value::String(name)) = n.config.get_mut("name")
            && ["var.get", "var.set"].contains(&m.kind.as_str())
            && let Some(new) = renamed.get(name.as_str())
        {
            *name = new.clone();
        }
        nodes.push(n);
    }

    // Wire ids: those of the wires that stay (the instance's go with it),
    // then fresh ones as needed.
    let used: HashSet<&str> =
        board.edges.iter().filter(|e| e.from.node != *node && e.to.node != *node).map(|e| e.id.as_str()).collect();
    let mut fresh_edges: Vec<String> = Vec::new();
    let edge_id = |want: &EdgeId, fresh_edges: &mut Vec<String>| -> EdgeId {
        let clash = |s: &str| used.contains(s) || fresh_edges.iter().any(|f| f == s);
        let id = if clash(want.as_str()) { crate::ids::suffixed("e", clash) } else { want.as_str().to_owned() };
        fresh_edges.push(id.clone());
        EdgeId::from(id)
    };
    // Where an interface input leads inside, and what feeds an output inside (in wire order).
    let inner_end = |r: &PinRef| id_of.get(&r.node).map(|id| PinRef { node: id.clone(), pin: r.pin.clone() });
    let targets_of = |pin: &str| -> Vec<&Edge> {
        def.edges.iter().filter(|e| Some(&e.from.node) == inputs && e.from.pin.as_str() == pin).collect()
    };
    let outer_out: Vec<&Edge> = board.edges.iter().filter(|e| e.from.node == *node).collect();

    let mut after: Vec<(Edge, bool)> = Vec::new();
    let mut set_inputs: Vec<(PinRef, serde_json::Value)> = Vec::new();
    for e in &board.edges {
        if e.to.node == *node {
            // S → instance.X becomes S → each node X leads to inside (through
            // the subflow straight to its outputs: to what those lead to).
            for inner in targets_of(e.to.pin.as_str()) {
                if Some(&inner.to.node) == outputs {
                    for out in outer_out.iter().filter(|o| o.from.pin == inner.to.pin) {
                        after.push((
                            Edge::new(edge_id(&out.id, &mut fresh_edges), e.from.clone(), out.to.clone()),
                            true,
                        ));
                    }
                } else if let Some(to) = inner_end(&inner.to) {
                    after.push((Edge::new(edge_id(&inner.id, &mut fresh_edges), e.from.clone(), to), true));
                }
            }
        } else if e.from.node != *node {
            after.push((e.clone(), false));
        }
    }
    // The inside's own wires, with those to the outputs leading on outside.
    for e in &def.edges {
        if Some(&e.from.node) == inputs {
            continue;
        }
        let Some(from) = inner_end(&e.from) else { continue };
        if Some(&e.to.node) == outputs {
            for out in outer_out.iter().filter(|o| o.from.pin == e.to.pin) {
                after.push((Edge::new(edge_id(&out.id, &mut fresh_edges), from.clone(), out.to.clone()), true));
            }
        } else if let Some(to) = inner_end(&e.to) {
            after.push((Edge::new(edge_id(&e.id, &mut fresh_edges), from, to), true));
        }
    }
    // An instance's inline value reaches the nodes its input leads to.
    for (pin, value) in &inst.inputs {
        if board.edges.iter().any(|e| e.to.node == *node && e.to.pin == *pin) {
            continue;
        }
        for inner in targets_of(pin.as_str()) {
            if let Some(to) = inner_end(&inner.to) {
                set_inputs.push((to, value.clone()));
            }
        }
    }
    for (to, value) in set_inputs {
        if let Some(n) = nodes.iter_mut().find(|n| n.id == to.node) {
            n.inputs.insert(to.pin, value);
        }
    }

    let (new_edges, at): (Vec<Edge>, Vec<usize>) =
        after.into_iter().enumerate().filter(|(_, (_, new))| *new).map(|(i, (e, _))| (e, i)).unzip();
    let select = nodes.iter().map(|n| Item::Node(n.id.clone())).collect();
    let mut commands = vec![
        Command::RemoveNodes { ids: vec![node.clone()] },
        Command::AddNodes { nodes, at: vec![] },
        Command::AddEdges { edges: new_edges, at },
    ];
    if !def.variables.is_empty() {
        commands.push(Command::SetVariables { variables });
    }
    Ok(Edit { command: Command::batch("unpack subflow", commands), select })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::edit::make_subflow;
    use floe_engine::{Catalog, Node};

    #[test]
    fn make_then_unpack_gives_the_nodes_back() {
        let board = Board::from_value(serde_json::json!({"format_version": 2, "nodes": [
            {"id": "k", "kind": "value.constant", "config": {"value": 3}},
            {"id": "a", "kind": "math.add", "inputs": {"b": 1}, "position": {"x": 200, "y": 0}},
            {"id": "b", "kind": "math.multiply", "position": {"x": 400, "y": 0}},
            {"id": "out", "kind": "event.board_output"}
        ], "edges": [
            {"id": "e1", "from": {"node": "k", "pin": "value"}, "to": {"node": "a", "pin": "a"}},
            {"id": "e2", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "a"}},
            {"id": "e3", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "b"}},
            {"id": "e4", "from": {"node": "b", "pin": "result"}, "to": {"node": "out", "pin": "value"}}
        ]}))
        .unwrap();
        let catalog = Catalog::builtin();
        let mut doc = Document::new(board.clone());
        doc.apply(make_subflow(&board, &["a".into(), "b".into()], &catalog, "S").unwrap().command).unwrap();
        let wrapped = doc.board().clone();
        let edit = unpack(&wrapped, &"subflow".into()).unwrap();
        doc.apply(edit.command).unwrap();
        let b = doc.board();
        let mut ids: Vec<&str> = b.nodes.iter().map(|n| n.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["a", "b", "k", "out"]);
        let mut wires: Vec<String> = b.edges.iter().map(|e| format!("{} {} -> {}", e.id, e.from, e.to)).collect();
        wires.sort();
        assert_eq!(
            wires,
            ["e1 k.value -> a.a", "e2 a.result -> b.a", "e3 a.result -> b.b", "e4 b.result -> out.value"]
        );
        assert_eq!(
            b.node(&"a".into()).unwrap().position,
            Position { x: 200.0, y: 0.0 },
            "placed where the instance was"
        );
        assert_eq!(b.subflows.len(), 1, "the definition stays");
        assert_eq!(unpack(b, &"a".into()).unwrap_err(), EditRefusal::NotAnInstance);
    }

    /// Found in the browser: after a subflow was made, a new wire on the
    /// board took an id its inside also has; unpacking refused with "there
    /// is already a wire `e2`".
    #[test]
    fn wire_ids_inside_that_the_board_reuses_are_renamed() {
        let mut board = Board::default();
        board.nodes.push(Node::new("k", "value.constant"));
        board.nodes.push(Node::new("a", "math.add"));
        board.nodes.push(Node::new("out", "event.board_output"));
        board.nodes.push(Node::new("out2", "event.board_output"));
        board.edges.push(Edge::new("e1", PinRef::new("k", "value"), PinRef::new("a", "a")));
        board.edges.push(Edge::new("e2", PinRef::new("a", "result"), PinRef::new("out", "value")));
        let catalog = Catalog::builtin();
        let mut doc = Document::new(board.clone());
        doc.apply(make_subflow(&board, &["k".into(), "a".into()], &catalog, "S").unwrap().command).unwrap();
        let wrapped_ids: Vec<String> = doc.board().subflows[0].edges.iter().map(|e| e.id.to_string()).collect();
        assert!(wrapped_ids.contains(&"e1".to_owned()), "{wrapped_ids:?}");
        // A new wire on the board takes the id `e1`, which the inside has too.
        doc.apply(Command::AddNodes { nodes: vec![Node::new("k2", "value.constant")], at: vec![] }).unwrap();
        doc.apply(Command::AddEdges {
            edges: vec![Edge::new("e1", PinRef::new("k2", "value"), PinRef::new("out2", "value"))],
            at: vec![],
        })
        .unwrap();
        let edit = unpack(doc.board(), &"subflow".into()).unwrap();
        doc.apply(edit.command).unwrap();
        let mut ids: Vec<&str> = doc.board().edges.iter().map(|e| e.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), doc.board().edges.len(), "every wire id is distinct");
        assert_eq!(doc.board().edges.len(), 3);
    }
}

//! Add a node of a kind at a point (palette click or drop, quick-add), wired
//! to a dragged wire when quick-add was opened by dropping one.

use floe_engine::{Board, Catalog, Edge, Node, PinRef};

use super::{Edit, EditRefusal};
use crate::command::Command;
use crate::geometry::{Point, snap};
use crate::gesture::WireDrag;
use crate::ids;
use crate::search;
use crate::selection::Item;

/// A spot near `at` that no node starts at (nodes added one after another cascade).
pub fn free_spot(board: &Board, at: Point) -> Point {
    let mut p = Point { x: snap(at.x, 10.0), y: snap(at.y, 10.0) };
    while board.nodes.iter().any(|n| (n.position.x - p.x).abs() < 20.0 && (n.position.y - p.y).abs() < 20.0) {
        p.x += 30.0;
        p.y += 30.0;
    }
    p
}

/// Adds a node of `kind` at `at` (snapped to the grid), wired to `wire` when
/// given (replacing the constant the wire makes useless); one step, and the
/// new node is selected.
pub fn add_node(
    board: &Board,
    catalog: &Catalog,
    kind: &str,
    at: Point,
    wire: Option<&WireDrag>,
) -> Result<Edit, EditRefusal> {
    let def = catalog.get(kind).map(|k| k.def()).ok_or_else(|| EditRefusal::UnknownKind(kind.to_owned()))?;
    let id = ids::node_id(board, &ids::base_for_kind(kind), &[]);
    let node = Node::new(id.clone(), kind).at(snap(at.x, 10.0), snap(at.y, 10.0));
    let mut commands = vec![Command::AddNodes { nodes: vec![node], at: vec![] }];
    if let Some(end) = wire {
        let pin = search::fitting_pin(def, end.filter())
            .ok_or_else(|| EditRefusal::NoFittingPin(def.friendly_name.clone()))?;
        let new_pin = PinRef::new(id.clone(), pin);
        let (from, to) = if end.from_output { (end.pin.clone(), new_pin) } else { (new_pin, end.pin.clone()) };
        if board.node(&to.node).is_some_and(|n| n.inputs.contains_key(&to.pin)) {
            commands.push(Command::SetInput { node: to.node.clone(), pin: to.pin.clone(), value: None });
        }
        let edge_id = ids::edge_id(board, &[]);
        commands.push(Command::AddEdges { edges: vec![Edge::new(edge_id, from, to)], at: vec![] });
    }
    Ok(Edit {
        command: Command::batch(format!("add {}", def.friendly_name), commands),
        select: vec![Item::Node(id.into())],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use floe_engine::{DataType, PinType, Position};

    #[test]
    fn nodes_added_one_after_another_cascade() {
        let mut board = Board::default();
        let at = Point { x: 101.0, y: 99.0 };
        assert_eq!(free_spot(&board, at), Point { x: 100.0, y: 100.0 });
        board.nodes.push(Node::new("a", "math.add").at(100.0, 100.0));
        assert_eq!(free_spot(&board, at), Point { x: 130.0, y: 130.0 });
    }

    #[test]
    fn a_node_added_from_a_dropped_wire_takes_it() {
        let board = Board::from_value(serde_json::json!({"format_version": 1,
            "nodes": [{"id": "t", "kind": "text.upper", "inputs": {"text": "x"}}]}))
        .unwrap();
        let catalog = Catalog::builtin();
        // Dragged from `t`'s text input: the new node must give a String.
        let wire = WireDrag {
            pin: PinRef::new("t", "text"),
            from_output: false,
            ty: PinType::normal(DataType::String),
            detached: None,
        };
        let edit = add_node(&board, &catalog, "text.lower", Point { x: 13.0, y: 27.0 }, Some(&wire)).unwrap();
        assert_eq!(edit.select, [Item::Node("lower".into())]);
        let mut doc = Document::new(board.clone());
        doc.apply(edit.command).unwrap();
        let b = doc.board();
        assert_eq!(b.node(&"lower".into()).unwrap().position, Position { x: 10.0, y: 30.0 });
        assert_eq!((b.edges[0].from.node.as_str(), b.edges[0].to.pin.as_str()), ("lower", "text"));
        assert!(b.node(&"t".into()).unwrap().inputs.is_empty(), "the constant the wire replaces is cleared");
        assert_eq!(doc.history().undo_label(), Some("add Lower case"));

        assert_eq!(
            add_node(&board, &catalog, "math.nope", Point::default(), None),
            Err(EditRefusal::UnknownKind("math.nope".into()))
        );
        let e = add_node(&board, &catalog, "logic.not", Point::default(), Some(&wire)).unwrap_err();
        assert!(matches!(e, EditRefusal::NoFittingPin(_)), "{e}");
    }
}

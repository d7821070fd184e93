//! A subflow's interface pins, edited on its inputs or outputs node: add a
//! pin, remove one, change its type, rename it — the wires at a renamed pin
//! follow it (one undo step).

use floe_engine::board::{INPUTS_KIND, OUTPUTS_KIND};
use floe_engine::{Board, Edge, InterfacePin, NodeId, PinId};

use super::EditRefusal;
use crate::command::Command;

/// The command that sets the pins of boundary node `node` to `pins`; when
/// `renamed` is `(old, new)`, the wires at pin `old` move to `new`.
pub fn set_pins(
    board: &Board,
    node: &NodeId,
    pins: &[InterfacePin],
    renamed: Option<(&str, &str)>,
) -> Result<Command, EditRefusal> {
    let n = board.node(node).ok_or_else(|| EditRefusal::BadPins(format!("there is no node `{node}`")))?;
    if n.kind != INPUTS_KIND && n.kind != OUTPUTS_KIND {
        return Err(EditRefusal::BadPins("only a subflow's inputs or outputs node has pins to edit".into()));
    }
    let value = serde_json::to_value(pins).expect("pins serialise");
    // The same checks the node kind makes (unique, named, not `error`).
    InterfacePin::list_from(&value).map_err(EditRefusal::BadPins)?;
    let mut commands = vec![Command::SetConfig { node: node.clone(), key: "pins".into(), value: Some(value) }];
    if let Some((old, new)) = renamed.filter(|(old, new)| old != new) {
        // Inputs are the node's outputs inside, and outputs its inputs.
        let at_pin = |e: &&Edge| match n.kind.as_str() {
            INPUTS_KIND => e.from.node == *node && e.from.pin.as_str() == old,
            _ => e.to.node == *node && e.to.pin.as_str() == old,
        };
        let moved: Vec<Edge> = board
            .edges
            .iter()
            .filter(at_pin)
            .map(|e| {
                let mut e = e.clone();
                let end = if n.kind == INPUTS_KIND { &mut e.from } else { &mut e.to };
                end.pin = PinId::from(new);
                e
            })
            .collect();
        if !moved.is_empty() {
            commands.push(Command::RemoveEdges { ids: moved.iter().map(|e| e.id.clone()).collect() });
            commands.push(Command::AddEdges { edges: moved, at: vec![] });
        }
    }
    Ok(Command::batch("edit subflow pins", commands))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use floe_engine::{DataType, Node, PinRef, ValueType};

    fn pin(name: &str, data_type: DataType) -> InterfacePin {
        InterfacePin { name: name.into(), label: String::new(), data_type, value_type: ValueType::Normal }
    }

    #[test]
    fn a_renamed_pin_keeps_its_wires_and_bad_lists_are_refused() {
        let mut board = Board::default();
        board.nodes.push(
            Node::new("in", INPUTS_KIND).with_config("pins", serde_json::json!([{"name": "x", "data_type": "Float"}])),
        );
        board.nodes.push(Node::new("a", "math.add"));
        board.edges.push(Edge::new("e", PinRef::new("in", "x"), PinRef::new("a", "a")));
        let mut doc = Document::new(board.clone());
        let cmd = set_pins(&board, &"in".into(), &[pin("celsius", DataType::Float)], Some(("x", "celsius"))).unwrap();
        doc.apply(cmd).unwrap();
        let b = doc.board();
        assert_eq!(b.edges[0].from.pin.as_str(), "celsius");
        assert_eq!(b.edges[0].id.as_str(), "e");
        doc.undo();
        assert_eq!(doc.board(), &board, "one step");
        let two = [pin("x", DataType::Float), pin("x", DataType::Integer)];
        let e = set_pins(&board, &"in".into(), &two, None).unwrap_err();
        assert_eq!(e.to_string(), "cannot set these pins: two pins are called `x`");
        let e = set_pins(&board, &"a".into(), &[], None).unwrap_err();
        assert!(e.to_string().contains("only a subflow's inputs or outputs node"), "{e}");
    }
}

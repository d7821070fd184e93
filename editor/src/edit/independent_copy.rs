//! Make independent copy: one instance gets a definition of its own (a copy
//! of its subflow), so editing it no longer changes the other instances.

use floe_engine::board::subflow_of;
use floe_engine::{Board, NodeId, Subflow};

use super::{Edit, EditRefusal};
use crate::command::Command;
use crate::selection::Item;

/// The edit that points instance `node` at a new copy of its subflow.
pub fn independent_copy(board: &Board, node: &NodeId) -> Result<Edit, EditRefusal> {
    let inst = board.node(node).ok_or(EditRefusal::NotAnInstance)?;
    let def = subflow_of(&inst.kind).and_then(|id| board.subflow(id)).ok_or(EditRefusal::NotAnInstance)?;
    let id = (2u64..)
        .map(|i| format!("{}_{i}", def.id))
        .find(|id| board.subflow(id).is_none())
        .expect("some number is free");
    let names: Vec<&str> = board.subflows.iter().map(|s| s.name.as_str()).collect();
    let name = crate::ids::distinct_name(&def.name, names);
    let copy = Subflow { id, name, locked: false, ..def.clone() };
    let kind = copy.kind_name();
    let command = Command::batch(
        "make independent copy",
        vec![Command::SetSubflow { subflow: Box::new(copy), at: None }, Command::SetKind { node: node.clone(), kind }],
    );
    Ok(Edit { command, select: vec![Item::Node(node.clone())] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use floe_engine::Node;

    #[test]
    fn the_copy_is_a_definition_of_its_own() {
        let mut board = Board::default();
        board.subflows.push(Subflow { id: "s".into(), name: "Scale".into(), ..Subflow::default() });
        board.nodes.push(Node::new("a", "subflow:s"));
        board.nodes.push(Node::new("b", "subflow:s"));
        let mut doc = Document::new(board.clone());
        doc.apply(independent_copy(&board, &"b".into()).unwrap().command).unwrap();
        let b = doc.board();
        assert_eq!(b.subflows[1].id, "s_2");
        assert_eq!(b.subflows[1].name, "Scale (2)");
        assert_eq!(b.node(&"a".into()).unwrap().kind, "subflow:s");
        assert_eq!(b.node(&"b".into()).unwrap().kind, "subflow:s_2");
        doc.undo();
        assert_eq!(*doc.board(), board);
    }
}

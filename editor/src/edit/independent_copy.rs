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
    if def.locked && board.exercise.as_ref().is_some_and(|e| e.locked) {
        return Err(EditRefusal::CannotUnpack("it is the teacher's, to use as it is".into()));
    }
    let id = crate::ids::suffixed(&def.id, |id| board.subflow(id).is_some());
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

    /// In a students' copy, a subflow the teacher locked is a black box:
    /// no copy (it would show the inside), no unpacking, no edit inside.
    #[test]
    fn a_locked_subflow_in_a_students_copy_stays_as_it_is() {
        let mut board = Board::default();
        board.subflows.push(Subflow { id: "s".into(), name: "Scale".into(), locked: true, ..Subflow::default() });
        board.nodes.push(Node::new("a", "subflow:s"));
        board.exercise = Some(floe_engine::exercise::Exercise { locked: true, ..Default::default() });
        assert!(independent_copy(&board, &"a".into()).unwrap_err().to_string().contains("teacher's"));
        assert!(crate::edit::unpack(&board, &"a".into()).unwrap_err().to_string().contains("teacher's"));
        let add = Command::AddNodes { nodes: vec![Node::new("x", "math.add")], at: vec![] };
        let err = Command::InSubflow { subflow: "s".into(), command: Box::new(add) }.apply(&mut board).unwrap_err();
        assert_eq!(err.to_string(), "change subflow `Scale`: it is the teacher's, to use as it is");
        let err = Command::RemoveSubflow { id: "s".into() }.apply(&mut board).unwrap_err();
        assert!(err.to_string().contains("teacher's"));
        // The teacher's own board (exercise not locked) edits it freely.
        board.exercise = Some(floe_engine::exercise::Exercise::default());
        Command::RemoveSubflow { id: "s".into() }.apply(&mut board).unwrap();
    }
}

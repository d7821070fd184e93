//! Delete: the selected nodes (with their wires), wires and comments, as one step.

use floe_engine::Board;

use crate::command::Command;
use crate::selection::Selection;

/// The command that deletes the selection (`None` when nothing is selected).
/// Wires of deleted nodes go with them; a selected wire is removed on its own
/// only when neither of its nodes is deleted.
pub fn delete_selection(board: &Board, selection: &Selection) -> Option<Command> {
    let nodes: Vec<_> = selection.nodes().cloned().collect();
    let edges: Vec<_> = selection
        .edges()
        .filter(|id| {
            board.edges.iter().any(|e| &e.id == *id && !nodes.contains(&e.from.node) && !nodes.contains(&e.to.node))
        })
        .cloned()
        .collect();
    let comments: Vec<_> = selection.comments().cloned().collect();
    let mut commands = Vec::new();
    if !edges.is_empty() {
        commands.push(Command::RemoveEdges { ids: edges });
    }
    if !nodes.is_empty() {
        commands.push(Command::RemoveNodes { ids: nodes });
    }
    if !comments.is_empty() {
        commands.push(Command::RemoveComments { ids: comments });
    }
    (!commands.is_empty()).then(|| Command::batch("delete selection", commands))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::selection::Item;

    #[test]
    fn deleting_nodes_takes_their_wires_in_one_step() {
        let board = Board::from_value(serde_json::json!({"format_version": 1,
            "nodes": [{"id": "a", "kind": "math.add"}, {"id": "b", "kind": "math.add"}, {"id": "c", "kind": "math.add"}],
            "edges": [
                {"id": "ab", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "a"}},
                {"id": "bc", "from": {"node": "b", "pin": "result"}, "to": {"node": "c", "pin": "a"}}],
            "comments": [{"id": "n", "text": "x", "position": {"x": 0, "y": 0}, "size": {"width": 10, "height": 10}}]}))
        .unwrap();
        let mut sel = Selection::new();
        assert_eq!(delete_selection(&board, &sel), None, "nothing selected, nothing to do");
        sel.set_box(
            [Item::Node("a".into()), Item::Edge("ab".into()), Item::Edge("bc".into()), Item::Comment("n".into())],
            false,
        );
        let mut doc = Document::new(board);
        doc.apply(delete_selection(doc.board(), &sel).unwrap()).unwrap();
        let b = doc.board();
        assert_eq!(b.nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["b", "c"]);
        assert!(b.edges.is_empty() && b.comments.is_empty());
        doc.undo().unwrap().unwrap();
        assert_eq!((doc.board().nodes.len(), doc.board().edges.len(), doc.board().comments.len()), (3, 2, 1));
    }
}

//! Duplicate: the selection again, 40 units down-right, as one step.

use floe_engine::Board;

use super::Edit;
use crate::clipboard;
use crate::selection::Selection;

/// The selection's copy next to it, selected (`None` when nothing is selected).
pub fn duplicate(board: &Board, selection: &Selection) -> Option<Edit> {
    let clip = clipboard::clip(board, selection)?;
    let (command, nodes, comments) = clipboard::paste(board, &clip, None);
    let select = super::pasted(nodes, comments);
    Some(Edit { command, select })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::selection::Item;
    use floe_engine::{Node, Position};

    #[test]
    fn a_copy_lands_beside_the_original_with_its_wires() {
        let mut board = Board::default();
        board.nodes.push(Node::new("a", "math.add").at(100.0, 100.0));
        board.nodes.push(Node::new("b", "math.add").at(300.0, 100.0));
        board.edges.push(floe_engine::Edge::new(
            "e",
            floe_engine::PinRef::new("a", "result"),
            floe_engine::PinRef::new("b", "a"),
        ));
        let mut sel = Selection::new();
        assert!(duplicate(&board, &sel).is_none());
        sel.set_box([Item::Node("a".into()), Item::Node("b".into())], false);
        let edit = duplicate(&board, &sel).unwrap();
        assert_eq!(edit.select, [Item::Node("a2".into()), Item::Node("b2".into())]);
        let mut doc = Document::new(board);
        doc.apply(edit.command).unwrap();
        let b = doc.board();
        assert_eq!(b.node(&"a2".into()).unwrap().position, Position { x: 140.0, y: 140.0 });
        assert_eq!(b.edges.len(), 2, "the wire between copied nodes is copied");
        assert_eq!(doc.history().undo_label(), Some("paste"));
    }
}

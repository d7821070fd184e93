//! Paste: clipboard text (a Floe clip, or a whole board) into the middle
//! of the view, as one step.

use floe_engine::{Board, Position};

use super::Edit;
use crate::clipboard::{self, PasteError};
use crate::geometry::Point;

/// Pastes `text` with its top-left corner a little up-left of `centre` (the
/// middle of the view, in world units), so the pasted items sit around it.
pub fn paste_text(board: &Board, text: &str, centre: Point) -> Result<Edit, PasteError> {
    let clip = clipboard::parse(text)?;
    let at = Position { x: centre.x - 100.0, y: centre.y - 60.0 };
    let (command, nodes, comments) = clipboard::paste(board, &clip, Some(at));
    let select = super::pasted(nodes, comments);
    Ok(Edit { command, select })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::selection::{Item, Selection};
    use floe_engine::Node;

    #[test]
    fn pasted_items_land_around_the_centre_and_are_selected() {
        let mut board = Board::default();
        board.nodes.push(Node::new("a", "math.add").at(0.0, 0.0));
        let mut sel = Selection::new();
        sel.click(Item::Node("a".into()), false);
        let text = clipboard::copy(&board, &sel).unwrap();
        let edit = paste_text(&board, &text, Point { x: 500.0, y: 300.0 }).unwrap();
        assert_eq!(edit.select, [Item::Node("a2".into())]);
        let mut doc = Document::new(board);
        doc.apply(edit.command).unwrap();
        assert_eq!(doc.board().node(&"a2".into()).unwrap().position, Position { x: 400.0, y: 240.0 });
        let e = paste_text(doc.board(), "hello", Point::default()).unwrap_err();
        assert!(e.to_string().starts_with("the clipboard does not hold Floe nodes"), "{e}");
    }
}

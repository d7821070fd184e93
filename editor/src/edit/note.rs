//! A new sticky note in the middle of the view.

use floe_engine::{Board, Comment, CommentKind, Position, Size};

use super::Edit;
use crate::command::Command;
use crate::geometry::Point;
use crate::ids;
use crate::selection::Item;

/// A 200 × 100 note centred on `centre` (world), selected once added.
pub fn add_note(board: &Board, centre: Point) -> Edit {
    let id = ids::comment_id(board, &[]);
    let note = Comment {
        id: id.clone().into(),
        text: "A note".into(),
        position: Position { x: centre.x - 100.0, y: centre.y - 50.0 },
        size: Size { width: 200.0, height: 100.0 },
        color: None,
        kind: CommentKind::Note,
    };
    Edit { command: Command::AddComments { comments: vec![note], at: vec![] }, select: vec![Item::Comment(id.into())] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_centred_and_selected() {
        let edit = add_note(&Board::default(), Point { x: 300.0, y: 200.0 });
        let Command::AddComments { comments, .. } = &edit.command else { panic!("{:?}", edit.command) };
        assert_eq!(comments[0].position, Position { x: 200.0, y: 150.0 });
        assert_eq!(comments[0].kind, CommentKind::Note);
        assert_eq!(edit.select, [Item::Comment("note".into())]);
    }
}

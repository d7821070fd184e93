//! `AddComments`: notes and groups.

use floe_engine::{Board, Comment};

use super::{Applied, Change, Command, CommandError};

pub(super) fn apply(board: &mut Board, comments: &[Comment], at: &[usize]) -> Result<Applied, CommandError> {
    for (i, c) in comments.iter().enumerate() {
        if board.comments.iter().any(|x| x.id == c.id) || comments[..i].iter().any(|x| x.id == c.id) {
            return Err(CommandError::Duplicate { what: "comment", id: c.id.to_string() });
        }
    }
    super::insert_at(&mut board.comments, comments, at);
    let ids = comments.iter().map(|c| c.id.clone()).collect();
    Ok((Command::RemoveComments { ids }, comments.iter().map(|c| Change::CommentAdded(c.id.clone())).collect()))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;
    use floe_engine::{CommentKind, Position, Size};

    #[test]
    fn adds_a_group() {
        let mut b = board();
        let group = Comment {
            id: "g".into(),
            text: "Inputs".into(),
            position: Position { x: 0.0, y: 0.0 },
            size: Size { width: 300.0, height: 200.0 },
            color: None,
            kind: CommentKind::Group,
        };
        round_trip(&mut b, &Command::AddComments { comments: vec![group.clone()], at: vec![] });
        let again = Command::AddComments { comments: vec![group.clone(), group], at: vec![] };
        assert!(again.apply(&mut b).is_err());
    }
}

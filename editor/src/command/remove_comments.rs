//! `RemoveComments`: notes and groups (the nodes inside a group stay).

use floe_engine::{Board, CommentId};

use super::{Applied, Change, Command, CommandError, missing};

pub(super) fn apply(board: &mut Board, ids: &[CommentId]) -> Result<Applied, CommandError> {
    if let Some(id) = ids.iter().find(|id| !board.comments.iter().any(|c| &c.id == *id)) {
        return Err(missing("comment", id));
    }
    let (comments, at) = super::take_where(&mut board.comments, |c| ids.contains(&c.id));
    let changes = comments.iter().map(|c| Change::CommentRemoved(c.id.clone())).collect();
    Ok((Command::AddComments { comments, at }, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn removes_a_note() {
        let mut b = board();
        round_trip(&mut b, &Command::RemoveComments { ids: vec!["note".into()] });
        assert!(Command::RemoveComments { ids: vec!["nope".into()] }.apply(&mut b).is_err());
    }
}

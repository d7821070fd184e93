//! `EditComment`: a comment's text, size, colour, kind or position.

use floe_engine::{Board, Comment};

use super::{Applied, Change, Command, CommandError, missing};

pub(super) fn apply(board: &mut Board, comment: &Comment) -> Result<Applied, CommandError> {
    let c = board.comments.iter_mut().find(|c| c.id == comment.id).ok_or_else(|| missing("comment", &comment.id))?;
    let old = std::mem::replace(c, comment.clone());
    Ok((Command::EditComment { comment: old }, vec![Change::CommentEdited(comment.id.clone())]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn edits_text_and_size() {
        let mut b = board();
        let mut c = b.comments[0].clone();
        c.text = "<b>not html</b>".into();
        c.size.width = 400.0;
        round_trip(&mut b, &Command::EditComment { comment: c });
    }
}

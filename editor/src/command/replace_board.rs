//! `ReplaceBoard`: the whole board at once (restoring a saved version), as
//! one undoable step.

use floe_engine::Board;

use super::{Applied, Change, Command, CommandError};

pub(super) fn apply(board: &mut Board, new: &Board) -> Result<Applied, CommandError> {
    let old = std::mem::replace(board, new.clone());
    Ok((Command::ReplaceBoard { board: Box::new(old) }, vec![Change::Everything]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn swaps_the_whole_board_and_back() {
        let mut b = board();
        let mut other = Board::named("an older version");
        other.nodes.push(b.nodes[0].clone());
        round_trip(&mut b, &Command::ReplaceBoard { board: Box::new(other) });
    }
}

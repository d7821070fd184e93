//! `SetMeta`: the board's name and description.

use floe_engine::Board;

use super::{Applied, Change, Command, CommandError};

pub(super) fn apply(board: &mut Board, name: &str, description: &str) -> Result<Applied, CommandError> {
    let old_name = std::mem::replace(&mut board.meta.name, name.to_owned());
    let old_description = std::mem::replace(&mut board.meta.description, description.to_owned());
    Ok((Command::SetMeta { name: old_name, description: old_description }, vec![Change::Meta]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn renames() {
        let mut b = board();
        round_trip(&mut b, &Command::SetMeta { name: "Sums".into(), description: "adds things".into() });
    }
}

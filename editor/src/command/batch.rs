//! `Batch`: several commands as one undo step, all or nothing.

use floe_engine::Board;

use super::{Applied, Command, CommandError};

pub(super) fn apply(board: &mut Board, label: &str, commands: &[Command]) -> Result<Applied, CommandError> {
    let mut inverses = Vec::with_capacity(commands.len());
    let mut changes = Vec::new();
    for cmd in commands {
        match cmd.apply(board) {
            Ok((inverse, c)) => {
                inverses.push(inverse);
                changes.extend(c);
            }
            Err(e) => {
                // Roll back what was applied, newest first, so the board is as it was.
                for inverse in inverses.iter().rev() {
                    inverse.apply(board).expect("an inverse applies to the state it was made from");
                }
                return Err(e);
            }
        }
    }
    inverses.reverse();
    Ok((Command::Batch { label: label.to_owned(), commands: inverses }, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;
    use floe_engine::{Node, Position};

    #[test]
    fn applies_all_or_nothing() {
        let mut b = board();
        let ok = Command::Batch {
            label: "paste".into(),
            commands: vec![
                Command::AddNodes { nodes: vec![Node::new("p", "math.add")], at: vec![] },
                Command::MoveItems { nodes: vec![("p".into(), Position { x: 1.0, y: 2.0 })], comments: vec![] },
            ],
        };
        round_trip(&mut b, &ok);
        let failing = Command::Batch {
            label: "bad".into(),
            commands: vec![
                Command::AddNodes { nodes: vec![Node::new("q", "math.add")], at: vec![] },
                Command::RemoveNodes { ids: vec!["nope".into()] },
            ],
        };
        assert!(failing.apply(&mut b).is_err());
        assert_eq!(b, board(), "the first command was rolled back");
    }
}

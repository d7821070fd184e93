//! `RemoveSubflow`: removes a subflow definition (instances of it stay, and
//! are reported as naming a subflow the board does not have).

use floe_engine::Board;

use super::{Applied, Change, Command, CommandError, instances_of, missing};

pub(super) fn apply(board: &mut Board, id: &str) -> Result<Applied, CommandError> {
    super::check_unlocked(board, id)?;
    let i = board.subflows.iter().position(|s| s.id == id).ok_or_else(|| missing("subflow", id))?;
    let old = board.subflows.remove(i);
    let mut changes = vec![Change::Subflow(id.to_owned())];
    changes.extend(instances_of(board, id).map(Change::NodeEdited));
    Ok((Command::SetSubflow { subflow: Box::new(old), at: Some(i) }, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;
    use floe_engine::Subflow;

    #[test]
    fn removes_and_puts_back_in_place() {
        let mut b = board();
        for id in ["a", "b", "c"] {
            b.subflows.push(Subflow { id: id.into(), ..Subflow::default() });
        }
        round_trip(&mut b, &Command::RemoveSubflow { id: "b".into() });
        assert_eq!(
            Command::RemoveSubflow { id: "zz".into() }.apply(&mut b).unwrap_err().to_string(),
            "there is no subflow `zz`"
        );
    }
}

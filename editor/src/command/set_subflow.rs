//! `SetSubflow`: adds a subflow definition, or replaces the one with its id
//! (every instance follows at once: they name it).

use floe_engine::{Board, Subflow};

use super::{Applied, Change, Command, CommandError, instances_of};

pub(super) fn apply(board: &mut Board, subflow: &Subflow, at: Option<usize>) -> Result<Applied, CommandError> {
    super::check_unlocked(board, &subflow.id)?;
    let inverse = match board.subflows.iter_mut().position(|s| s.id == subflow.id) {
        Some(i) => {
            let old = std::mem::replace(&mut board.subflows[i], subflow.clone());
            Command::SetSubflow { subflow: Box::new(old), at: None }
        }
        None => {
            let i = at.filter(|&i| i <= board.subflows.len()).unwrap_or(board.subflows.len());
            board.subflows.insert(i, subflow.clone());
            Command::RemoveSubflow { id: subflow.id.clone() }
        }
    };
    let mut changes = vec![Change::Subflow(subflow.id.clone())];
    changes.extend(instances_of(board, &subflow.id).map(Change::NodeEdited));
    Ok((inverse, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn adds_then_replaces_in_place() {
        let mut b = board();
        let s = Subflow { id: "s".into(), name: "S".into(), ..Subflow::default() };
        round_trip(&mut b, &Command::SetSubflow { subflow: Box::new(s.clone()), at: None });
        Command::SetSubflow { subflow: Box::new(s.clone()), at: None }.apply(&mut b).unwrap();
        let renamed = Subflow { name: "Renamed".into(), ..s };
        round_trip(&mut b, &Command::SetSubflow { subflow: Box::new(renamed), at: None });
        assert_eq!(b.subflows.len(), 1);
    }
}

//! `RemoveEdges`: wires.

use floe_engine::{Board, EdgeId};

use super::{Applied, Change, Command, CommandError, missing};

pub(super) fn apply(board: &mut Board, ids: &[EdgeId]) -> Result<Applied, CommandError> {
    if let Some(id) = ids.iter().find(|id| !board.edges.iter().any(|e| &e.id == *id)) {
        return Err(missing("wire", id));
    }
    let (edges, at) = super::take_where(&mut board.edges, |e| ids.contains(&e.id));
    let changes = edges.iter().map(|e| Change::EdgeRemoved(e.id.clone())).collect();
    Ok((Command::AddEdges { edges, at }, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn removes_and_restores_in_place() {
        let mut b = board();
        let cmd = Command::RemoveEdges { ids: vec!["e1".into()] };
        round_trip(&mut b, &cmd);
        cmd.apply(&mut b).unwrap();
        assert_eq!(b.edges.len(), 1);
        assert!(Command::RemoveEdges { ids: vec!["e1".into()] }.apply(&mut b).is_err());
    }
}

//! `AddNodes`: new nodes, appended or put back where they were.

use floe_engine::{Board, Node};

use super::{Applied, Change, Command, CommandError};

pub(super) fn apply(board: &mut Board, nodes: &[Node], at: &[usize]) -> Result<Applied, CommandError> {
    for (i, node) in nodes.iter().enumerate() {
        if board.nodes.iter().any(|n| n.id == node.id) || nodes[..i].iter().any(|n| n.id == node.id) {
            return Err(CommandError::Duplicate { what: "node", id: node.id.to_string() });
        }
    }
    super::insert_at(&mut board.nodes, nodes, at);
    let ids = nodes.iter().map(|n| n.id.clone()).collect();
    let changes = nodes.iter().map(|n| Change::NodeAdded(n.id.clone())).collect();
    Ok((Command::RemoveNodes { ids }, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn adds_and_undoes() {
        let mut b = board();
        let cmd = Command::AddNodes { nodes: vec![Node::new("z", "math.add").at(5.0, 6.0)], at: vec![] };
        round_trip(&mut b, &cmd);
        cmd.apply(&mut b).unwrap();
        assert_eq!(b.nodes.last().unwrap().id.as_str(), "z");
    }

    #[test]
    fn refuses_taken_and_repeated_ids() {
        let mut b = board();
        let taken = Command::AddNodes { nodes: vec![Node::new("a", "math.add")], at: vec![] };
        assert_eq!(taken.apply(&mut b).unwrap_err().to_string(), "there is already a node `a`");
        let twice =
            Command::AddNodes { nodes: vec![Node::new("q", "math.add"), Node::new("q", "math.add")], at: vec![] };
        assert!(twice.apply(&mut b).is_err());
        assert_eq!(b, board(), "nothing changed");
    }
}

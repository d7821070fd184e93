//! `RemoveNodes`: nodes and every wire touching them.

use floe_engine::{Board, NodeId};

use super::{Applied, Change, Command, CommandError, missing};

pub(super) fn apply(board: &mut Board, ids: &[NodeId]) -> Result<Applied, CommandError> {
    if let Some(id) = ids.iter().find(|id| !board.nodes.iter().any(|n| &n.id == *id)) {
        return Err(missing("node", id));
    }
    let touches = |e: &floe_engine::Edge| ids.contains(&e.from.node) || ids.contains(&e.to.node);
    let (edges, edges_at) = super::take_where(&mut board.edges, touches);
    let (nodes, nodes_at) = super::take_where(&mut board.nodes, |n| ids.contains(&n.id));
    let mut changes: Vec<Change> = edges.iter().map(|e| Change::EdgeRemoved(e.id.clone())).collect();
    changes.extend(nodes.iter().map(|n| Change::NodeRemoved(n.id.clone())));
    let restore_nodes = Command::AddNodes { nodes, at: nodes_at };
    let inverse = if edges.is_empty() {
        restore_nodes
    } else {
        Command::Batch {
            label: "restore nodes".into(),
            commands: vec![restore_nodes, Command::AddEdges { edges, at: edges_at }],
        }
    };
    Ok((inverse, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn removes_nodes_with_their_wires_and_restores_them_in_place() {
        let mut b = board();
        let cmd = Command::RemoveNodes { ids: vec!["b".into()] };
        round_trip(&mut b, &cmd);
        let (_, changes) = cmd.apply(&mut b).unwrap();
        assert_eq!(b.nodes.len(), 2);
        assert!(b.edges.is_empty(), "both wires touched `b`");
        assert_eq!(changes.len(), 3);
    }

    #[test]
    fn an_unknown_node_changes_nothing() {
        let mut b = board();
        let cmd = Command::RemoveNodes { ids: vec!["a".into(), "nope".into()] };
        assert_eq!(cmd.apply(&mut b).unwrap_err().to_string(), "there is no node `nope`");
        assert_eq!(b, board());
    }
}

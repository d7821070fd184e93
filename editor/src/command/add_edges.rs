//! `AddEdges`: new wires between existing nodes.

use floe_engine::{Board, Edge};

use super::{Applied, Change, Command, CommandError};

pub(super) fn apply(board: &mut Board, edges: &[Edge], at: &[usize]) -> Result<Applied, CommandError> {
    for (i, e) in edges.iter().enumerate() {
        if board.edges.iter().any(|x| x.id == e.id) || edges[..i].iter().any(|x| x.id == e.id) {
            return Err(CommandError::Duplicate { what: "wire", id: e.id.to_string() });
        }
        for end in [&e.from.node, &e.to.node] {
            if !board.nodes.iter().any(|n| &n.id == end) {
                return Err(CommandError::DanglingEdge { edge: e.id.clone(), node: end.clone() });
            }
        }
    }
    super::insert_at(&mut board.edges, edges, at);
    let ids = edges.iter().map(|e| e.id.clone()).collect();
    Ok((Command::RemoveEdges { ids }, edges.iter().map(|e| Change::EdgeAdded(e.id.clone())).collect()))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;
    use floe_engine::PinRef;

    #[test]
    fn wires_existing_nodes_only() {
        let mut b = board();
        let ok = Command::AddEdges {
            edges: vec![Edge::new("e9", PinRef::new("a", "value"), PinRef::new("b", "b"))],
            at: vec![],
        };
        round_trip(&mut b, &ok);
        let dangling = Command::AddEdges {
            edges: vec![Edge::new("e8", PinRef::new("a", "value"), PinRef::new("ghost", "x"))],
            at: vec![],
        };
        assert_eq!(
            dangling.apply(&mut b).unwrap_err().to_string(),
            "wire `e8` ends at node `ghost`, which does not exist"
        );
        let taken = Command::AddEdges {
            edges: vec![Edge::new("e1", PinRef::new("a", "value"), PinRef::new("b", "b"))],
            at: vec![],
        };
        assert!(taken.apply(&mut b).is_err());
    }
}

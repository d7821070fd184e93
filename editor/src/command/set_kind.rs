//! `SetKind`: points a node at another kind (an instance at another
//! subflow, for "make independent copy").

use floe_engine::{Board, NodeId};

use super::{Applied, Change, Command, CommandError, node_mut};

pub(super) fn apply(board: &mut Board, node: &NodeId, kind: &str) -> Result<Applied, CommandError> {
    let n = node_mut(board, node)?;
    let old = std::mem::replace(&mut n.kind, kind.to_owned());
    Ok((Command::SetKind { node: node.clone(), kind: old }, vec![Change::NodeEdited(node.clone())]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn changes_the_kind_and_back() {
        let mut b = board();
        round_trip(&mut b, &Command::SetKind { node: "b".into(), kind: "math.subtract".into() });
    }
}

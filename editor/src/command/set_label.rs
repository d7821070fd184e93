//! `SetLabel`: a node's title (empty means the kind's name).

use floe_engine::{Board, NodeId};

use super::{Applied, Change, Command, CommandError, node_mut};

pub(super) fn apply(board: &mut Board, node: &NodeId, label: Option<&str>) -> Result<Applied, CommandError> {
    let n = node_mut(board, node)?;
    let label = label.map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned);
    let old = std::mem::replace(&mut n.label, label);
    Ok((Command::SetLabel { node: node.clone(), label: old }, vec![Change::NodeEdited(node.clone())]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn titles_a_node_and_blank_means_none() {
        let mut b = board();
        let cmd = Command::SetLabel { node: "a".into(), label: Some("  Input ".into()) };
        round_trip(&mut b, &cmd);
        cmd.apply(&mut b).unwrap();
        assert_eq!(b.nodes[0].label.as_deref(), Some("Input"));
        Command::SetLabel { node: "a".into(), label: Some("   ".into()) }.apply(&mut b).unwrap();
        assert_eq!(b.nodes[0].label, None);
    }
}

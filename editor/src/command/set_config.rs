//! `SetConfig`: one of a node's settings.

use floe_engine::{Board, NodeId};

use super::{Applied, Change, Command, CommandError, node_mut};

pub(super) fn apply(
    board: &mut Board,
    node: &NodeId,
    key: &str,
    value: Option<&serde_json::Value>,
) -> Result<Applied, CommandError> {
    let n = node_mut(board, node)?;
    let old = match value {
        Some(v) => n.config.insert(key.to_owned(), v.clone()),
        None => n.config.remove(key),
    };
    Ok((
        Command::SetConfig { node: node.clone(), key: key.to_owned(), value: old },
        vec![Change::NodeEdited(node.clone())],
    ))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn sets_a_setting() {
        let mut b = board();
        let cmd = Command::SetConfig { node: "c".into(), key: "name".into(), value: Some("total".into()) };
        round_trip(&mut b, &cmd);
        cmd.apply(&mut b).unwrap();
        assert_eq!(b.nodes[2].config["name"], "total");
        let missing = Command::SetConfig { node: "x".into(), key: "k".into(), value: None };
        assert_eq!(missing.apply(&mut b).unwrap_err().to_string(), "there is no node `x`");
    }
}

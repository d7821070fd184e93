//! `SetInput`: an input pin's inline constant.

use floe_engine::{Board, NodeId, PinId};

use super::{Applied, Change, Command, CommandError, node_mut};

pub(super) fn apply(
    board: &mut Board,
    node: &NodeId,
    pin: &PinId,
    value: Option<&serde_json::Value>,
) -> Result<Applied, CommandError> {
    let n = node_mut(board, node)?;
    let old = match value {
        Some(v) => n.inputs.insert(pin.clone(), v.clone()),
        None => n.inputs.remove(pin),
    };
    Ok((Command::SetInput { node: node.clone(), pin: pin.clone(), value: old }, vec![Change::NodeEdited(node.clone())]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn sets_and_clears_a_constant() {
        let mut b = board();
        let set = Command::SetInput { node: "b".into(), pin: "b".into(), value: Some(serde_json::json!(2.5)) };
        round_trip(&mut b, &set);
        set.apply(&mut b).unwrap();
        assert_eq!(b.nodes[1].inputs[&PinId::from("b")], 2.5);
        let clear = Command::SetInput { node: "b".into(), pin: "b".into(), value: None };
        round_trip(&mut b, &clear);
    }
}

//! `event.manual_start`: fires once when a run starts, with the run's input payload.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "event.manual_start",
        "Start",
        "Events",
        "Fires once when you press Run (or run the board from the CLI), passing the run's whole input payload on.",
    )
    .icon("play")
    .pin(then_out())
    .pin(PinDef::output("payload", "Payload", ANY).describe("The run's input payload (JSON)."));
    Builtin::new(def, |_| node(ManualStart)).role(Role::Event)
}

struct ManualStart;

impl NodeImpl for ManualStart {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let payload = cx.payload().clone();
        cx.set(0, payload);
        Ok(Step::Done)
    }

    fn trigger(&self) -> Option<Trigger> {
        Some(Trigger::Start)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn a_run_without_input_gives_null() {
        assert_eq!(eval("event.manual_start", json!({}), json!({})).unwrap(), json!({"payload": null}));
    }
}

//! `event.board_output`: hands a value back as a named output of the run.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "event.board_output",
        "Board output",
        "Events",
        "Records its value as the run output called `name`: what the CLI prints, what exercises check and what the editor shows as the result.",
    )
    .icon("log-out")
    .setting(ConfigField::new("name", "Name", STR, json!("result")))
    .pin(exec_in())
    .pin(PinDef::input("value", "Value", ANY))
    .pin(then_out());
    Builtin::new(def, |cx| {
        let name = cx.config.string("name")?;
        if name.trim().is_empty() {
            return Err(cx.config.error("name", "an output needs a name"));
        }
        node(BoardOutput { name: name.to_owned() })
    })
}

struct BoardOutput {
    name: String,
}

impl NodeImpl for BoardOutput {
    fn run(&self, _cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        // The value stays in this node's input slot; the run record reads it from there.
        Ok(Step::Done)
    }

    fn board_output(&self) -> Option<&str> {
        Some(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn an_empty_name_is_refused() {
        let err = eval("event.board_output", json!({"value": 1}), json!({"name": " "})).unwrap_err();
        assert!(err.contains("an output needs a name"), "{err}");
    }
}

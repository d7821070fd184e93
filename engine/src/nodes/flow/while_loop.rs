//! `flow.while`: repeats the body while a condition holds.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "flow.while",
        "While",
        "Flow",
        "Runs Body again and again while Condition is true (re-evaluated before every round), then continues along Completed. More than `max_iterations` rounds is an error, so a loop can never run away.",
    )
    .icon("repeat")
    .setting(ConfigField::new("max_iterations", "Max rounds", INT, json!(10000)).describe("1 to 100,000,000."))
    .pin(exec_in())
    .pin(PinDef::input("condition", "Condition", BOOL))
    .pin(PinDef::output("body", "Body", EXEC))
    .pin(PinDef::output("iteration", "Round", INT))
    .pin(PinDef::output("completed", "Completed", EXEC));
    Builtin::new(def, |cx| node(While(cx.config.u64_in("max_iterations", 1, 100_000_000)?))).role(Role::Control)
}

struct While(u64);

impl NodeImpl for While {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let resumed = cx.entry() == Entry::Resume;
        if resumed {
            cx.frame().index += 1;
        } else {
            cx.frame().index = 0;
        }
        if !cx.bool(0)? {
            return Ok(Step::Fire(1));
        }
        let round = cx.frame().index;
        if round >= self.0 {
            return Err(NodeError::failed(
                "max-iterations",
                format!(
                    "the condition was still true after {} rounds (raise `max_iterations` if that is meant)",
                    self.0
                ),
            ));
        }
        cx.set(0, Value::Int(round as i64));
        Ok(Step::Call(0))
    }

    fn pulls_on_resume(&self) -> bool {
        true
    }
}

//! `flow.branch`: if / else.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "flow.branch",
        "Branch",
        "Flow",
        "Continues along True when Condition is true, otherwise along False.",
    )
    .icon("git-branch")
    .pin(exec_in())
    .pin(PinDef::input("condition", "Condition", BOOL))
    .pin(PinDef::output("true", "True", EXEC))
    .pin(PinDef::output("false", "False", EXEC));
    Builtin::new(def, |_| func(|cx| Ok(Step::Fire(if cx.bool(0)? { 0 } else { 1 })))).role(Role::Control)
}

//! `flow.delay`: waits before continuing.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "flow.delay",
        "Delay",
        "Flow",
        "Waits `ms` milliseconds, then continues and passes Value on. Other chains (timers, branches) keep running meanwhile.",
    )
    .icon("hourglass")
    .setting(ConfigField::new("ms", "Milliseconds", INT, json!(1000)).describe("0 to 3,600,000."))
    .pin(exec_in())
    .pin(PinDef::input("value", "Value", ANY).optional())
    .pin(then_out())
    .pin(PinDef::output("value", "Value", ANY));
    Builtin::new(def, |cx| node(Delay(cx.config.u64_in("ms", 0, 3_600_000)? as u32)))
}

struct Delay(u32);

impl NodeImpl for Delay {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let v = cx.input(0).clone();
        cx.set(0, v);
        Ok(Step::Wait { ms: self.0, then: Some(0) })
    }
}

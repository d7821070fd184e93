//! `flow.sequence`: does several things in order.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "flow.sequence",
        "Sequence",
        "Flow",
        "Runs Then 1, and when everything it started has finished, Then 2, and so on: several chains in a fixed order.",
    )
    .icon("list-ordered")
    .setting(ConfigField::new("count", "Outputs", INT, json!(2)).describe("Number of outputs, 1 to 32."))
    .pin(exec_in());
    Builtin::new(def, |cx| node(Sequence(cx.config.u64_in("count", 1, 32)?))).role(Role::Control).dynamic_pins(
        |def, c| {
            let n = c.u64_in("count", 1, 32)?;
            let mut pins = def.pins.clone();
            pins.extend((0..n).map(|i| PinDef::output(&format!("then_{i}"), &format!("Then {}", i + 1), EXEC)));
            Ok(pins)
        },
    )
}

struct Sequence(u64);

impl NodeImpl for Sequence {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let resumed = cx.entry() == Entry::Resume;
        let frame = cx.frame();
        if resumed {
            frame.index += 1;
        }
        if frame.index >= self.0 {
            return Ok(Step::Stop);
        }
        let k = frame.index as u16;
        Ok(if frame.index + 1 == self.0 { Step::Fire(k) } else { Step::Call(k) })
    }
}

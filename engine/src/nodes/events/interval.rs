//! `event.interval`: fires a number of times at a fixed period.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "event.interval",
        "Interval",
        "Events",
        "Fires `count` times, every `every_ms` milliseconds, starting one period after the run starts. Outputs the tick number (0, 1, 2, ...).",
    )
    .icon("clock")
    .setting(ConfigField::new("every_ms", "Every (ms)", INT, json!(1000)).describe("Period between ticks, 1 ms to 1 hour."))
    .setting(ConfigField::new("count", "Ticks", INT, json!(5)).describe("How many times to fire, 1 to 1,000,000."))
    .pin(then_out())
    .pin(PinDef::output("tick", "Tick", INT));
    Builtin::new(def, |cx| {
        let every_ms = cx.config.u64_in("every_ms", 1, 3_600_000)?;
        let count = cx.config.u64_in("count", 1, 1_000_000)?;
        node(Interval { every_ms, count })
    })
    .role(Role::Event)
}

struct Interval {
    every_ms: u64,
    count: u64,
}

impl NodeImpl for Interval {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let tick = match cx.entry() {
            Entry::Event(n) => n as i64,
            _ => 0,
        };
        cx.set(0, Value::Int(tick));
        Ok(Step::Done)
    }

    fn trigger(&self) -> Option<Trigger> {
        Some(Trigger::Interval { every_ms: self.every_ms, count: self.count })
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn settings_are_bounded() {
        let err = eval("event.interval", json!({}), json!({"every_ms": 0})).unwrap_err();
        assert!(err.contains("setting `every_ms`: must be between 1 and 3600000, got 0"), "{err}");
    }
}

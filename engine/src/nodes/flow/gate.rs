//! `flow.gate`: lets execution through only while open.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "flow.gate",
        "Gate",
        "Flow",
        "Execution arriving at Enter continues to Exit only while the gate is open. Open, Close and Toggle change it; it starts open unless `start_open` is off.",
    )
    .icon("door-open")
    .setting(ConfigField::new("start_open", "Start open", BOOL, json!(true)))
    .pin(PinDef::input("enter", "Enter", EXEC))
    .pin(PinDef::input("open", "Open", EXEC))
    .pin(PinDef::input("close", "Close", EXEC))
    .pin(PinDef::input("toggle", "Toggle", EXEC))
    .pin(PinDef::output("exit", "Exit", EXEC))
    .pin(PinDef::output("is_open", "Is open", BOOL));
    Builtin::new(def, |cx| node(Gate(cx.config.bool("start_open")?))).role(Role::Control)
}

struct Gate(bool);

impl NodeImpl for Gate {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let start = self.0;
        let entry = cx.entry();
        let open = cx.state(|| start);
        let step = match entry {
            Entry::Exec(0) if *open => Step::Fire(0),
            Entry::Exec(1) => {
                *open = true;
                Step::Stop
            }
            Entry::Exec(2) => {
                *open = false;
                Step::Stop
            }
            Entry::Exec(3) => {
                *open = !*open;
                Step::Stop
            }
            _ => Step::Stop,
        };
        let now_open = *open;
        cx.set(0, Value::Bool(now_open));
        Ok(step)
    }

    fn initial_output(&self, _: usize) -> Option<Value> {
        Some(Value::Bool(self.0))
    }
}

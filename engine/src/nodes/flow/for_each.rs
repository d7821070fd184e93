//! `flow.for_each`: runs the body once per item.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "flow.for_each",
        "For each",
        "Flow",
        "Runs Body once for every item of the list, with Item and Index set; then continues along Completed. The list is read once, when the loop starts.",
    )
    .icon("repeat")
    .pin(exec_in())
    .pin(PinDef::input("array", "List", PinType::array(DataType::Generic)).param("T"))
    .pin(PinDef::output("body", "Body", EXEC))
    .pin(PinDef::output("item", "Item", ANY).param("T"))
    .pin(PinDef::output("index", "Index", INT))
    .pin(PinDef::output("completed", "Completed", EXEC));
    Builtin::new(def, |_| func(run)).role(Role::Control)
}

fn run(cx: &mut Cx<'_>) -> Result<Step, NodeError> {
    if cx.entry() != Entry::Resume {
        cx.array(0)?;
        let items = cx.input(0).clone();
        let frame = cx.frame();
        frame.value = items;
        frame.index = 0;
    } else {
        cx.frame().index += 1;
    }
    let frame = cx.frame();
    let i = frame.index as usize;
    let item = frame.value.as_array().and_then(|a| a.get(i)).cloned();
    match item {
        Some(item) => {
            cx.set(0, item);
            cx.set(1, Value::Int(i as i64));
            Ok(Step::Call(0))
        }
        None => Ok(Step::Fire(1)),
    }
}

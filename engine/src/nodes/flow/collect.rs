//! `flow.collect`: gathers a value each time execution passes.

use std::sync::Arc;

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "flow.collect",
        "Collect",
        "Flow",
        "Appends Item to a list every time execution passes through (e.g. from a loop body); Items holds everything gathered so far in this run.",
    )
    .icon("inbox")
    .pin(exec_in())
    .pin(PinDef::input("item", "Item", ANY).param("T"))
    .pin(then_out())
    .pin(PinDef::output("items", "Items", PinType::array(DataType::Generic)).param("T"));
    Builtin::new(def, |_| node(Collect))
}

struct Collect;

impl NodeImpl for Collect {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let item = cx.input(0).clone();
        let len = cx.output_mut(0).as_array().map_or(0, <[Value]>::len);
        cx.check_list(len + 1)?;
        // The list is one level deeper than its items.
        let depth = cx.limits().depth();
        if item.deeper_than(depth.saturating_sub(1)) {
            return Err(NodeError::limit("max_depth", depth as u64, "the list of items would nest deeper"));
        }
        let out = cx.output_mut(0);
        match out {
            Value::Array(items) => Arc::make_mut(items).push(item),
            other => *other = Value::array(vec![item]),
        }
        Ok(Step::Done)
    }

    fn initial_output(&self, _: usize) -> Option<Value> {
        Some(Value::array(Vec::new()))
    }
}

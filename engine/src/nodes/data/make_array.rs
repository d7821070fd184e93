//! `data.make_array`: gathers several values into a list (a join point).

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.make_array",
        "Make list",
        "Data",
        "Gathers its inputs (as many as `count`) into one list, in order. This is where parallel branches join.",
    )
    .icon("list")
    .setting(ConfigField::new("count", "Inputs", INT, json!(2)).describe("Number of item inputs, 1 to 64."))
    .pin(PinDef::output("items", "Items", PinType::array(DataType::Generic)).param("T"));
    Builtin::new(def, |_| node(MakeArray)).dynamic_pins(|def, c| {
        let n = c.u64_in("count", 1, 64)?;
        let mut pins: Vec<PinDef> =
            (0..n).map(|i| PinDef::input(&format!("item_{i}"), &format!("Item {}", i + 1), ANY).param("T")).collect();
        pins.push(def.pins[0].clone());
        Ok(pins)
    })
}

struct MakeArray;

impl NodeImpl for MakeArray {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let items = Value::array((0..cx.input_count()).map(|i| cx.input(i).clone()).collect());
        cx.check_depth(&items)?;
        cx.set(0, items);
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn gathers_in_order() {
        assert_eq!(
            eval("data.make_array", json!({"item_0": 1, "item_1": 2, "item_2": 3}), json!({"count": 3})).unwrap(),
            json!({"items": [1, 2, 3]})
        );
    }
}

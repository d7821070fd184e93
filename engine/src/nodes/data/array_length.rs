//! `data.array_length`: number of items in a list.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new("data.array_length", "List length", "Data", "The number of items in a list.")
        .icon("ruler")
        .pin(PinDef::input("array", "List", PinType::array(DataType::Generic)))
        .pin(PinDef::output("length", "Length", INT));
    Builtin::new(def, |_| {
        func(|cx| {
            let n = cx.array(0)?.len() as i64;
            cx.set(0, Value::Int(n));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn counts() {
        assert_eq!(eval("data.array_length", json!({"array": [1, 2, 3]}), json!({})).unwrap(), json!({"length": 3}));
    }
}

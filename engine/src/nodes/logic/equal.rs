//! `logic.equal`: whether two values are equal.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "logic.equal",
        "Equal",
        "Logic",
        "True when A equals B. Numbers compare by value (2 equals 2.0); text, lists and structs compare exactly, item by item.",
    )
    .icon("equal")
    .pin(PinDef::input("a", "A", ANY))
    .pin(PinDef::input("b", "B", ANY))
    .pin(PinDef::output("result", "Result", BOOL));
    Builtin::new(def, |_| {
        func(|cx| {
            let eq = cx.input(0).loose_eq(cx.input(1));
            cx.set(0, Value::Bool(eq));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn compares_by_value() {
        assert_eq!(eval("logic.equal", json!({"a": 2, "b": 2.0}), json!({})).unwrap(), json!({"result": true}));
        assert_eq!(
            eval("logic.equal", json!({"a": [1, "x"], "b": [1, "x"]}), json!({})).unwrap(),
            json!({"result": true})
        );
        assert_eq!(eval("logic.equal", json!({"a": "2", "b": 2}), json!({})).unwrap(), json!({"result": false}));
    }
}

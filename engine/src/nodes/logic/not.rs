//! `logic.not`: the opposite.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new("logic.not", "Not", "Logic", "True when Value is false, false when it is true.")
        .icon("binary")
        .pin(PinDef::input("value", "Value", BOOL))
        .pin(PinDef::output("result", "Result", BOOL));
    Builtin::new(def, |_| {
        func(|cx| {
            let r = !cx.bool(0)?;
            cx.set(0, Value::Bool(r));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn negates() {
        assert_eq!(eval("logic.not", json!({"value": true}), json!({})).unwrap(), json!({"result": false}));
    }
}

//! `data.keys`: the field names of a struct or map.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.keys",
        "Keys",
        "Data",
        "The field names of a Struct (or keys of a HashMap), sorted alphabetically.",
    )
    .icon("key")
    .pin(PinDef::input("value", "Value", ANY))
    .pin(PinDef::output("keys", "Keys", PinType::array(DataType::String)));
    Builtin::new(def, |_| {
        func(|cx| {
            let keys: Vec<Value> = cx.map(0)?.keys().map(|k| Value::from(k.as_str())).collect();
            cx.set(0, Value::array(keys));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn lists_keys() {
        assert_eq!(
            eval("data.keys", json!({"value": {"b": 1, "a": 2}}), json!({})).unwrap(),
            json!({"keys": ["a", "b"]})
        );
        assert!(eval("data.keys", json!({"value": [1]}), json!({})).unwrap_err().contains("expected Struct"));
    }
}

//! `data.json_parse`: text to a value.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.json_parse",
        "Parse JSON",
        "Data",
        "Reads JSON text into a value. Invalid JSON is an error that names the line and column.",
    )
    .icon("braces")
    .pin(PinDef::input("text", "Text", STR))
    .pin(PinDef::output("value", "Value", ANY));
    Builtin::new(def, |_| {
        func(|cx| {
            let parsed: serde_json::Value =
                serde_json::from_str(cx.str(0)?).map_err(|e| cx.bad_input(0, format!("not valid JSON: {e}")))?;
            cx.set(0, Value::from_json(&parsed));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn parses_or_says_where() {
        assert_eq!(
            eval("data.json_parse", json!({"text": "{\"a\": [1, 2.5]}"}), json!({})).unwrap(),
            json!({"value": {"a": [1, 2.5]}})
        );
        let err = eval("data.json_parse", json!({"text": "{\n\"a\" 1}"}), json!({})).unwrap_err();
        assert!(err.contains("not valid JSON: expected `:` at line 2 column 5"), "{err}");
    }
}

//! `convert.to_string`: any value as text.

use super::super::prelude::*;
use super::convert_def;

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        convert_def(
            "convert.to_string",
            "To text",
            "Writes any value as text: text stays as it is, dates as RFC 3339, everything else as JSON.",
            STR,
        ),
        |_| {
            func(|cx| {
                let t = cx.text_of(cx.input(0))?;
                cx.set(0, Value::from(t));
                Ok(Step::Done)
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn writes_json() {
        assert_eq!(
            eval("convert.to_string", json!({"value": {"a": [1]}}), json!({})).unwrap(),
            json!({"value": "{\"a\":[1]}"})
        );
        assert_eq!(eval("convert.to_string", json!({"value": 2.5}), json!({})).unwrap(), json!({"value": "2.5"}));
    }
}

//! `convert.to_boolean`: true or false from text or a number.

use super::super::prelude::*;
use super::{cannot, convert_def};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        convert_def(
            "convert.to_boolean",
            "To boolean",
            "Makes a Boolean: \"true\"/\"yes\"/\"1\" and \"false\"/\"no\"/\"0\" (any case), numbers are true unless zero.",
            BOOL,
        ),
        |_| {
            func(|cx| {
                let v = match cx.input(0) {
                    Value::Bool(b) => *b,
                    Value::Int(i) => *i != 0,
                    Value::Float(f) => *f != 0.0,
                    Value::Str(s) => match s.trim().to_lowercase().as_str() {
                        "true" | "yes" | "1" => true,
                        "false" | "no" | "0" => false,
                        _ => return Err(cannot(cx, "a Boolean")),
                    },
                    _ => return Err(cannot(cx, "a Boolean")),
                };
                cx.set(0, Value::Bool(v));
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
    fn words_and_numbers() {
        assert_eq!(eval("convert.to_boolean", json!({"value": "Yes"}), json!({})).unwrap(), json!({"value": true}));
        assert_eq!(eval("convert.to_boolean", json!({"value": 0}), json!({})).unwrap(), json!({"value": false}));
        assert!(eval("convert.to_boolean", json!({"value": "maybe"}), json!({})).is_err());
    }
}

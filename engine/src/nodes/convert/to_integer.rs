//! `convert.to_integer`: a whole number from text, a float or a boolean.

use super::super::prelude::*;
use super::{cannot, convert_def};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        convert_def(
            "convert.to_integer",
            "To integer",
            "Makes an Integer: parses text (\" 42 \"), drops the fraction of a Float (toward zero), true is 1 and false 0.",
            INT,
        ),
        |_| {
            func(|cx| {
                let v = match cx.input(0) {
                    Value::Int(i) => *i,
                    Value::Float(f) if f.is_finite() && f.abs() < 9.2e18 => f.trunc() as i64,
                    Value::Bool(b) => i64::from(*b),
                    Value::Str(s) => s.trim().parse::<i64>().map_err(|_| cannot(cx, "an Integer"))?,
                    _ => return Err(cannot(cx, "an Integer")),
                };
                cx.set(0, Value::Int(v));
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
    fn parses_and_truncates() {
        assert_eq!(eval("convert.to_integer", json!({"value": " 42 "}), json!({})).unwrap(), json!({"value": 42}));
        assert_eq!(eval("convert.to_integer", json!({"value": -2.9}), json!({})).unwrap(), json!({"value": -2}));
        let err = eval("convert.to_integer", json!({"value": "4x"}), json!({})).unwrap_err();
        assert!(err.contains("cannot turn String \"4x\" into an Integer"), "{err}");
    }
}

//! `convert.to_float`: a decimal number from text, an integer or a boolean.

use super::super::prelude::*;
use super::{cannot, convert_def};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        convert_def(
            "convert.to_float",
            "To float",
            "Makes a Float: parses text (\"3.5\"), widens an Integer, true is 1.0 and false 0.0.",
            FLOAT,
        ),
        |_| {
            func(|cx| {
                let v = match cx.input(0) {
                    Value::Int(i) => *i as f64,
                    Value::Float(f) => *f,
                    Value::Bool(b) => f64::from(u8::from(*b)),
                    Value::Str(s) => {
                        s.trim().parse::<f64>().ok().filter(|f| f.is_finite()).ok_or_else(|| cannot(cx, "a Float"))?
                    }
                    _ => return Err(cannot(cx, "a Float")),
                };
                cx.set(0, Value::Float(v));
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
    fn parses() {
        assert_eq!(eval("convert.to_float", json!({"value": "3.5"}), json!({})).unwrap(), json!({"value": 3.5}));
        assert!(eval("convert.to_float", json!({"value": "NaN"}), json!({})).is_err());
    }
}

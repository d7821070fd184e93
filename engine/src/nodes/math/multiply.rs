//! `math.multiply`: a × b.

use super::super::prelude::*;
use super::{arith, binary_def};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        binary_def(
            "math.multiply",
            "Multiply",
            "Multiplies two numbers. Two Integers give an Integer; otherwise a Float.",
            json!(1),
            json!(1),
        ),
        |_| {
            func(|cx| {
                let v = arith(cx, i64::checked_mul, |a, b| a * b, "the product")?;
                cx.set(0, v);
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
    fn multiplies() {
        assert_eq!(eval("math.multiply", json!({"a": 6, "b": 7}), json!({})).unwrap(), json!({"result": 42}));
        assert_eq!(eval("math.multiply", json!({"a": 1.5, "b": 2}), json!({})).unwrap(), json!({"result": 3.0}));
    }
}

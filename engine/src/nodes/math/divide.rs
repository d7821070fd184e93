//! `math.divide`: a ÷ b.

use super::super::prelude::*;
use super::{arith, binary_def, nonzero};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        binary_def(
            "math.divide",
            "Divide",
            "Divides A by B. Two Integers give a whole-number quotient (7 ÷ 2 = 3); use Floats (7.0) for fractions. Dividing by zero is an error.",
            json!(0),
            json!(1),
        ),
        |_| {
            func(|cx| {
                nonzero(cx, 1)?;
                let v = arith(cx, i64::checked_div, |a, b| a / b, "the quotient")?;
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
    fn integer_and_float_division() {
        assert_eq!(eval("math.divide", json!({"a": 7, "b": 2}), json!({})).unwrap(), json!({"result": 3}));
        assert_eq!(eval("math.divide", json!({"a": 7.0, "b": 2}), json!({})).unwrap(), json!({"result": 3.5}));
    }

    #[test]
    fn by_zero_is_an_error() {
        let err = eval("math.divide", json!({"a": 1, "b": 0}), json!({})).unwrap_err();
        assert!(err.contains("input `b` is zero"), "{err}");
    }
}

//! `math.modulo`: the remainder of a ÷ b.

use super::super::prelude::*;
use super::{arith, binary_def, nonzero};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        binary_def(
            "math.modulo",
            "Modulo",
            "The remainder of A divided by B, never negative for a positive B (−7 mod 3 = 2). Handy for FizzBuzz and clocks. B = 0 is an error.",
            json!(0),
            json!(2),
        ),
        |_| {
            func(|cx| {
                nonzero(cx, 1)?;
                let v = arith(cx, i64::checked_rem_euclid, f64::rem_euclid, "the remainder")?;
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
    fn remainder_is_never_negative() {
        assert_eq!(eval("math.modulo", json!({"a": 15, "b": 5}), json!({})).unwrap(), json!({"result": 0}));
        assert_eq!(eval("math.modulo", json!({"a": -7, "b": 3}), json!({})).unwrap(), json!({"result": 2}));
        assert_eq!(eval("math.modulo", json!({"a": 7.5, "b": 2}), json!({})).unwrap(), json!({"result": 1.5}));
    }
}

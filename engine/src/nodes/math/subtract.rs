//! `math.subtract`: a − b.

use super::super::prelude::*;
use super::{arith, binary_def};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        binary_def(
            "math.subtract",
            "Subtract",
            "Subtracts B from A. Two Integers give an Integer; otherwise a Float.",
            json!(0),
            json!(0),
        ),
        |_| {
            func(|cx| {
                let v = arith(cx, i64::checked_sub, |a, b| a - b, "the difference")?;
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
    fn subtracts() {
        assert_eq!(eval("math.subtract", json!({"a": 2, "b": 5}), json!({})).unwrap(), json!({"result": -3}));
    }
}

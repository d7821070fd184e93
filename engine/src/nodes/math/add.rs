//! `math.add`: a + b.

use super::super::prelude::*;
use super::{arith, binary_def};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        binary_def(
            "math.add",
            "Add",
            "Adds two numbers. Two Integers give an Integer; if either is a Float the result is a Float.",
            json!(0),
            json!(0),
        ),
        |_| node(Add),
    )
}

struct Add;

impl NodeImpl for Add {
    #[inline]
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let v = arith(cx, i64::checked_add, |a, b| a + b, "the sum")?;
        cx.set(0, v);
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn integers_stay_integers_and_floats_win() {
        assert_eq!(eval("math.add", json!({"a": 2, "b": 3}), json!({})).unwrap(), json!({"result": 5}));
        assert_eq!(eval("math.add", json!({"a": 2, "b": 0.5}), json!({})).unwrap(), json!({"result": 2.5}));
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let err = eval("math.add", json!({"a": i64::MAX, "b": 1}), json!({})).unwrap_err();
        assert!(err.contains("does not fit in an Integer"), "{err}");
    }
}

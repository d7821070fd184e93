//! `logic.greater`: whether a > b.

use super::super::prelude::*;
use super::{compare_def, order};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        compare_def(
            "logic.greater",
            "Greater than",
            "True when A is greater than B: numbers by value, text alphabetically, dates by time.",
        ),
        |_| {
            func(|cx| {
                let r = order(cx)?.is_gt();
                cx.set(0, Value::Bool(r));
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
    fn greater() {
        assert_eq!(eval("logic.greater", json!({"a": 3, "b": 2}), json!({})).unwrap(), json!({"result": true}));
    }
}

//! `logic.less`: whether a < b.

use super::super::prelude::*;
use super::{compare_def, order};

pub(crate) fn kind() -> Builtin {
    Builtin::new(
        compare_def(
            "logic.less",
            "Less than",
            "True when A is less than B: numbers by value, text alphabetically, dates by time.",
        ),
        |_| {
            func(|cx| {
                let r = order(cx)?.is_lt();
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
    fn orders_numbers_and_text() {
        assert_eq!(eval("logic.less", json!({"a": 1, "b": 1.5}), json!({})).unwrap(), json!({"result": true}));
        assert_eq!(eval("logic.less", json!({"a": "b", "b": "a"}), json!({})).unwrap(), json!({"result": false}));
    }
}

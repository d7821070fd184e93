//! `logic.or`: either true.

use super::super::prelude::*;
use super::bool_def;

pub(crate) fn kind() -> Builtin {
    Builtin::new(bool_def("logic.or", "Or", "True when A or B (or both) is true."), |_| {
        func(|cx| {
            let r = cx.bool(0)? || cx.bool(1)?;
            cx.set(0, Value::Bool(r));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn truth_table() {
        assert_eq!(eval("logic.or", json!({"a": false, "b": false}), json!({})).unwrap(), json!({"result": false}));
        assert_eq!(eval("logic.or", json!({"a": false, "b": true}), json!({})).unwrap(), json!({"result": true}));
    }
}

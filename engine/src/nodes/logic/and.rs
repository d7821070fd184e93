//! `logic.and`: both true.

use super::super::prelude::*;
use super::bool_def;

pub(crate) fn kind() -> Builtin {
    Builtin::new(bool_def("logic.and", "And", "True when both A and B are true."), |_| {
        func(|cx| {
            let r = cx.bool(0)? && cx.bool(1)?;
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
        assert_eq!(eval("logic.and", json!({"a": true, "b": false}), json!({})).unwrap(), json!({"result": false}));
        assert_eq!(eval("logic.and", json!({"a": true, "b": true}), json!({})).unwrap(), json!({"result": true}));
    }
}

//! `text.trim`: strips surrounding whitespace.

use super::super::prelude::*;
use super::map_def;

pub(crate) fn kind() -> Builtin {
    Builtin::new(map_def("text.trim", "Trim", "Removes spaces, tabs and line breaks from both ends of Text."), |_| {
        func(|cx| {
            let t = cx.str(0)?.trim().to_owned();
            cx.set(0, Value::from(t));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn trims() {
        assert_eq!(eval("text.trim", json!({"text": " \t hi \n"}), json!({})).unwrap(), json!({"text": "hi"}));
    }
}

//! `text.length`: number of characters.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "text.length",
        "Text length",
        "Text",
        "The number of characters in Text (not bytes: \"é\" counts as one).",
    )
    .icon("ruler")
    .pin(PinDef::input("text", "Text", STR))
    .pin(PinDef::output("length", "Length", INT));
    Builtin::new(def, |_| {
        func(|cx| {
            let n = cx.str(0)?.chars().count() as i64;
            cx.set(0, Value::Int(n));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn counts_characters() {
        assert_eq!(eval("text.length", json!({"text": "héllo"}), json!({})).unwrap(), json!({"length": 5}));
    }
}

//! `text.replace`: replaces every occurrence.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "text.replace",
        "Replace",
        "Text",
        "Replaces every occurrence of Find in Text with With. Matching is exact and case-sensitive.",
    )
    .icon("replace")
    .pin(PinDef::input("text", "Text", STR))
    .pin(PinDef::input("find", "Find", STR))
    .pin(PinDef::input("with", "With", STR).default_value(json!("")))
    .pin(PinDef::output("text", "Text", STR));
    Builtin::new(def, |_| {
        func(|cx| {
            let find = cx.str(1)?;
            if find.is_empty() {
                return Err(cx.bad_input(1, "cannot search for empty text"));
            }
            let (text, with) = (cx.str(0)?, cx.str(2)?);
            if with.len() > find.len() {
                // Measure the result before making it.
                let grow = (with.len() - find.len()).saturating_mul(text.matches(find).count());
                cx.check_text(text.len().saturating_add(grow))?;
            }
            let out = text.replace(find, with);
            cx.set(0, Value::from(out));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn replaces_all() {
        assert_eq!(
            eval("text.replace", json!({"text": "a-b-c", "find": "-", "with": "+"}), json!({})).unwrap(),
            json!({"text": "a+b+c"})
        );
        assert!(
            eval("text.replace", json!({"text": "a", "find": ""}), json!({}))
                .unwrap_err()
                .contains("cannot search for empty text")
        );
    }
}

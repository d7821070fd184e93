//! `text.join`: joins a list into one text.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "text.join",
        "Join",
        "Text",
        "Joins the items of a list into one text with Separator between them; non-text items are written as JSON.",
    )
    .icon("link")
    .pin(PinDef::input("parts", "Parts", PinType::array(DataType::Generic)))
    .pin(PinDef::input("separator", "Separator", STR).default_value(json!(", ")))
    .pin(PinDef::output("text", "Text", STR));
    Builtin::new(def, |_| {
        func(|cx| {
            let sep = cx.str(1)?;
            let mut text = TextOut::new(cx);
            for (i, v) in cx.array(0)?.iter().enumerate() {
                if i > 0 {
                    text.push(sep)?;
                }
                text.push_value(v)?;
            }
            cx.set(0, text.finish());
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn joins() {
        assert_eq!(
            eval("text.join", json!({"parts": ["a", 1, true]}), json!({})).unwrap(),
            json!({"text": "a, 1, true"})
        );
    }
}

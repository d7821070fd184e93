//! `text.split`: cuts text at a separator.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "text.split",
        "Split",
        "Text",
        "Cuts Text at every Separator into a list of parts. An empty separator splits into characters.",
    )
    .icon("scissors")
    .pin(PinDef::input("text", "Text", STR))
    .pin(PinDef::input("separator", "Separator", STR).default_value(json!(",")))
    .pin(PinDef::output("parts", "Parts", PinType::array(DataType::String)));
    Builtin::new(def, |_| {
        func(|cx| {
            let (text, sep) = (cx.str(0)?, cx.str(1)?);
            let count = if sep.is_empty() { text.chars().count() } else { text.matches(sep).count() + 1 };
            cx.check_list(count)?;
            let parts: Vec<Value> = if sep.is_empty() {
                text.chars().map(|c| Value::from(c.to_string())).collect()
            } else {
                text.split(sep).map(Value::from).collect()
            };
            cx.set(0, Value::array(parts));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn splits() {
        assert_eq!(
            eval("text.split", json!({"text": "a,b,,c"}), json!({})).unwrap(),
            json!({"parts": ["a", "b", "", "c"]})
        );
        assert_eq!(
            eval("text.split", json!({"text": "hé", "separator": ""}), json!({})).unwrap(),
            json!({"parts": ["h", "é"]})
        );
    }
}

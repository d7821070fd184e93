//! `text.concat`: joins two texts.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "text.concat",
        "Concatenate",
        "Text",
        "Joins A and B into one text, with an optional separator between them.",
    )
    .icon("type")
    .setting(ConfigField::new("separator", "Separator", STR, json!("")))
    .pin(PinDef::input("a", "A", STR).default_value(json!("")))
    .pin(PinDef::input("b", "B", STR).default_value(json!("")))
    .pin(PinDef::output("text", "Text", STR));
    Builtin::new(def, |cx| node(Concat(cx.config.string("separator")?.to_owned())))
}

struct Concat(String);

impl NodeImpl for Concat {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let (a, b) = (cx.str(0)?, cx.str(1)?);
        cx.check_text(a.len().saturating_add(self.0.len()).saturating_add(b.len()))?;
        let t = format!("{a}{}{b}", self.0);
        cx.set(0, Value::from(t));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn joins() {
        assert_eq!(
            eval("text.concat", json!({"a": "ab", "b": "cd"}), json!({"separator": "-"})).unwrap(),
            json!({"text": "ab-cd"})
        );
    }
}

//! `text.contains`: whether text contains another.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "text.contains",
        "Contains",
        "Text",
        "True when Find occurs anywhere in Text (case-sensitive; turn on `ignore_case` to ignore case).",
    )
    .icon("search")
    .setting(ConfigField::new("ignore_case", "Ignore case", BOOL, json!(false)))
    .pin(PinDef::input("text", "Text", STR))
    .pin(PinDef::input("find", "Find", STR))
    .pin(PinDef::output("result", "Result", BOOL));
    Builtin::new(def, |cx| node(Contains(cx.config.bool("ignore_case")?)))
}

struct Contains(bool);

impl NodeImpl for Contains {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let (t, f) = (cx.str(0)?, cx.str(1)?);
        let r = if self.0 { t.to_lowercase().contains(&f.to_lowercase()) } else { t.contains(f) };
        cx.set(0, Value::Bool(r));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn finds() {
        assert_eq!(
            eval("text.contains", json!({"text": "Hello", "find": "ell"}), json!({})).unwrap(),
            json!({"result": true})
        );
        assert_eq!(
            eval("text.contains", json!({"text": "Hello", "find": "HELL"}), json!({})).unwrap(),
            json!({"result": false})
        );
        assert_eq!(
            eval("text.contains", json!({"text": "Hello", "find": "HELL"}), json!({"ignore_case": true})).unwrap(),
            json!({"result": true})
        );
    }
}

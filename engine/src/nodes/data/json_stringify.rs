//! `data.json_stringify`: a value to JSON text.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.json_stringify",
        "To JSON",
        "Data",
        "Writes any value as JSON text, compact or pretty-printed.",
    )
    .icon("braces")
    .setting(ConfigField::new("pretty", "Pretty", BOOL, json!(false)))
    .pin(PinDef::input("value", "Value", ANY))
    .pin(PinDef::output("text", "Text", STR));
    Builtin::new(def, |cx| node(Stringify(cx.config.bool("pretty")?)))
}

struct Stringify(bool);

impl NodeImpl for Stringify {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let v = cx.input(0);
        let max = cx.limits().max_text_bytes;
        // Pretty printing adds indentation: measure the compact form against a
        // share of the limit, then the result itself.
        let room = if self.0 { max / 4 } else { max };
        if v.json_len_within(room).is_none() {
            return Err(NodeError::limit(
                "max_text_bytes",
                max as u64,
                format!("{} as JSON would be longer", v.describe()),
            ));
        }
        let j = v.to_json();
        let text = if self.0 { serde_json::to_string_pretty(&j) } else { serde_json::to_string(&j) }
            .expect("JSON values serialise");
        cx.check_text(text.len())?;
        cx.set(0, Value::from(text));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn compact_and_pretty() {
        assert_eq!(
            eval("data.json_stringify", json!({"value": {"a": 1}}), json!({})).unwrap(),
            json!({"text": "{\"a\":1}"})
        );
        assert_eq!(
            eval("data.json_stringify", json!({"value": [1]}), json!({"pretty": true})).unwrap(),
            json!({"text": "[\n  1\n]"})
        );
    }
}

//! `data.get_path`: reads a value inside a structure.

use super::super::prelude::*;
use super::{get, parse_path};

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.get_path",
        "Get by path",
        "Data",
        "Reads the value at Path (a.b[0].c, or a JSON pointer /a/b/0). Found is false (and Value null) when the path does not exist; turn on `required` to fail instead.",
    )
    .icon("corner-down-right")
    .setting(ConfigField::new("required", "Required", BOOL, json!(false)))
    .pin(PinDef::input("value", "Value", ANY))
    .pin(PinDef::input("path", "Path", STR))
    .pin(PinDef::output("value", "Value", ANY))
    .pin(PinDef::output("found", "Found", BOOL));
    Builtin::new(def, |cx| node(GetPath(cx.config.bool("required")?)))
}

struct GetPath(bool);

impl NodeImpl for GetPath {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let path = parse_path(cx.str(1)?).map_err(|m| cx.bad_input(1, m))?;
        let found = get(cx.input(0), &path).cloned();
        if found.is_none() && self.0 {
            return Err(NodeError::failed(
                "path-not-found",
                format!("nothing at path `{}` in {}", cx.str(1)?, cx.input(0).describe()),
            ));
        }
        cx.set(1, Value::Bool(found.is_some()));
        cx.set(0, found.unwrap_or(Value::Null));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn reads_or_reports_missing() {
        let v = json!({"a": {"list": [10, {"c": "deep"}]}});
        assert_eq!(
            eval("data.get_path", json!({"value": v, "path": "a.list[1].c"}), json!({})).unwrap(),
            json!({"value": "deep", "found": true})
        );
        assert_eq!(
            eval("data.get_path", json!({"value": v, "path": "a.nope"}), json!({})).unwrap(),
            json!({"value": null, "found": false})
        );
        assert!(
            eval("data.get_path", json!({"value": v, "path": "a.nope"}), json!({"required": true}))
                .unwrap_err()
                .contains("nothing at path `a.nope`")
        );
    }
}

//! `data.sort_by`: sorts a list, by its values or by a field.

use std::cmp::Ordering;

use super::super::prelude::*;
use super::field;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.sort_by",
        "Sort",
        "Data",
        "Sorts a list: by the items themselves, or by field Field of Struct items. Stable (equal items keep their order); mixing kinds that cannot be compared is an error.",
    )
    .icon("arrow-down-up")
    .setting(ConfigField::new("descending", "Descending", BOOL, json!(false)))
    .pin(PinDef::input("items", "Items", PinType::array(DataType::Generic)).param("T"))
    .pin(PinDef::input("field", "Field", STR).default_value(json!("")))
    .pin(PinDef::output("items", "Items", PinType::array(DataType::Generic)).param("T"));
    Builtin::new(def, |cx| Ok(Box::new(SortBy(cx.config.bool("descending")?))))
}

struct SortBy(bool);

impl NodeImpl for SortBy {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let name = cx.str(1)?;
        let items = cx.array(0)?;
        let mut keyed: Vec<(&Value, &Value)> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let key = if name.is_empty() { item } else { field(item, name, i)? };
            keyed.push((key, item));
        }
        let mut bad = None;
        keyed.sort_by(|a, b| {
            a.0.compare(b.0).unwrap_or_else(|| {
                bad.get_or_insert_with(|| format!("cannot compare {} with {}", a.0.describe(), b.0.describe()));
                Ordering::Equal
            })
        });
        if let Some(m) = bad {
            return Err(NodeError::failed("not-comparable", m));
        }
        if self.0 {
            keyed.reverse();
        }
        let out = keyed.into_iter().map(|(_, v)| v.clone()).collect();
        cx.set(0, Value::array(out));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn sorts_values_and_fields() {
        assert_eq!(
            eval("data.sort_by", json!({"items": [3, 1.5, 2]}), json!({})).unwrap(),
            json!({"items": [1.5, 2, 3]})
        );
        let rows = json!([{"n": "b"}, {"n": "a"}]);
        assert_eq!(
            eval("data.sort_by", json!({"items": rows, "field": "n"}), json!({"descending": true})).unwrap(),
            json!({"items": [{"n": "b"}, {"n": "a"}]})
        );
        assert!(eval("data.sort_by", json!({"items": [1, "a"]}), json!({})).unwrap_err().contains("cannot compare"));
    }
}

//! `data.sort_by`: sorts a list, by its values or by a field.

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
    Builtin::new(def, |cx| node(SortBy(cx.config.bool("descending")?)))
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
        // Every key must compare with the first (one kind, no NaN); then the
        // sort sees a true total order, whatever the keys are.
        if let Some((first, _)) = keyed.first()
            && let Some((other, _)) = keyed.iter().find(|(k, _)| first.compare(k).is_none())
        {
            return Err(NodeError::failed(
                "not-comparable",
                format!("cannot compare {} with {}", first.describe(), other.describe()),
            ));
        }
        keyed.sort_by(|a, b| a.0.total_cmp(b.0));
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

    /// Regression: mixed kinds, and Integers against Floats near 2^53, made
    /// the sort panic ("comparison does not implement a total order").
    #[test]
    fn mixed_and_huge_numbers_never_panic() {
        let mixed: Vec<serde_json::Value> = (0..200)
            .map(|i| {
                if i % 3 == 0 {
                    json!(i)
                } else if i % 3 == 1 {
                    json!(format!("s{i}"))
                } else {
                    json!([i])
                }
            })
            .collect();
        assert!(eval("data.sort_by", json!({"items": mixed}), json!({})).unwrap_err().contains("cannot compare"));
        let big = 1i64 << 53;
        let near: Vec<serde_json::Value> = (0..300)
            .map(|i| if i % 2 == 0 { json!(big + (i % 7) - 3) } else { json!((big + (i % 5) - 2) as f64 + 0.5) })
            .collect();
        let sorted = eval("data.sort_by", json!({"items": near}), json!({})).unwrap();
        let items = sorted["items"].as_array().unwrap();
        assert_eq!(items.len(), 300);
        assert!(items.windows(2).all(|w| w[0].as_f64().unwrap() <= w[1].as_f64().unwrap()));
    }
}

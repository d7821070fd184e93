//! `data.map_field`: one field from every item of a list.

use super::super::prelude::*;
use super::field;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.map_field",
        "Pluck field",
        "Data",
        "Takes field Field from every Struct in the list, e.g. the `price` of every row. An item without the field is an error unless `skip_missing` is on.",
    )
    .icon("columns")
    .setting(ConfigField::new("skip_missing", "Skip missing", BOOL, json!(false)))
    .pin(PinDef::input("items", "Items", PinType::array(DataType::Struct)))
    .pin(PinDef::input("field", "Field", STR))
    .pin(PinDef::output("values", "Values", PinType::array(DataType::Generic)));
    Builtin::new(def, |cx| node(MapField(cx.config.bool("skip_missing")?)))
}

struct MapField(bool);

impl NodeImpl for MapField {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let name = cx.str(1)?;
        let mut out = Vec::new();
        for (i, item) in cx.array(0)?.iter().enumerate() {
            match field(item, name, i) {
                Ok(v) => out.push(v.clone()),
                Err(_) if self.0 => {}
                Err(e) => return Err(e),
            }
        }
        cx.set(0, Value::array(out));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn plucks() {
        let rows = json!([{"n": 1}, {"n": 2}, {"m": 3}]);
        assert_eq!(
            eval("data.map_field", json!({"items": rows, "field": "n"}), json!({"skip_missing": true})).unwrap(),
            json!({"values": [1, 2]})
        );
        assert!(
            eval("data.map_field", json!({"items": rows, "field": "n"}), json!({}))
                .unwrap_err()
                .contains("item 2 has no field `n`")
        );
    }
}

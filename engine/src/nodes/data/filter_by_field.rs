//! `data.filter_by_field`: keeps the items whose field passes a test.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.filter_by_field",
        "Filter by field",
        "Data",
        "Keeps the Structs whose field Field passes the test against Value: equals, not_equals, less, greater, contains (text) or exists.",
    )
    .icon("filter")
    .setting(ConfigField::new("op", "Test", STR, json!("equals")).options(&["equals", "not_equals", "less", "greater", "contains", "exists"]))
    .pin(PinDef::input("items", "Items", PinType::array(DataType::Struct)))
    .pin(PinDef::input("field", "Field", STR))
    .pin(PinDef::input("value", "Value", ANY).optional())
    .pin(PinDef::output("items", "Items", PinType::array(DataType::Struct)));
    Builtin::new(def, |cx| node(Filter(cx.config.choice("op")?.to_owned())))
}

struct Filter(String);

impl NodeImpl for Filter {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let name = cx.str(1)?;
        let want = cx.input(2);
        let mut kept = Vec::new();
        for item in cx.array(0)? {
            let got = item.as_map().and_then(|m| m.get(name));
            let keep = match (self.0.as_str(), got) {
                ("exists", g) => g.is_some(),
                (_, None) => false,
                ("equals", Some(g)) => g.loose_eq(want),
                ("not_equals", Some(g)) => !g.loose_eq(want),
                ("less", Some(g)) => g.compare(want).is_some_and(|o| o.is_lt()),
                ("greater", Some(g)) => g.compare(want).is_some_and(|o| o.is_gt()),
                ("contains", Some(g)) => match (g.as_str(), want.as_str()) {
                    (Some(h), Some(n)) => h.contains(n),
                    _ => g.as_array().is_some_and(|a| a.iter().any(|x| x.loose_eq(want))),
                },
                _ => false,
            };
            if keep {
                kept.push(item.clone());
            }
        }
        cx.set(0, Value::array(kept));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn tests() {
        let rows = json!([{"n": 1, "t": "apple"}, {"n": 5, "t": "pear"}, {"t": "fig"}]);
        let run = |op: &str, v: serde_json::Value, f: &str| {
            eval("data.filter_by_field", json!({"items": rows, "field": f, "value": v}), json!({"op": op})).unwrap()["items"].clone()
        };
        assert_eq!(run("greater", json!(2), "n"), json!([{"n": 5, "t": "pear"}]));
        assert_eq!(run("contains", json!("pp"), "t"), json!([{"n": 1, "t": "apple"}]));
        assert_eq!(run("exists", json!(null), "n").as_array().unwrap().len(), 2);
        assert_eq!(run("not_equals", json!(1), "n").as_array().unwrap().len(), 1);
    }
}

//! `data.merge`: combines two structs.

use std::sync::Arc;

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.merge",
        "Merge",
        "Data",
        "Combines two Structs; where both have a field, B's wins. With `deep` on, nested Structs are merged field by field too.",
    )
    .icon("git-merge")
    .setting(ConfigField::new("deep", "Deep", BOOL, json!(false)))
    .pin(PinDef::input("a", "A", STRUCT))
    .pin(PinDef::input("b", "B", STRUCT))
    .pin(PinDef::output("result", "Result", STRUCT));
    Builtin::new(def, |cx| node(Merge(cx.config.bool("deep")?)))
}

struct Merge(bool);

fn merge(a: &mut Value, b: &Value, deep: bool) {
    match (a, b) {
        (Value::Map(am), Value::Map(bm)) => {
            let am = Arc::make_mut(am);
            for (k, bv) in bm.iter() {
                match am.get_mut(k) {
                    Some(av) if deep && matches!((&*av, bv), (Value::Map(_), Value::Map(_))) => merge(av, bv, deep),
                    _ => {
                        am.insert(k.clone(), bv.clone());
                    }
                }
            }
        }
        (a, b) => *a = b.clone(),
    }
}

impl NodeImpl for Merge {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        cx.map(0)?;
        cx.map(1)?;
        let mut out = cx.input(0).clone();
        merge(&mut out, cx.input(1), self.0);
        cx.set(0, out);
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn shallow_and_deep() {
        let a = json!({"x": 1, "n": {"p": 1, "q": 1}});
        let b = json!({"y": 2, "n": {"q": 2}});
        assert_eq!(
            eval("data.merge", json!({"a": a, "b": b}), json!({})).unwrap(),
            json!({"result": {"x": 1, "y": 2, "n": {"q": 2}}})
        );
        assert_eq!(
            eval("data.merge", json!({"a": a, "b": b}), json!({"deep": true})).unwrap(),
            json!({"result": {"x": 1, "y": 2, "n": {"p": 1, "q": 2}}})
        );
    }
}

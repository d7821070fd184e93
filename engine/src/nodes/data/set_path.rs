//! `data.set_path`: writes a value inside a structure (a changed copy).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::super::prelude::*;
use super::{Seg, parse_path};

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.set_path",
        "Set by path",
        "Data",
        "Returns a copy of Value with New placed at Path, creating missing structs on the way. The input itself is not changed.",
    )
    .icon("corner-down-right")
    .pin(PinDef::input("value", "Value", ANY).default_value(json!({})))
    .pin(PinDef::input("path", "Path", STR))
    .pin(PinDef::input("new", "New", ANY))
    .pin(PinDef::output("value", "Value", ANY));
    Builtin::new(def, |_| {
        func(|cx| {
            let path = parse_path(cx.str(1)?).map_err(|m| cx.bad_input(1, m))?;
            let depth = cx.limits().depth();
            if path.len() > depth {
                let what = format!("the path has {} steps, so the value would nest deeper", path.len());
                return Err(NodeError::limit("max_depth", depth as u64, what));
            }
            let mut root = cx.input(0).clone();
            set(&mut root, &path, cx.input(2).clone()).map_err(|m| {
                NodeError::failed("bad-path", format!("cannot set `{}`: {m}", cx.str(1).unwrap_or_default()))
            })?;
            cx.check_depth(&root)?;
            cx.set(0, root);
            Ok(Step::Done)
        })
    })
}

fn set(v: &mut Value, path: &[Seg], new: Value) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        *v = new;
        return Ok(());
    };
    if matches!(v, Value::Null) {
        *v = Value::map(BTreeMap::new());
    }
    match (first, v) {
        (Seg::Key(k), Value::Map(m)) => set(Arc::make_mut(m).entry(k.clone()).or_insert(Value::Null), rest, new),
        (Seg::Index(i), Value::Array(a)) => {
            let len = a.len();
            let slot =
                Arc::make_mut(a).get_mut(*i).ok_or_else(|| format!("index {i} is past the end of a list of {len}"))?;
            set(slot, rest, new)
        }
        (seg, other) => Err(format!(
            "{} has no {}",
            other.describe(),
            match seg {
                Seg::Key(k) => format!("field `{k}`"),
                Seg::Index(i) => format!("index {i}"),
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn writes_and_creates() {
        let out = eval("data.set_path", json!({"value": {"a": [1, 2]}, "path": "a[1]", "new": 9}), json!({})).unwrap();
        assert_eq!(out, json!({"value": {"a": [1, 9]}}));
        let out = eval("data.set_path", json!({"path": "x.y", "new": true}), json!({})).unwrap();
        assert_eq!(out, json!({"value": {"x": {"y": true}}}));
        let err = eval("data.set_path", json!({"value": {"a": []}, "path": "a[3]", "new": 1}), json!({})).unwrap_err();
        assert!(err.contains("index 3 is past the end of a list of 0"), "{err}");
    }
}

//! `time.now`: the current instant.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "time.now",
        "Now",
        "Time",
        "The current date and time (UTC), read each time the node is evaluated.",
    )
    .icon("clock")
    .pin(PinDef::output("now", "Now", DATE));
    Builtin::new(def, |_| {
        func(|cx| {
            let ms = cx.now_ms() as i64;
            cx.set(0, Value::Date(ms));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn is_recent() {
        let out = eval("time.now", json!({}), json!({})).unwrap();
        let text = out["now"].as_str().unwrap();
        assert!(text.starts_with("20") && text.ends_with('Z'), "{text}");
    }
}

//! `text.lower`: lower case.

use super::super::prelude::*;
use super::map_def;

pub(crate) fn kind() -> Builtin {
    Builtin::new(map_def("text.lower", "Lower case", "Turns every letter of Text into lower case."), |_| {
        func(|cx| {
            let s = cx.str(0)?;
            cx.check_text(s.len())?;
            let t = s.to_lowercase();
            cx.check_text(t.len())?;
            cx.set(0, Value::from(t));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn lowers() {
        assert_eq!(eval("text.lower", json!({"text": "ÀB"}), json!({})).unwrap(), json!({"text": "àb"}));
    }
}

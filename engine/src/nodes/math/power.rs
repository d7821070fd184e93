//! `math.power`: base raised to an exponent.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "math.power",
        "Power",
        "Math",
        "Raises Base to Exponent (2 ^ 10 = 1024) as a Float. Results that are not finite numbers are errors.",
    )
    .icon("calculator")
    .pin(PinDef::input("base", "Base", FLOAT).default_value(json!(2.0)))
    .pin(PinDef::input("exponent", "Exponent", FLOAT).default_value(json!(2.0)))
    .pin(PinDef::output("result", "Result", FLOAT));
    Builtin::new(def, |_| {
        func(|cx| {
            let (b, e) = (cx.f64(0)?, cx.f64(1)?);
            let r = b.powf(e);
            if !r.is_finite() {
                return Err(NodeError::failed("not-finite", format!("{b} ^ {e} is not a finite number")));
            }
            cx.set(0, Value::Float(r));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn powers() {
        assert_eq!(
            eval("math.power", json!({"base": 2, "exponent": 10}), json!({})).unwrap(),
            json!({"result": 1024.0})
        );
        assert!(
            eval("math.power", json!({"base": -8, "exponent": 0.5}), json!({}))
                .unwrap_err()
                .contains("not a finite number")
        );
    }
}

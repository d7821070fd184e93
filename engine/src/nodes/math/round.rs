//! `math.round`: rounds to a number of decimal places.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "math.round",
        "Round",
        "Math",
        "Rounds Value to Digits decimal places (0 for a whole number), half away from zero; or always down (floor), up (ceil) or toward zero (trunc).",
    )
    .icon("calculator")
    .setting(ConfigField::new("mode", "Mode", STR, json!("round")).options(&["round", "floor", "ceil", "trunc"]))
    .pin(PinDef::input("value", "Value", FLOAT))
    .pin(PinDef::input("digits", "Digits", INT).default_value(json!(0)))
    .pin(PinDef::output("result", "Result", FLOAT));
    Builtin::new(def, |cx| {
        let op: fn(f64) -> f64 = match cx.config.choice("mode")? {
            "floor" => f64::floor,
            "ceil" => f64::ceil,
            "trunc" => f64::trunc,
            _ => f64::round,
        };
        node(Round(op))
    })
}

struct Round(fn(f64) -> f64);

impl NodeImpl for Round {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let v = cx.f64(0)?;
        let digits = cx.i64(1)?;
        if !(-15..=15).contains(&digits) {
            return Err(cx.bad_input(1, format!("must be between -15 and 15, got {digits}")));
        }
        let scale = 10f64.powi(digits as i32);
        cx.set(0, Value::Float((self.0)(v * scale) / scale));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn modes_and_digits() {
        assert_eq!(
            eval("math.round", json!({"value": 2.345, "digits": 1}), json!({})).unwrap(),
            json!({"result": 2.3})
        );
        assert_eq!(eval("math.round", json!({"value": 2.5}), json!({})).unwrap(), json!({"result": 3.0}));
        assert_eq!(
            eval("math.round", json!({"value": 2.7}), json!({"mode": "floor"})).unwrap(),
            json!({"result": 2.0})
        );
        assert_eq!(
            eval("math.round", json!({"value": -2.7}), json!({"mode": "trunc"})).unwrap(),
            json!({"result": -2.0})
        );
    }
}

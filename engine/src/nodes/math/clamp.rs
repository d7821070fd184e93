//! `math.clamp`: keeps a number within bounds.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "math.clamp",
        "Clamp",
        "Math",
        "Keeps Value between Min and Max: below Min gives Min, above Max gives Max. Min above Max is an error.",
    )
    .icon("calculator")
    .type_param("T", &[DataType::Integer, DataType::Float])
    .pin(PinDef::input("value", "Value", ANY).param("T"))
    .pin(PinDef::input("min", "Min", ANY).param("T").default_value(json!(0)))
    .pin(PinDef::input("max", "Max", ANY).param("T").default_value(json!(1)))
    .pin(PinDef::output("result", "Result", ANY).param("T"));
    Builtin::new(def, |_| {
        func(|cx| {
            let (v, lo, hi) = (cx.f64(0)?, cx.f64(1)?, cx.f64(2)?);
            if lo > hi {
                return Err(NodeError::failed("bad-bounds", format!("min ({lo}) is above max ({hi})")));
            }
            let pick = if v < lo {
                1
            } else if v > hi {
                2
            } else {
                0
            };
            let out = cx.input(pick).clone();
            let all_int = (0..3).all(|i| matches!(cx.input(i), Value::Int(_)));
            cx.set(0, if all_int { out } else { Value::Float(out.as_f64().unwrap_or(v)) });
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn clamps() {
        assert_eq!(
            eval("math.clamp", json!({"value": 12, "min": 0, "max": 10}), json!({})).unwrap(),
            json!({"result": 10})
        );
        assert_eq!(
            eval("math.clamp", json!({"value": -0.5, "min": 0, "max": 1}), json!({})).unwrap(),
            json!({"result": 0.0})
        );
        assert!(
            eval("math.clamp", json!({"value": 1, "min": 5, "max": 0}), json!({}))
                .unwrap_err()
                .contains("min (5) is above max (0)")
        );
    }
}

//! `data.range`: a list of whole numbers.

use super::super::prelude::*;

/// The longest list `data.range` makes.
const MAX_LEN: i64 = 10_000_000;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.range",
        "Range",
        "Data",
        "The whole numbers from Start up to (not including) End, counting by Step: 0, 1, ..., 9 for Start 0 and End 10. A negative Step counts down.",
    )
    .icon("list-ordered")
    .pin(PinDef::input("start", "Start", INT).default_value(json!(0)))
    .pin(PinDef::input("end", "End", INT))
    .pin(PinDef::input("step", "Step", INT).default_value(json!(1)))
    .pin(PinDef::output("values", "Values", PinType::array(DataType::Integer)));
    Builtin::new(def, |_| {
        func(|cx| {
            let (start, end, step) = (cx.i64(0)?, cx.i64(1)?, cx.i64(2)?);
            if step == 0 {
                return Err(cx.bad_input(2, "a step of 0 never reaches the end"));
            }
            let len = if (step > 0 && end > start) || (step < 0 && end < start) {
                ((end as i128 - start as i128).abs() + step.unsigned_abs() as i128 - 1) / step.unsigned_abs() as i128
            } else {
                0
            };
            if len > MAX_LEN as i128 {
                return Err(NodeError::failed(
                    "too-large",
                    format!("the range has {len} numbers; the limit is {MAX_LEN}"),
                ));
            }
            cx.check_list(len as usize)?;
            let values = (0..len as i64).map(|i| Value::Int(start + i * step)).collect();
            cx.set(0, Value::array(values));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn counts_up_and_down() {
        assert_eq!(eval("data.range", json!({"end": 4}), json!({})).unwrap(), json!({"values": [0, 1, 2, 3]}));
        assert_eq!(
            eval("data.range", json!({"start": 10, "end": 0, "step": -3}), json!({})).unwrap(),
            json!({"values": [10, 7, 4, 1]})
        );
        assert_eq!(eval("data.range", json!({"start": 5, "end": 0}), json!({})).unwrap(), json!({"values": []}));
        assert!(eval("data.range", json!({"end": i64::MAX}), json!({})).unwrap_err().contains("the limit is"));
    }
}

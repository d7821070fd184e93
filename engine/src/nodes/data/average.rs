//! `data.average`: the mean of a list of numbers.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.average",
        "Average",
        "Data",
        "The mean of a list of numbers, as a Float. An empty list has no average and is an error.",
    )
    .icon("sigma")
    .pin(PinDef::input("values", "Values", PinType::array(DataType::Float)))
    .pin(PinDef::output("average", "Average", FLOAT));
    Builtin::new(def, |_| {
        func(|cx| {
            let values = cx.array(0)?;
            if values.is_empty() {
                return Err(cx.bad_input(0, "an empty list has no average"));
            }
            let mut total = 0.0;
            for (i, v) in values.iter().enumerate() {
                total += v.as_f64().ok_or_else(|| {
                    NodeError::failed("not-a-number", format!("item {i} is {}, not a number", v.describe()))
                })?;
            }
            let avg = total / values.len() as f64;
            cx.set(0, Value::Float(avg));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn averages() {
        assert_eq!(eval("data.average", json!({"values": [1, 2, 3, 4]}), json!({})).unwrap(), json!({"average": 2.5}));
        assert!(eval("data.average", json!({"values": []}), json!({})).unwrap_err().contains("has no average"));
    }
}

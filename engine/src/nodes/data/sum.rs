//! `data.sum`: adds up a list of numbers.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new("data.sum", "Sum", "Data", "Adds up a list of numbers: Integers give an Integer (overflow is an error), otherwise a Float. An empty list sums to 0.")
        .icon("sigma")
        .type_param("T", &[DataType::Integer, DataType::Float])
        .pin(PinDef::input("values", "Values", PinType::array(DataType::Generic)).param("T"))
        .pin(PinDef::output("total", "Total", ANY).param("T"));
    Builtin::new(def, |_| {
        func(|cx| {
            let mut int: Option<i64> = Some(0);
            let mut float = 0.0;
            for (i, v) in cx.array(0)?.iter().enumerate() {
                match v {
                    Value::Int(x) => {
                        int = int
                            .map(|s| {
                                s.checked_add(*x).ok_or_else(|| {
                                    NodeError::failed("integer-overflow", "the sum does not fit in an Integer")
                                })
                            })
                            .transpose()?;
                        float += *x as f64;
                    }
                    Value::Float(x) => {
                        int = None;
                        float += x;
                    }
                    other => {
                        return Err(NodeError::failed(
                            "not-a-number",
                            format!("item {i} is {}, not a number", other.describe()),
                        ));
                    }
                }
            }
            cx.set(0, int.map(Value::Int).unwrap_or(Value::Float(float)));
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn sums() {
        assert_eq!(eval("data.sum", json!({"values": [1, 2, 3]}), json!({})).unwrap(), json!({"total": 6}));
        assert_eq!(eval("data.sum", json!({"values": [1, 0.5]}), json!({})).unwrap(), json!({"total": 1.5}));
        assert_eq!(eval("data.sum", json!({"values": []}), json!({})).unwrap(), json!({"total": 0}));
    }
}

//! `math.max`: the larger of two numbers.

use super::super::prelude::*;
use super::binary_def;

pub(crate) fn kind() -> Builtin {
    Builtin::new(binary_def("math.max", "Max", "The larger of A and B, keeping its type.", json!(0), json!(0)), |_| {
        func(|cx| {
            let v = if cx.f64(1)? > cx.f64(0)? { cx.input(1).clone() } else { cx.input(0).clone() };
            cx.set(0, v);
            Ok(Step::Done)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn larger() {
        assert_eq!(eval("math.max", json!({"a": 3, "b": 4.5}), json!({})).unwrap(), json!({"result": 4.5}));
    }
}

//! `bad-variable`: a board variable's default must fit its declared type.

use crate::validate::{Code, Target};
use crate::value::Value;

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    for v in &a.variables {
        if v.data_type == crate::types::DataType::Execution {
            out.error(Code::BadVariable, Target::Variable { name: v.name.clone() }, "a variable cannot hold Execution");
            continue;
        }
        if v.default.is_null() {
            continue;
        }
        if let Err(e) = Value::from_json(&v.default).coerce(v.pin_type()) {
            out.error(
                Code::BadVariable,
                Target::Variable { name: v.name.clone() },
                format!("default value does not fit {}: {e}", v.pin_type()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn defaults_must_fit() {
        let lines = with_code(
            json!({"variables": [
                {"name": "n", "data_type": "Integer", "default": "ten"},
                {"name": "ok", "data_type": "Float", "default": 1},
                {"name": "x", "data_type": "Execution"}
            ]}),
            "bad-variable",
        );
        assert_eq!(
            lines,
            [
                "error[bad-variable] variable `n`: default value does not fit Integer: expected Integer, got String \"ten\"",
                "error[bad-variable] variable `x`: a variable cannot hold Execution",
            ]
        );
    }
}

//! `missing-input`: a required data input needs a wire, an inline value or a default.

use crate::flatten::PASS_KIND;
use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    for (n, (node, info)) in a.board.nodes.iter().zip(&a.nodes).enumerate() {
        for (p, pin) in info.pins.iter().enumerate() {
            if !pin.is_input() || pin.is_exec() || pin.optional || pin.default.is_some() {
                continue;
            }
            if node.inputs.contains_key(pin.name.as_str()) || a.incoming(n, p).next().is_some() {
                continue;
            }
            let leaving = node.kind == PASS_KIND && node.config.get("side").and_then(|s| s.as_str()) == Some("out");
            let message = if leaving {
                format!("output `{}` ({}) gets no value inside its subflow", pin.name, info.types[p])
            } else {
                format!("input `{}` ({}) needs a wire or a value", pin.name, info.types[p])
            };
            out.error(
                Code::MissingInput,
                Target::Pin { node: node.id.clone(), pin: pin.name.as_str().into() },
                message,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn unfed_required_inputs_are_listed() {
        let lines = with_code(
            json!({"nodes": [
                {"id": "a", "kind": "logic.and", "inputs": {"a": true}},
                {"id": "b", "kind": "logic.not"}
            ]}),
            "missing-input",
        );
        assert_eq!(
            lines,
            [
                "error[missing-input] node `a` pin `b`: input `b` (Boolean) needs a wire or a value",
                "error[missing-input] node `b` pin `value`: input `value` (Boolean) needs a wire or a value",
            ]
        );
    }
}

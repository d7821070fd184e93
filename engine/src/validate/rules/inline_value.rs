//! `bad-inline-value` and `shadowed-inline-value`: an inline value must name a
//! data input and fit its type; on a connected input it is ignored (warning).

use crate::validate::{Code, Target};
use crate::value::Value;

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    for (n, (node, info)) in a.board.nodes.iter().zip(&a.nodes).enumerate() {
        if !info.known() {
            continue;
        }
        for (name, json) in &node.inputs {
            let target = || Target::Pin { node: node.id.clone(), pin: name.clone() };
            let Some(p) = info.pins.iter().position(|p| p.is_input() && p.name == name.as_str()) else {
                let names: Vec<&str> =
                    info.pins.iter().filter(|p| p.is_input() && !p.is_exec()).map(|p| p.name.as_str()).collect();
                out.error(
                    Code::BadInlineValue,
                    target(),
                    format!("`{}` has no input `{name}`; its inputs are: {}", node.kind, names.join(", ")),
                );
                continue;
            };
            let pin = &info.pins[p];
            if pin.is_exec() {
                out.error(Code::BadInlineValue, target(), format!("`{name}` is an execution input and takes no value"));
                continue;
            }
            let ty = info.types[p];
            if let Err(e) = Value::from_json(json).coerce(ty) {
                out.error(Code::BadInlineValue, target(), format!("value for `{name}` does not fit {ty}: {e}"));
                continue;
            }
            if a.incoming(n, p).next().is_some() {
                out.warning(
                    Code::ShadowedInlineValue,
                    target(),
                    format!("input `{name}` is wired, so its inline value is ignored"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::diagnose;
    use serde_json::json;

    #[test]
    fn values_must_fit_and_name_a_data_input() {
        let lines = diagnose(json!({
            "nodes": [
                {"id": "a", "kind": "logic.not", "inputs": {"value": "yes", "nope": 1}},
                {"id": "b", "kind": "output.debug_log", "inputs": {"exec": 1, "value": 3}},
                {"id": "c", "kind": "logic.not", "inputs": {"value": true}},
                {"id": "d", "kind": "logic.not", "inputs": {"value": false}}
            ],
            "edges": [{"id": "e", "from": {"node": "c", "pin": "result"}, "to": {"node": "d", "pin": "value"}}]
        }));
        let inline: Vec<_> = lines.iter().filter(|l| l.contains("inline-value]")).collect();
        assert_eq!(
            inline,
            [
                "error[bad-inline-value] node `a` pin `nope`: `logic.not` has no input `nope`; its inputs are: value",
                "error[bad-inline-value] node `a` pin `value`: value for `value` does not fit Boolean: expected Boolean, got String \"yes\"",
                "error[bad-inline-value] node `b` pin `exec`: `exec` is an execution input and takes no value",
                "warning[shadowed-inline-value] node `d` pin `value`: input `value` is wired, so its inline value is ignored",
            ]
        );
    }
}

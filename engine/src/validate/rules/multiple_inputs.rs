//! `multiple-inputs`: a data input takes at most one wire (execution inputs may merge).

use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    for (n, info) in a.nodes.iter().enumerate() {
        for (p, pin) in info.pins.iter().enumerate() {
            if !pin.is_input() || pin.is_exec() {
                continue;
            }
            if a.incoming(n, p).nth(1).is_none() {
                continue;
            }
            let sources: Vec<String> = a.incoming(n, p).map(|(e, _)| format!("`{}`", a.board.edges[e].from)).collect();
            out.error(
                Code::MultipleInputs,
                Target::Pin { node: a.node_id(n).clone(), pin: pin.name.as_str().into() },
                format!(
                    "input `{}` has {} wires (from {}); a data input takes one",
                    pin.name,
                    sources.len(),
                    sources.join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn two_wires_into_one_input() {
        let lines = with_code(
            json!({
                "nodes": [{"id": "a", "kind": "logic.not"}, {"id": "b", "kind": "logic.not"}, {"id": "c", "kind": "logic.not"}],
                "edges": [
                    {"id": "e1", "from": {"node": "a", "pin": "result"}, "to": {"node": "c", "pin": "value"}},
                    {"id": "e2", "from": {"node": "b", "pin": "result"}, "to": {"node": "c", "pin": "value"}}
                ]
            }),
            "multiple-inputs",
        );
        assert_eq!(
            lines,
            [
                "error[multiple-inputs] node `c` pin `value`: input `value` has 2 wires (from `a.result`, `b.result`); a data input takes one"
            ]
        );
    }
}

//! `type-mismatch`: connected pins must be compatible under [`crate::can_connect`],
//! generic type parameters must agree, and must be a type their node allows.

use std::collections::HashSet;

use crate::compat::can_connect;
use crate::validate::wiring::EdgeState;
use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    let mut reported = HashSet::new();
    for c in &a.typing.conflicts {
        let edge = &a.board.edges[c.edge];
        reported.insert(c.edge);
        out.error(
            Code::TypeMismatch,
            Target::Edge { edge: edge.id.clone() },
            format!(
                "`{}` brings {} to `{}`, but generic `{}` of node `{}` is already {} from another wire",
                edge.from,
                c.got,
                edge.to,
                c.label,
                a.node_id(c.node),
                c.had
            ),
        );
    }
    for v in &a.typing.violations {
        let names: Vec<&str> = v.allowed.iter().map(|d| d.name()).collect();
        out.error(
            Code::TypeMismatch,
            Target::Pin { node: a.node_id(v.node).clone(), pin: a.nodes[v.node].pins[v.pin].name.as_str().into() },
            format!(
                "`{}` works with {} for `{}`, but is wired to {}",
                a.board.nodes[v.node].kind,
                names.join(" or "),
                v.param,
                v.got
            ),
        );
    }
    for (i, (edge, state)) in a.board.edges.iter().zip(&a.edges).enumerate() {
        let EdgeState::Ok { from, to } = *state else { continue };
        if reported.contains(&i) {
            continue;
        }
        let (ft, tt) = (a.ty(from), a.ty(to));
        if let Err(why) = can_connect(ft, tt) {
            out.error(
                Code::TypeMismatch,
                Target::Edge { edge: edge.id.clone() },
                format!("`{}` ({ft}) cannot connect to `{}` ({tt}): {why}", edge.from, edge.to),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    fn edge(id: &str, from: &str, fp: &str, to: &str, tp: &str) -> serde_json::Value {
        json!({"id": id, "from": {"node": from, "pin": fp}, "to": {"node": to, "pin": tp}})
    }

    #[test]
    fn text_into_a_number_pin_needs_a_conversion() {
        let lines = with_code(
            json!({
                "nodes": [{"id": "t", "kind": "text.upper"}, {"id": "n", "kind": "logic.not"}],
                "edges": [edge("e", "t", "text", "n", "value")]
            }),
            "type-mismatch",
        );
        assert_eq!(
            lines,
            [
                "error[type-mismatch] edge `e`: `t.text` (String) cannot connect to `n.value` (Boolean): String cannot flow into Boolean without a conversion node"
            ]
        );
    }

    #[test]
    fn a_generic_parameter_cannot_be_two_types() {
        let lines = with_code(
            json!({
                "nodes": [{"id": "s", "kind": "text.upper"}, {"id": "i", "kind": "text.length"}, {"id": "m", "kind": "logic.less"}],
                "edges": [edge("e1", "i", "length", "m", "a"), edge("e2", "s", "text", "m", "b")]
            }),
            "type-mismatch",
        );
        assert_eq!(
            lines,
            [
                "error[type-mismatch] edge `e2`: `s.text` brings String to `m.b`, but generic `T` of node `m` is already Integer from another wire"
            ]
        );
    }

    #[test]
    fn integer_meets_float_as_float() {
        let lines = with_code(
            json!({
                "nodes": [{"id": "i", "kind": "text.length"}, {"id": "f", "kind": "math.power"}, {"id": "m", "kind": "math.add"}],
                "edges": [edge("e1", "i", "length", "m", "a"), edge("e2", "f", "result", "m", "b")]
            }),
            "type-mismatch",
        );
        assert!(lines.is_empty(), "{lines:?}");
    }

    #[test]
    fn a_parameter_must_be_an_allowed_type() {
        let lines = with_code(
            json!({
                "nodes": [{"id": "s", "kind": "text.upper"}, {"id": "m", "kind": "math.add"}],
                "edges": [edge("e", "s", "text", "m", "a")]
            }),
            "type-mismatch",
        );
        assert_eq!(
            lines,
            [
                "error[type-mismatch] node `m` pin `a`: `math.add` works with Integer or Float for `T`, but is wired to String"
            ]
        );
    }

    #[test]
    fn execution_and_data_do_not_mix() {
        let lines = with_code(
            json!({
                "nodes": [{"id": "s", "kind": "event.manual_start"}, {"id": "n", "kind": "logic.not"}],
                "edges": [edge("e", "s", "then", "n", "value")]
            }),
            "type-mismatch",
        );
        assert_eq!(
            lines,
            [
                "error[type-mismatch] edge `e`: `s.then` (Execution) cannot connect to `n.value` (Boolean): an execution pin connects only to another execution pin (Execution → Boolean)"
            ]
        );
    }
}

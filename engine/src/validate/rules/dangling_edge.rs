//! `dangling-edge` and `edge-direction`: both ends of an edge must exist, and
//! an edge goes from an output pin to an input pin.

use crate::validate::wiring::{EdgeState, End};
use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    for (edge, state) in a.board.edges.iter().zip(&a.edges) {
        let target = || Target::Edge { edge: edge.id.clone() };
        let end_ref = |end: End| if end == End::From { &edge.from } else { &edge.to };
        match *state {
            EdgeState::MissingNode { end } => {
                let r = end_ref(end);
                let verb = if end == End::From { "starts at" } else { "ends at" };
                out.error(Code::DanglingEdge, target(), format!("{verb} node `{}`, which does not exist", r.node));
            }
            EdgeState::MissingPin { end, node } => {
                let r = end_ref(end);
                let want_input = end == End::To;
                let names: Vec<&str> =
                    a.nodes[node].pins.iter().filter(|p| p.is_input() == want_input).map(|p| p.name.as_str()).collect();
                let side = if want_input { "input" } else { "output" };
                out.error(
                    Code::DanglingEdge,
                    target(),
                    format!(
                        "node `{}` ({}) has no {side} `{}`; its {side}s are: {}",
                        r.node,
                        a.board.nodes[node].kind,
                        r.pin,
                        names.join(", ")
                    ),
                );
            }
            EdgeState::Direction { end } => {
                let r = end_ref(end);
                let msg = if end == End::From {
                    format!("starts at `{r}`, which is an input; edges start at outputs")
                } else {
                    format!("ends at `{r}`, which is an output; edges end at inputs")
                };
                out.error(Code::EdgeDirection, target(), msg);
            }
            EdgeState::Ok { .. } | EdgeState::Unknown => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::diagnose;
    use serde_json::json;

    #[test]
    fn each_broken_end_is_named() {
        let lines = diagnose(json!({
            "nodes": [{"id": "a", "kind": "logic.not"}, {"id": "b", "kind": "logic.not"}],
            "edges": [
                {"id": "e1", "from": {"node": "ghost", "pin": "result"}, "to": {"node": "b", "pin": "value"}},
                {"id": "e2", "from": {"node": "a", "pin": "nope"}, "to": {"node": "b", "pin": "value"}},
                {"id": "e3", "from": {"node": "a", "pin": "value"}, "to": {"node": "b", "pin": "value"}},
                {"id": "e4", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "result"}}
            ]
        }));
        let edge_lines: Vec<_> = lines.iter().filter(|l| l.contains("edge `")).collect();
        assert_eq!(
            edge_lines,
            [
                "error[dangling-edge] edge `e1`: starts at node `ghost`, which does not exist",
                "error[dangling-edge] edge `e2`: node `a` (logic.not) has no output `nope`; its outputs are: result, error",
                "error[edge-direction] edge `e3`: starts at `a.value`, which is an input; edges start at outputs",
                "error[edge-direction] edge `e4`: ends at `b.result`, which is an output; edges end at inputs",
            ]
        );
    }
}

//! `control-needs-execution`: branch, loops and other control nodes only make
//! sense along execution wires; a board without any runs as a dataflow graph.

use crate::catalog::Role;
use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    if a.exec_wires {
        return;
    }
    for (node, info) in a.board.nodes.iter().zip(&a.nodes) {
        if info.role == Role::Control {
            out.error(
                Code::ControlNeedsExecution,
                Target::Node { node: node.id.clone() },
                format!(
                    "`{}` steers execution, but this board has no execution wires; wire an event's `then` into it",
                    node.kind
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
    fn a_branch_in_a_dataflow_board() {
        let lines = with_code(
            json!({"nodes": [{"id": "b", "kind": "flow.branch", "inputs": {"condition": true}}]}),
            "control-needs-execution",
        );
        assert_eq!(
            lines,
            [
                "error[control-needs-execution] node `b`: `flow.branch` steers execution, but this board has no execution wires; wire an event's `then` into it"
            ]
        );
    }
}

//! `execution-cycle`: execution wires must not loop back; repetition goes
//! through a loop node (for each, while), whose body returns to it by itself.

use crate::graph::cycles;
use crate::validate::{Code, Target};

use super::{Analysis, Sink, cycle_edges, id_list};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    if !a.exec_wires {
        return;
    }
    let cycles = cycles(a.nodes.len(), a.exec_links());
    for (cycle, edge) in cycles.iter().zip(cycle_edges(a, &cycles, true)) {
        let target = edge.map(|edge| Target::Edge { edge }).unwrap_or(Target::Board);
        out.error(
            Code::ExecutionCycle,
            target,
            format!(
                "execution wires loop back through {}; to repeat work use a loop node (flow.for_each, flow.while)",
                id_list(a, cycle)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn looping_execution_wires_are_refused() {
        let lines = with_code(
            json!({
                "nodes": [
                    {"id": "s", "kind": "event.manual_start"},
                    {"id": "a", "kind": "output.debug_log", "inputs": {"value": 1}},
                    {"id": "b", "kind": "output.debug_log", "inputs": {"value": 2}}
                ],
                "edges": [
                    {"id": "e0", "from": {"node": "s", "pin": "then"}, "to": {"node": "a", "pin": "exec"}},
                    {"id": "e1", "from": {"node": "a", "pin": "then"}, "to": {"node": "b", "pin": "exec"}},
                    {"id": "e2", "from": {"node": "b", "pin": "then"}, "to": {"node": "a", "pin": "exec"}}
                ]
            }),
            "execution-cycle",
        );
        assert_eq!(
            lines,
            [
                "error[execution-cycle] edge `e1`: execution wires loop back through `a`, `b`; to repeat work use a loop node (flow.for_each, flow.while)"
            ]
        );
    }
}

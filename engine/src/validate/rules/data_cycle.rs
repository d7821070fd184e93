//! `data-cycle`: data wires must not form a cycle (a value cannot depend on itself).

use crate::graph::cycles;
use crate::validate::{Code, Target};

use super::{Analysis, Sink, cycle_edges, id_list};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    if a.data_order.is_some() {
        return;
    }
    // A cycle may close through what reads an instance's `error` pin (it
    // runs after everything inside): such a loop is named by its nodes.
    let cycles: Vec<Vec<usize>> = cycles(a.nodes.len() + a.guard_nodes.len(), a.order_links())
        .into_iter()
        .map(|cycle| {
            let mut nodes: Vec<usize> = cycle.into_iter().map(|i| a.order_node(i)).collect();
            nodes.dedup();
            nodes
        })
        .collect();
    for (cycle, edge) in cycles.iter().zip(cycle_edges(a, &cycles, false)) {
        let target = edge.map(|edge| Target::Edge { edge }).unwrap_or(Target::Board);
        out.error(
            Code::DataCycle,
            target,
            format!("data wires form a cycle through {}; a value cannot depend on itself", id_list(a, cycle)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn a_loop_of_data_wires_is_one_error() {
        let lines = with_code(
            json!({
                "nodes": [{"id": "a", "kind": "logic.not"}, {"id": "b", "kind": "logic.not"}, {"id": "c", "kind": "logic.not"}],
                "edges": [
                    {"id": "e1", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "value"}},
                    {"id": "e2", "from": {"node": "b", "pin": "result"}, "to": {"node": "a", "pin": "value"}},
                    {"id": "e3", "from": {"node": "c", "pin": "result"}, "to": {"node": "c", "pin": "value"}}
                ]
            }),
            "data-cycle",
        );
        assert_eq!(
            lines,
            [
                "error[data-cycle] edge `e1`: data wires form a cycle through `a`, `b`; a value cannot depend on itself",
                "error[data-cycle] edge `e3`: data wires form a cycle through `c`; a value cannot depend on itself",
            ]
        );
    }
}

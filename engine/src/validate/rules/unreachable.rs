//! `unreachable-node` (warning): in a board with execution wires, a node runs
//! only when execution reaches it from an event, or (pure nodes) when a node
//! that runs needs its value.

use std::collections::VecDeque;

use crate::catalog::Role;
use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    if !a.exec_wires {
        return;
    }
    let n = a.nodes.len();
    let mut exec_next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (x, y) in a.exec_links() {
        exec_next[x].push(y);
    }
    let mut data_prev: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (x, y) in a.data_links() {
        data_prev[y].push(x);
    }
    let mut runs = vec![false; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| a.nodes[i].role == Role::Event).collect();
    for &i in &queue {
        runs[i] = true;
    }
    while let Some(i) = queue.pop_front() {
        for &j in &exec_next[i] {
            if !runs[j] {
                runs[j] = true;
                queue.push_back(j);
            }
        }
    }
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| runs[i]).collect();
    while let Some(i) = queue.pop_front() {
        for &j in &data_prev[i] {
            if !runs[j] && !a.nodes[j].has_exec {
                runs[j] = true;
                queue.push_back(j);
            }
        }
    }
    for (i, node) in a.board.nodes.iter().enumerate() {
        // An instance's boundary never runs; what it passes on is checked where it arrives.
        if runs[i] || !a.nodes[i].known() || node.kind == crate::flatten::PASS_KIND {
            continue;
        }
        let why = if a.nodes[i].has_exec {
            "no execution wire leads here from an event node"
        } else {
            "no node that runs uses its outputs"
        };
        out.warning(Code::UnreachableNode, Target::Node { node: node.id.clone() }, format!("never runs: {why}"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn nodes_off_the_execution_path_are_flagged() {
        let lines = with_code(
            json!({
                "nodes": [
                    {"id": "s", "kind": "event.manual_start"},
                    {"id": "log", "kind": "output.debug_log"},
                    {"id": "used", "kind": "logic.not", "inputs": {"value": true}},
                    {"id": "island", "kind": "output.debug_log", "inputs": {"value": 1}},
                    {"id": "unused", "kind": "logic.not", "inputs": {"value": true}}
                ],
                "edges": [
                    {"id": "e0", "from": {"node": "s", "pin": "then"}, "to": {"node": "log", "pin": "exec"}},
                    {"id": "e1", "from": {"node": "used", "pin": "result"}, "to": {"node": "log", "pin": "value"}}
                ]
            }),
            "unreachable-node",
        );
        assert_eq!(
            lines,
            [
                "warning[unreachable-node] node `island`: never runs: no execution wire leads here from an event node",
                "warning[unreachable-node] node `unused`: never runs: no node that runs uses its outputs",
            ]
        );
    }
}

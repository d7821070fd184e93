//! `duplicate-output` (warning): two board outputs with one name overwrite each other.

use std::collections::HashMap;

use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, info) in a.nodes.iter().enumerate() {
        let Some(name) = info.imp.as_ref().and_then(|imp| imp.board_output()) else { continue };
        // Several HTTP Response nodes on different branches are the norm:
        // the one that runs answers.
        if a.board.nodes[i].kind == "http.response" {
            continue;
        }
        if let Some(&first) = seen.get(name) {
            out.warning(
                Code::DuplicateOutput,
                Target::Node { node: a.node_id(i).clone() },
                format!(
                    "board output `{name}` is also written by node `{}`; the last one to run wins",
                    a.node_id(first)
                ),
            );
        } else {
            seen.insert(name, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn two_outputs_with_one_name() {
        let lines = with_code(
            json!({"nodes": [
                {"id": "a", "kind": "event.board_output", "inputs": {"value": 1}},
                {"id": "b", "kind": "event.board_output", "inputs": {"value": 2}}
            ]}),
            "duplicate-output",
        );
        assert_eq!(
            lines,
            [
                "warning[duplicate-output] node `b`: board output `result` is also written by node `a`; the last one to run wins"
            ]
        );
    }
}

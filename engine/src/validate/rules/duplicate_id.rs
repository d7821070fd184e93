//! `duplicate-id`: node, edge and comment ids and variable names must be unique.

use rustc_hash::FxHashMap as HashMap;

use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    let b = a.board;
    let mut seen = HashMap::with_capacity_and_hasher(b.nodes.len(), Default::default());
    for n in &b.nodes {
        let count = seen.entry(n.id.as_str()).or_insert(0);
        *count += 1;
        if *count == 2 {
            out.error(
                Code::DuplicateId,
                Target::Node { node: n.id.clone() },
                format!("node id `{}` is used more than once; the later nodes are ignored by wires", n.id),
            );
        }
    }
    let mut seen = HashMap::with_capacity_and_hasher(b.edges.len(), Default::default());
    for e in &b.edges {
        if seen.insert(e.id.as_str(), ()).is_some() {
            out.error(
                Code::DuplicateId,
                Target::Edge { edge: e.id.clone() },
                format!("edge id `{}` is used more than once", e.id),
            );
        }
    }
    let mut seen = HashMap::default();
    for c in &b.comments {
        if seen.insert(c.id.as_str(), ()).is_some() {
            out.error(
                Code::DuplicateId,
                Target::Comment { comment: c.id.clone() },
                format!("comment id `{}` is used more than once", c.id),
            );
        }
    }
    let mut seen = HashMap::default();
    for v in &b.variables {
        if seen.insert(v.name.as_str(), ()).is_some() {
            out.error(
                Code::DuplicateId,
                Target::Variable { name: v.name.clone() },
                format!("variable name `{}` is used more than once", v.name),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn reports_each_kind_of_duplicate_once() {
        let lines = with_code(
            json!({
                "nodes": [{"id": "a", "kind": "logic.not"}, {"id": "a", "kind": "logic.not"}, {"id": "a", "kind": "logic.not"}],
                "edges": [{"id": "e", "from": {"node": "a", "pin": "result"}, "to": {"node": "a", "pin": "value"}},
                          {"id": "e", "from": {"node": "a", "pin": "result"}, "to": {"node": "a", "pin": "value"}}],
                "comments": [{"id": "c", "position": {"x": 0, "y": 0}, "size": {"width": 1, "height": 1}},
                             {"id": "c", "position": {"x": 0, "y": 0}, "size": {"width": 1, "height": 1}}],
                "variables": [{"name": "v", "data_type": "Integer"}, {"name": "v", "data_type": "Integer"}]
            }),
            "duplicate-id",
        );
        assert_eq!(
            lines,
            [
                "error[duplicate-id] node `a`: node id `a` is used more than once; the later nodes are ignored by wires",
                "error[duplicate-id] edge `e`: edge id `e` is used more than once",
                "error[duplicate-id] comment `c`: comment id `c` is used more than once",
                "error[duplicate-id] variable `v`: variable name `v` is used more than once",
            ]
        );
    }
}

//! `unknown-node-kind`: every node's kind must be in the catalog.

use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    // One suggestion per distinct kind, however many nodes use it.
    let mut hints: std::collections::HashMap<&str, Option<&str>> = std::collections::HashMap::new();
    for (node, info) in a.board.nodes.iter().zip(&a.nodes) {
        // An instance left in the flattened board was reported by flattening
        // (an unknown subflow, a loop of subflows, a budget).
        if info.kind.is_some() || crate::board::subflow_of(&node.kind).is_some() {
            continue;
        }
        if let Some(hash) = crate::module::ModuleHash::from_kind(&node.kind) {
            let listed = a.board.modules.iter().find(|m| m.hash == hash);
            let why = match listed {
                Some(m) => format!("its module `{}` ({hash}) is not loaded (see the module's problem)", m.name),
                None => format!("no module with hash {hash} is in the board's `modules`"),
            };
            out.error(
                Code::UnknownNodeKind,
                Target::Node { node: node.id.clone() },
                format!("custom node kind: {why}"),
            );
            continue;
        }
        let hint = *hints
            .entry(node.kind.as_str())
            .or_insert_with(|| closest(&node.kind, a.catalog.defs().map(|d| d.name.as_str())));
        let hint = hint.map(|k| format!("; did you mean `{k}`?")).unwrap_or_default();
        out.error(
            Code::UnknownNodeKind,
            Target::Node { node: node.id.clone() },
            format!("unknown node kind `{}`{hint}", node.kind),
        );
    }
}

/// The known name nearest to `name`, if it is close enough to be a typo.
fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let close_enough = |k: &str| 2.max(k.len() / 4);
    known
        // The distance is at least the difference in length: most names need no comparing.
        .filter(|k| name.len().abs_diff(k.len()) <= close_enough(k) * 4)
        .map(|k| (distance(name, k), k))
        .filter(|(d, k)| *d <= close_enough(k))
        .min()
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn a_custom_node_without_its_module_says_so() {
        let hash = "a".repeat(64);
        let lines = with_code(json!({"nodes": [{"id": "w", "kind": format!("wasm:{hash}")}]}), "unknown-node-kind");
        assert_eq!(
            lines,
            [format!(
                "error[unknown-node-kind] node `w`: custom node kind: no module with hash sha256:{hash} is in the board's `modules`"
            )]
        );
    }

    #[test]
    fn names_the_kind_and_suggests_a_near_one() {
        let lines = with_code(
            json!({"nodes": [{"id": "a", "kind": "math.ad"}, {"id": "b", "kind": "zzz"}]}),
            "unknown-node-kind",
        );
        assert_eq!(
            lines,
            [
                "error[unknown-node-kind] node `a`: unknown node kind `math.ad`; did you mean `math.add`?",
                "error[unknown-node-kind] node `b`: unknown node kind `zzz`",
            ]
        );
    }
}

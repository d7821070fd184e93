//! Fresh ids for new nodes, wires and comments: short, readable, and never
//! one the board already uses.

use floe_engine::Board;

/// A new node id from `base` (e.g. a kind's last word): `add`, `add2`, ...
pub fn node_id(board: &Board, base: &str, taken: &[String]) -> String {
    fresh(base, |id| board.nodes.iter().any(|n| n.id.as_str() == id) || taken.iter().any(|t| t == id))
}

/// A new wire id.
pub fn edge_id(board: &Board, taken: &[String]) -> String {
    fresh("e", |id| board.edges.iter().any(|e| e.id.as_str() == id) || taken.iter().any(|t| t == id))
}

/// A new comment id.
pub fn comment_id(board: &Board, taken: &[String]) -> String {
    fresh("note", |id| board.comments.iter().any(|c| c.id.as_str() == id) || taken.iter().any(|t| t == id))
}

/// The base for a node of `kind`: `math.add` → `add`, `wasm:<hash>` → `wasm`.
pub fn base_for_kind(kind: &str) -> String {
    let last = kind.rsplit(['.', ':']).next().unwrap_or(kind);
    let base = if kind.starts_with("wasm:") { "custom" } else { last };
    let clean: String = base.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if clean.is_empty() { "node".into() } else { clean }
}

fn fresh(base: &str, used: impl Fn(&str) -> bool) -> String {
    if !used(base) {
        return base.to_owned();
    }
    (2u64..).map(|i| format!("{base}{i}")).find(|id| !used(id)).expect("some number is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use floe_engine::Node;

    #[test]
    fn ids_are_readable_and_new() {
        let mut b = Board::default();
        assert_eq!(node_id(&b, "add", &[]), "add");
        b.nodes.push(Node::new("add", "math.add"));
        b.nodes.push(Node::new("add2", "math.add"));
        assert_eq!(node_id(&b, "add", &[]), "add3");
        assert_eq!(node_id(&b, "add", &["add3".into()]), "add4");
        assert_eq!(base_for_kind("math.add"), "add");
        assert_eq!(base_for_kind("wasm:abcdef"), "custom");
        assert_eq!(base_for_kind("text.regex_match"), "regex_match");
        assert_eq!(edge_id(&b, &[]), "e");
    }
}

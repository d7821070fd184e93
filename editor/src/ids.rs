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

/// A board name that none of `taken` has: `name` itself, else `name (2)`,
/// `name (3)`, ... (for a second copy of an example, say). The count stops
/// at 10,000 names, whatever `taken` holds.
pub fn distinct_name<'a>(name: &str, taken: impl IntoIterator<Item = &'a str>) -> String {
    let taken: std::collections::HashSet<&str> = taken.into_iter().take(10_000).collect();
    if !taken.contains(name) {
        return name.to_owned();
    }
    (2..=taken.len() + 2).map(|i| format!("{name} ({i})")).find(|n| !taken.contains(n.as_str())).unwrap_or_default()
}

/// The base for a node of `kind`: `math.add` → `add`, `wasm:<hash>` → `wasm`.
pub fn base_for_kind(kind: &str) -> String {
    let last = kind.rsplit(['.', ':']).next().unwrap_or(kind);
    let base = if kind.starts_with("wasm:") { "custom" } else { last };
    let clean: String = base.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if clean.is_empty() { "node".into() } else { clean }
}

/// `base`, or `base_2`, `base_3`, ... whichever `used` says is free (names
/// a person reads: subflow ids, interface pins, variables).
pub fn suffixed(base: &str, used: impl Fn(&str) -> bool) -> String {
    if !used(base) {
        return base.to_owned();
    }
    (2u64..).map(|i| format!("{base}_{i}")).find(|s| !used(s)).expect("some number is free")
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
    fn a_second_copy_gets_a_distinct_name() {
        assert_eq!(distinct_name("FizzBuzz", ["Other"]), "FizzBuzz");
        assert_eq!(distinct_name("FizzBuzz", ["FizzBuzz"]), "FizzBuzz (2)");
        assert_eq!(distinct_name("FizzBuzz", ["FizzBuzz", "FizzBuzz (2)", "FizzBuzz (3)"]), "FizzBuzz (4)");
        let many: Vec<String> =
            std::iter::once("x".to_owned()).chain((2..20_000).map(|i| format!("x ({i})"))).collect();
        let name = distinct_name("x", many.iter().map(String::as_str));
        assert!(!name.is_empty() && name.starts_with("x ("), "{name}");
    }

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

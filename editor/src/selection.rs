//! What is selected: nodes, wires and comments. Editor state, never saved
//! in the board.

use std::collections::BTreeSet;

use floe_engine::{Board, CommentId, EdgeId, NodeId};

/// One selectable thing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A node.
    Node(NodeId),
    /// A wire.
    Edge(EdgeId),
    /// A note or group.
    Comment(CommentId),
}

impl Item {
    /// The node, if this is one.
    pub fn node(&self) -> Option<&NodeId> {
        match self {
            Item::Node(id) => Some(id),
            _ => None,
        }
    }
}

/// The current selection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    items: BTreeSet<Item>,
}

impl Selection {
    /// Nothing selected.
    pub fn new() -> Self {
        Self::default()
    }

    /// A click: selects `item` alone, or with `additive` (shift) toggles it.
    pub fn click(&mut self, item: Item, additive: bool) {
        if additive {
            if !self.items.remove(&item) {
                self.items.insert(item);
            }
        } else {
            self.items.clear();
            self.items.insert(item);
        }
    }

    /// Pressing on an item to drag it: keeps the selection when the item is
    /// already in it (so a group moves together), otherwise selects it alone.
    pub fn press(&mut self, item: Item, additive: bool) {
        if additive || !self.items.contains(&item) {
            self.click(item, additive);
        }
    }

    /// A box selection: `items` replace the selection, or are added to it.
    pub fn set_box(&mut self, items: impl IntoIterator<Item = Item>, additive: bool) {
        if !additive {
            self.items.clear();
        }
        self.items.extend(items);
    }

    /// Every node and comment of `board` (wires follow their nodes).
    pub fn select_all(&mut self, board: &Board) {
        self.items = board
            .nodes
            .iter()
            .map(|n| Item::Node(n.id.clone()))
            .chain(board.comments.iter().map(|c| Item::Comment(c.id.clone())))
            .collect();
    }

    /// Deselects everything.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// Drops items that no longer exist in `board`.
    pub fn prune(&mut self, board: &Board) {
        self.items.retain(|i| match i {
            Item::Node(id) => board.nodes.iter().any(|n| &n.id == id),
            Item::Edge(id) => board.edges.iter().any(|e| &e.id == id),
            Item::Comment(id) => board.comments.iter().any(|c| &c.id == id),
        });
    }

    /// Whether `item` is selected.
    pub fn contains(&self, item: &Item) -> bool {
        self.items.contains(item)
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many items are selected.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Selected nodes.
    pub fn nodes(&self) -> impl Iterator<Item = &NodeId> {
        self.items.iter().filter_map(|i| if let Item::Node(id) = i { Some(id) } else { None })
    }

    /// Selected wires.
    pub fn edges(&self) -> impl Iterator<Item = &EdgeId> {
        self.items.iter().filter_map(|i| if let Item::Edge(id) = i { Some(id) } else { None })
    }

    /// Selected comments.
    pub fn comments(&self) -> impl Iterator<Item = &CommentId> {
        self.items.iter().filter_map(|i| if let Item::Comment(id) = i { Some(id) } else { None })
    }

    /// The items selected in one of `self` and `before` but not both: what
    /// a view of each item must update when the selection goes from
    /// `before` to `self` (one walk of both sets, in order).
    pub fn changed_from<'a>(&'a self, before: &'a Selection) -> impl Iterator<Item = &'a Item> {
        self.items.symmetric_difference(&before.items)
    }

    /// The single selected node, if exactly one thing is selected and it is a node.
    pub fn only_node(&self) -> Option<&NodeId> {
        match (self.items.len(), self.items.first()) {
            (1, Some(Item::Node(id))) => Some(id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use floe_engine::Node;

    fn n(id: &str) -> Item {
        Item::Node(id.into())
    }

    #[test]
    fn click_replaces_and_shift_click_toggles() {
        let mut s = Selection::new();
        s.click(n("a"), false);
        s.click(n("b"), false);
        assert_eq!(s.nodes().map(|i| i.as_str()).collect::<Vec<_>>(), ["b"]);
        s.click(n("a"), true);
        assert_eq!(s.len(), 2);
        s.click(n("b"), true);
        assert_eq!(s.only_node().map(|i| i.as_str()), Some("a"));
    }

    #[test]
    fn a_change_names_exactly_the_items_that_came_or_went() {
        let mut before = Selection::new();
        before.set_box([n("a"), n("b"), Item::Edge("e".into())], false);
        let mut now = before.clone();
        now.click(n("c"), false);
        let changed: Vec<&Item> = now.changed_from(&before).collect();
        assert_eq!(changed, [&n("a"), &n("b"), &n("c"), &Item::Edge("e".into())]);
        assert_eq!(now.changed_from(&now).count(), 0, "no change, nothing to update");
        let mut more = now.clone();
        more.click(n("d"), true);
        assert_eq!(more.changed_from(&now).collect::<Vec<_>>(), [&n("d")]);
    }

    #[test]
    fn pressing_a_selected_item_keeps_the_group_for_dragging() {
        let mut s = Selection::new();
        s.set_box([n("a"), n("b"), Item::Comment("g".into())], false);
        s.press(n("a"), false);
        assert_eq!(s.len(), 3, "dragging one of them moves them all");
        s.press(n("c"), false);
        assert_eq!(s.only_node().map(|i| i.as_str()), Some("c"));
        s.set_box([n("d")], true);
        assert_eq!(s.len(), 2, "a box with shift adds");
    }

    #[test]
    fn select_all_and_prune_follow_the_board() {
        let mut b = Board::default();
        b.nodes.push(Node::new("a", "math.add"));
        b.nodes.push(Node::new("b", "math.add"));
        let mut s = Selection::new();
        s.select_all(&b);
        s.click(Item::Edge("gone".into()), true);
        assert_eq!(s.len(), 3);
        b.nodes.pop();
        s.prune(&b);
        assert_eq!(s.nodes().map(|i| i.as_str()).collect::<Vec<_>>(), ["a"]);
        assert_eq!(s.edges().count(), 0);
        s.clear();
        assert!(s.is_empty());
    }
}

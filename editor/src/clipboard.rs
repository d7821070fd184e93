//! Copy and paste as JSON text on the system clipboard, so a selection moves
//! between tabs, boards and other tools. Pasting gives every item a fresh
//! id, keeps the wires between pasted nodes, brings the custom modules the
//! nodes need, and is one undo step.

use std::collections::HashMap;

use floe_engine::{Board, Comment, Edge, ModuleRef, Node, NodeId, Position};
use serde::{Deserialize, Serialize};

use crate::command::Command;
use crate::selection::Selection;

/// What the clipboard holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Clip {
    /// Always `"floe-clipboard"`.
    pub floe: String,
    /// Format version (1).
    pub version: u32,
    /// The nodes.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// Wires between the copied nodes.
    #[serde(default)]
    pub edges: Vec<Edge>,
    /// Notes and groups.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// Modules of the copied custom nodes.
    #[serde(default)]
    pub modules: Vec<ModuleRef>,
}

const TAG: &str = "floe-clipboard";

/// Why pasted text cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasteError {
    /// Not JSON at all.
    #[error("the clipboard does not hold Floe nodes (not JSON: {0})")]
    NotJson(String),
    /// JSON, but neither a Floe clipboard nor a board.
    #[error("the clipboard holds JSON, but not Floe nodes or a board: {0}")]
    NotFloe(String),
    /// Nothing to paste.
    #[error("the clipboard holds no nodes or comments")]
    Empty,
}

/// The selection as clipboard text (`None` when nothing is selected).
pub fn copy(board: &Board, selection: &Selection) -> Option<String> {
    let clip = clip(board, selection)?;
    Some(serde_json::to_string_pretty(&clip).expect("a clip serialises"))
}

/// The selection as a clip: its nodes and comments, the wires between the
/// nodes, the custom modules they use (`None` when nothing is selected).
pub fn clip(board: &Board, selection: &Selection) -> Option<Clip> {
    let ids: Vec<&NodeId> = selection.nodes().collect();
    let nodes: Vec<Node> = board.nodes.iter().filter(|n| ids.contains(&&n.id)).cloned().collect();
    let comments: Vec<Comment> =
        board.comments.iter().filter(|c| selection.comments().any(|id| id == &c.id)).cloned().collect();
    if nodes.is_empty() && comments.is_empty() {
        return None;
    }
    let edges =
        board.edges.iter().filter(|e| ids.contains(&&e.from.node) && ids.contains(&&e.to.node)).cloned().collect();
    let modules =
        board.modules.iter().filter(|m| nodes.iter().any(|n| n.kind == m.hash.kind_name())).cloned().collect();
    Some(Clip { floe: TAG.into(), version: 1, nodes, edges, comments, modules })
}

/// Reads clipboard text: a Floe clip, or a whole board (its nodes, wires and comments).
pub fn parse(text: &str) -> Result<Clip, PasteError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| PasteError::NotJson(e.to_string()))?;
    let clip = if value.get("floe").and_then(|t| t.as_str()) == Some(TAG) {
        // Read from the text by the board's own reader (one copy of the
        // node and wire deserialisers in the page).
        floe_engine::board::read_located::<Clip>(text).map_err(|e| PasteError::NotFloe(e.to_string()))?
    } else if value.get("format_version").is_some() {
        let board = Board::from_value(value).map_err(|e| PasteError::NotFloe(e.to_string()))?;
        Clip {
            floe: TAG.into(),
            version: 1,
            nodes: board.nodes,
            edges: board.edges,
            comments: board.comments,
            modules: board.modules,
        }
    } else {
        return Err(PasteError::NotFloe("expected a Floe clipboard or a board".into()));
    };
    if clip.nodes.is_empty() && clip.comments.is_empty() {
        return Err(PasteError::Empty);
    }
    Ok(clip)
}

/// The command that pastes `clip` into `board` with its top-left corner at
/// `at` (or 40 units down-right of where it was copied from), and the ids
/// of the new nodes and comments (to select them).
pub fn paste(board: &Board, clip: &Clip, at: Option<Position>) -> (Command, Vec<NodeId>, Vec<floe_engine::CommentId>) {
    let left = clip.nodes.iter().map(|n| n.position.x).chain(clip.comments.iter().map(|c| c.position.x));
    let top = clip.nodes.iter().map(|n| n.position.y).chain(clip.comments.iter().map(|c| c.position.y));
    let origin = Position { x: left.fold(f64::INFINITY, f64::min), y: top.fold(f64::INFINITY, f64::min) };
    let (dx, dy) = match at {
        Some(p) => (p.x - origin.x, p.y - origin.y),
        None => (40.0, 40.0),
    };
    let mut taken = Vec::new();
    let mut renamed: HashMap<NodeId, NodeId> = HashMap::new();
    let mut nodes = Vec::with_capacity(clip.nodes.len());
    for n in &clip.nodes {
        let id = crate::ids::node_id(board, n.id.as_str(), &taken);
        taken.push(id.clone());
        renamed.insert(n.id.clone(), id.clone().into());
        let mut n = n.clone();
        n.id = id.into();
        n.position = Position { x: n.position.x + dx, y: n.position.y + dy };
        nodes.push(n);
    }
    let mut edge_ids = Vec::new();
    let edges: Vec<Edge> = clip
        .edges
        .iter()
        .filter_map(|e| {
            let (from, to) = (renamed.get(&e.from.node)?, renamed.get(&e.to.node)?);
            let id = crate::ids::edge_id(board, &edge_ids);
            edge_ids.push(id.clone());
            let mut e = e.clone();
            e.id = id.into();
            e.from.node = from.clone();
            e.to.node = to.clone();
            Some(e)
        })
        .collect();
    let mut comment_ids = Vec::new();
    let comments: Vec<Comment> = clip
        .comments
        .iter()
        .map(|c| {
            let id = crate::ids::comment_id(board, &comment_ids);
            comment_ids.push(id.clone());
            let mut c = c.clone();
            c.id = id.into();
            c.position = Position { x: c.position.x + dx, y: c.position.y + dy };
            c
        })
        .collect();
    let mut commands: Vec<Command> = clip
        .modules
        .iter()
        .filter(|m| !board.modules.iter().any(|b| b.hash == m.hash))
        .map(|m| Command::SetModule { module: m.clone() })
        .collect();
    let new_nodes: Vec<NodeId> = nodes.iter().map(|n| n.id.clone()).collect();
    if !nodes.is_empty() {
        commands.push(Command::AddNodes { nodes, at: Vec::new() });
    }
    if !edges.is_empty() {
        commands.push(Command::AddEdges { edges, at: Vec::new() });
    }
    if !comments.is_empty() {
        commands.push(Command::AddComments { comments, at: Vec::new() });
    }
    let cmd = Command::Batch { label: "paste".into(), commands };
    (cmd, new_nodes, comment_ids.into_iter().map(Into::into).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selection::Item;

    fn board() -> Board {
        Board::from_value(serde_json::json!({
            "format_version": 1,
            "nodes": [
                {"id": "a", "kind": "math.add", "position": {"x": 10, "y": 20}, "inputs": {"a": 1, "b": 2}},
                {"id": "b", "kind": "math.add", "position": {"x": 250, "y": 20}, "inputs": {"b": 5}},
                {"id": "c", "kind": "event.board_output", "position": {"x": 500, "y": 20}}
            ],
            "edges": [
                {"id": "e1", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "a"}},
                {"id": "e2", "from": {"node": "b", "pin": "result"}, "to": {"node": "c", "pin": "value"}}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn copies_inner_wires_and_pastes_with_fresh_ids() {
        let mut b = board();
        let mut sel = Selection::new();
        sel.set_box([Item::Node("a".into()), Item::Node("b".into())], false);
        let text = copy(&b, &sel).unwrap();
        let clip = parse(&text).unwrap();
        assert_eq!(clip.nodes.len(), 2);
        assert_eq!(clip.edges.len(), 1, "only the wire between copied nodes");
        let (cmd, new_nodes, _) = paste(&b, &clip, Some(Position { x: 0.0, y: 300.0 }));
        assert_eq!(new_nodes, [NodeId::from("a2"), NodeId::from("b2")]);
        let before = b.clone();
        let (inverse, _) = cmd.apply(&mut b).unwrap();
        assert_eq!(b.nodes.len(), 5);
        let a2 = b.node(&"a2".into()).unwrap();
        assert_eq!(a2.position, Position { x: 0.0, y: 300.0 });
        assert_eq!(a2.inputs, before.nodes[0].inputs);
        let wire = b.edges.iter().find(|e| e.from.node.as_str() == "a2").unwrap();
        assert_eq!(wire.to.node.as_str(), "b2");
        inverse.apply(&mut b).unwrap();
        assert_eq!(b, before, "paste is one undo step");
    }

    #[test]
    fn a_whole_board_pastes_too() {
        let b = board();
        let clip = parse(&b.to_json_pretty()).unwrap();
        let (cmd, new_nodes, _) = paste(&b, &clip, None);
        assert_eq!(new_nodes.len(), 3);
        let mut b2 = b.clone();
        cmd.apply(&mut b2).unwrap();
        assert_eq!(b2.edges.len(), 4);
    }

    #[test]
    fn foreign_text_is_refused_clearly() {
        assert!(matches!(parse("hello"), Err(PasteError::NotJson(_))));
        assert_eq!(
            parse("{\"x\": 1}").unwrap_err().to_string(),
            "the clipboard holds JSON, but not Floe nodes or a board: expected a Floe clipboard or a board"
        );
        assert_eq!(parse(r#"{"floe": "floe-clipboard", "version": 1}"#).unwrap_err(), PasteError::Empty);
        assert!(copy(&board(), &Selection::new()).is_none());
    }
}

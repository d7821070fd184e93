//! Every edit of a board is a [`Command`] value: serialisable, applied in one
//! place, and answered with its exact inverse. Undo/redo, autosave, share
//! snapshots and sync all replay the same values. One file per command.

mod add_comments;
mod add_edges;
mod add_nodes;
mod batch;
mod edit_comment;
mod in_subflow;
mod move_items;
mod remove_comments;
mod remove_edges;
mod remove_module;
mod remove_nodes;
mod remove_subflow;
mod replace_board;
mod replace_module;
mod set_config;
mod set_exercise;
mod set_input;
mod set_kind;
mod set_label;
mod set_meta;
mod set_module;
mod set_subflow;
mod set_variables;

use floe_engine::module::ModuleHash;
use floe_engine::{
    Board, Comment, CommentId, Edge, EdgeId, ModuleRef, Node, NodeId, PinId, Position, Subflow, Variable,
};
use serde::{Deserialize, Serialize};

/// One edit of a board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    /// Adds nodes (their ids must be new).
    AddNodes {
        /// The nodes.
        nodes: Vec<Node>,
        /// Where to insert each one (ascending indexes), to put back removed
        /// items exactly; empty appends.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        at: Vec<usize>,
    },
    /// Removes nodes and every edge touching them.
    RemoveNodes {
        /// Which.
        ids: Vec<NodeId>,
    },
    /// Moves nodes and comments to new positions.
    MoveItems {
        /// Nodes and where they go.
        #[serde(default)]
        nodes: Vec<(NodeId, Position)>,
        /// Comments and where they go.
        #[serde(default)]
        comments: Vec<(CommentId, Position)>,
    },
    /// Sets (or clears, with `None`) an input pin's inline constant.
    SetInput {
        /// The node.
        node: NodeId,
        /// The input pin.
        pin: PinId,
        /// The constant, or `None` to clear it.
        value: Option<serde_json::Value>,
    },
    /// Sets (or clears) one of a node's settings.
    SetConfig {
        /// The node.
        node: NodeId,
        /// The setting.
        key: String,
        /// Its value, or `None` to go back to the default.
        value: Option<serde_json::Value>,
    },
    /// Sets (or clears) a node's title.
    SetLabel {
        /// The node.
        node: NodeId,
        /// The title, or `None` for the kind's name.
        label: Option<String>,
    },
    /// Adds wires (their ids must be new; both ends must exist).
    AddEdges {
        /// The wires.
        edges: Vec<Edge>,
        /// Where to insert each one (ascending indexes), to put back removed
        /// items exactly; empty appends.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        at: Vec<usize>,
    },
    /// Removes wires.
    RemoveEdges {
        /// Which.
        ids: Vec<EdgeId>,
    },
    /// Adds notes and groups.
    AddComments {
        /// The comments.
        comments: Vec<Comment>,
        /// Where to insert each one (ascending indexes), to put back removed
        /// items exactly; empty appends.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        at: Vec<usize>,
    },
    /// Removes notes and groups (not the nodes inside a group).
    RemoveComments {
        /// Which.
        ids: Vec<CommentId>,
    },
    /// Replaces a comment (text, size, colour, kind, position).
    EditComment {
        /// The comment as it should be; its id names the one to replace.
        comment: Comment,
    },
    /// Replaces the board's variables.
    SetVariables {
        /// All of them, in order.
        variables: Vec<Variable>,
    },
    /// Replaces the whole board (restoring a saved version).
    ReplaceBoard {
        /// The board as it should be.
        board: Box<Board>,
    },
    /// Sets (or, with `None`, removes) the board's exercise: instructions and test cases.
    SetExercise {
        /// The exercise.
        exercise: Option<floe_engine::exercise::Exercise>,
    },
    /// Sets the board's name and description.
    SetMeta {
        /// The name.
        name: String,
        /// The description.
        description: String,
    },
    /// Adds a custom node module (or replaces the entry with the same hash).
    SetModule {
        /// The module.
        module: ModuleRef,
    },
    /// Removes a custom node module (nodes using it stay, as unknown kinds).
    RemoveModule {
        /// Which.
        hash: ModuleHash,
    },
    /// Replaces module `old` by `new` and points every node of the old kind at the new one.
    ReplaceModule {
        /// The module being replaced.
        old: ModuleHash,
        /// Its replacement.
        new: ModuleRef,
    },
    /// Adds a subflow definition, or replaces the one with its id.
    SetSubflow {
        /// The definition.
        subflow: Box<Subflow>,
        /// Where to insert a new one (to put a removed one back in place).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<usize>,
    },
    /// Removes a subflow definition (its instances stay, reported as unknown).
    RemoveSubflow {
        /// Which.
        id: String,
    },
    /// A command applied inside a subflow definition.
    InSubflow {
        /// The definition.
        subflow: String,
        /// What to do there.
        command: Box<Command>,
    },
    /// Points a node at another kind.
    SetKind {
        /// The node.
        node: NodeId,
        /// Its new kind.
        kind: String,
    },
    /// Several commands as one step (paste, delete a selection, connect-and-replace).
    Batch {
        /// What the step does, for the undo menu.
        label: String,
        /// The commands, applied in order.
        commands: Vec<Command>,
    },
}

/// What a command changed, so a view can update only that.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A node appeared.
    NodeAdded(NodeId),
    /// A node went away.
    NodeRemoved(NodeId),
    /// A node moved.
    NodeMoved(NodeId),
    /// A node's kind, inputs, settings or title changed (its pins may have too).
    NodeEdited(NodeId),
    /// A wire appeared.
    EdgeAdded(EdgeId),
    /// A wire went away.
    EdgeRemoved(EdgeId),
    /// A comment appeared.
    CommentAdded(CommentId),
    /// A comment went away.
    CommentRemoved(CommentId),
    /// A comment changed.
    CommentEdited(CommentId),
    /// The variables changed.
    Variables,
    /// The name or description changed.
    Meta,
    /// The modules changed.
    Modules,
    /// The exercise (instructions, test cases) changed.
    Exercise,
    /// A subflow definition was added, removed or edited (what is inside,
    /// its interface); its instances come as `NodeEdited` too.
    Subflow(String),
    /// Anything may have changed (the whole board was replaced).
    Everything,
}

/// Why a command cannot apply. The board is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// An id that should be new is taken.
    #[error("there is already a {what} `{id}`")]
    Duplicate {
        /// `node`, `edge` or `comment`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// An id that should exist does not.
    #[error("there is no {what} `{id}`")]
    Missing {
        /// `node`, `edge`, `comment` or `module`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A wire would end at a node that does not exist.
    #[error("wire `{edge}` ends at node `{node}`, which does not exist")]
    DanglingEdge {
        /// The wire.
        edge: EdgeId,
        /// The missing node.
        node: NodeId,
    },
    /// Two variables share a name.
    #[error("two variables are named `{0}`")]
    DuplicateVariable(String),
    /// Two test cases share a name.
    #[error("two test cases are named `{0}`")]
    DuplicateCase(String),
    /// A test case (1-based) has an empty name.
    #[error("test case {0} has no name")]
    UnnamedCase(usize),
    /// A subflow a teacher locked, in a students' copy, would change.
    #[error("change subflow `{0}`: it is the teacher's, to use as it is")]
    LockedSubflow(String),
    /// A locked exercise's instructions or teacher's cases would change.
    #[error("change the exercise's {0}: they are the teacher's (add a case of your own instead)")]
    LockedExercise(&'static str),
}

/// The result of applying a command: its inverse and what changed.
pub(crate) type Applied = (Command, Vec<Change>);

impl Command {
    /// Applies the command to `board`; returns the command that undoes it and
    /// what changed. On error, `board` is left as it was.
    pub fn apply(&self, board: &mut Board) -> Result<(Command, Vec<Change>), CommandError> {
        match self {
            Command::AddNodes { nodes, at } => add_nodes::apply(board, nodes, at),
            Command::RemoveNodes { ids } => remove_nodes::apply(board, ids),
            Command::MoveItems { nodes, comments } => move_items::apply(board, nodes, comments),
            Command::SetInput { node, pin, value } => set_input::apply(board, node, pin, value.as_ref()),
            Command::SetConfig { node, key, value } => set_config::apply(board, node, key, value.as_ref()),
            Command::SetLabel { node, label } => set_label::apply(board, node, label.as_deref()),
            Command::AddEdges { edges, at } => add_edges::apply(board, edges, at),
            Command::RemoveEdges { ids } => remove_edges::apply(board, ids),
            Command::AddComments { comments, at } => add_comments::apply(board, comments, at),
            Command::RemoveComments { ids } => remove_comments::apply(board, ids),
            Command::EditComment { comment } => edit_comment::apply(board, comment),
            Command::SetVariables { variables } => set_variables::apply(board, variables),
            Command::SetMeta { name, description } => set_meta::apply(board, name, description),
            Command::SetExercise { exercise } => set_exercise::apply(board, exercise),
            Command::ReplaceBoard { board: new } => replace_board::apply(board, new),
            Command::SetModule { module } => set_module::apply(board, module),
            Command::RemoveModule { hash } => remove_module::apply(board, hash),
            Command::ReplaceModule { old, new } => replace_module::apply(board, old, new),
            Command::SetSubflow { subflow, at } => set_subflow::apply(board, subflow, *at),
            Command::RemoveSubflow { id } => remove_subflow::apply(board, id),
            Command::InSubflow { subflow, command } => in_subflow::apply(board, subflow, command),
            Command::SetKind { node, kind } => set_kind::apply(board, node, kind),
            Command::Batch { label, commands } => batch::apply(board, label, commands),
        }
    }

    /// A short description for the undo and redo buttons.
    pub fn label(&self) -> String {
        let n = |k: usize, one: &str, many: &str| if k == 1 { one.to_owned() } else { format!("{k} {many}") };
        match self {
            Command::AddNodes { nodes, .. } => format!("add {}", n(nodes.len(), "node", "nodes")),
            Command::RemoveNodes { ids } => format!("delete {}", n(ids.len(), "node", "nodes")),
            Command::MoveItems { nodes, comments } => {
                format!("move {}", n(nodes.len() + comments.len(), "item", "items"))
            }
            Command::SetInput { pin, .. } => format!("set input `{pin}`"),
            Command::SetConfig { key, .. } => format!("set `{key}`"),
            Command::SetLabel { .. } => "rename node".into(),
            Command::AddEdges { edges, .. } => format!("add {}", n(edges.len(), "wire", "wires")),
            Command::RemoveEdges { ids } => format!("delete {}", n(ids.len(), "wire", "wires")),
            Command::AddComments { comments, .. } => format!("add {}", n(comments.len(), "comment", "comments")),
            Command::RemoveComments { ids } => format!("delete {}", n(ids.len(), "comment", "comments")),
            Command::EditComment { .. } => "edit comment".into(),
            Command::SetVariables { .. } => "edit variables".into(),
            Command::SetMeta { .. } => "rename board".into(),
            Command::SetExercise { .. } => "edit test cases".into(),
            Command::ReplaceBoard { .. } => "restore a version".into(),
            Command::SetModule { module } => format!("add module `{}`", module.name),
            Command::RemoveModule { .. } => "remove module".into(),
            Command::ReplaceModule { new, .. } => format!("replace module `{}`", new.name),
            Command::SetSubflow { subflow, .. } => format!("edit subflow `{}`", subflow.name),
            Command::RemoveSubflow { .. } => "remove subflow".into(),
            Command::InSubflow { command, .. } => command.label(),
            Command::SetKind { .. } => "change node kind".into(),
            Command::Batch { label, .. } => label.clone(),
        }
    }

    /// A batch of `commands` labelled `label` (a single command stays as it is).
    pub fn batch(label: impl Into<String>, mut commands: Vec<Command>) -> Command {
        if commands.len() == 1 {
            return commands.pop().expect("one command");
        }
        Command::Batch { label: label.into(), commands }
    }
}

pub(crate) fn missing(what: &'static str, id: impl ToString) -> CommandError {
    CommandError::Missing { what, id: id.to_string() }
}

/// Refuses a change to definition `id` when the teacher locked it and this
/// is a students' copy (a locked exercise).
pub(crate) fn check_unlocked(board: &Board, id: &str) -> Result<(), CommandError> {
    let students = board.exercise.as_ref().is_some_and(|e| e.locked);
    match board.subflow(id) {
        Some(s) if s.locked && students => Err(CommandError::LockedSubflow(s.name.clone())),
        _ => Ok(()),
    }
}

/// The ids of the board's nodes that are instances of subflow `id`.
pub(crate) fn instances_of<'b>(board: &'b Board, id: &'b str) -> impl Iterator<Item = NodeId> + 'b {
    board.nodes.iter().filter(move |n| floe_engine::board::subflow_of(&n.kind) == Some(id)).map(|n| n.id.clone())
}

pub(crate) fn node_mut<'b>(board: &'b mut Board, id: &NodeId) -> Result<&'b mut Node, CommandError> {
    board.nodes.iter_mut().find(|n| &n.id == id).ok_or_else(|| missing("node", id))
}

/// Inserts `items` at indexes `at` (ascending, as `take_where` reported them);
/// appends when `at` is empty or does not match.
pub(crate) fn insert_at<T: Clone>(list: &mut Vec<T>, items: &[T], at: &[usize]) {
    if at.len() == items.len()
        && at.windows(2).all(|w| w[0] < w[1])
        && at.last().is_none_or(|&i| i < list.len() + items.len())
    {
        for (item, &i) in items.iter().zip(at) {
            list.insert(i, item.clone());
        }
    } else {
        list.extend_from_slice(items);
    }
}

/// Removes the items matching `pred`; returns them and the indexes they had.
pub(crate) fn take_where<T>(list: &mut Vec<T>, mut pred: impl FnMut(&T) -> bool) -> (Vec<T>, Vec<usize>) {
    let mut taken = Vec::new();
    let mut at = Vec::new();
    let mut kept = Vec::with_capacity(list.len());
    for (i, item) in std::mem::take(list).into_iter().enumerate() {
        if pred(&item) {
            taken.push(item);
            at.push(i);
        } else {
            kept.push(item);
        }
    }
    *list = kept;
    (taken, at)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `a` (board input) → `b` (add) → `c` (board output), and a note.
    pub fn board() -> Board {
        Board::from_value(serde_json::json!({
            "format_version": 1,
            "nodes": [
                {"id": "a", "kind": "event.board_input", "position": {"x": 0, "y": 0}},
                {"id": "b", "kind": "math.add", "position": {"x": 200, "y": 0}, "inputs": {"b": 1}},
                {"id": "c", "kind": "event.board_output", "position": {"x": 400, "y": 0}}
            ],
            "edges": [
                {"id": "e1", "from": {"node": "a", "pin": "value"}, "to": {"node": "b", "pin": "a"}},
                {"id": "e2", "from": {"node": "b", "pin": "result"}, "to": {"node": "c", "pin": "value"}}
            ],
            "comments": [{"id": "note", "text": "hello", "position": {"x": 0, "y": 100}, "size": {"width": 100, "height": 60}}]
        }))
        .expect("test board")
    }

    /// Applies `cmd`, then its inverse, and checks the board is back as it was
    /// (to the byte), and that the command survives a JSON round trip.
    pub fn round_trip(board: &mut Board, cmd: &Command) {
        let before = board.clone();
        let (inverse, _) = cmd.apply(board).expect("the command applies");
        assert_ne!(*board, before, "`{}` changed nothing", cmd.label());
        inverse.apply(board).expect("the inverse applies");
        assert_eq!(*board, before, "undoing `{}` restores the board", cmd.label());
        let json = serde_json::to_string(cmd).expect("commands serialise");
        assert_eq!(&serde_json::from_str::<Command>(&json).expect("and read back"), cmd);
    }

    #[test]
    fn take_and_insert_put_items_back_in_place() {
        let mut v = vec![10, 11, 12, 13, 14];
        let (taken, at) = take_where(&mut v, |x| x % 2 == 1);
        assert_eq!((taken.clone(), at.clone(), v.clone()), (vec![11, 13], vec![1, 3], vec![10, 12, 14]));
        insert_at(&mut v, &taken, &at);
        assert_eq!(v, [10, 11, 12, 13, 14]);
        insert_at(&mut v, &[99], &[40]);
        assert_eq!(v.last(), Some(&99), "a stale index appends");
    }
}

//! Edit actions: what the editor's shortcuts, menus and drops do to a
//! board, each worked out as a ready [`Command`] (one undo step) and what to
//! select once it is applied. One file per action; views only call them and
//! apply the result. (`exercise` gathers the Check tab's authoring edits.)

mod add_node;
mod delete;
mod duplicate;
pub mod exercise;
mod group;
mod independent_copy;
mod interface_pins;
mod make_subflow;
mod note;
mod paste;
mod unpack;

pub use add_node::{Anchor, add_node, free_spot};
pub use delete::delete_selection;
pub use duplicate::duplicate;
pub use group::group;
pub use independent_copy::independent_copy;
pub use interface_pins::set_pins;
pub use make_subflow::make_subflow;
pub use note::add_note;
pub use paste::paste_text;
pub use unpack::unpack;

use floe_engine::{CommentId, NodeId};

use crate::command::Command;
use crate::selection::Item;

/// An edit ready to apply.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    /// The command (one undo step).
    pub command: Command,
    /// What to select once it is applied.
    pub select: Vec<Item>,
}

/// The items to select after pasting `nodes` and `comments`.
fn pasted(nodes: Vec<NodeId>, comments: Vec<CommentId>) -> Vec<Item> {
    nodes.into_iter().map(Item::Node).chain(comments.into_iter().map(Item::Comment)).collect()
}

/// Why an edit action did nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditRefusal {
    /// Grouping needs selected nodes.
    #[error("select the nodes to group first")]
    NothingToGroup,
    /// The kind to add is not in the catalog.
    #[error("unknown node kind `{0}`")]
    UnknownKind(String),
    /// The node to add has no pin that takes the dragged wire.
    #[error("{0} has no pin that fits this wire")]
    NoFittingPin(String),
    /// Making a subflow needs selected nodes.
    #[error("select the nodes to make a subflow of first")]
    NothingToWrap,
    /// A selected node cannot go inside a subflow.
    #[error("cannot make a subflow: {0}")]
    CannotWrap(String),
    /// The node is not an instance of a subflow the board has.
    #[error("this node is not a subflow instance")]
    NotAnInstance,
    /// The instance cannot be unpacked as it is.
    #[error("cannot unpack this subflow: {0}")]
    CannotUnpack(String),
    /// A subflow's pins cannot be set so.
    #[error("cannot set these pins: {0}")]
    BadPins(String),
}

//! Floe's editor model, free of any view: the same code runs in the browser
//! (behind the Leptos views in `app/`) and in native tests.
//!
//! * [`Command`]: every edit of a board, serialisable, with an exact inverse;
//!   [`Document`] applies them and keeps the [`History`] (undo/redo).
//! * [`Selection`], [`Viewport`]: editor state, never saved in the board.
//! * [`geometry`]: node sizes, pin anchors and wire curves from the pins alone.
//! * [`Wiring`]: live wiring checks (types via `can_connect`, cycles via petgraph).
//! * [`gesture`]: the canvas's pointer gestures as a state machine (hits and
//!   modifiers in; selection, previews, commands and messages out).
//! * [`edit`]: edit actions (delete, duplicate, group, note, paste, add a node)
//!   worked out as commands.
//! * [`clipboard`]: copy/paste as JSON text; [`search`]: the palette's fuzzy search.
//! * [`share`]: the board in a URL fragment (versioned, compressed, base64url).
//! * [`panels`]: the panels around the canvas and when they open by themselves.
//! * [`explain`]: problems said for people, with the decoder's words apart.
//!
//! ```
//! use floe_editor::{Command, Document};
//! use floe_engine::{Board, Node};
//!
//! let mut doc = Document::new(Board::named("demo"));
//! doc.apply(Command::AddNodes { nodes: vec![Node::new("add", "math.add")], at: vec![] }).unwrap();
//! assert_eq!(doc.board().nodes.len(), 1);
//! doc.undo().unwrap().unwrap();
//! assert!(doc.board().nodes.is_empty());
//! doc.redo().unwrap().unwrap();
//! assert_eq!(doc.history().undo_label(), Some("add node"));
//! ```

pub mod clipboard;
pub mod command;
mod connect;
mod document;
pub mod edit;
pub mod explain;
pub mod geometry;
pub mod gesture;
mod history;
pub mod ids;
pub mod library;
pub mod module_url;
pub mod panels;
pub mod sealed;
pub mod search;
mod selection;
pub mod share;
pub mod space;
mod viewport;

pub use command::{Change, Command, CommandError};
pub use connect::{Refusal, Wiring};
pub use document::Document;
pub use geometry::{NodeLayout, Point, Rect};
pub use history::History;
pub use selection::{Item, Selection};
pub use viewport::Viewport;

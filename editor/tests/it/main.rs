//! The editor model end to end: random edit sequences always undo back to
//! the start, and the model behaves as the editor's views rely on.

mod fuzz;
mod gesture;
mod history;
mod hostile_links;
mod share;

//! The editor model end to end: random edit sequences always undo back to
//! the start, and the model behaves as the editor's views rely on.

mod fuzz;
mod gesture;
mod history;
mod hostile_links;
mod sealed;
mod share;
mod subflow;

use floe_engine::Board;
use floe_test_support as support;

#[global_allocator]
static ALLOC: support::memory::Counting = support::memory::Counting;

/// The boards (`NAME.board.json`) in a workspace folder, with their file names.
fn boards_in(dir: &str) -> Vec<(String, Board)> {
    support::files(dir, ".board.json")
        .into_iter()
        .map(|p| (support::file_name(&p), Board::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap()))
        .collect()
}

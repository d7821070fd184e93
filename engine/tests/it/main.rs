//! The engine's integration tests: one binary, topic files.

mod exec;
mod fixtures;
mod hostile;
mod hostile_corpus;
mod memory;
mod native;
mod node_schema;
mod robustness;
mod scheduler;
mod subflow;
mod tidy;
mod wasm_nodes;

use std::sync::Arc;

use floe_engine::{Board, Catalog, Plan};

/// Compiles a board given as JSON, panicking with the diagnostics if it does not compile.
pub fn plan(board: serde_json::Value) -> Arc<Plan> {
    let board = Board::from_value(board).expect("test board parses");
    match Plan::compile(&board, &Catalog::builtin()) {
        Ok(p) => Arc::new(p),
        Err(d) => panic!("board does not compile:\n{d}"),
    }
}

/// An edge as JSON.
pub fn edge(id: &str, from: &str, from_pin: &str, to: &str, to_pin: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "from": {"node": from, "pin": from_pin}, "to": {"node": to, "pin": to_pin}})
}

//! Floe's run worker. Boards run, and custom modules load, in a Web Worker
//! (`src/bin/floe-worker.rs`), never on the page: whatever a run does — a
//! runaway loop, a panic, an allocation that fails — the page stays
//! responsive, Stop ends the worker, and a worker that dies is replaced
//! without losing an edit. The page validates and lays out boards with the
//! modules' definitions only (`floe_engine::custom`), which the worker reads.
//!
//! [`protocol`] is what the page and the worker say; [`Session`] is the
//! worker's side, host-independent, so its tests run natively.
//!
//! ```
//! use floe_runner::Session;
//! use floe_engine::{Board, RunLimits, StdHost};
//!
//! let board = Board::from_json(r#"{"format_version": 1, "nodes": [
//!   {"id": "sum", "kind": "math.add", "inputs": {"a": 2, "b": 3}},
//!   {"id": "out", "kind": "event.board_output", "config": {"name": "total"}}],
//!   "edges": [{"id": "e", "from": {"node": "sum", "pin": "result"}, "to": {"node": "out", "pin": "value"}}]}"#).unwrap();
//! let mut events = Vec::new();
//! let record = pollster::block_on(Session::new().run(
//!     &board, serde_json::Value::Null, RunLimits::default(), &StdHost::default(), &mut |e| events.push(e),
//! )).unwrap();
//! assert_eq!(record.outputs["total"].to_string(), "5");
//! assert!(!events.is_empty());
//! ```

#[cfg(feature = "session")]
pub mod examples;
#[cfg(all(feature = "session", target_arch = "wasm32"))]
mod fetch;
#[cfg(all(feature = "session", target_arch = "wasm32"))]
mod native;
#[cfg(feature = "net")]
pub mod net;
pub mod protocol;
#[cfg(feature = "session")]
pub mod qr;
#[cfg(feature = "session")]
mod session;
#[cfg(all(feature = "session", target_arch = "wasm32"))]
mod sync;
#[cfg(all(feature = "session", target_arch = "wasm32"))]
mod vault;
#[cfg(all(feature = "session", target_arch = "wasm32"))]
pub mod worker;

#[cfg(feature = "session")]
pub use session::{MAX_SENT_DEPTH, MAX_SENT_VALUE, Session, WARM_UP, check_plan, push_event, run_plan, running_node};

//! Floe's flow engine: boards, validation, plans and runs.
//!
//! The pipeline has one type per stage:
//!
//! * [`Board`]: the saved document (nodes, edges, comments, variables).
//! * [`validate`] / [`check`]: every [`Diagnostic`] at once; never fails.
//! * [`Plan`]: a checked board compiled into flat arrays, reused across runs.
//! * [`Runner::run`]: one run, async and cancellable, emitting [`RunEvent`]s,
//!   leaving a [`RunRecord`].
//!
//! The engine is a pure library: it builds natively and for
//! `wasm32-unknown-unknown` and depends on no web, UI or server crate; the
//! caller supplies clocks and sleeping through [`Host`].
//!
//! ```
//! use std::sync::Arc;
//! use floe_engine::{Board, Catalog, Plan, RunOptions, Value, run_blocking};
//!
//! let board = Board::from_json(r#"{
//!   "format_version": 1,
//!   "nodes": [
//!     {"id": "in",  "kind": "event.board_input", "config": {"name": "celsius", "data_type": "Float"}},
//!     {"id": "mul", "kind": "math.multiply", "inputs": {"b": 1.8}},
//!     {"id": "add", "kind": "math.add", "inputs": {"b": 32.0}},
//!     {"id": "out", "kind": "event.board_output", "config": {"name": "fahrenheit"}}
//!   ],
//!   "edges": [
//!     {"id": "e1", "from": {"node": "in",  "pin": "value"},  "to": {"node": "mul", "pin": "a"}},
//!     {"id": "e2", "from": {"node": "mul", "pin": "result"}, "to": {"node": "add", "pin": "a"}},
//!     {"id": "e3", "from": {"node": "add", "pin": "result"}, "to": {"node": "out", "pin": "value"}}
//!   ]
//! }"#).unwrap();
//! let plan = Arc::new(Plan::compile(&board, &Catalog::builtin()).unwrap());
//! let input = Value::from_json(&serde_json::json!({"celsius": 100}));
//! let record = run_blocking(&plan, &RunOptions { input, ..RunOptions::default() });
//! assert_eq!(record.outputs["fahrenheit"], Value::Float(212.0));
//! ```

#![forbid(unsafe_code)]

pub mod bench_boards;
pub mod board;
pub mod catalog;
pub mod compat;
pub mod custom;
pub mod def;
pub mod errors;
pub mod exec;
pub mod exercise;
pub mod flatten;
pub mod graph;
pub mod http;
pub mod ids;
pub mod instance;
pub mod limits;
pub mod module;
pub mod native;
pub mod node;
mod nodes;
pub mod plan;
pub mod schema;
pub mod types;
pub mod validate;
pub mod value;
#[cfg(feature = "sandbox")]
pub mod wasm;

pub use board::{
    Board, BoardMeta, Comment, CommentKind, Edge, Interface, InterfacePin, LibraryRef, ModuleRef, Node, Position, Size,
    Subflow, Variable,
};
pub use catalog::{Catalog, NodeKind, Role};
pub use compat::{Connection, can_connect};
pub use def::{Capabilities, ConfigField, HttpCapability, NodeDef, PinDef, PinDirection, Scores};
pub use exec::{
    CancelToken, EventSink, Host, HostFuture, HttpFuture, LogLine, NodeRecord, NodeStatus, RunEvent, RunOptions,
    RunRecord, RunStatus, RunSummary, Runner, SecretFuture, StdHost, block_on, run_blocking,
};
pub use ids::{CommentId, EdgeId, NodeId, PinId, PinRef};
pub use limits::RunLimits;
pub use native::{CallPath, NativeCall, NativeError, NativeOutcome, NativeWasm};
pub use plan::{Needs, Plan};
pub use types::{DataType, PinType, ValueType};
pub use validate::{Checked, Code, Diagnostic, Diagnostics, PinTypes, Severity, Target, check, pin_types, validate};
pub use value::Value;

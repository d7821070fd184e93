//! The executor: runs a [`Plan`], many times, on one thread.
//!
//! * Dataflow boards run layer by layer; `Wait` steps within a layer overlap.
//! * Boards with execution wires run as fibers: each event firing starts one;
//!   a fiber follows execution wires depth-first (a stack of tasks), parks on
//!   `Wait`, and timers start new fibers. Pure nodes are evaluated on demand
//!   just before the node that needs them.
//!
//! The executor is async only at its edges (sleeping, yielding to the host
//! between slices); the per-node path is plain calls over precomputed slots.

mod context;
mod dataflow;
mod event;
mod fetch;
mod fibers;
mod host;
mod options;
mod record;
mod runner;
mod state;

pub use event::{EventSink, NodeOutputs, RunEvent};
pub use host::{CancelToken, Host, HostFuture, HttpFuture, SecretFuture, StdHost, block_on};
pub use options::{RunError, RunOptions, RunSummary};
pub use record::{ErrorInfo, LogLine, NodeRecord, NodeStatus, RunRecord, RunStatus};
pub use runner::{Runner, run_blocking};

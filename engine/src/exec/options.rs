//! What a run is given and what it ends with: [`RunOptions`], [`RunError`],
//! [`RunSummary`].

use std::sync::Arc;

use super::record::{ErrorInfo, RunStatus};
use crate::http::Grants;
use crate::ids::NodeId;
use crate::limits::RunLimits;
use crate::node::NodeError;
use crate::value::Value;

/// Settings for one run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The input payload (read by `event.manual_start` and `event.board_input`).
    pub input: Value,
    /// Seed for `math.random` nodes without a seed of their own.
    pub seed: u64,
    /// An id for the run, passed to nodes.
    pub run_id: Arc<str>,
    /// Read the clock: each node's duration, the run's duration and log
    /// times. Off, the executor reads no clock except to wait or yield, and
    /// those figures are 0 (the fastest runs).
    pub timing: bool,
    /// Stop after this many node executions.
    pub max_steps: u64,
    /// What the run may use besides steps: text, list and log sizes, nesting, wall time.
    pub limits: RunLimits,
    /// What the user granted the board's nodes (HTTP origins, secrets).
    /// Never part of a board: the host keeps them.
    pub grants: Arc<Grants>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            input: Value::Null,
            seed: 0,
            run_id: "run".into(),
            timing: true,
            max_steps: 100_000_000,
            limits: RunLimits::default(),
            grants: Arc::default(),
        }
    }
}

/// Why a run did not succeed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RunError {
    /// A node failed and nothing was connected to its error pins.
    #[error("node `{}` ({kind}) failed: {error}", node.as_path())]
    Node {
        /// The node.
        node: NodeId,
        /// Its kind.
        kind: String,
        /// What went wrong.
        error: Box<NodeError>,
    },
    /// Stopped from outside.
    #[error("run cancelled")]
    Cancelled,
    /// Too many node executions.
    #[error("run stopped after {limit} node executions; is a loop running away?")]
    StepLimit {
        /// The limit.
        limit: u64,
    },
    /// The run took longer than its `max_wall_ms`.
    #[error("run stopped after {limit_ms} ms, the run's limit `max_wall_ms`")]
    TimeLimit {
        /// The limit, in milliseconds.
        limit_ms: f64,
    },
}

impl RunError {
    pub(super) fn info(&self) -> ErrorInfo {
        match self {
            RunError::Node { node, error, .. } => ErrorInfo {
                node: Some(node.clone()),
                code: error.code().to_owned(),
                message: self.to_string(),
                pin: error.pin().map(|p| p.to_string()),
            },
            RunError::Cancelled => {
                ErrorInfo { node: None, code: "cancelled".into(), message: self.to_string(), pin: None }
            }
            RunError::StepLimit { .. } => {
                ErrorInfo { node: None, code: "step-limit".into(), message: self.to_string(), pin: None }
            }
            RunError::TimeLimit { .. } => {
                ErrorInfo { node: None, code: "time-limit".into(), message: self.to_string(), pin: None }
            }
        }
    }
}

/// How a run ended, in short.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary {
    /// Succeeded, failed or cancelled.
    pub status: RunStatus,
    /// The failure, if any.
    pub error: Option<RunError>,
    /// Wall time in milliseconds.
    pub duration_ms: f64,
    /// Node executions.
    pub steps: u64,
}

//! The record of one run, for the editor and the CLI to render.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::NodeId;
use crate::node::Level;
use crate::value::Value;

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// Every node that should run did, or failed into its error pin.
    Succeeded,
    /// A node failed with nothing connected to its error pins.
    Failed,
    /// Stopped from outside.
    Cancelled,
}

/// What became of one node in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeStatus {
    /// Execution never reached it.
    Waiting,
    /// Running now (seen only in live events).
    Running,
    /// Ran; its outputs hold its last values.
    Done,
    /// Failed (its last execution).
    Failed,
    /// Not run because an input it needed was unavailable.
    Skipped,
}

/// A log line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    /// The node that wrote it.
    pub node: Option<NodeId>,
    /// Its level.
    pub level: Level,
    /// The text.
    pub text: String,
    /// Milliseconds since the run started.
    pub at_ms: f64,
}

/// A failure, in a form that can be shown and serialised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// The node that failed, if a node did.
    pub node: Option<NodeId>,
    /// Stable code.
    pub code: String,
    /// What happened.
    pub message: String,
    /// The pin it is about, if any.
    pub pin: Option<String>,
}

/// One node's part in a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeRecord {
    /// The node.
    pub id: NodeId,
    /// Its kind.
    pub kind: String,
    /// Its last status.
    pub status: NodeStatus,
    /// How many times it ran.
    pub runs: u32,
    /// Total time spent in it, when timing was on.
    pub duration_ms: Option<f64>,
    /// Fuel a custom node used (summed over its executions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fuel: Option<u64>,
    /// Which engine ran a custom node's last call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<crate::native::CallPath>,
    /// Its data inputs' last values.
    pub inputs: BTreeMap<String, Value>,
    /// Its data outputs' last values.
    pub outputs: BTreeMap<String, Value>,
    /// Its last failure.
    pub error: Option<ErrorInfo>,
}

/// Everything about one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The run's id.
    pub run_id: String,
    /// How it ended.
    pub status: RunStatus,
    /// Why it failed, if it did.
    pub error: Option<ErrorInfo>,
    /// The board outputs, by name.
    pub outputs: BTreeMap<String, Value>,
    /// Every node, in board order.
    pub nodes: Vec<NodeRecord>,
    /// Board variables' values at the end of the run.
    pub variables: BTreeMap<String, Value>,
    /// Log lines in the order written.
    pub logs: Vec<LogLine>,
    /// Wall time of the whole run.
    pub duration_ms: f64,
    /// Node executions.
    pub steps: u64,
}

impl RunRecord {
    /// The record of the node with this id.
    pub fn node(&self, id: &str) -> Option<&NodeRecord> {
        self.nodes.iter().find(|n| n.id.as_str() == id)
    }
}

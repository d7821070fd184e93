//! Live events a run emits, for the editor's node status and the CLI's log.

use crate::ids::{NodeId, PinId};
use crate::node::NodeError;
use crate::value::Value;

use super::record::{LogLine, NodeStatus, RunStatus};

/// A data output's name and current value.
pub struct NodeOutputs<'a> {
    pub(crate) names: &'a [PinId],
    pub(crate) slots: &'a [u32],
    pub(crate) values: &'a [Value],
}

impl<'a> NodeOutputs<'a> {
    /// Each output pin with its value.
    pub fn iter(&self) -> impl Iterator<Item = (&'a PinId, &'a Value)> + '_ {
        self.names.iter().zip(self.slots.iter()).map(|(n, &s)| (n, &self.values[s as usize]))
    }
}

/// Something that happened during a run.
pub enum RunEvent<'a> {
    /// The run began.
    RunStarted {
        /// The run's id.
        run_id: &'a str,
    },
    /// A node is about to run.
    NodeStarted {
        /// Which.
        node: &'a NodeId,
    },
    /// A node ran.
    NodeFinished {
        /// Which.
        node: &'a NodeId,
        /// Done, or failed (with its error routed to its error pin).
        status: NodeStatus,
        /// How long this execution took, when timing is on.
        duration_ms: Option<f64>,
        /// Its data outputs now.
        outputs: NodeOutputs<'a>,
        /// Its failure, if it failed.
        error: Option<&'a NodeError>,
    },
    /// A custom node reports the fuel it used so far (between slices, and at the end).
    NodeProgress {
        /// Which.
        node: &'a NodeId,
        /// Fuel used so far in this execution.
        fuel: u64,
    },
    /// A custom node's call starts on the host's own engine, where it cannot
    /// report fuel until it ends.
    NodeNative {
        /// Which.
        node: &'a NodeId,
    },
    /// A node will not run because an input it needs is unavailable.
    NodeSkipped {
        /// Which.
        node: &'a NodeId,
    },
    /// A node wrote a log line.
    Log(&'a LogLine),
    /// The run ended.
    RunFinished {
        /// How.
        status: RunStatus,
    },
}

/// Receives [`RunEvent`]s.
pub trait EventSink {
    /// Whether to emit per-node events (off for the fastest runs).
    fn wants_node_events(&self) -> bool {
        true
    }

    /// Called for every event.
    fn event(&mut self, event: RunEvent<'_>);
}

/// Ignores everything (the fastest runs).
impl EventSink for () {
    fn wants_node_events(&self) -> bool {
        false
    }

    fn event(&mut self, _: RunEvent<'_>) {}
}

impl<F: FnMut(RunEvent<'_>)> EventSink for F {
    fn event(&mut self, event: RunEvent<'_>) {
        self(event)
    }
}

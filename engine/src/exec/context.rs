//! The run as its nodes see it: [`Ctx`] holds the host, the event sink, the
//! options and the log being written, and answers a node's [`RunEnv`] calls.

use super::event::{EventSink, RunEvent};
use super::host::{CancelToken, Host};
use super::options::{RunError, RunOptions};
use super::record::LogLine;
use crate::ids::NodeId;
use crate::limits::RunLimits;
use crate::node::{Level, NodeError, RunEnv};
use crate::value::Value;

/// The run as a whole: host, events, options and the log being written.
pub(super) struct Ctx<'a, H: ?Sized, S> {
    pub(super) host: &'a H,
    pub(super) sink: &'a mut S,
    pub(super) cancel: &'a CancelToken,
    pub(super) opts: &'a RunOptions,
    pub(super) node_events: bool,
    pub(super) slice_ms: f64,
    pub(super) logs: Vec<LogLine>,
    pub(super) started: f64,
    pub(super) fuel_slice: Option<u64>,
    /// When the run must end (monotonic ms; infinite without a wall-clock
    /// limit; NaN until the first clock check of a run that reads no clock).
    pub(super) deadline: f64,
    /// Bytes of log written so far.
    pub(super) log_bytes: usize,
}

impl<H: Host + ?Sized, S: EventSink> RunEnv for Ctx<'_, H, S> {
    fn log(&mut self, node: &NodeId, level: Level, text: String) -> Result<(), NodeError> {
        let max = self.opts.limits.max_log_bytes;
        if self.log_bytes.saturating_add(text.len()) > max {
            let what = format!("a log line of {} bytes would take the run's log past it", text.len());
            return Err(NodeError::limit("max_log_bytes", max as u64, what));
        }
        self.log_bytes += text.len();
        let at_ms = if self.opts.timing { self.host.monotonic_ms() - self.started } else { 0.0 };
        let line = LogLine { node: Some(node.clone()), level, text, at_ms };
        if self.node_events {
            self.sink.event(RunEvent::Log(&line));
        }
        self.logs.push(line);
        Ok(())
    }

    fn limits(&self) -> &RunLimits {
        &self.opts.limits
    }

    fn now_ms(&self) -> f64 {
        self.host.now_ms()
    }

    fn payload(&self) -> &Value {
        &self.opts.input
    }

    fn seed(&self) -> u64 {
        self.opts.seed
    }

    fn run_id(&self) -> &str {
        &self.opts.run_id
    }

    fn fuel_slice(&self) -> Option<u64> {
        self.fuel_slice
    }

    fn progress(&mut self, node: &NodeId, fuel: u64) {
        if self.node_events {
            self.sink.event(RunEvent::NodeProgress { node, fuel });
        }
    }

    #[cfg(feature = "sandbox")]
    fn native_wasm(&self) -> Option<&dyn crate::native::NativeWasm> {
        self.host.native_wasm()
    }

    #[cfg(feature = "sandbox")]
    fn native_call(&mut self, node: &NodeId) {
        if self.node_events {
            self.sink.event(RunEvent::NodeNative { node });
        }
    }
}

impl<H: Host + ?Sized, S> Ctx<'_, H, S> {
    /// The run's error once its wall-clock limit has passed.
    pub(super) fn check_clock(&mut self) -> Result<(), RunError> {
        if self.deadline == f64::INFINITY {
            return Ok(());
        }
        let now = self.host.monotonic_ms();
        if self.deadline.is_nan() {
            self.deadline = now + self.opts.limits.max_wall_ms.unwrap_or(f64::INFINITY);
        }
        if now >= self.deadline {
            let limit_ms = self.opts.limits.max_wall_ms.unwrap_or_default();
            return Err(RunError::TimeLimit { limit_ms });
        }
        Ok(())
    }
}

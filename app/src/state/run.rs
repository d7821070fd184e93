//! Running the board in the tab: compile, run with the browser host (time
//! sliced, cancellable), and show each node's status, duration and fuel as
//! the events arrive; keep the record for pin values and Display nodes.

use std::sync::Arc;

use floe_engine::{CancelToken, LogLine, NodeId, NodeStatus, Plan, RunEvent, RunOptions, RunRecord, Runner, Value};
use leptos::prelude::*;

use super::Editor;

/// A node's state in the current or last run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeRun {
    /// Where it is.
    pub status: RunStatus,
    /// Total time in it.
    pub duration_ms: Option<f64>,
    /// Fuel a custom node used.
    pub fuel: Option<u64>,
    /// How many times it ran.
    pub runs: u32,
    /// Its failure.
    pub error: Option<String>,
}

/// Where a node is in a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RunStatus {
    /// No run yet (or edited since).
    #[default]
    Idle,
    /// The run started; the node has not run yet.
    Waiting,
    /// Running now (a custom node between fuel slices).
    Running,
    /// Ran.
    Done,
    /// Failed.
    Failed,
    /// Did not run (an input it needed was missing).
    Skipped,
}

impl RunStatus {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            RunStatus::Idle => "idle",
            RunStatus::Waiting => "waiting",
            RunStatus::Running => "running",
            RunStatus::Done => "done",
            RunStatus::Failed => "failed",
            RunStatus::Skipped => "skipped",
        }
    }
}

/// One console line.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleLine {
    /// `debug`, `info`, `warn`, `error`.
    pub level: &'static str,
    /// The node that wrote it.
    pub node: Option<NodeId>,
    /// The text.
    pub text: String,
}

/// The run panel's state.
#[derive(Clone, Copy)]
pub struct RunState {
    /// A run is in progress.
    pub running: RwSignal<bool>,
    /// One line about the last run.
    pub summary: RwSignal<String>,
    /// Whether the last run failed.
    pub failed: RwSignal<bool>,
    /// The console.
    pub console: RwSignal<Vec<ConsoleLine>>,
    /// The last run's record.
    pub record: RwSignal<Option<Arc<RunRecord>>>,
    /// The input payload, as JSON text.
    pub input: RwSignal<String>,
    cancel: StoredValue<Option<CancelToken>>,
}

impl RunState {
    pub(crate) fn new() -> Self {
        RunState {
            running: RwSignal::new(false),
            summary: RwSignal::new(String::new()),
            failed: RwSignal::new(false),
            console: RwSignal::new(Vec::new()),
            record: RwSignal::new(None),
            input: RwSignal::new("{}".into()),
            cancel: StoredValue::new(None),
        }
    }

    pub(crate) fn reset(&self) {
        self.summary.set(String::new());
        self.failed.set(false);
        self.console.set(Vec::new());
        self.record.set(None);
    }

    /// The last value seen on pin `pin` of node `node` (an output, or an input when `input`).
    pub fn pin_value(&self, node: &NodeId, pin: &str, input: bool) -> Option<Value> {
        self.record.with(|r| {
            let n = r.as_ref()?.node(node.as_str())?;
            if input { n.inputs.get(pin).cloned() } else { n.outputs.get(pin).cloned() }
        })
    }
}

fn level_name(level: floe_engine::node::Level) -> &'static str {
    match level {
        floe_engine::node::Level::Debug => "debug",
        floe_engine::node::Level::Info => "info",
        floe_engine::node::Level::Warn => "warn",
        floe_engine::node::Level::Error => "error",
    }
}

impl Editor {
    /// Compiles and runs the board in the tab.
    pub fn start_run(&self) {
        if self.run.running.get_untracked() {
            return;
        }
        let input = match serde_json::from_str::<serde_json::Value>(&self.run.input.get_untracked()) {
            Ok(v) => Value::from_json(&v),
            Err(e) => {
                self.run.failed.set(true);
                self.run.summary.set(format!("The run input is not valid JSON: {e}"));
                return;
            }
        };
        let plan = self.catalog.with_value(|c| self.with_board(|b| Plan::compile(b, c)));
        let plan = match plan {
            Ok(p) => Arc::new(p),
            Err(diags) => {
                self.validate();
                self.run.failed.set(true);
                let n = diags.errors().count();
                self.run.summary.set(format!("The board has {n} error(s); see Problems"));
                return;
            }
        };
        for id in self.nodes.get_untracked() {
            if let Some(ui) = self.node(&id) {
                ui.run.set(NodeRun { status: RunStatus::Waiting, ..NodeRun::default() });
            }
        }
        let cancel = CancelToken::new();
        self.run.cancel.set_value(Some(cancel.clone()));
        self.run.running.set(true);
        self.run.failed.set(false);
        self.run.summary.set("Running…".into());
        self.run.console.set(Vec::new());
        let editor = *self;
        leptos::task::spawn_local(async move {
            let host = crate::host::BrowserHost::new();
            let mut runner = Runner::new(&plan);
            let opts = RunOptions { input, ..RunOptions::default() };
            let mut sink = |e: RunEvent<'_>| editor.on_event(e);
            let summary = runner.run(&opts, &host, &mut sink, &cancel).await;
            let record = Arc::new(runner.record());
            editor.finish_run(&summary, record);
        });
    }

    /// Cancels the run in progress (between nodes, or between a custom node's fuel slices).
    pub fn stop_run(&self) {
        if let Some(c) = self.run.cancel.get_value() {
            c.cancel();
        }
    }

    fn on_event(&self, e: RunEvent<'_>) {
        let set = |id: &NodeId, f: &dyn Fn(&mut NodeRun)| {
            if let Some(ui) = self.node(id) {
                ui.run.update(|r| f(r));
            }
        };
        match e {
            RunEvent::NodeStarted { node } => set(node, &|r| r.status = RunStatus::Running),
            RunEvent::NodeProgress { node, fuel } => set(node, &|r| {
                r.status = RunStatus::Running;
                r.fuel = Some(fuel);
            }),
            RunEvent::NodeFinished { node, status, duration_ms, error, .. } => set(node, &|r| {
                r.runs += 1;
                r.status = if status == NodeStatus::Failed { RunStatus::Failed } else { RunStatus::Done };
                if let Some(d) = duration_ms {
                    r.duration_ms = Some(r.duration_ms.unwrap_or(0.0) + d);
                }
                r.error = error.map(|e| e.to_string());
            }),
            RunEvent::NodeSkipped { node } => set(node, &|r| r.status = RunStatus::Skipped),
            RunEvent::Log(line) => self.push_log(line),
            RunEvent::RunStarted { .. } | RunEvent::RunFinished { .. } => {}
        }
    }

    fn push_log(&self, line: &LogLine) {
        let entry = ConsoleLine { level: level_name(line.level), node: line.node.clone(), text: line.text.clone() };
        self.run.console.update(|c| {
            c.push(entry);
            if c.len() > 2000 {
                c.drain(..c.len() - 2000);
            }
        });
    }

    fn finish_run(&self, summary: &floe_engine::RunSummary, record: Arc<RunRecord>) {
        for n in &record.nodes {
            if let Some(ui) = self.node(&n.id) {
                ui.run.update(|r| {
                    if r.status == RunStatus::Waiting || r.status == RunStatus::Running {
                        r.status = if n.runs > 0 { RunStatus::Done } else { RunStatus::Idle };
                    }
                    if let Some(f) = n.fuel {
                        r.fuel = Some(f);
                    }
                    r.duration_ms = n.duration_ms.or(r.duration_ms);
                    if let Some(e) = &n.error {
                        r.status = RunStatus::Failed;
                        r.error = Some(format!("[{}] {}", e.code, e.message));
                    }
                });
            }
        }
        let text = match (&summary.status, &summary.error) {
            (floe_engine::RunStatus::Succeeded, _) => {
                format!("Ran {} node executions in {:.1} ms", record.steps, summary.duration_ms)
            }
            (floe_engine::RunStatus::Cancelled, _) => format!("Stopped after {:.0} ms", summary.duration_ms),
            (_, Some(e)) => format!("Failed: {e}"),
            (_, None) => "Failed".to_owned(),
        };
        self.run.failed.set(summary.status != floe_engine::RunStatus::Succeeded);
        self.run.summary.set(text);
        self.run.record.set(Some(record));
        self.run.running.set(false);
        self.run.cancel.set_value(None);
    }
}

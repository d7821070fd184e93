//! Running the board: checked on the page, run in the run worker (the page
//! never runs a node); each node's status, duration and fuel shown as the
//! events arrive; the record kept for pin values and Display nodes. Stop
//! ends the worker, whatever it is doing.

use std::sync::Arc;

use floe_editor::panels::{RunOutcome, Tab};
use floe_engine::{LogLine, NodeId, RunLimits, RunRecord, Severity};
use floe_runner::protocol::{Event, Reply, Request};
use leptos::prelude::*;

use super::Editor;
use super::runner::Crash;

/// A node's state in the current or last run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeRun {
    /// Where it is.
    pub status: RunStatus,
    /// Total time in it.
    pub duration_ms: Option<f64>,
    /// Fuel a custom node used.
    pub fuel: Option<u64>,
    /// Which engine ran a custom node's last call.
    pub path: Option<floe_engine::CallPath>,
    /// How many times it ran.
    pub runs: u32,
    /// Its failure.
    pub error: Option<String>,
    /// When its current execution began (the page's clock, ms), while it runs.
    pub since: Option<f64>,
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
    /// Was running when the run was stopped.
    Stopped,
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
            RunStatus::Stopped => "stopped",
        }
    }
}

/// The page's clock, in milliseconds.
fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// A duration for a badge: µs, ms or s.
pub fn duration_text(ms: f64) -> String {
    match ms {
        d if d < 0.001 => "<1 µs".to_owned(),
        d if d < 1.0 => format!("{:.0} µs", d * 1000.0),
        d if d < 1000.0 => format!("{d:.1} ms"),
        d => format!("{:.1} s", d / 1000.0),
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
    /// The run in progress: its request id and when it started.
    current: StoredValue<Option<(u64, f64)>>,
    /// The worker asks the user to grant what the board's nodes need: one
    /// line per node, and what allowing grants (opaque).
    pub consent: RwSignal<Option<(Vec<String>, String)>>,
    /// The Permissions and secrets dialog is open.
    pub permissions: RwSignal<bool>,
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
            current: StoredValue::new(None),
            consent: RwSignal::new(None),
            permissions: RwSignal::new(false),
        }
    }

    pub(crate) fn reset(&self) {
        self.summary.set(String::new());
        self.failed.set(false);
        self.console.set(Vec::new());
        self.record.set(None);
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
    /// Checks the board and runs it in the run worker (once its custom
    /// nodes' definitions are in).
    pub fn start_run(&self) {
        let editor = *self;
        self.when_modules_loaded(move || editor.start_run_now(None));
    }

    /// Runs the board with what the user just allowed (a consent's grant).
    pub fn run_approved(&self, grant: String) {
        self.run.consent.set(None);
        let editor = *self;
        self.when_modules_loaded(move || editor.start_run_now(Some(grant.clone())));
    }

    fn start_run_now(&self, approve: Option<String>) {
        if self.run.running.get_untracked() {
            return;
        }
        let input = match serde_json::from_str::<serde_json::Value>(&self.run.input.get_untracked()) {
            Ok(v) => v,
            Err(e) => {
                self.run.failed.set(true);
                self.run.summary.set(format!("The run input is not valid JSON: {e}"));
                return;
            }
        };
        // Checked here (every diagnostic on the page, usually from the last
        // edit's validation); the worker compiles its own plan.
        let key = (self.revision.get_untracked(), self.catalog_rev.get_untracked());
        if self.validated.get_value() != key {
            self.validate();
        }
        let errors = self.diagnostics.with_untracked(|d| d.iter().filter(|d| d.severity == Severity::Error).count());
        if errors > 0 {
            self.run.failed.set(true);
            self.run.summary.set(format!("The board has {errors} error(s); see Problems"));
            self.panels_do(|p| p.show(Tab::Problems));
            return;
        }
        for id in self.nodes.get_untracked() {
            if let Some(ui) = self.node(&id) {
                ui.run.set(NodeRun { status: RunStatus::Waiting, ..NodeRun::default() });
            }
        }
        self.runner.crashed.set(None);
        self.run.running.set(true);
        self.run.failed.set(false);
        self.run.summary.set("Running…".into());
        self.run.console.set(Vec::new());
        // The worker keeps the plan of the board it ran last: an unchanged
        // board is not sent (nor compiled) again.
        let board = (!self.runner.keeps_board(key)).then(|| Box::new(self.with_document(floe_engine::Board::clone)));
        self.runner.kept_board(Some(key));
        let editor = *self;
        let board_id = self.board_id.get_untracked().unwrap_or_default();
        let id = self.runner.send(
            |id| Request::Run { id, board, key, input, limits: run_limits(), board_id, approve },
            false,
            move |reply| match reply {
                Reply::Events { events, .. } => events.iter().for_each(|e| editor.on_event(e)),
                Reply::Consent { id, asks, grant } => {
                    editor.runner.done(id);
                    editor.settle_nodes(false);
                    editor.run.consent.set(Some((asks, grant)));
                    editor.end_run("Not run yet: it needs your permission".into(), false);
                }
                Reply::Finished { id, record, problem } => {
                    editor.runner.done(id);
                    match (record, problem) {
                        (Some(record), _) => editor.finish_run(Arc::new(*record)),
                        (None, problem) => {
                            editor.runner.kept_board(None);
                            editor.end_run(problem.unwrap_or_default(), true)
                        }
                    }
                }
                _ => {}
            },
            move |lost| editor.lose_run(lost),
        );
        self.run.current.set_value(Some((id, js_sys::Date::now())));
    }

    /// Stops the run in progress: the worker is ended (even inside a
    /// runaway custom node or a host call) and a fresh one started.
    pub fn stop_run(&self) {
        if self.run.current.get_value().is_none() {
            return;
        }
        self.runner.restart(Crash { message: "stopped".into(), node: None });
    }

    /// The worker went away during the run: Stop, or a crash.
    fn lose_run(&self, why: Crash) {
        let Some((_, started)) = self.run.current.get_value() else { return };
        let elapsed = js_sys::Date::now() - started;
        let stopped = why.message == "stopped";
        self.settle_nodes(stopped);
        // The last record is an earlier run's: its outputs and error are not this run's.
        self.run.record.set(None);
        if stopped {
            self.end_run(format!("Stopped after {}", duration_text(elapsed)), true);
            return;
        }
        let board = self.with_document(|b| b.meta.name.clone());
        let at = why.node.as_ref().map(|n| format!(" while node `{n}` was running")).unwrap_or_default();
        self.runner.crashed.set(Some(Crash {
            message: format!(
                "The run of “{board}” stopped unexpectedly{at}: {}. Floe restarted its runner; your board is unchanged.",
                why.message
            ),
            node: why.node.clone(),
        }));
        if let Some(ui) = why.node.as_ref().and_then(|n| self.node(n)) {
            ui.run.update(|r| {
                r.status = RunStatus::Failed;
                r.error = Some(format!("the runner stopped here: {}", why.message));
            });
        }
        self.end_run(format!("The runner stopped unexpectedly{at}"), true);
    }

    /// Nodes still waiting or running when a run ends without a record: a
    /// node that was running is *stopped* (on Stop) with the time it had
    /// run, counted on the page's clock; a waiting one goes back to idle.
    fn settle_nodes(&self, stopped: bool) {
        let now = now_ms();
        for id in self.nodes.get_untracked() {
            if let Some(ui) = self.node(&id) {
                ui.run.update(|r| match r.status {
                    RunStatus::Running => {
                        if let Some(since) = r.since.take() {
                            r.duration_ms = Some(r.duration_ms.unwrap_or(0.0) + (now - since));
                        }
                        r.status = if stopped { RunStatus::Stopped } else { RunStatus::Idle };
                    }
                    RunStatus::Waiting => r.status = RunStatus::Idle,
                    _ => {}
                });
            }
        }
    }

    fn end_run(&self, summary: String, failed: bool) {
        self.run.failed.set(failed);
        self.run.summary.set(summary);
        self.run.running.set(false);
        self.run.current.set_value(None);
        self.runner.running_node.set_value(None);
    }

    fn on_event(&self, e: &Event) {
        let scope = self.scope.get_untracked();
        let set = |id: &NodeId, f: &dyn Fn(&mut NodeRun)| {
            // A node inside an instance shows on the instance (as running).
            let Some((shown, exact)) = super::scope::shown_node(scope.as_ref(), id.as_str()) else { return };
            if let Some(ui) = self.node(&NodeId::from(shown)) {
                ui.run.update(|r| {
                    if exact {
                        f(r);
                    } else {
                        r.status = RunStatus::Running;
                    }
                });
            }
        };
        match e {
            Event::Started { node } => {
                self.runner.running_node.set_value(Some(node.clone()));
                let now = now_ms();
                set(node, &|r| {
                    // A custom node between fuel slices starts again: its execution began earlier.
                    if r.status != RunStatus::Running || r.since.is_none() {
                        r.since = Some(now);
                    }
                    r.status = RunStatus::Running;
                })
            }
            Event::Progress { node, fuel } => set(node, &|r| {
                r.status = RunStatus::Running;
                r.fuel = Some(*fuel);
            }),
            Event::Native { node } => set(node, &|r| {
                r.status = RunStatus::Running;
                r.path = Some(floe_engine::CallPath::Native);
            }),
            Event::Finished { node, failed, duration_ms, error } => {
                if self.runner.running_node.with_value(|r| r.as_ref() == Some(node)) {
                    self.runner.running_node.set_value(None);
                }
                set(node, &|r| {
                    r.runs += 1;
                    r.since = None;
                    r.status = if *failed { RunStatus::Failed } else { RunStatus::Done };
                    if let Some(d) = duration_ms {
                        r.duration_ms = Some(r.duration_ms.unwrap_or(0.0) + d);
                    }
                    r.error = error.clone();
                })
            }
            Event::Skipped { node } => set(node, &|r| r.status = RunStatus::Skipped),
            Event::Log(line) => self.push_log(line),
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

    fn finish_run(&self, record: Arc<RunRecord>) {
        self.run.record.set(Some(record.clone()));
        self.show_run_values();
        let outputs = match record.outputs.len() {
            0 => String::new(),
            1 => " · 1 output".to_owned(),
            n => format!(" · {n} outputs"),
        };
        let text = match (&record.status, &record.error) {
            (floe_engine::RunStatus::Succeeded, _) => {
                format!("Ran {} node executions in {}{outputs}", record.steps, duration_text(record.duration_ms))
            }
            (floe_engine::RunStatus::Cancelled, _) => format!("Stopped after {}", duration_text(record.duration_ms)),
            (_, Some(e)) => format!("Failed: {}", e.message),
            (_, None) => "Failed".to_owned(),
        };
        let failed = record.status != floe_engine::RunStatus::Succeeded;
        let outcome = RunOutcome { failed, outputs: record.outputs.len(), logs: record.logs.len() };
        self.end_run(text, failed);
        self.panels_do(|p| {
            p.after_run(outcome);
        });
    }
}

impl Editor {
    /// The last value seen on pin `pin` of node `node` on the canvas (an
    /// output, or an input when `input`): inside an opened instance, that
    /// instance's node; for an instance, the value at its pin.
    pub fn pin_value(&self, node: &NodeId, pin: &str, input: bool) -> Option<floe_engine::Value> {
        let id = match self.scope.get_untracked() {
            None => node.to_string(),
            Some(super::scope::Scope { path: Some(p), .. }) => format!("{p}{}{node}", floe_engine::board::PATH_SEP),
            Some(_) => return None,
        };
        self.run.record.with(|r| {
            let r = r.as_ref()?;
            let n = r.node(&id)?;
            if n.kind != floe_engine::flatten::PASS_KIND || !input {
                return if input { n.inputs.get(pin).cloned() } else { n.outputs.get(pin).cloned() };
            }
            // An instance's inputs are where they enter: its inputs boundary.
            let prefix = format!("{id}{}", floe_engine::board::PATH_SEP);
            r.nodes
                .iter()
                .filter(|m| m.kind == floe_engine::flatten::PASS_KIND)
                .find(|m| {
                    m.id.as_str().strip_prefix(&prefix).is_some_and(|rest| !rest.contains(floe_engine::board::PATH_SEP))
                })
                .and_then(|m| m.inputs.get(pin).cloned())
        })
    }

    /// Shows the last run's record on the nodes on the canvas: each node's
    /// own, and on an instance its boundary's status with the time and runs
    /// of everything inside it. Inside an opened instance, that instance's
    /// nodes (not another instance's).
    pub(crate) fn show_run_values(&self) {
        let Some(record) = self.run.record.get_untracked() else {
            for id in self.nodes.get_untracked() {
                if let Some(ui) = self.node(&id) {
                    ui.run.set(NodeRun::default());
                }
            }
            return;
        };
        let scope = self.scope.get_untracked();
        let mut shown: std::collections::HashMap<&str, NodeRun> = std::collections::HashMap::new();
        for n in &record.nodes {
            let Some((id, exact)) = super::scope::shown_node(scope.as_ref(), n.id.as_str()) else { continue };
            let entry = shown.entry(id).or_default();
            if exact {
                let error = n.error.as_ref().map(|e| format!("[{}] {}", e.code, e.message));
                entry.status = match n.status {
                    _ if error.is_some() => RunStatus::Failed,
                    floe_engine::NodeStatus::Done => RunStatus::Done,
                    floe_engine::NodeStatus::Failed => RunStatus::Failed,
                    floe_engine::NodeStatus::Skipped => RunStatus::Skipped,
                    floe_engine::NodeStatus::Waiting | floe_engine::NodeStatus::Running if n.runs > 0 => {
                        RunStatus::Done
                    }
                    floe_engine::NodeStatus::Waiting | floe_engine::NodeStatus::Running => RunStatus::Idle,
                };
                entry.fuel = n.fuel.or(entry.fuel);
                entry.path = n.path.or(entry.path);
                entry.runs += n.runs;
                entry.error = error.or(entry.error.take());
                if let Some(d) = n.duration_ms {
                    entry.duration_ms = Some(entry.duration_ms.unwrap_or(0.0) + d);
                }
            } else {
                // Inside an instance: its time and runs count for it.
                entry.runs += n.runs;
                if let Some(d) = n.duration_ms {
                    entry.duration_ms = Some(entry.duration_ms.unwrap_or(0.0) + d);
                }
                if entry.error.is_none() && n.error.is_some() {
                    entry.error =
                        n.error.as_ref().map(|e| format!("inside, at {}: [{}] {}", n.id.as_path(), e.code, e.message));
                }
            }
        }
        for id in self.nodes.get_untracked() {
            let Some(ui) = self.node(&id) else { continue };
            let next = shown.remove(id.as_str()).unwrap_or_default();
            if ui.run.with_untracked(|r| *r != next) {
                ui.run.set(next);
            }
        }
    }
}

/// Where this browser may keep `native_after_fuel` (tests and node authors
/// set it to 0 to run custom nodes on the browser's engine from the first
/// call; see `RunLimits::native_after_fuel`).
const NATIVE_AFTER_FUEL_KEY: &str = "floe.native-after-fuel";

/// Where this browser may keep its runs' HTTP limits (tests shorten them;
/// see `RunLimits::http_timeout_ms` and `max_response_bytes`).
const HTTP_TIMEOUT_KEY: &str = "floe.http-timeout-ms";
const MAX_RESPONSE_KEY: &str = "floe.max-response-bytes";

/// The limits of a run from this page: the defaults, with what this
/// browser keeps, if anything.
fn run_limits() -> RunLimits {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let kept = |key| storage.as_ref().and_then(|s| s.get_item(key).ok().flatten());
    let d = RunLimits::default();
    RunLimits {
        native_after_fuel: kept(NATIVE_AFTER_FUEL_KEY).and_then(|t| t.trim().parse().ok()),
        http_timeout_ms: kept(HTTP_TIMEOUT_KEY).and_then(|t| t.trim().parse().ok()).unwrap_or(d.http_timeout_ms),
        max_response_bytes: kept(MAX_RESPONSE_KEY).and_then(|t| t.trim().parse().ok()).unwrap_or(d.max_response_bytes),
        ..d
    }
}

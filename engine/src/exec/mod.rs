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

mod event;
mod host;
mod record;

use std::any::Any;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use crate::ids::NodeId;
use crate::node::{Cx, Entry, Frame, Level, LogOut, NodeError, Step};
use crate::plan::{ExecTarget, Plan};
use crate::schema;
use crate::validate::Mode;
use crate::value::Value;

pub use event::{EventSink, NodeOutputs, RunEvent};
pub use host::{CancelToken, Host, HostFuture, StdHost, block_on};
pub use record::{ErrorInfo, LogLine, NodeRecord, NodeStatus, RunRecord, RunStatus};

/// Settings for one run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The input payload (read by `event.manual_start` and `event.board_input`).
    pub input: Value,
    /// Seed for `math.random` nodes without a seed of their own.
    pub seed: u64,
    /// An id for the run, passed to nodes.
    pub run_id: String,
    /// Measure each node's duration (two clock reads per node).
    pub timing: bool,
    /// Stop after this many node executions.
    pub max_steps: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { input: Value::Null, seed: 0, run_id: "run".into(), timing: true, max_steps: 100_000_000 }
    }
}

/// Why a run did not succeed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RunError {
    /// A node failed and nothing was connected to its error pins.
    #[error("node `{node}` ({kind}) failed: {error}")]
    Node {
        /// The node.
        node: NodeId,
        /// Its kind.
        kind: String,
        /// What went wrong.
        error: NodeError,
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
}

impl RunError {
    fn info(&self) -> ErrorInfo {
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

/// Runs a plan on a native thread and returns the full record.
pub fn run_blocking(plan: &Arc<Plan>, opts: &RunOptions) -> RunRecord {
    let mut runner = plan.runner();
    block_on(runner.run(opts, &StdHost::default(), &mut (), &CancelToken::new()));
    runner.record()
}

/// Owns the per-run state of one plan; reuse it for many runs.
pub struct Runner {
    plan: Arc<Plan>,
    st: State,
}

struct State {
    slots: Vec<Value>,
    status: Vec<NodeStatus>,
    runs: Vec<u32>,
    time: Vec<f64>,
    errors: Vec<Option<NodeError>>,
    states: Vec<Option<Box<dyn Any + Send>>>,
    vars: Vec<Value>,
    logs: Vec<LogLine>,
    steps: u64,
    any_failed: bool,
    started: f64,
    slice_start: f64,
    run_id: String,
    timed: bool,
    summary: Option<RunSummary>,
}

enum Task {
    Run(u32, Entry, Frame),
    Fire(u32, usize),
}

struct Fiber {
    stack: Vec<Task>,
    wake_at: f64,
}

/// A run-ending condition raised inside the loops.
type Halt = RunError;

struct Ctx<'a, H: ?Sized, S> {
    host: &'a H,
    sink: &'a mut S,
    cancel: &'a CancelToken,
    opts: &'a RunOptions,
    node_events: bool,
}

impl Runner {
    pub(crate) fn new(plan: Arc<Plan>) -> Self {
        let n = plan.nodes.len();
        let st = State {
            slots: plan.slot_init.clone(),
            status: vec![NodeStatus::Waiting; n],
            runs: vec![0; n],
            time: vec![0.0; n],
            errors: vec![None; n],
            states: (0..n).map(|_| None).collect(),
            vars: plan.var_init.clone(),
            logs: Vec::new(),
            steps: 0,
            any_failed: false,
            started: 0.0,
            slice_start: 0.0,
            run_id: String::new(),
            timed: false,
            summary: None,
        };
        Runner { plan, st }
    }

    /// The plan this runner runs.
    pub fn plan(&self) -> &Arc<Plan> {
        &self.plan
    }

    fn reset(&mut self, opts: &RunOptions, now: f64) {
        let st = &mut self.st;
        st.slots.clone_from_slice(&self.plan.slot_init);
        st.status.fill(NodeStatus::Waiting);
        st.runs.fill(0);
        st.time.fill(0.0);
        for e in &mut st.errors {
            *e = None;
        }
        for s in &mut st.states {
            *s = None;
        }
        st.vars.clone_from_slice(&self.plan.var_init);
        st.logs.clear();
        st.steps = 0;
        st.any_failed = false;
        st.started = now;
        st.slice_start = now;
        st.timed = opts.timing;
        st.summary = None;
        if st.run_id != opts.run_id {
            st.run_id.clone_from(&opts.run_id);
        }
    }

    /// Runs the plan once. Afterwards [`Runner::record`] and [`Runner::output`]
    /// describe this run until the next one starts.
    pub async fn run<H: Host + ?Sized, S: EventSink>(
        &mut self,
        opts: &RunOptions,
        host: &H,
        sink: &mut S,
        cancel: &CancelToken,
    ) -> RunSummary {
        let now = host.monotonic_ms();
        self.reset(opts, now);
        let node_events = sink.wants_node_events();
        if node_events {
            sink.event(RunEvent::RunStarted { run_id: &opts.run_id });
        }
        let mut cx = Ctx { host, sink, cancel, opts, node_events };
        let result = match self.plan.mode {
            Mode::Dataflow => self.run_dataflow(&mut cx).await,
            Mode::Control => self.run_control(&mut cx).await,
        };
        let status = match &result {
            Ok(()) => RunStatus::Succeeded,
            Err(RunError::Cancelled) => RunStatus::Cancelled,
            Err(_) => RunStatus::Failed,
        };
        if node_events {
            cx.sink.event(RunEvent::RunFinished { status });
        }
        let summary =
            RunSummary { status, error: result.err(), duration_ms: host.monotonic_ms() - now, steps: self.st.steps };
        self.st.summary = Some(summary.clone());
        summary
    }

    /// The value of board output `name` in the last run, if it was written.
    pub fn output(&self, name: &str) -> Option<&Value> {
        let (_, node) = self.plan.outputs.iter().find(|(n, _)| n == name)?;
        self.output_of(*node as usize)
    }

    fn output_of(&self, node: usize) -> Option<&Value> {
        if self.st.status[node] != NodeStatus::Done {
            return None;
        }
        let slot = *self.plan.nodes[node].ins.first()?;
        Some(&self.st.slots[slot as usize])
    }

    /// The full record of the last run.
    pub fn record(&self) -> RunRecord {
        let plan = &self.plan;
        let st = &self.st;
        let summary = st.summary.clone().unwrap_or(RunSummary {
            status: RunStatus::Succeeded,
            error: None,
            duration_ms: 0.0,
            steps: 0,
        });
        let mut outputs = BTreeMap::new();
        for (name, node) in &plan.outputs {
            if let Some(v) = self.output_of(*node as usize) {
                outputs.insert(name.clone(), v.clone());
            }
        }
        let nodes = plan
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let pick = |names: &[crate::ids::PinId], slots: &[u32]| -> BTreeMap<String, Value> {
                    names.iter().zip(slots).map(|(n, &s)| (n.to_string(), st.slots[s as usize].clone())).collect()
                };
                NodeRecord {
                    id: node.id.clone(),
                    kind: node.kind.clone(),
                    status: st.status[i],
                    runs: st.runs[i],
                    duration_ms: st.timed.then_some(st.time[i]),
                    inputs: pick(&node.in_names, &node.ins),
                    outputs: if st.runs[i] > 0 { pick(&node.out_names, &node.outs) } else { BTreeMap::new() },
                    error: st.errors[i].as_ref().map(|e| ErrorInfo {
                        node: Some(node.id.clone()),
                        code: e.code().to_owned(),
                        message: e.to_string(),
                        pin: e.pin().map(|p| p.to_string()),
                    }),
                }
            })
            .collect();
        RunRecord {
            run_id: st.run_id.clone(),
            status: summary.status,
            error: summary.error.as_ref().map(RunError::info),
            outputs,
            nodes,
            variables: plan.var_names.iter().cloned().zip(st.vars.iter().cloned()).collect(),
            logs: st.logs.clone(),
            duration_ms: summary.duration_ms,
            steps: summary.steps,
        }
    }

    /// Counts a node execution; cancels, limits and yields to the host.
    async fn tick<H: Host + ?Sized, S>(&mut self, cx: &mut Ctx<'_, H, S>) -> Result<(), Halt> {
        self.st.steps += 1;
        if cx.cancel.is_cancelled() {
            return Err(RunError::Cancelled);
        }
        if self.st.steps > cx.opts.max_steps {
            return Err(RunError::StepLimit { limit: cx.opts.max_steps });
        }
        if self.st.steps & 31 == 0 {
            let slice = cx.host.slice_ms();
            if slice.is_finite() {
                let now = cx.host.monotonic_ms();
                if now - self.st.slice_start >= slice {
                    cx.host.yield_now().await;
                    self.st.slice_start = cx.host.monotonic_ms();
                    if cx.cancel.is_cancelled() {
                        return Err(RunError::Cancelled);
                    }
                }
            }
        }
        Ok(())
    }

    async fn sleep<H: Host + ?Sized, S>(&mut self, ms: f64, cx: &mut Ctx<'_, H, S>) -> Result<(), Halt> {
        let until = cx.host.monotonic_ms() + ms;
        loop {
            if cx.cancel.is_cancelled() {
                return Err(RunError::Cancelled);
            }
            let left = until - cx.host.monotonic_ms();
            if left <= 0.0 {
                break;
            }
            cx.host.sleep(left.min(50.0)).await;
        }
        self.st.slice_start = cx.host.monotonic_ms();
        Ok(())
    }

    async fn run_dataflow<H: Host + ?Sized, S: EventSink>(&mut self, cx: &mut Ctx<'_, H, S>) -> Result<(), Halt> {
        let plan = self.plan.clone();
        for layer in &plan.layers {
            let mut wait_ms = 0u64;
            for &i in &plan.order[layer.clone()] {
                let i = i as usize;
                self.tick(cx).await?;
                if self.st.any_failed && self.unavailable(i).is_some() {
                    self.skip(i, cx);
                    continue;
                }
                match self.exec_one(i, Entry::Data, &mut Frame::default(), cx) {
                    Ok(Step::Wait { ms, .. }) => wait_ms = wait_ms.max(ms),
                    Ok(_) => {}
                    Err(e) => self.route_failure(i, e)?,
                }
            }
            if wait_ms > 0 {
                self.sleep(wait_ms as f64, cx).await?;
            }
        }
        Ok(())
    }

    async fn run_control<H: Host + ?Sized, S: EventSink>(&mut self, cx: &mut Ctx<'_, H, S>) -> Result<(), Halt> {
        let plan = self.plan.clone();
        let mut ready: VecDeque<Fiber> = plan
            .starts
            .iter()
            .map(|&i| Fiber { stack: vec![Task::Run(i, Entry::Event(0), Frame::default())], wake_at: 0.0 })
            .collect();
        let mut parked: Vec<Fiber> = Vec::new();
        let t0 = cx.host.monotonic_ms();
        // (node, period, ticks left, next tick number, due time)
        let mut timers: Vec<(u32, u64, u64, u64, f64)> =
            plan.timers.iter().map(|&(i, every, count)| (i, every, count, 0, t0 + every as f64)).collect();
        loop {
            if let Some(mut fiber) = ready.pop_front() {
                while let Some(task) = fiber.stack.pop() {
                    if let Some(ms) = self.do_task(task, &mut fiber.stack, cx).await? {
                        fiber.wake_at = cx.host.monotonic_ms() + ms as f64;
                        parked.push(fiber);
                        break;
                    }
                }
                continue;
            }
            let next_fiber = parked.iter().map(|f| f.wake_at).fold(f64::INFINITY, f64::min);
            let next_timer = timers.iter().filter(|t| t.2 > 0).map(|t| t.4).fold(f64::INFINITY, f64::min);
            let next = next_fiber.min(next_timer);
            if !next.is_finite() {
                return Ok(());
            }
            let wait = next - cx.host.monotonic_ms();
            if wait > 0.0 {
                self.sleep(wait, cx).await?;
            }
            let now = cx.host.monotonic_ms();
            let mut woken: Vec<Fiber> = Vec::new();
            parked.retain_mut(|f| {
                if f.wake_at <= now {
                    woken.push(Fiber { stack: std::mem::take(&mut f.stack), wake_at: f.wake_at });
                    false
                } else {
                    true
                }
            });
            woken.sort_by(|a, b| a.wake_at.total_cmp(&b.wake_at));
            ready.extend(woken);
            for t in timers.iter_mut().filter(|t| t.2 > 0 && t.4 <= now) {
                ready.push_back(Fiber {
                    stack: vec![Task::Run(t.0, Entry::Event(t.3), Frame::default())],
                    wake_at: 0.0,
                });
                t.2 -= 1;
                t.3 += 1;
                t.4 += t.1 as f64;
            }
        }
    }

    /// Runs one task of a fiber; `Some(ms)` parks the fiber for that long.
    async fn do_task<H: Host + ?Sized, S: EventSink>(
        &mut self,
        task: Task,
        stack: &mut Vec<Task>,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<Option<u64>, Halt> {
        let plan = self.plan.clone();
        let (i, entry, mut frame) = match task {
            Task::Fire(i, k) => {
                push_targets(stack, &plan.nodes[i as usize].exec_outs[k]);
                return Ok(None);
            }
            Task::Run(i, entry, frame) => (i as usize, entry, frame),
        };
        let node = &plan.nodes[i];
        let deps: &[u32] = if entry == Entry::Resume && !node.imp.pulls_on_resume() { &[] } else { &node.deps };
        for &d in deps {
            let d = d as usize;
            self.tick(cx).await?;
            if self.unavailable(d).is_some() {
                self.skip(d, cx);
                continue;
            }
            if let Err(e) = self.exec_one(d, Entry::Data, &mut Frame::default(), cx) {
                self.route_failure(d, e)?;
            }
        }
        self.tick(cx).await?;
        let result = match self.unavailable(i) {
            Some(err) => {
                self.st.status[i] = NodeStatus::Failed;
                self.st.errors[i] = Some(err.clone());
                Err(err)
            }
            None => self.exec_one(i, entry, &mut frame, cx),
        };
        match result {
            Ok(Step::Done) => {
                if let Some(first) = node.exec_outs.first() {
                    push_targets(stack, first);
                }
            }
            Ok(Step::Fire(k)) => push_targets(stack, &node.exec_outs[k]),
            Ok(Step::Call(k)) => {
                stack.push(Task::Run(i as u32, Entry::Resume, frame));
                push_targets(stack, &node.exec_outs[k]);
            }
            Ok(Step::Wait { ms, then }) => {
                if let Some(k) = then {
                    stack.push(Task::Fire(i as u32, k));
                }
                return Ok(Some(ms));
            }
            Ok(Step::Stop) => {}
            Err(e) => {
                self.route_failure(i, e)?;
                push_targets(stack, &node.on_error);
            }
        }
        Ok(None)
    }

    /// If an input of node `i` has no value because its source failed (or did
    /// not fail, for error wires) or has not run, the error saying so.
    fn unavailable(&self, i: usize) -> Option<NodeError> {
        let node = &self.plan.nodes[i];
        for up in node.upstream.iter() {
            let status = self.st.status[up.node as usize];
            let reason = match (up.via_error, status) {
                (false, NodeStatus::Done) | (true, NodeStatus::Failed) => continue,
                (false, NodeStatus::Waiting) if self.plan.nodes[up.node as usize].ready_before_run => continue,
                (true, _) => format!("node `{}` did not fail", self.plan.nodes[up.node as usize].id),
                (false, NodeStatus::Failed) => format!("node `{}` failed", self.plan.nodes[up.node as usize].id),
                (false, NodeStatus::Skipped) => format!("node `{}` was skipped", self.plan.nodes[up.node as usize].id),
                (false, _) => format!("node `{}` has not run yet", self.plan.nodes[up.node as usize].id),
            };
            return Some(NodeError::Unavailable { pin: node.in_names[up.input as usize].clone(), reason });
        }
        None
    }

    fn skip<H: Host + ?Sized, S: EventSink>(&mut self, i: usize, cx: &mut Ctx<'_, H, S>) {
        self.st.status[i] = NodeStatus::Skipped;
        if cx.node_events {
            cx.sink.event(RunEvent::NodeSkipped { node: &self.plan.nodes[i].id });
        }
    }

    /// Sends a failure to the node's error pin if it has one connected;
    /// otherwise the failure ends the run.
    fn route_failure(&mut self, i: usize, error: NodeError) -> Result<(), Halt> {
        let node = &self.plan.nodes[i];
        self.st.status[i] = NodeStatus::Failed;
        if !node.handles_errors {
            return Err(RunError::Node { node: node.id.clone(), kind: node.kind.clone(), error });
        }
        let mut m = BTreeMap::new();
        m.insert("code".to_owned(), Value::str(error.code()));
        m.insert("message".to_owned(), Value::str(error.to_string()));
        m.insert("node".to_owned(), Value::str(node.id.as_str()));
        m.insert("pin".to_owned(), error.pin().map(|p| Value::str(p.as_str())).unwrap_or(Value::Null));
        self.st.slots[node.error_slot as usize] = Value::map(m);
        self.st.any_failed = true;
        Ok(())
    }

    /// Runs node `i` once: checks schema'd inputs, calls it, records status.
    fn exec_one<H: Host + ?Sized, S: EventSink>(
        &mut self,
        i: usize,
        entry: Entry,
        frame: &mut Frame,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<Step, NodeError> {
        let plan = &*self.plan;
        let node = &plan.nodes[i];
        let st = &mut self.st;
        for (k, schema) in node.in_schemas.iter() {
            let v = &st.slots[node.ins[*k as usize] as usize];
            if let Err(e) = schema::validate(schema, v) {
                let err = NodeError::BadInput {
                    pin: node.in_names[*k as usize].clone(),
                    message: format!("value violates the pin's schema: {e}"),
                };
                st.status[i] = NodeStatus::Failed;
                st.errors[i] = Some(err.clone());
                return Err(err);
            }
        }
        if cx.node_events {
            cx.sink.event(RunEvent::NodeStarted { node: &node.id });
        }
        let t0 = if st.timed { cx.host.monotonic_ms() } else { 0.0 };
        let host = cx.host;
        let wall = || host.now_ms();
        let mono = || host.monotonic_ms();
        let mut log = LogTo {
            logs: &mut st.logs,
            sink: &mut *cx.sink,
            node: &node.id,
            clock: &mono,
            started: st.started,
            events: cx.node_events,
        };
        let mut ncx = Cx {
            slots: &mut st.slots,
            ins: &node.ins,
            outs: &node.outs,
            in_names: &node.in_names,
            entry,
            frame,
            state: &mut st.states[i],
            vars: &mut st.vars,
            log: &mut log,
            payload: &cx.opts.input,
            now: &wall,
            seed: cx.opts.seed,
            run_id: &st.run_id,
        };
        let result = node.imp.run(&mut ncx);
        st.runs[i] += 1;
        let dt = if st.timed {
            let d = cx.host.monotonic_ms() - t0;
            st.time[i] += d;
            Some(d)
        } else {
            None
        };
        match &result {
            Ok(_) => st.status[i] = NodeStatus::Done,
            Err(e) => {
                st.status[i] = NodeStatus::Failed;
                st.errors[i] = Some(e.clone());
            }
        }
        if cx.node_events {
            cx.sink.event(RunEvent::NodeFinished {
                node: &node.id,
                status: st.status[i],
                duration_ms: dt,
                outputs: NodeOutputs { names: &node.out_names, slots: &node.outs, values: &st.slots },
                error: result.as_ref().err(),
            });
        }
        result
    }
}

fn push_targets(stack: &mut Vec<Task>, targets: &[ExecTarget]) {
    for t in targets.iter().rev() {
        stack.push(Task::Run(t.node, Entry::Exec(t.entry as usize), Frame::default()));
    }
}

struct LogTo<'a, S> {
    logs: &'a mut Vec<LogLine>,
    sink: &'a mut S,
    node: &'a NodeId,
    clock: &'a dyn Fn() -> f64,
    started: f64,
    events: bool,
}

impl<S: EventSink> LogOut for LogTo<'_, S> {
    fn log(&mut self, level: Level, text: String) {
        let line = LogLine { node: Some(self.node.clone()), level, text, at_ms: (self.clock)() - self.started };
        if self.events {
            self.sink.event(RunEvent::Log(&line));
        }
        self.logs.push(line);
    }
}

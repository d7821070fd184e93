//! Everything one run changes ([`State`], one [`NodeRun`] per node), and the
//! steps both schedulers share: starting and ending a run, counting steps,
//! yielding and sleeping, and running one node ([`State::exec_one`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::context::Ctx;
use super::event::{EventSink, NodeOutputs, RunEvent};
use super::fetch::{self, Pending};
use super::host::{CancelToken, Host};
use super::options::{RunError, RunOptions, RunSummary};
use super::record::{LogLine, NodeStatus, RunStatus};
use crate::node::{Cx, Entry, Frame, NodeError, NodeErrorKind, NodeStates, Report, Step};
use crate::plan::{NO_GUARD_U32, Plan};
use crate::schema;
use crate::value::Value;

/// Fuel a custom node may use between two readings of the clock, when a
/// run has a wall-clock limit and the host does not slice (the CLI): the
/// default fuel budget, so a node within it still runs as one plain call.
const WALL_CLOCK_FUEL_SLICE: u64 = 100_000_000;

/// Everything one run changes. Kept apart from the plan so the loops can
/// read the plan while writing the state.
pub(super) struct State {
    pub(super) slots: Vec<Value>,
    /// Per node, in plan order.
    pub(super) nodes: Vec<NodeRun>,
    /// Per node, what it keeps for the rest of the run ([`Cx::state`]).
    pub(super) states: NodeStates,
    pub(super) vars: Vec<Value>,
    pub(super) logs: Vec<LogLine>,
    pub(super) steps: u64,
    /// The step at which [`State::count`] next checks cancellation and limits.
    pub(super) check_at: u64,
    pub(super) any_failed: bool,
    pub(super) started: f64,
    pub(super) slice_start: f64,
    pub(super) run_id: Arc<str>,
    pub(super) timed: bool,
    pub(super) summary: Option<RunSummary>,
    /// What the running node reported besides its result (`Cx::report`).
    pub(super) report: Report,
    /// Some node's record holds more than its status and count (time, an
    /// error, fuel, an engine), so the next reset clears those too.
    pub(super) noted: bool,
    /// An HTTP request a node asked for, sent at the run's next pause.
    pub(super) pending: Option<Pending>,
}

/// Whether anyone watches node executions (events, timing); read once per
/// loop so the per-node path tests registers, not memory.
#[derive(Clone, Copy)]
pub(super) struct Watch {
    pub(super) events: bool,
    pub(super) timed: bool,
}

impl Watch {
    pub(super) fn of<H: ?Sized, S>(st: &State, cx: &Ctx<'_, H, S>) -> Self {
        Watch { events: cx.node_events, timed: st.timed }
    }
}

/// What one run did with one node.
pub(super) struct NodeRun {
    pub(super) status: NodeStatus,
    pub(super) runs: u32,
    pub(super) time: f64,
    pub(super) error: Option<NodeError>,
    /// Fuel reported by a custom node: finished executions, and the current one.
    pub(super) fuel_done: u64,
    pub(super) fuel_now: Option<u64>,
    /// Which engine ran a custom node's last call.
    pub(super) path: Option<crate::native::CallPath>,
}

impl NodeRun {
    /// Records fuel used so far by the current execution; when it finished,
    /// adds it to the node's total.
    pub(super) fn note_fuel(&mut self, fuel: u64, paused: bool) {
        if paused {
            self.fuel_now = Some(fuel);
        } else {
            self.fuel_done += fuel;
            self.fuel_now = Some(0);
        }
    }

    pub(super) fn new() -> Self {
        NodeRun {
            status: NodeStatus::Waiting,
            runs: 0,
            time: 0.0,
            error: None,
            fuel_done: 0,
            fuel_now: None,
            path: None,
        }
    }
}

/// A run-ending condition raised inside the loops.
pub(super) type Halt = RunError;

impl State {
    /// Starts a run: resets this state and announces the run.
    pub(super) fn begin<'a, H: Host + ?Sized, S: EventSink>(
        &mut self,
        opts: &'a RunOptions,
        host: &'a H,
        sink: &'a mut S,
        cancel: &'a CancelToken,
        plan: &Plan,
    ) -> (Ctx<'a, H, S>, f64) {
        let slice_ms = host.slice_ms();
        let clocked = opts.timing || slice_ms.is_finite();
        let now = if clocked { host.monotonic_ms() } else { 0.0 };
        self.reset(plan, opts, now);
        let node_events = sink.wants_node_events();
        if node_events {
            sink.event(RunEvent::RunStarted { run_id: &opts.run_id });
        }
        let logs = std::mem::take(&mut self.logs);
        let (deadline, fuel_slice) = match opts.limits.max_wall_ms {
            // Custom nodes pause between slices of fuel, so the clock is read
            // between them. A run that reads no clock (timing off, no slices)
            // starts its wall clock at its first check (`Ctx::check_clock`).
            Some(ms) => {
                (if clocked { now + ms } else { f64::NAN }, Some(host.fuel_slice().unwrap_or(WALL_CLOCK_FUEL_SLICE)))
            }
            None => (f64::INFINITY, host.fuel_slice()),
        };
        let cx = Ctx {
            host,
            sink,
            cancel,
            opts,
            node_events,
            slice_ms,
            logs,
            started: now,
            fuel_slice,
            deadline,
            log_bytes: 0,
        };
        (cx, now)
    }

    /// Ends a run: keeps its log and summary and announces the end.
    pub(super) fn finish<H: Host + ?Sized, S: EventSink>(
        &mut self,
        result: Result<(), Halt>,
        cx: &mut Ctx<'_, H, S>,
        now: f64,
    ) -> RunSummary {
        let status = match &result {
            Ok(()) => RunStatus::Succeeded,
            Err(RunError::Cancelled) => RunStatus::Cancelled,
            Err(_) => RunStatus::Failed,
        };
        if cx.node_events {
            cx.sink.event(RunEvent::RunFinished { status });
        }
        // Swapped, not assigned: the emptied log goes back to `cx` (dropped with it), no drop here.
        std::mem::swap(&mut self.logs, &mut cx.logs);
        if status != RunStatus::Succeeded {
            // Drop what stopped nodes held (a paused custom node's whole store).
            self.states.clear();
        }
        let duration_ms = if cx.opts.timing { cx.host.monotonic_ms() - now } else { 0.0 };
        let summary = RunSummary { status, error: result.err(), duration_ms, steps: self.steps };
        self.summary = Some(summary.clone());
        summary
    }

    /// Prepares for a run. Constant slots never change, and output slots are
    /// read only after their node ran in this run, so only outputs with an
    /// initial value (collectors) need resetting.
    pub(super) fn reset(&mut self, plan: &Plan, opts: &RunOptions, now: f64) {
        for &s in &plan.resets {
            self.slots[s as usize].clone_from(&plan.slot_init[s as usize]);
        }
        for n in &mut self.nodes {
            n.status = NodeStatus::Waiting;
            n.runs = 0;
        }
        self.states.clear();
        if std::mem::take(&mut self.noted) {
            for n in &mut self.nodes {
                n.time = 0.0;
                n.fuel_done = 0;
                n.fuel_now = None;
                n.path = None;
                n.error = None;
            }
            // A run ended while a request was asked for or its answer unread.
            self.pending = None;
            self.report.arrived = None;
        }
        if !plan.var_init.is_empty() {
            self.vars.clone_from_slice(&plan.var_init);
        }
        self.logs.clear();
        self.steps = 0;
        self.check_at = 32.min(opts.max_steps.saturating_add(1));
        self.any_failed = false;
        self.report = Report::default();
        self.started = now;
        self.slice_start = now;
        self.timed = opts.timing;
        self.summary = None;
        if !Arc::ptr_eq(&self.run_id, &opts.run_id) {
            self.run_id = opts.run_id.clone();
        }
    }

    /// Counts a node execution; every 32nd step (and past the step limit)
    /// enforces cancellation and the step limit (a run checks cancellation
    /// before its first step too, in `Runner`). Returns whether
    /// the slice is used up and the host should get the thread back.
    #[inline(always)]
    pub(super) fn count<H: Host + ?Sized, S>(&mut self, cx: &mut Ctx<'_, H, S>) -> Result<bool, Halt> {
        self.steps += 1;
        if self.steps < self.check_at {
            return Ok(false);
        }
        self.checkpoint(cx)
    }

    /// [`State::count`]'s checks: cancellation and the step limit; every 32
    /// steps the wall-clock limit (every 1,024) and whether the host's slice
    /// is used up. Sets the step of the next checkpoint.
    #[inline(never)]
    fn checkpoint<H: Host + ?Sized, S>(&mut self, cx: &mut Ctx<'_, H, S>) -> Result<bool, Halt> {
        if cx.cancel.is_cancelled() {
            return Err(RunError::Cancelled);
        }
        let max = cx.opts.max_steps;
        if self.steps > max {
            return Err(RunError::StepLimit { limit: max });
        }
        self.check_at = ((self.steps | 31) + 1).min(max.saturating_add(1));
        if self.steps & 31 != 0 {
            return Ok(false);
        }
        if self.steps & 1023 == 0 && cx.deadline != f64::INFINITY {
            cx.check_clock()?;
        }
        Ok(cx.slice_ms.is_finite() && cx.host.monotonic_ms() - self.slice_start >= cx.slice_ms)
    }

    pub(super) async fn yield_to_host<H: Host + ?Sized, S>(&mut self, cx: &mut Ctx<'_, H, S>) -> Result<(), Halt> {
        match self.pending.take() {
            // A node waits for an answer: the run waits with it (the host's
            // future gives the thread back meanwhile).
            Some(p) => {
                cx.check_clock()?;
                let left = if cx.deadline.is_finite() { cx.deadline - cx.host.monotonic_ms() } else { f64::INFINITY };
                let node = p.node;
                let answer = fetch::send(cx.host, &cx.opts.grants, &cx.opts.limits, p, left).await;
                self.report.arrived = Some((node, answer));
            }
            None => cx.host.yield_now().await,
        }
        self.slice_start = cx.host.monotonic_ms();
        if cx.cancel.is_cancelled() {
            return Err(RunError::Cancelled);
        }
        cx.check_clock()
    }

    pub(super) async fn sleep<H: Host + ?Sized, S>(&mut self, ms: f64, cx: &mut Ctx<'_, H, S>) -> Result<(), Halt> {
        let until = (cx.host.monotonic_ms() + ms).min(cx.deadline);
        loop {
            if cx.cancel.is_cancelled() {
                return Err(RunError::Cancelled);
            }
            cx.check_clock()?;
            let left = until - cx.host.monotonic_ms();
            if left <= 0.0 {
                break;
            }
            cx.host.sleep(left.min(50.0)).await;
        }
        self.slice_start = cx.host.monotonic_ms();
        cx.check_clock()
    }

    /// If an input of node `i` has no value because its source failed (or did
    /// not fail, for error wires) or has not run, the error saying so.
    pub(super) fn unavailable(&self, plan: &Plan, i: usize) -> Option<NodeError> {
        let node = &plan.nodes[i];
        for up in node.upstream.iter() {
            let src = &plan.nodes[up.node as usize];
            let reason = match (up.via_error, self.nodes[up.node as usize].status) {
                (false, NodeStatus::Done) | (true, NodeStatus::Failed) => continue,
                (false, NodeStatus::Waiting) if src.ready_before_run => continue,
                (true, _) => format!("node `{}` did not fail", src.io.id.as_path()),
                (false, NodeStatus::Failed) => format!("node `{}` failed", src.io.id.as_path()),
                (false, NodeStatus::Skipped) => format!("node `{}` was skipped", src.io.id.as_path()),
                (false, _) => format!("node `{}` has not run yet", src.io.id.as_path()),
            };
            return Some(NodeError::unavailable(node.io.in_names[up.input as usize].clone(), reason));
        }
        None
    }

    pub(super) fn skip<H: Host + ?Sized, S: EventSink>(&mut self, plan: &Plan, i: usize, cx: &mut Ctx<'_, H, S>) {
        self.nodes[i].status = NodeStatus::Skipped;
        if cx.node_events {
            cx.sink.event(RunEvent::NodeSkipped { node: &plan.nodes[i].io.id });
        }
    }

    /// Sends a failure to the node's error pin if it has one connected, or
    /// else to that of the nearest subflow instance around it that has;
    /// otherwise the failure ends the run. Returns the node that caught it.
    pub(super) fn route_failure(&mut self, plan: &Plan, i: usize, error: NodeError) -> Result<usize, Halt> {
        let node = &plan.nodes[i];
        self.nodes[i].status = NodeStatus::Failed;
        let mut at = i;
        while !plan.nodes[at].handles_errors {
            // Each guard is an instance around the last: the walk ends.
            at = match plan.nodes[at].guard {
                NO_GUARD_U32 => {
                    return Err(RunError::Node {
                        node: node.io.id.clone(),
                        kind: node.kind.to_string(),
                        error: Box::new(error),
                    });
                }
                g => g as usize,
            };
        }
        // What fails inside an instance because something before it failed
        // adds nothing to what its error pin already holds.
        if at != i
            && self.nodes[at].status == NodeStatus::Failed
            && matches!(error.kind(), NodeErrorKind::Unavailable { .. })
        {
            self.any_failed = true;
            return Ok(at);
        }
        let mut m = BTreeMap::new();
        m.insert("code".to_owned(), Value::str(error.code()));
        m.insert("message".to_owned(), Value::str(error.to_string()));
        m.insert("node".to_owned(), Value::str(node.io.id.as_str()));
        m.insert("pin".to_owned(), error.pin().map(|p| Value::str(p.as_str())).unwrap_or(Value::Null));
        self.nodes[at].status = NodeStatus::Failed;
        self.slots[plan.nodes[at].error_slot as usize] = Value::map(m);
        self.any_failed = true;
        Ok(at)
    }

    /// Runs node `i` once: checks schema'd inputs, calls it, records status.
    #[inline(always)]
    pub(super) fn exec_one<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        i: usize,
        entry: Entry,
        frame: &mut Frame,
        cx: &mut Ctx<'_, H, S>,
        watch: Watch,
    ) -> Result<Step, NodeError> {
        let node = &plan.nodes[i];
        if !node.in_schemas.is_empty() {
            self.check_schemas(plan, i)?;
        }
        if watch.events {
            cx.sink.event(RunEvent::NodeStarted { node: &node.io.id });
        }
        let t0 = if watch.timed { cx.host.monotonic_ms() } else { 0.0 };
        let mut ncx = Cx {
            slots: &mut self.slots,
            node: &node.io,
            entry,
            frame,
            states: &mut self.states,
            index: i,
            vars: &mut self.vars,
            env: &mut *cx,
            report: &mut self.report,
        };
        let result = node.imp.run(&mut ncx);
        self.after_exec(plan, i, result, t0, cx, watch)
    }

    /// Fails node `i` if an input value violates its pin's schema.
    #[cold]
    #[inline(never)]
    fn check_schemas(&mut self, plan: &Plan, i: usize) -> Result<(), NodeError> {
        let node = &plan.nodes[i];
        for (k, schema) in node.in_schemas.iter() {
            let v = &self.slots[node.io.ins[*k as usize] as usize];
            if let Err(e) = schema::validate(schema, v) {
                let err = NodeError::bad_input(
                    node.io.in_names[*k as usize].clone(),
                    format!("value violates the pin's schema: {e}"),
                );
                self.nodes[i].status = NodeStatus::Failed;
                self.nodes[i].error = Some(err.clone());
                self.noted = true;
                return Err(err);
            }
        }
        Ok(())
    }

    /// Records what node `i`'s call returned (`result`; it started at `t0`
    /// when timed): what it reported, its count, status, time and error, and
    /// the events saying so.
    #[inline(always)]
    pub(super) fn after_exec<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        i: usize,
        mut result: Result<Step, NodeError>,
        mut t0: f64,
        cx: &mut Ctx<'_, H, S>,
        watch: Watch,
    ) -> Result<Step, NodeError> {
        let node = &plan.nodes[i];
        let run = &mut self.nodes[i];
        if self.report.any {
            self.noted = true;
            // A custom node that paused between fuel slices: its execution
            // began with its first slice, that long before this one.
            t0 -= reported(&mut self.report, run, &mut result);
            // A request goes only for a node still waiting for it (one that
            // passed a limit on the way has failed instead).
            if let Some(asked) = self.report.fetch.take()
                && matches!(result, Ok(Step::Yield))
            {
                let (request, declared) = *asked;
                self.pending = Some(Pending { node: i, kind: node.kind.clone(), request, declared });
            }
        }
        if matches!(result, Ok(Step::Yield)) {
            // Not finished: the node runs again, so neither its count nor its status change.
            return result;
        }
        run.runs += 1;
        let dt = if watch.timed {
            let d = cx.host.monotonic_ms() - t0;
            run.time += d;
            self.noted = true;
            Some(d)
        } else {
            None
        };
        match &result {
            Ok(_) => run.status = NodeStatus::Done,
            Err(e) => {
                run.status = NodeStatus::Failed;
                run.error = Some(e.clone());
                self.noted = true;
            }
        }
        let status = run.status;
        if watch.events {
            cx.sink.event(RunEvent::NodeFinished {
                node: &node.io.id,
                status,
                duration_ms: dt,
                outputs: NodeOutputs { names: &node.io.out_names, slots: &node.io.outs, values: &self.slots },
                error: result.as_ref().err(),
            });
        }
        result
    }
}

/// Takes what a node reported (`Report::any` is set): a limit it passed
/// fails the execution; fuel goes to its record. Returns how long its
/// earlier fuel slices took.
#[cold]
fn reported(report: &mut Report, run: &mut NodeRun, result: &mut Result<Step, NodeError>) -> f64 {
    let fuel = report.fuel.take();
    let earlier_ms = std::mem::take(&mut report.earlier_ms);
    let over = report.over.take();
    let path = report.path.take();
    report.any = false;
    if path.is_some() {
        run.path = path;
    }
    if let Some(e) = over {
        *result = Err(e);
    }
    if let Some(fuel) = fuel {
        run.note_fuel(fuel, matches!(result, Ok(Step::Yield)));
    }
    earlier_ms
}

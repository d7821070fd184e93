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
use crate::node::{Cx, Entry, Frame, Level, NodeError, RunEnv, Step};
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
    pub run_id: Arc<str>,
    /// Read the clock: each node's duration, the run's duration and log
    /// times. Off, the executor reads no clock except to wait or yield, and
    /// those figures are 0 (the fastest runs).
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
    runner.run_sync(opts, &StdHost::default(), &mut (), &CancelToken::new());
    runner.record()
}

/// Owns the per-run state of one plan; reuse it for many runs.
pub struct Runner {
    plan: Arc<Plan>,
    st: State,
}

/// Everything one run changes. Kept apart from the plan so the loops can
/// read the plan while writing the state.
struct State {
    slots: Vec<Value>,
    /// Per node, in plan order.
    nodes: Vec<NodeRun>,
    vars: Vec<Value>,
    logs: Vec<LogLine>,
    steps: u64,
    any_failed: bool,
    started: f64,
    slice_start: f64,
    run_id: Arc<str>,
    timed: bool,
    summary: Option<RunSummary>,
}

/// Where a dataflow run is: the layer, the next node (index into the
/// plan's order), and the longest wait asked for in the current layer.
#[derive(Default)]
struct DataflowPos {
    layer: usize,
    node: usize,
    wait_ms: u64,
    /// The node at `node` yielded and continues next.
    resume: bool,
}

/// Why the synchronous part of a run stopped.
enum Pause {
    Done,
    Yield,
    Wait(u64),
}

enum Task {
    Run(u32, Entry, Frame),
    Fire(u32, usize),
}

/// Why a fiber stops running for now.
enum Park {
    /// Until this many milliseconds have passed.
    Sleep(u64),
    /// Until the host had the thread (a node is between fuel slices).
    Yield,
}

struct Fiber {
    stack: Vec<Task>,
    wake_at: f64,
}

/// Whether anyone watches node executions (events, timing); read once per
/// loop so the per-node path tests registers, not memory.
#[derive(Clone, Copy)]
struct Watch {
    events: bool,
    timed: bool,
}

impl Watch {
    fn of<H: ?Sized, S>(st: &State, cx: &Ctx<'_, H, S>) -> Self {
        Watch { events: cx.node_events, timed: st.timed }
    }
}

/// What one run did with one node.
struct NodeRun {
    status: NodeStatus,
    runs: u32,
    time: f64,
    error: Option<NodeError>,
    state: Option<Box<dyn Any + Send>>,
    /// Fuel reported by a custom node: finished executions, and the current one.
    fuel_done: u64,
    fuel_now: Option<u64>,
}

impl NodeRun {
    /// Records fuel used so far by the current execution; when it finished,
    /// adds it to the node's total.
    fn note_fuel(&mut self, fuel: u64, paused: bool) {
        if paused {
            self.fuel_now = Some(fuel);
        } else {
            self.fuel_done += fuel;
            self.fuel_now = Some(0);
        }
    }

    fn new() -> Self {
        NodeRun {
            status: NodeStatus::Waiting,
            runs: 0,
            time: 0.0,
            error: None,
            state: None,
            fuel_done: 0,
            fuel_now: None,
        }
    }
}

/// A run-ending condition raised inside the loops.
type Halt = RunError;

/// The run as a whole: host, events, options and the log being written.
struct Ctx<'a, H: ?Sized, S> {
    host: &'a H,
    sink: &'a mut S,
    cancel: &'a CancelToken,
    opts: &'a RunOptions,
    node_events: bool,
    slice_ms: f64,
    logs: Vec<LogLine>,
    started: f64,
    fuel_slice: Option<u64>,
}

impl<H: Host + ?Sized, S: EventSink> RunEnv for Ctx<'_, H, S> {
    fn log(&mut self, node: &NodeId, level: Level, text: String) {
        let at_ms = if self.opts.timing { self.host.monotonic_ms() - self.started } else { 0.0 };
        let line = LogLine { node: Some(node.clone()), level, text, at_ms };
        if self.node_events {
            self.sink.event(RunEvent::Log(&line));
        }
        self.logs.push(line);
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
}

impl Runner {
    pub(crate) fn new(plan: Arc<Plan>) -> Self {
        let n = plan.nodes.len();
        let st = State {
            slots: plan.slot_init.clone(),
            nodes: (0..n).map(|_| NodeRun::new()).collect(),
            vars: plan.var_init.clone(),
            logs: Vec::new(),
            steps: 0,
            any_failed: false,
            started: 0.0,
            slice_start: 0.0,
            run_id: Arc::from(""),
            timed: false,
            summary: None,
        };
        Runner { plan, st }
    }

    /// The plan this runner runs.
    pub fn plan(&self) -> &Arc<Plan> {
        &self.plan
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
        let plan: &Plan = &self.plan;
        let st = &mut self.st;
        let (mut cx, now) = st.begin(opts, host, sink, cancel, plan);
        let result = match plan.mode {
            Mode::Dataflow => st.run_dataflow(plan, &mut cx).await,
            // Boxed so the (larger) scheduler state does not weigh on dataflow runs.
            Mode::Control => Box::pin(st.run_control(plan, &mut cx)).await,
        };
        st.finish(result, cx, now)
    }

    /// Runs the plan once on this thread without an async executor, for
    /// hosts whose `sleep` and `yield_now` complete at once (such as
    /// [`StdHost`]): the CLI, servers, tests. The same steps as [`Runner::run`].
    pub fn run_sync<H: Host + ?Sized, S: EventSink>(
        &mut self,
        opts: &RunOptions,
        host: &H,
        sink: &mut S,
        cancel: &CancelToken,
    ) -> RunSummary {
        let plan: &Plan = &self.plan;
        let st = &mut self.st;
        let (mut cx, now) = st.begin(opts, host, sink, cancel, plan);
        let result = match plan.mode {
            Mode::Dataflow => {
                let mut at = DataflowPos::default();
                loop {
                    match st.dataflow_steps(plan, &mut at, &mut cx) {
                        Ok(Pause::Done) => break Ok(()),
                        Ok(Pause::Yield) => {
                            if let Err(e) = block_on(st.yield_to_host(&mut cx)) {
                                break Err(e);
                            }
                        }
                        Ok(Pause::Wait(ms)) => {
                            if let Err(e) = block_on(st.sleep(ms as f64, &mut cx)) {
                                break Err(e);
                            }
                        }
                        Err(e) => break Err(e),
                    }
                }
            }
            Mode::Control => block_on(Box::pin(st.run_control(plan, &mut cx))),
        };
        st.finish(result, cx, now)
    }

    /// The value of board output `name` in the last run, if it was written.
    pub fn output(&self, name: &str) -> Option<&Value> {
        self.output_at(self.plan.output_index(name)?)
    }

    /// The value of the board output at `index` (see [`Plan::output_index`])
    /// in the last run, if it was written; for callers reading one output
    /// after many runs.
    #[inline]
    pub fn output_at(&self, index: usize) -> Option<&Value> {
        let (_, node) = self.plan.outputs.get(index)?;
        self.output_of(*node as usize)
    }

    fn output_of(&self, node: usize) -> Option<&Value> {
        if self.st.nodes[node].status != NodeStatus::Done {
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
                let run = &st.nodes[i];
                let ran = run.runs > 0;
                let pick = |names: &[crate::ids::PinId], slots: &[u32]| -> BTreeMap<String, Value> {
                    if !ran {
                        return BTreeMap::new();
                    }
                    names.iter().zip(slots).map(|(n, &s)| (n.to_string(), st.slots[s as usize].clone())).collect()
                };
                NodeRecord {
                    id: node.id.clone(),
                    kind: node.kind.to_string(),
                    status: run.status,
                    runs: run.runs,
                    duration_ms: st.timed.then_some(run.time),
                    fuel: run.fuel_now.map(|now| run.fuel_done + now),
                    inputs: pick(&node.in_names, &node.ins),
                    outputs: pick(&node.out_names, &node.outs),
                    error: run.error.as_ref().map(|e| ErrorInfo {
                        node: Some(node.id.clone()),
                        code: e.code().to_owned(),
                        message: e.to_string(),
                        pin: e.pin().map(|p| p.to_string()),
                    }),
                }
            })
            .collect();
        RunRecord {
            run_id: st.run_id.to_string(),
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
}

impl State {
    /// Starts a run: resets this state and announces the run.
    fn begin<'a, H: Host + ?Sized, S: EventSink>(
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
        let fuel_slice = host.fuel_slice();
        (Ctx { host, sink, cancel, opts, node_events, slice_ms, logs, started: now, fuel_slice }, now)
    }

    /// Ends a run: keeps its log and summary and announces the end.
    fn finish<H: Host + ?Sized, S: EventSink>(
        &mut self,
        result: Result<(), Halt>,
        mut cx: Ctx<'_, H, S>,
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
        self.logs = std::mem::take(&mut cx.logs);
        if status != RunStatus::Succeeded {
            // Drop what stopped nodes held (a paused custom node's whole store).
            for n in &mut self.nodes {
                n.state = None;
            }
        }
        let duration_ms = if cx.opts.timing { cx.host.monotonic_ms() - now } else { 0.0 };
        let summary = RunSummary { status, error: result.err(), duration_ms, steps: self.steps };
        self.summary = Some(summary.clone());
        summary
    }

    /// Prepares for a run. Constant slots never change, and output slots are
    /// read only after their node ran in this run, so only outputs with an
    /// initial value (collectors) need resetting.
    fn reset(&mut self, plan: &Plan, opts: &RunOptions, now: f64) {
        for &s in &plan.resets {
            self.slots[s as usize].clone_from(&plan.slot_init[s as usize]);
        }
        for n in &mut self.nodes {
            n.status = NodeStatus::Waiting;
            n.runs = 0;
            n.time = 0.0;
            n.fuel_done = 0;
            n.fuel_now = None;
            if n.error.is_some() {
                n.error = None;
            }
            if n.state.is_some() {
                n.state = None;
            }
        }
        if !plan.var_init.is_empty() {
            self.vars.clone_from_slice(&plan.var_init);
        }
        self.logs.clear();
        self.steps = 0;
        self.any_failed = false;
        self.started = now;
        self.slice_start = now;
        self.timed = opts.timing;
        self.summary = None;
        if !Arc::ptr_eq(&self.run_id, &opts.run_id) {
            self.run_id = opts.run_id.clone();
        }
    }

    /// Counts a node execution and enforces cancellation and the step limit.
    /// Returns whether the slice is used up and the host should get the thread back.
    #[inline]
    fn count<H: Host + ?Sized, S>(&mut self, cx: &Ctx<'_, H, S>) -> Result<bool, Halt> {
        self.steps += 1;
        if cx.cancel.is_cancelled() {
            return Err(RunError::Cancelled);
        }
        if self.steps > cx.opts.max_steps {
            return Err(RunError::StepLimit { limit: cx.opts.max_steps });
        }
        Ok(self.steps & 31 == 0 && cx.slice_ms.is_finite() && cx.host.monotonic_ms() - self.slice_start >= cx.slice_ms)
    }

    async fn yield_to_host<H: Host + ?Sized, S>(&mut self, cx: &mut Ctx<'_, H, S>) -> Result<(), Halt> {
        cx.host.yield_now().await;
        self.slice_start = cx.host.monotonic_ms();
        if cx.cancel.is_cancelled() {
            return Err(RunError::Cancelled);
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
        self.slice_start = cx.host.monotonic_ms();
        Ok(())
    }

    async fn run_dataflow<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<(), Halt> {
        let mut at = DataflowPos::default();
        loop {
            match self.dataflow_steps(plan, &mut at, cx)? {
                Pause::Done => return Ok(()),
                Pause::Yield => self.yield_to_host(cx).await?,
                Pause::Wait(ms) => self.sleep(ms as f64, cx).await?,
            }
        }
    }

    /// Runs dataflow nodes from `at` until the run ends, the slice is used up,
    /// or a layer must wait. Synchronous: the per-node path has no await.
    fn dataflow_steps<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        at: &mut DataflowPos,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<Pause, Halt> {
        let mut scratch = Frame::default();
        let watch = Watch::of(self, cx);
        while let Some(layer) = plan.layers.get(at.layer) {
            while at.node < layer.end {
                let i = plan.order[at.node] as usize;
                at.node += 1;
                let yield_due = self.count(cx)?;
                let entry = if at.resume { Entry::Continue } else { Entry::Data };
                at.resume = false;
                if self.any_failed && self.unavailable(plan, i).is_some() {
                    self.skip(plan, i, cx);
                } else {
                    match self.exec_one(plan, i, entry, &mut scratch, cx, watch) {
                        Ok(Step::Yield) => {
                            at.node -= 1;
                            at.resume = true;
                            return Ok(Pause::Yield);
                        }
                        Ok(Step::Wait { ms, .. }) => at.wait_ms = at.wait_ms.max(u64::from(ms)),
                        Ok(_) => {}
                        Err(e) => self.route_failure(plan, i, e)?,
                    }
                }
                if yield_due {
                    return Ok(Pause::Yield);
                }
            }
            at.layer += 1;
            if let Some(next) = plan.layers.get(at.layer) {
                at.node = next.start;
            }
            if at.wait_ms > 0 {
                return Ok(Pause::Wait(std::mem::take(&mut at.wait_ms)));
            }
        }
        Ok(Pause::Done)
    }

    async fn run_control<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<(), Halt> {
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
                    match self.do_task(plan, task, &mut fiber.stack, cx).await? {
                        None => continue,
                        Some(Park::Sleep(ms)) => {
                            fiber.wake_at = cx.host.monotonic_ms() + ms as f64;
                            parked.push(fiber);
                        }
                        Some(Park::Yield) => {
                            ready.push_back(fiber);
                            self.yield_to_host(cx).await?;
                        }
                    }
                    break;
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

    /// Runs one task of a fiber; `Some` parks the fiber.
    async fn do_task<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        task: Task,
        stack: &mut Vec<Task>,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<Option<Park>, Halt> {
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
            if self.count(cx)? {
                self.yield_to_host(cx).await?;
            }
            if self.unavailable(plan, d).is_some() {
                self.skip(plan, d, cx);
                continue;
            }
            let mut entry = Entry::Data;
            loop {
                match self.exec_one(plan, d, entry, &mut Frame::default(), cx, Watch::of(self, cx)) {
                    Ok(Step::Yield) => {
                        self.yield_to_host(cx).await?;
                        if cx.cancel.is_cancelled() {
                            return Err(RunError::Cancelled);
                        }
                        entry = Entry::Continue;
                    }
                    Ok(_) => break,
                    Err(e) => {
                        self.route_failure(plan, d, e)?;
                        break;
                    }
                }
            }
        }
        if self.count(cx)? {
            self.yield_to_host(cx).await?;
        }
        let result = match self.unavailable(plan, i) {
            Some(err) => {
                self.nodes[i].status = NodeStatus::Failed;
                self.nodes[i].error = Some(err.clone());
                Err(err)
            }
            None => self.exec_one(plan, i, entry, &mut frame, cx, Watch::of(self, cx)),
        };
        match result {
            Ok(Step::Done) => {
                if let Some(first) = node.exec_outs.first() {
                    push_targets(stack, first);
                }
            }
            Ok(Step::Fire(k)) => push_targets(stack, &node.exec_outs[k as usize]),
            Ok(Step::Call(k)) => {
                stack.push(Task::Run(i as u32, Entry::Resume, frame));
                push_targets(stack, &node.exec_outs[k as usize]);
            }
            Ok(Step::Wait { ms, then }) => {
                if let Some(k) = then {
                    stack.push(Task::Fire(i as u32, k as usize));
                }
                return Ok(Some(Park::Sleep(u64::from(ms))));
            }
            Ok(Step::Yield) => {
                stack.push(Task::Run(i as u32, Entry::Continue, frame));
                return Ok(Some(Park::Yield));
            }
            Ok(Step::Stop) => {}
            Err(e) => {
                self.route_failure(plan, i, e)?;
                push_targets(stack, &node.on_error);
            }
        }
        Ok(None)
    }

    /// If an input of node `i` has no value because its source failed (or did
    /// not fail, for error wires) or has not run, the error saying so.
    fn unavailable(&self, plan: &Plan, i: usize) -> Option<NodeError> {
        let node = &plan.nodes[i];
        for up in node.upstream.iter() {
            let src = &plan.nodes[up.node as usize];
            let reason = match (up.via_error, self.nodes[up.node as usize].status) {
                (false, NodeStatus::Done) | (true, NodeStatus::Failed) => continue,
                (false, NodeStatus::Waiting) if src.ready_before_run => continue,
                (true, _) => format!("node `{}` did not fail", src.id),
                (false, NodeStatus::Failed) => format!("node `{}` failed", src.id),
                (false, NodeStatus::Skipped) => format!("node `{}` was skipped", src.id),
                (false, _) => format!("node `{}` has not run yet", src.id),
            };
            return Some(NodeError::unavailable(node.in_names[up.input as usize].clone(), reason));
        }
        None
    }

    fn skip<H: Host + ?Sized, S: EventSink>(&mut self, plan: &Plan, i: usize, cx: &mut Ctx<'_, H, S>) {
        self.nodes[i].status = NodeStatus::Skipped;
        if cx.node_events {
            cx.sink.event(RunEvent::NodeSkipped { node: &plan.nodes[i].id });
        }
    }

    /// Sends a failure to the node's error pin if it has one connected;
    /// otherwise the failure ends the run.
    fn route_failure(&mut self, plan: &Plan, i: usize, error: NodeError) -> Result<(), Halt> {
        let node = &plan.nodes[i];
        self.nodes[i].status = NodeStatus::Failed;
        if !node.handles_errors {
            return Err(RunError::Node { node: node.id.clone(), kind: node.kind.to_string(), error: Box::new(error) });
        }
        let mut m = BTreeMap::new();
        m.insert("code".to_owned(), Value::str(error.code()));
        m.insert("message".to_owned(), Value::str(error.to_string()));
        m.insert("node".to_owned(), Value::str(node.id.as_str()));
        m.insert("pin".to_owned(), error.pin().map(|p| Value::str(p.as_str())).unwrap_or(Value::Null));
        self.slots[node.error_slot as usize] = Value::map(m);
        self.any_failed = true;
        Ok(())
    }

    /// Runs node `i` once: checks schema'd inputs, calls it, records status.
    #[inline(always)]
    fn exec_one<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        i: usize,
        entry: Entry,
        frame: &mut Frame,
        cx: &mut Ctx<'_, H, S>,
        watch: Watch,
    ) -> Result<Step, NodeError> {
        let node = &plan.nodes[i];
        for (k, schema) in node.in_schemas.iter() {
            let v = &self.slots[node.ins[*k as usize] as usize];
            if let Err(e) = schema::validate(schema, v) {
                let err = NodeError::bad_input(
                    node.in_names[*k as usize].clone(),
                    format!("value violates the pin's schema: {e}"),
                );
                self.nodes[i].status = NodeStatus::Failed;
                self.nodes[i].error = Some(err.clone());
                return Err(err);
            }
        }
        if watch.events {
            cx.sink.event(RunEvent::NodeStarted { node: &node.id });
        }
        let t0 = if watch.timed { cx.host.monotonic_ms() } else { 0.0 };
        let run = &mut self.nodes[i];
        let mut ncx = Cx {
            slots: &mut self.slots,
            node,
            entry,
            frame,
            state: &mut run.state,
            vars: &mut self.vars,
            env: &mut *cx,
            fuel: None,
        };
        let result = node.imp.run(&mut ncx);
        if let Some(fuel) = ncx.fuel {
            run.note_fuel(fuel, matches!(result, Ok(Step::Yield)));
        }
        if matches!(result, Ok(Step::Yield)) {
            // Not finished: the node runs again, so neither its count nor its status change.
            return result;
        }
        run.runs += 1;
        let dt = if watch.timed {
            let d = cx.host.monotonic_ms() - t0;
            run.time += d;
            Some(d)
        } else {
            None
        };
        match &result {
            Ok(_) => run.status = NodeStatus::Done,
            Err(e) => {
                run.status = NodeStatus::Failed;
                run.error = Some(e.clone());
            }
        }
        let status = run.status;
        if watch.events {
            cx.sink.event(RunEvent::NodeFinished {
                node: &node.id,
                status,
                duration_ms: dt,
                outputs: NodeOutputs { names: &node.out_names, slots: &node.outs, values: &self.slots },
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

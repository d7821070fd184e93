//! The runtime side of a node: [`NodeImpl`] and the context [`Cx`] it runs in.
//!
//! A node reads its data inputs and writes its data outputs through `Cx`, by
//! position (data pins in definition order; execution pins are counted apart).
//! It returns a [`Step`] saying which execution output fires next.

use std::any::Any;

use std::sync::Arc;

use floe_node_sdk::host::Capabilities;

use crate::http::{HttpError, HttpRequest, HttpResponse};
use crate::ids::{NodeId, PinId};
use crate::limits::RunLimits;
use crate::value::{TypeError, Value};

/// What a node does after it ran. Small on purpose (8 bytes): with
/// `NodeError` a thin box, a node's `Result` comes back in registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Finished; fire the first execution output if the node has one.
    Done,
    /// Finished; fire execution output `n` (counted among execution outputs).
    Fire(u16),
    /// Fire execution output `n`; when everything it started has finished, run
    /// this node again with [`Entry::Resume`] (loops and sequences).
    Call(u16),
    /// Finish after `ms` milliseconds, then fire `then` (if any).
    Wait {
        /// How long to wait.
        ms: u32,
        /// The execution output to fire afterwards.
        then: Option<u16>,
    },
    /// Finished and fire nothing (a closed gate, a chain's end).
    Stop,
    /// Not finished: run this node again with [`Entry::Continue`] after the
    /// host had the thread (a custom node between fuel slices). The node keeps
    /// its progress in [`Cx::set_state`].
    Yield,
}

/// Why a node is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// An event node firing (run start, timer tick `n`).
    Event(u64),
    /// Execution arrived on execution input `n` (counted among execution inputs).
    Exec(usize),
    /// A body started with [`Step::Call`] has finished.
    Resume,
    /// Evaluated for its data (pure nodes, and every node in a dataflow board).
    Data,
    /// Called again after returning [`Step::Yield`].
    Continue,
}

/// Per-activation memory for loops: survives between `Call` and `Resume`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    /// A counter (loop index, sequence position).
    pub index: u64,
    /// A snapshot (the array being iterated).
    pub value: Value,
}

/// A log line's level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Details.
    Debug,
    /// Normal output.
    Info,
    /// Something looks wrong.
    Warn,
    /// Something failed.
    Error,
}

/// A node failed. A thin box around [`NodeErrorKind`]: failures are rare,
/// and a one-word error keeps every node's return value in registers.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeError(Box<NodeErrorKind>);

/// What went wrong in a node.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum NodeErrorKind {
    /// An input did not hold what the node needs.
    #[error("input `{pin}`: {error}")]
    Input {
        /// The input pin.
        pin: PinId,
        /// What was wrong with its value.
        error: TypeError,
    },
    /// An input held a value of the right type that the node cannot use.
    #[error("input `{pin}`: {message}")]
    BadInput {
        /// The input pin.
        pin: PinId,
        /// Why it cannot be used.
        message: String,
    },
    /// The node's own logic failed.
    #[error("{message}")]
    Failed {
        /// A stable code, e.g. `division-by-zero`.
        code: &'static str,
        /// What happened.
        message: String,
    },
    /// An input comes from a node that failed or has not run.
    #[error("input `{pin}` has no value: {reason}")]
    Unavailable {
        /// The input pin.
        pin: PinId,
        /// Which node should have produced it, and why it did not.
        reason: String,
    },
    /// The node would pass one of the run's limits.
    #[error("{what}; the run's limit `{name}` is {limit}")]
    Limit {
        /// The limit's name, e.g. `max_text_bytes`.
        name: &'static str,
        /// Its value.
        limit: u64,
        /// What would pass it.
        what: String,
    },
    /// A custom (wasm) node failed; the text is the sandbox's typed error.
    #[error("{message}")]
    Custom {
        /// A stable code from the sandbox, e.g. `out-of-fuel`.
        code: String,
        /// What happened.
        message: String,
    },
}

impl std::fmt::Display for NodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for NodeError {}

impl From<NodeErrorKind> for NodeError {
    #[cold]
    fn from(kind: NodeErrorKind) -> Self {
        NodeError(Box::new(kind))
    }
}

impl NodeError {
    /// A failure of the node's own logic.
    #[cold]
    pub fn failed(code: &'static str, message: impl Into<String>) -> Self {
        NodeErrorKind::Failed { code, message: message.into() }.into()
    }

    /// An input value of the wrong type.
    #[cold]
    pub fn input(pin: PinId, error: TypeError) -> Self {
        NodeErrorKind::Input { pin, error }.into()
    }

    /// An input value the node cannot use.
    #[cold]
    pub fn bad_input(pin: PinId, message: impl Into<String>) -> Self {
        NodeErrorKind::BadInput { pin, message: message.into() }.into()
    }

    /// An input whose source did not produce a value.
    #[cold]
    pub fn unavailable(pin: PinId, reason: String) -> Self {
        NodeErrorKind::Unavailable { pin, reason }.into()
    }

    /// Something the node would make passes the run's limit `name`.
    #[cold]
    pub fn limit(name: &'static str, limit: u64, what: impl Into<String>) -> Self {
        NodeErrorKind::Limit { name, limit, what: what.into() }.into()
    }

    /// A failure reported by a custom node's sandbox.
    #[cold]
    pub fn custom(code: impl Into<String>, message: impl Into<String>) -> Self {
        NodeErrorKind::Custom { code: code.into(), message: message.into() }.into()
    }

    /// What went wrong.
    pub fn kind(&self) -> &NodeErrorKind {
        &self.0
    }

    /// A stable code for the error pin and for tests.
    pub fn code(&self) -> &str {
        match &*self.0 {
            NodeErrorKind::Input { .. } => "input-type",
            NodeErrorKind::BadInput { .. } => "bad-input",
            NodeErrorKind::Failed { code, .. } => code,
            NodeErrorKind::Unavailable { .. } => "input-unavailable",
            NodeErrorKind::Limit { .. } => "limit",
            NodeErrorKind::Custom { code, .. } => code,
        }
    }

    /// The pin the error is about, if any.
    pub fn pin(&self) -> Option<&PinId> {
        match &*self.0 {
            NodeErrorKind::Input { pin, .. }
            | NodeErrorKind::BadInput { pin, .. }
            | NodeErrorKind::Unavailable { pin, .. } => Some(pin),
            NodeErrorKind::Failed { .. } | NodeErrorKind::Limit { .. } | NodeErrorKind::Custom { .. } => None,
        }
    }
}

/// A node's behaviour, built once per plan and run many times.
pub trait NodeImpl: Send + Sync {
    /// Runs the node once.
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError>;

    /// For event nodes: when the node fires by itself.
    fn trigger(&self) -> Option<Trigger> {
        None
    }

    /// Whether the node's data inputs are evaluated again before each
    /// [`Entry::Resume`] (a `while` re-reads its condition; a `for each`
    /// works from the snapshot it took, and must not rebuild its list).
    fn pulls_on_resume(&self) -> bool {
        false
    }

    /// A value data output `i` holds before the node first runs (a collector's
    /// empty list). Outputs with an initial value are readable before the node runs.
    fn initial_output(&self, i: usize) -> Option<Value> {
        let _ = i;
        None
    }

    /// For board output nodes: the name of the run output they write.
    fn board_output(&self) -> Option<&str> {
        None
    }
}

/// When an event node fires.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Trigger {
    /// Once, when the run starts.
    Start,
    /// `count` times, every `every_ms` milliseconds.
    Interval {
        /// Period.
        every_ms: u64,
        /// How many ticks.
        count: u64,
    },
}

/// What a running node can ask of the run as a whole (one per run, not per node).
pub(crate) trait RunEnv {
    /// Writes a log line, or says which limit it would pass.
    fn log(&mut self, node: &NodeId, level: Level, text: String) -> Result<(), NodeError>;
    fn limits(&self) -> &RunLimits;
    fn now_ms(&self) -> f64;
    fn payload(&self) -> &Value;
    fn seed(&self) -> u64;
    fn run_id(&self) -> &str;
    fn fuel_slice(&self) -> Option<u64>;
    fn progress(&mut self, node: &NodeId, fuel: u64);
    #[cfg(feature = "sandbox")]
    fn native_wasm(&self) -> Option<&dyn crate::native::NativeWasm>;
    /// A custom node's call starts on the host's own engine.
    #[cfg(feature = "sandbox")]
    fn native_call(&mut self, node: &NodeId);
}

/// A node's place in a run: its id, the slots its data pins read and
/// write (by data-pin position), and their names for messages. The planner
/// builds one per node.
pub(crate) struct NodeIo {
    pub id: NodeId,
    pub ins: Box<[u32]>,
    pub in_names: Box<[PinId]>,
    pub outs: Box<[u32]>,
    pub out_names: Box<[PinId]>,
}

/// Every node's memory for the rest of a run (see [`Cx::state`]), by node.
#[derive(Default)]
pub(crate) struct NodeStates {
    pub of: Vec<Option<Box<dyn Any + Send>>>,
    /// Some node kept something since the last [`NodeStates::clear`].
    pub kept: bool,
}

impl NodeStates {
    /// Room for `n` nodes' memory, none kept.
    pub fn new(n: usize) -> Self {
        NodeStates { of: (0..n).map(|_| None).collect(), kept: false }
    }

    /// Drops what every node kept.
    pub fn clear(&mut self) {
        if std::mem::take(&mut self.kept) {
            self.of.fill_with(|| None);
        }
    }
}

/// What a running node sees.
pub struct Cx<'a> {
    pub(crate) slots: &'a mut [Value],
    pub(crate) node: &'a NodeIo,
    pub(crate) entry: Entry,
    pub(crate) frame: &'a mut Frame,
    /// Every node's run state; this node's is at `index`.
    pub(crate) states: &'a mut NodeStates,
    pub(crate) index: usize,
    pub(crate) vars: &'a mut [Value],
    pub(crate) env: &'a mut dyn RunEnv,
    /// What the node reports besides its result; kept by the run, so `Cx`
    /// holds one pointer and the hot path tests one flag.
    pub(crate) report: &'a mut Report,
}

/// What a node reported during one execution besides its result: custom
/// nodes' fuel and the time their earlier fuel slices took, and a limit
/// passed on the way (its log). The run reads it only when `any` is set.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Something below was set during this execution.
    pub any: bool,
    /// Fuel a custom node used so far in this execution.
    pub fuel: Option<u64>,
    /// How long its earlier fuel slices took, in ms (its execution began
    /// with the first).
    pub earlier_ms: f64,
    /// A limit the node passed: the execution fails with it.
    pub over: Option<NodeError>,
    /// Which engine ran a custom node's call.
    pub path: Option<crate::native::CallPath>,
    /// An HTTP request the node asked for ([`Cx::fetch`]): the run sends it
    /// before the node runs again.
    pub fetch: Option<Box<(HttpRequest, Arc<Capabilities>)>>,
    /// The answer to the last request, for the node that asked (by plan
    /// index); outlives the per-execution fields above.
    pub arrived: Option<(usize, Result<HttpResponse, HttpError>)>,
}

impl<'a> Cx<'a> {
    /// This node's id (a path inside subflow instances).
    pub fn node_id(&self) -> &NodeId {
        &self.node.id
    }

    /// Why the node runs.
    pub fn entry(&self) -> Entry {
        self.entry
    }

    /// Data input `i`.
    #[inline(always)]
    pub fn input(&self, i: usize) -> &Value {
        &self.slots[self.node.ins[i] as usize]
    }

    /// The name of data input `i`, for messages.
    pub fn input_name(&self, i: usize) -> &PinId {
        &self.node.in_names[i]
    }

    /// Sets data output `i`.
    #[inline(always)]
    pub fn set(&mut self, i: usize, v: Value) {
        let old = std::mem::replace(&mut self.slots[self.node.outs[i] as usize], v);
        // A scalar owns nothing, so one test replaces the drop's jump
        // through every variant on the per-node path.
        if old.is_scalar() { std::mem::forget(old) } else { drop_value(old) }
    }

    /// Data output `i`, to update in place (e.g. append to a collected array).
    pub fn output_mut(&mut self, i: usize) -> &mut Value {
        &mut self.slots[self.node.outs[i] as usize]
    }

    /// Number of data inputs.
    pub fn input_count(&self) -> usize {
        self.node.ins.len()
    }

    /// An error about input `i`'s type.
    #[cold]
    pub fn type_error(&self, i: usize, expected: &str) -> NodeError {
        NodeError::input(
            self.node.in_names[i].clone(),
            TypeError { expected: expected.to_owned(), found: self.input(i).describe(), detail: None },
        )
    }

    /// An error about input `i`'s value.
    #[cold]
    pub fn bad_input(&self, i: usize, message: impl Into<String>) -> NodeError {
        NodeError::bad_input(self.node.in_names[i].clone(), message)
    }

    /// Input `i` as a float (integers widen).
    #[inline(always)]
    pub fn f64(&self, i: usize) -> Result<f64, NodeError> {
        self.input(i).as_f64().ok_or_else(|| self.type_error(i, "Float"))
    }

    /// Input `i` as an integer.
    #[inline(always)]
    pub fn i64(&self, i: usize) -> Result<i64, NodeError> {
        match self.input(i) {
            Value::Int(v) => Ok(*v),
            _ => Err(self.type_error(i, "Integer")),
        }
    }

    /// Input `i` as a boolean.
    pub fn bool(&self, i: usize) -> Result<bool, NodeError> {
        match self.input(i) {
            Value::Bool(v) => Ok(*v),
            _ => Err(self.type_error(i, "Boolean")),
        }
    }

    /// Input `i` as text.
    pub fn str(&self, i: usize) -> Result<&str, NodeError> {
        self.input(i).as_str().ok_or_else(|| self.type_error(i, "String"))
    }

    /// Input `i` as an array.
    pub fn array(&self, i: usize) -> Result<&[Value], NodeError> {
        self.input(i).as_array().ok_or_else(|| self.type_error(i, "Array"))
    }

    /// Input `i` as a map or struct.
    pub fn map(&self, i: usize) -> Result<&std::collections::BTreeMap<String, Value>, NodeError> {
        self.input(i).as_map().ok_or_else(|| self.type_error(i, "Struct"))
    }

    /// Loop memory of this activation.
    pub fn frame(&mut self) -> &mut Frame {
        self.frame
    }

    /// Takes this node's run state out, if it holds a `T`.
    pub fn take_state<T: Any + Send>(&mut self) -> Option<T> {
        let slot = &mut self.states.of[self.index];
        match slot.take()?.downcast::<T>() {
            Ok(b) => Some(*b),
            Err(other) => {
                *slot = Some(other);
                None
            }
        }
    }

    /// Replaces this node's run state.
    pub fn set_state<T: Any + Send>(&mut self, value: T) {
        self.states.kept = true;
        self.states.of[self.index] = Some(Box::new(value));
    }

    /// How much fuel a custom node may use before yielding (`None`: never yield).
    pub fn fuel_slice(&self) -> Option<u64> {
        self.env.fuel_slice()
    }

    /// Reports the fuel a custom node used so far in this execution.
    pub fn report_fuel(&mut self, fuel: u64) {
        self.report.any = true;
        self.report.fuel = Some(fuel);
        self.env.progress(&self.node.id, fuel);
    }

    /// Asks the run to send `request` under this node's declaration
    /// `declared` (the host checks it against the run's grants hop by hop,
    /// and fills in the secrets it may carry). Returns the step the node
    /// returns now; it is run again with [`Entry::Continue`] once the answer
    /// is there, and takes it with [`Cx::fetched`]. Nothing of the node
    /// runs while it waits (a custom node's fuel does not either).
    pub fn fetch(&mut self, request: HttpRequest, declared: Arc<Capabilities>) -> Step {
        self.report.any = true;
        self.report.fetch = Some(Box::new((request, declared)));
        Step::Yield
    }

    /// The answer to this node's [`Cx::fetch`], once (secrets in it are
    /// placeholders again).
    pub fn fetched(&mut self) -> Option<Result<HttpResponse, HttpError>> {
        match &self.report.arrived {
            Some((i, _)) if *i == self.index => self.report.arrived.take().map(|(_, r)| r),
            _ => None,
        }
    }

    /// Reports which engine ran this execution's call (a custom node).
    pub fn report_path(&mut self, path: crate::native::CallPath) {
        self.report.any = true;
        self.report.path = Some(path);
    }

    /// Says that this node's call starts on the host's own engine.
    #[cfg(feature = "sandbox")]
    pub(crate) fn native_call(&mut self) {
        self.report_path(crate::native::CallPath::Native);
        self.env.native_call(&self.node.id);
    }

    /// The host's own WebAssembly engine, if it offers one.
    #[cfg(feature = "sandbox")]
    pub(crate) fn native_wasm(&self) -> Option<&dyn crate::native::NativeWasm> {
        self.env.native_wasm()
    }

    /// Reports that this execution began with an earlier fuel slice,
    /// `ms` before this one (so the node's time is the whole call's).
    pub fn report_earlier_slices(&mut self, ms: f64) {
        self.report.any = true;
        self.report.fuel.get_or_insert(0);
        self.report.earlier_ms = ms.max(0.0);
    }

    /// This node's memory for the rest of the run, created by `init` on first use.
    pub fn state<T: Any + Send>(&mut self, init: impl FnOnce() -> T) -> &mut T {
        self.states.kept = true;
        let slot = &mut self.states.of[self.index];
        if !slot.as_ref().is_some_and(|b| b.is::<T>()) {
            *slot = Some(Box::new(init()));
        }
        slot.as_mut().and_then(|b| b.downcast_mut::<T>()).expect("state was just set to T")
    }

    /// Board variable number `i` (see the plan's variable table).
    pub fn var(&self, i: usize) -> &Value {
        &self.vars[i]
    }

    /// Sets board variable number `i`.
    pub fn set_var(&mut self, i: usize, v: Value) {
        self.vars[i] = v;
    }

    /// Writes a log line. Past the run's `max_log_bytes` the line is
    /// dropped and this execution fails with the limit.
    pub fn log(&mut self, level: Level, text: impl Into<String>) {
        if let Err(e) = self.env.log(&self.node.id, level, text.into()) {
            self.report.any = true;
            self.report.over.get_or_insert(e);
        }
    }

    /// The run's limits.
    pub fn limits(&self) -> &RunLimits {
        self.env.limits()
    }

    /// An error unless text of `bytes` bytes fits the run's `max_text_bytes`.
    #[inline]
    pub fn check_text(&self, bytes: usize) -> Result<(), NodeError> {
        let max = self.env.limits().max_text_bytes;
        if bytes > max { Err(over_text(bytes, max)) } else { Ok(()) }
    }

    /// An error unless a list of `len` items fits the run's `max_list_len`.
    #[inline]
    pub fn check_list(&self, len: usize) -> Result<(), NodeError> {
        let max = self.env.limits().max_list_len;
        if len > max {
            Err(NodeError::limit("max_list_len", max as u64, format!("the list would have {len} items")))
        } else {
            Ok(())
        }
    }

    /// An error unless `value` nests within the run's `max_depth`.
    pub fn check_depth(&self, value: &Value) -> Result<(), NodeError> {
        let max = self.env.limits().depth();
        if value.deeper_than(max) {
            Err(NodeError::limit("max_depth", max as u64, "the value would nest deeper".to_owned()))
        } else {
            Ok(())
        }
    }

    /// `value` as text (as [`Value`]'s `Display` writes it), unless that
    /// would pass the run's `max_text_bytes`; reads no more of a large
    /// value than the limit.
    pub fn text_of(&self, value: &Value) -> Result<String, NodeError> {
        let max = self.env.limits().max_text_bytes;
        match value {
            Value::Str(s) => {
                self.check_text(s.len())?;
                Ok(s.to_string())
            }
            Value::Array(_) | Value::Map(_) => match value.json_len_within(max) {
                Some(_) => Ok(value.to_string()),
                None => Err(over_text(max.saturating_add(1), max)),
            },
            scalar => Ok(scalar.to_string()),
        }
    }

    /// The run's input payload.
    pub fn payload(&self) -> &Value {
        self.env.payload()
    }

    /// Wall-clock time, milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> f64 {
        self.env.now_ms()
    }

    /// The run's random seed.
    pub fn seed(&self) -> u64 {
        self.env.seed()
    }

    /// The run's id.
    pub fn run_id(&self) -> &str {
        self.env.run_id()
    }
}

/// Drops a value that owns memory, out of the per-node path.
#[cold]
#[inline(never)]
fn drop_value(v: Value) {
    drop(v);
}

/// Text of `bytes` bytes passes `max_text_bytes` (`max`).
#[cold]
fn over_text(bytes: usize, max: usize) -> NodeError {
    let what = if bytes > max.saturating_add(1) {
        format!("the text would be {bytes} bytes")
    } else {
        "the text would be longer".to_owned()
    };
    NodeError::limit("max_text_bytes", max as u64, what)
}

//! What a node implements ([`Node`]) and what it sees while running ([`Context`]).

use crate::abi::LogLevel;
use crate::def::Definition;
use crate::value::PinValue;

/// A node written in Rust.
///
/// ```
/// use floe_node_sdk::{Context, DataType, Definition, Node, NodeError, Pin, Scores};
///
/// struct Double;
///
/// impl Node for Double {
///     const DEFINITION: Definition = Definition {
///         name: "double",
///         friendly_name: "Double",
///         description: "Multiplies a number by two.",
///         category: "Custom/Math",
///         icon: "x",
///         pins: &[Pin::input("x", "X", DataType::Integer), Pin::output("y", "Y", DataType::Integer)],
///         scores: Scores::SANDBOXED,
///         config: &[],
///     };
///
///     fn run(cx: &mut Context<'_>) -> Result<(), NodeError> {
///         let x = cx.i64("x")?;
///         cx.set("y", x * 2)
///     }
/// }
///
/// let run = floe_node_sdk::MockHost::new().input("x", 21).run::<Double>();
/// assert_eq!(run.output("y").and_then(|v| v.as_i64()), Some(42));
/// ```
pub trait Node {
    /// The node's definition (pins, scores, ...).
    const DEFINITION: Definition;

    /// Runs once: read inputs, set outputs, optionally fire an execution output.
    fn run(cx: &mut Context<'_>) -> Result<(), NodeError>;
}

/// A node's failure, shown on the node and sent to its error pin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeError {
    /// A stable code, e.g. `bad-input`.
    pub code: String,
    /// What happened.
    pub message: String,
}

impl NodeError {
    /// A failure with a code and a message.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        NodeError { code: code.to_owned(), message: message.into() }
    }
}

impl core::fmt::Display for NodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)
    }
}

/// A node's view of one run.
pub struct Context<'a> {
    pub(crate) def: &'static Definition,
    pub(crate) inputs: Vec<PinValue>,
    pub(crate) config: Vec<(String, PinValue)>,
    pub(crate) run_id: String,
    pub(crate) outputs: Vec<PinValue>,
    pub(crate) fire: Option<u16>,
    pub(crate) log: &'a mut dyn FnMut(LogLevel, &str),
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        def: &'static Definition,
        inputs: Vec<PinValue>,
        config: Vec<(String, PinValue)>,
        run_id: String,
        log: &'a mut dyn FnMut(LogLevel, &str),
    ) -> Self {
        let outputs = vec![PinValue::Null; def.output_count()];
        Context { def, inputs, config, run_id, outputs, fire: None, log }
    }

    /// Input `name`'s value (`null` when unconnected and without default).
    pub fn input(&self, name: &str) -> Result<&PinValue, NodeError> {
        let i = self
            .def
            .input_index(name)
            .ok_or_else(|| NodeError::new("no-such-pin", format!("the node has no input `{name}`")))?;
        Ok(self.inputs.get(i).unwrap_or(&PinValue::Null))
    }

    fn typed<T>(&self, name: &str, want: &str, f: impl Fn(&PinValue) -> Option<T>) -> Result<T, NodeError> {
        let v = self.input(name)?;
        f(v).ok_or_else(|| NodeError::new("input-type", format!("input `{name}`: expected {want}, got {}", v.kind())))
    }

    /// Input `name` as an integer.
    pub fn i64(&self, name: &str) -> Result<i64, NodeError> {
        self.typed(name, "Integer", PinValue::as_i64)
    }

    /// Input `name` as a float (integers widen).
    pub fn f64(&self, name: &str) -> Result<f64, NodeError> {
        self.typed(name, "Float", PinValue::as_f64)
    }

    /// Input `name` as text.
    pub fn str(&self, name: &str) -> Result<&str, NodeError> {
        let v = self.input(name)?;
        v.as_str()
            .ok_or_else(|| NodeError::new("input-type", format!("input `{name}`: expected String, got {}", v.kind())))
    }

    /// Input `name` as a boolean.
    pub fn bool(&self, name: &str) -> Result<bool, NodeError> {
        self.typed(name, "Boolean", PinValue::as_bool)
    }

    /// Input `name` as a list.
    pub fn list(&self, name: &str) -> Result<&[PinValue], NodeError> {
        let v = self.input(name)?;
        v.as_list()
            .ok_or_else(|| NodeError::new("input-type", format!("input `{name}`: expected Array, got {}", v.kind())))
    }

    /// Setting `name` from the node's config, if set.
    pub fn config(&self, name: &str) -> Option<&PinValue> {
        self.config.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The run's id.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// Sets output `name`.
    pub fn set(&mut self, name: &str, value: impl Into<PinValue>) -> Result<(), NodeError> {
        let i = self
            .def
            .output_index(name)
            .ok_or_else(|| NodeError::new("no-such-pin", format!("the node has no output `{name}`")))?;
        self.outputs[i] = value.into();
        Ok(())
    }

    /// Continues along execution output `name` after this run.
    pub fn fire(&mut self, name: &str) -> Result<(), NodeError> {
        let i = self
            .def
            .exec_output_index(name)
            .ok_or_else(|| NodeError::new("no-such-pin", format!("the node has no execution output `{name}`")))?;
        self.fire = Some(i as u16);
        Ok(())
    }

    /// Writes a log line (shown live in the editor's console).
    pub fn log(&mut self, level: LogLevel, text: &str) {
        (self.log)(level, text);
    }
}

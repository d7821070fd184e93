//! What a node implements ([`Node`]) and what it sees while running ([`Context`]).

use crate::abi::LogLevel;
use crate::abi::wire::{self, Reader, WireError, Writer, tag};
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
///
/// Inputs are read straight from the context bytes the host wrote (text is
/// borrowed, numbers are decoded on access); lists and maps are decoded into
/// [`PinValue`]s only when asked for. Outputs are kept as values and encoded
/// once, when the run ends. So a small node executes a few hundred wasm
/// instructions around its own work, not thousands.
pub struct Context<'a> {
    pub(crate) def: &'static Definition,
    raw: &'a [u8],
    /// Where the input list's items start, and how many there are.
    inputs_at: usize,
    n_inputs: usize,
    /// Where the config map's entries start, how many there are, and the
    /// run id: found (by skipping the inputs) only when asked for.
    rest: core::cell::OnceCell<Rest<'a>>,
    decoded: core::cell::OnceCell<Vec<PinValue>>,
    decoded_config: core::cell::OnceCell<Vec<(String, PinValue)>>,
    pub(crate) outputs: Vec<PinValue>,
    pub(crate) fire: Option<u16>,
    pub(crate) log: &'a mut dyn FnMut(LogLevel, &str),
}

#[derive(Default)]
struct Rest<'a> {
    config_at: usize,
    n_config: usize,
    run_id: &'a str,
}

/// Skips one wire value; false when the bytes end early or nest too deeply.
fn skip(r: &mut Reader<'_>, depth: usize) -> Result<(), WireError> {
    if depth > crate::value::MAX_DEPTH {
        return Err(WireError { at: 0, what: "values nest too deeply" });
    }
    match r.u8()? {
        tag::NULL => Ok(()),
        tag::BOOL => r.u8().map(drop),
        tag::INT | tag::FLOAT | tag::DATE => r.i64().map(drop),
        tag::TEXT => r.bytes().map(drop),
        tag::LIST => {
            for _ in 0..r.count(1)? {
                skip(r, depth + 1)?;
            }
            Ok(())
        }
        tag::MAP => {
            for _ in 0..r.count(5)? {
                r.bytes()?;
                skip(r, depth + 1)?;
            }
            Ok(())
        }
        _ => Err(WireError { at: r.position(), what: "unknown value tag" }),
    }
}

impl<'a> Context<'a> {
    /// Reads the start of a `run_typed` context (version, where the inputs
    /// start) without decoding any value; the rest is read when needed, and a
    /// malformed context shows up as a `bad-context` error from the accessor.
    pub(crate) fn from_wire(
        def: &'static Definition,
        raw: &'a [u8],
        log: &'a mut dyn FnMut(LogLevel, &str),
    ) -> Result<Self, WireError> {
        let mut r = Reader::new(raw);
        if r.u32()? != crate::abi::ABI_VERSION as u32 {
            return Err(WireError { at: 0, what: "the host speaks another ABI version" });
        }
        if r.u8()? != tag::LIST {
            return Err(WireError { at: 4, what: "inputs are not a list" });
        }
        let n_inputs = r.count(1)?;
        let inputs_at = r.position();
        let outputs = Vec::new();
        Ok(Context {
            def,
            raw,
            inputs_at,
            n_inputs,
            rest: core::cell::OnceCell::new(),
            decoded: core::cell::OnceCell::new(),
            decoded_config: core::cell::OnceCell::new(),
            outputs,
            fire: None,
            log,
        })
    }

    fn rest(&self) -> &Rest<'a> {
        self.rest.get_or_init(|| {
            let mut r = Reader::new(self.raw);
            r.seek(self.inputs_at);
            let mut read = || -> Result<Rest<'a>, WireError> {
                for _ in 0..self.n_inputs {
                    skip(&mut r, 1)?;
                }
                if r.u8()? != tag::MAP {
                    return Err(WireError { at: r.position() - 1, what: "config is not a map" });
                }
                let n_config = r.count(5)?;
                let config_at = r.position();
                for _ in 0..n_config {
                    r.bytes()?;
                    skip(&mut r, 1)?;
                }
                Ok(Rest { config_at, n_config, run_id: r.str()? })
            };
            read().unwrap_or_default()
        })
    }

    /// The wire bytes of input `i` (null past the end), found by skipping the ones before.
    fn raw_input(&self, name: &str) -> Result<Reader<'a>, NodeError> {
        let i = self
            .def
            .input_index(name)
            .ok_or_else(|| NodeError::new("no-such-pin", format!("the node has no input `{name}`")))?;
        let mut r = Reader::new(self.raw);
        r.seek(self.inputs_at);
        if i >= self.n_inputs {
            return Ok(Reader::new(&[tag::NULL]));
        }
        for _ in 0..i {
            skip(&mut r, 1).map_err(bad_context)?;
        }
        Ok(r)
    }

    /// Input `name`'s value (`null` when unconnected and without default).
    pub fn input(&self, name: &str) -> Result<&PinValue, NodeError> {
        let i = self
            .def
            .input_index(name)
            .ok_or_else(|| NodeError::new("no-such-pin", format!("the node has no input `{name}`")))?;
        let all = self.decoded.get_or_init(|| {
            let mut r = Reader::new(self.raw);
            r.seek(self.inputs_at);
            (0..self.n_inputs).map(|_| PinValue::read(&mut r).unwrap_or_default()).collect()
        });
        Ok(all.get(i).unwrap_or(&PinValue::Null))
    }

    fn type_error(&self, name: &str, want: &str) -> NodeError {
        let got = self.input(name).map(PinValue::kind).unwrap_or("null");
        NodeError::new("input-type", format!("input `{name}`: expected {want}, got {got}"))
    }

    /// Input `name` as an integer.
    pub fn i64(&self, name: &str) -> Result<i64, NodeError> {
        let mut r = self.raw_input(name)?;
        match r.u8() {
            Ok(tag::INT) => r.i64().map_err(bad_context),
            _ => Err(self.type_error(name, "Integer")),
        }
    }

    /// Input `name` as a float (integers widen).
    pub fn f64(&self, name: &str) -> Result<f64, NodeError> {
        let mut r = self.raw_input(name)?;
        match r.u8() {
            Ok(tag::FLOAT) => r.f64().map_err(bad_context),
            Ok(tag::INT) => r.i64().map(|i| i as f64).map_err(bad_context),
            _ => Err(self.type_error(name, "Float")),
        }
    }

    /// Input `name` as text (borrowed from the context, no copy).
    pub fn str(&self, name: &str) -> Result<&'a str, NodeError> {
        let mut r = self.raw_input(name)?;
        match r.u8() {
            Ok(tag::TEXT) => r.str().map_err(bad_context),
            _ => Err(self.type_error(name, "String")),
        }
    }

    /// Input `name` as a boolean.
    pub fn bool(&self, name: &str) -> Result<bool, NodeError> {
        let mut r = self.raw_input(name)?;
        match r.u8() {
            Ok(tag::BOOL) => r.u8().map(|b| b != 0).map_err(bad_context),
            _ => Err(self.type_error(name, "Boolean")),
        }
    }

    /// Input `name` as a list.
    pub fn list(&self, name: &str) -> Result<&[PinValue], NodeError> {
        let v = self.input(name)?;
        v.as_list()
            .ok_or_else(|| NodeError::new("input-type", format!("input `{name}`: expected Array, got {}", v.kind())))
    }

    /// Setting `name` from the node's config, if set.
    pub fn config(&self, name: &str) -> Option<&PinValue> {
        let all = self.decoded_config.get_or_init(|| {
            let rest = self.rest();
            let mut r = Reader::new(self.raw);
            r.seek(rest.config_at);
            (0..rest.n_config)
                .map(|_| {
                    let k = r.str().unwrap_or_default().to_owned();
                    (k, PinValue::read(&mut r).unwrap_or_default())
                })
                .collect()
        });
        all.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The run's id.
    pub fn run_id(&self) -> &str {
        self.rest().run_id
    }

    /// Sets output `name`.
    pub fn set(&mut self, name: &str, value: impl Into<PinValue>) -> Result<(), NodeError> {
        let i = self
            .def
            .output_index(name)
            .ok_or_else(|| NodeError::new("no-such-pin", format!("the node has no output `{name}`")))?;
        if self.outputs.is_empty() {
            self.outputs.resize(self.def.output_count(), PinValue::Null);
        }
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

    /// The result bytes for `outcome` (what `run_typed` returns), written in one pass.
    pub(crate) fn finish(self, outcome: Result<(), NodeError>) -> Vec<u8> {
        let mut w = Writer::with_capacity(64);
        match outcome {
            Ok(()) => {
                w.u8(wire::OK);
                w.u16(self.fire.unwrap_or(wire::NO_FIRE));
                let n = self.def.output_count();
                w.u8(tag::LIST);
                w.u32(n as u32);
                for i in 0..n {
                    self.outputs.get(i).unwrap_or(&PinValue::Null).write(&mut w);
                }
            }
            Err(e) => {
                w.u8(wire::FAILED);
                w.str(&e.code);
                w.str(&e.message);
            }
        }
        w.u32(0); // log lines went through `floe.log` as they were written
        w.buf
    }
}

fn bad_context(e: WireError) -> NodeError {
    NodeError::new("bad-context", format!("cannot read the run context: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{RunContext, RunResult};
    use crate::{DataType, Pin, Scores};

    const DEF: Definition = Definition {
        name: "t",
        friendly_name: "T",
        description: "",
        category: "Test",
        icon: "",
        pins: &[
            Pin::input("n", "N", DataType::Integer),
            Pin::input("text", "Text", DataType::String),
            Pin::input("items", "Items", DataType::Integer).array(),
            Pin::input("flag", "Flag", DataType::Boolean),
            Pin::output("out", "Out", DataType::String),
            Pin::output("count", "Count", DataType::Integer),
        ],
        scores: Scores::SANDBOXED,
        config: &[],
    };

    fn context() -> Vec<u8> {
        RunContext {
            inputs: vec![
                PinValue::Int(7),
                PinValue::Text("héllo".into()),
                PinValue::List(vec![PinValue::Int(1), PinValue::Map(vec![("k".into(), PinValue::Null)])]),
                PinValue::Bool(true),
            ],
            config: vec![("mode".into(), PinValue::Text("fast".into()))],
            run_id: "run-1".into(),
        }
        .encode()
    }

    #[test]
    fn reads_inputs_in_place_and_the_rest_on_demand() {
        let raw = context();
        let mut sink = |_: LogLevel, _: &str| {};
        let cx = Context::from_wire(&DEF, &raw, &mut sink).unwrap();
        assert_eq!(cx.i64("n"), Ok(7));
        assert_eq!(cx.f64("n"), Ok(7.0), "integers widen to floats");
        assert_eq!(cx.str("text"), Ok("héllo"));
        assert_eq!(cx.bool("flag"), Ok(true));
        assert_eq!(cx.list("items").unwrap().len(), 2);
        assert_eq!(cx.config("mode"), Some(&PinValue::Text("fast".into())));
        assert_eq!(cx.config("other"), None);
        assert_eq!(cx.run_id(), "run-1");
    }

    #[test]
    fn wrong_types_and_names_are_typed_errors() {
        let raw = context();
        let mut sink = |_: LogLevel, _: &str| {};
        let mut cx = Context::from_wire(&DEF, &raw, &mut sink).unwrap();
        let e = cx.i64("text").unwrap_err();
        assert_eq!((e.code.as_str(), e.message.as_str()), ("input-type", "input `text`: expected Integer, got String"));
        assert_eq!(cx.str("nope").unwrap_err().code, "no-such-pin");
        assert_eq!(cx.set("missing", 1).unwrap_err().message, "the node has no output `missing`");
        assert_eq!(cx.fire("then").unwrap_err().code, "no-such-pin");
    }

    #[test]
    fn unset_outputs_are_null_and_the_result_is_in_pin_order() {
        let raw = context();
        let mut sink = |_: LogLevel, _: &str| {};
        let mut cx = Context::from_wire(&DEF, &raw, &mut sink).unwrap();
        cx.set("count", 3).unwrap();
        let result = RunResult::decode(&cx.finish(Ok(()))).unwrap();
        assert_eq!(result.outcome, Ok((vec![PinValue::Null, PinValue::Int(3)], None)));
    }

    #[test]
    fn malformed_contexts_never_panic() {
        let good = context();
        let mut sink = |_: LogLevel, _: &str| {};
        // Every truncation either fails to open or fails on access, cleanly.
        for cut in 0..good.len() {
            let raw = &good[..cut];
            if let Ok(mut cx) = Context::from_wire(&DEF, raw, &mut sink) {
                let _ = (cx.i64("n"), cx.str("text"), cx.bool("flag"), cx.list("items"), cx.config("mode"));
                let _ = cx.run_id().len();
                cx.set("out", "x").unwrap();
                let _ = cx.finish(Ok(()));
            }
        }
        let mut wrong_version = good.clone();
        wrong_version[0] = 9;
        let e = Context::from_wire(&DEF, &wrong_version, &mut sink).err().unwrap();
        assert_eq!(e.what, "the host speaks another ABI version");
        // A hostile count cannot make the reader allocate or loop without bound.
        let mut huge = good[..5].to_vec();
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(Context::from_wire(&DEF, &huge, &mut sink).err().unwrap().what, "count larger than the data");
    }
}

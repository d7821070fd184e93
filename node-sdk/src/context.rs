//! What a node implements ([`Node`]) and what it sees while running ([`Context`]).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::abi::LogLevel;
use crate::abi::wire::{self, Reader, WireError, Writer, tag};
use crate::def::{Definition, PinNames};
use crate::value::{OutputValue, PinValue};

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
///         type_params: &[],
///         http: &[],
///         secrets: &[],
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
    #[inline]
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
    names: PinNames<'a>,
    raw: &'a [u8],
    /// Where the input list's items start, and how many there are.
    inputs_at: usize,
    n_inputs: usize,
    /// Where the config map's entries start, how many there are, and the
    /// run id: found (by skipping the inputs) only when asked for.
    rest: core::cell::OnceCell<Rest<'a>>,
    decoded: core::cell::OnceCell<Vec<PinValue>>,
    decoded_config: core::cell::OnceCell<Vec<(String, PinValue)>>,
    /// The result being written: a success header (status, fire, list
    /// header), then each output value in wire form as it is set (a value set
    /// twice leaves its first encoding unused).
    out: Writer,
    /// How many outputs were set in pin order, each once, from the first:
    /// in the usual case that is all of them, and `out` is the result as is.
    in_order: usize,
    /// Outputs set out of order or again: (index, start, end) in `out`.
    late: Vec<(usize, u32, u32)>,
    n_outputs: usize,
    pub(crate) fire: Option<u16>,
    /// Where log lines go: collected (the mock host), or straight to Floe.
    log: Option<&'a mut Vec<(LogLevel, String)>>,
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
    #[inline]
    pub(crate) fn from_wire(
        names: PinNames<'a>,
        raw: &'a [u8],
        log: Option<&'a mut Vec<(LogLevel, String)>>,
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
        let n_outputs = names.outputs.len();
        Ok(Context {
            names,
            raw,
            inputs_at,
            n_inputs,
            rest: core::cell::OnceCell::new(),
            decoded: core::cell::OnceCell::new(),
            decoded_config: core::cell::OnceCell::new(),
            out: {
                let mut out = Writer::with_capacity(64);
                let [n0, n1, n2, n3] = (n_outputs as u32).to_le_bytes();
                let [f0, f1] = wire::NO_FIRE.to_le_bytes();
                out.buf.extend_from_slice(&[wire::OK, f0, f1, tag::LIST, n0, n1, n2, n3]);
                out
            },
            in_order: 0,
            late: Vec::new(),
            n_outputs,
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

    /// The wire bytes of input `name` from its tag on (a null past the
    /// inputs sent), found by skipping the ones before; `None` when there is
    /// no such input or the context is damaged.
    #[inline(always)]
    fn find_input(&self, name: &str) -> Option<Reader<'a>> {
        let i = PinNames::find(self.names.inputs, name)?;
        if i >= self.n_inputs {
            return Some(Reader::new(&[tag::NULL]));
        }
        let mut r = Reader::new(self.raw);
        r.seek(self.inputs_at);
        for _ in 0..i {
            skip(&mut r, 1).ok()?;
        }
        Some(r)
    }

    /// The 8 bytes of input `name` when its tag is `want`.
    #[inline(always)]
    fn eight(&self, name: &str, want: u8) -> Option<[u8; 8]> {
        let mut r = self.find_input(name)?;
        if r.u8().ok()? != want {
            return None;
        }
        r.array().ok()
    }

    /// Why input `name` could not be read as `want`: no such input, a
    /// damaged context, or a value of another type.
    #[cold]
    #[inline(never)]
    fn input_error(&self, name: &str, want: &str) -> NodeError {
        if PinNames::find(self.names.inputs, name).is_none() {
            return no_such_pin("input", name);
        }
        let Some(mut r) = self.find_input(name) else {
            return bad_context(WireError { at: self.inputs_at, what: "an input before it is malformed" });
        };
        let got = match r.u8() {
            Ok(tag::NULL) => "null",
            Ok(tag::BOOL) => "Boolean",
            Ok(tag::INT) => "Integer",
            Ok(tag::FLOAT) => "Float",
            Ok(tag::TEXT) => "String",
            Ok(tag::DATE) => "Date",
            Ok(tag::LIST) => "Array",
            Ok(tag::MAP) => "Struct",
            _ => return bad_context(WireError { at: r.position(), what: "unknown value tag" }),
        };
        if got == want {
            return bad_context(WireError { at: r.position(), what: "unexpected end of data" });
        }
        error("input-type", &["input `", name, "`: expected ", want, ", got ", got], None)
    }

    /// Input `name`'s value (`null` when unconnected and without default).
    pub fn input(&self, name: &str) -> Result<&PinValue, NodeError> {
        let Some(i) = PinNames::find(self.names.inputs, name) else { return Err(no_such_pin("input", name)) };
        let all = self.decoded.get_or_init(|| {
            let mut r = Reader::new(self.raw);
            r.seek(self.inputs_at);
            (0..self.n_inputs).map(|_| PinValue::read(&mut r).unwrap_or_default()).collect()
        });
        Ok(all.get(i).unwrap_or(&PinValue::Null))
    }

    /// Input `name` as an integer.
    #[inline]
    pub fn i64(&self, name: &str) -> Result<i64, NodeError> {
        match self.eight(name, tag::INT) {
            Some(b) => Ok(i64::from_le_bytes(b)),
            None => Err(self.input_error(name, "Integer")),
        }
    }

    /// Input `name` as a float (integers widen).
    #[inline]
    pub fn f64(&self, name: &str) -> Result<f64, NodeError> {
        if let Some(b) = self.eight(name, tag::FLOAT) {
            return Ok(f64::from_le_bytes(b));
        }
        match self.eight(name, tag::INT) {
            Some(b) => Ok(i64::from_le_bytes(b) as f64),
            None => Err(self.input_error(name, "Float")),
        }
    }

    /// Input `name` as text (borrowed from the context, no copy).
    #[inline]
    pub fn str(&self, name: &str) -> Result<&'a str, NodeError> {
        let text = self.find_input(name).and_then(|mut r| match r.u8() {
            Ok(tag::TEXT) => r.str().ok(),
            _ => None,
        });
        text.ok_or_else(|| self.input_error(name, "String"))
    }

    /// Input `name` as a boolean.
    #[inline]
    pub fn bool(&self, name: &str) -> Result<bool, NodeError> {
        let flag = self.find_input(name).and_then(|mut r| match r.u8() {
            Ok(tag::BOOL) => r.u8().ok(),
            _ => None,
        });
        flag.map(|b| b != 0).ok_or_else(|| self.input_error(name, "Boolean"))
    }

    /// Input `name` as a list.
    pub fn list(&self, name: &str) -> Result<&[PinValue], NodeError> {
        let v = self.input(name)?;
        v.as_list().ok_or_else(|| error("input-type", &["input `", name, "`: expected Array, got ", v.kind()], None))
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
    #[inline]
    pub fn set(&mut self, name: &str, value: impl OutputValue) -> Result<(), NodeError> {
        let Some(i) = PinNames::find(self.names.outputs, name) else { return Err(no_such_pin("output", name)) };
        let start = self.out.buf.len() as u32;
        value.write_to(&mut self.out);
        if i == self.in_order && self.late.is_empty() {
            self.in_order += 1;
        } else {
            self.late.push((i, start, self.out.buf.len() as u32));
        }
        Ok(())
    }

    /// Continues along execution output `name` after this run.
    pub fn fire(&mut self, name: &str) -> Result<(), NodeError> {
        let Some(i) = PinNames::find(self.names.execs, name) else { return Err(no_such_pin("execution output", name)) };
        self.fire = Some(i as u16);
        Ok(())
    }

    /// Writes a log line (shown live in the editor's console).
    pub fn log(&mut self, level: LogLevel, text: &str) {
        match &mut self.log {
            Some(lines) => lines.push((level, text.to_owned())),
            #[cfg(target_arch = "wasm32")]
            None => crate::guest::log(level, text),
            #[cfg(not(target_arch = "wasm32"))]
            None => {}
        }
    }

    /// The result bytes for `outcome` (what `run_typed` returns). When every
    /// output was set once, in pin order (the usual case), they are already
    /// in place after the header and nothing is copied.
    pub(crate) fn finish(mut self, outcome: Result<(), NodeError>) -> Vec<u8> {
        let result = match &outcome {
            Ok(()) => self.result(),
            Err(e) => failure(e),
        };
        released(self);
        released(outcome);
        result
    }

    fn result(&mut self) -> Vec<u8> {
        let mut out = core::mem::take(&mut self.out);
        let [lo, hi] = self.fire.unwrap_or(wire::NO_FIRE).to_le_bytes();
        if let Some([_, a, b, ..]) = out.buf.get_mut(..) {
            (*a, *b) = (lo, hi);
        }
        let n = self.n_outputs;
        if self.in_order == n && self.late.is_empty() {
            out.u32(0); // log lines went through `floe.log` as they were written
            return out.buf;
        }
        reorder(out.buf, self.in_order, &self.late, n)
    }
}

/// Lets go of a value at the end of a call. In wasm the instance ends with
/// the call, so nothing needs freeing: forgetting keeps the drop code out of
/// the module (every function in it costs instantiation time).
#[inline(always)]
fn released<T>(value: T) {
    #[cfg(target_arch = "wasm32")]
    core::mem::forget(value);
    #[cfg(not(target_arch = "wasm32"))]
    drop(value);
}

/// The result for outputs set out of pin order, or more than once: the
/// latest value of each, in pin order, `null` for those never set.
#[cold]
fn reorder(out: Vec<u8>, in_order: usize, late: &[(usize, u32, u32)], n: usize) -> Vec<u8> {
    let mut at = vec![(0u32, 0u32); n];
    let mut r = Reader::new(&out);
    r.seek(HEADER);
    for slot in at.iter_mut().take(in_order) {
        let start = r.position() as u32;
        if skip(&mut r, 1).is_err() {
            break;
        }
        *slot = (start, r.position() as u32);
    }
    for &(i, start, end) in late {
        if let Some(slot) = at.get_mut(i) {
            *slot = (start, end);
        }
    }
    let mut w = Writer::with_capacity(out.len() + n + 4);
    w.buf.extend_from_slice(out.get(..HEADER).unwrap_or_default());
    for (start, end) in at {
        match out.get(start as usize..end as usize) {
            Some(bytes) if end > start => w.buf.extend_from_slice(bytes),
            _ => w.u8(tag::NULL),
        }
    }
    w.u32(0);
    w.buf
}

/// Bytes before the first output value in a success result: status, fire, list tag, count.
const HEADER: usize = 8;

/// The result bytes of a failed run.
#[cold]
#[inline(never)]
pub(crate) fn failure(e: &NodeError) -> Vec<u8> {
    let mut w = Writer::with_capacity(13 + e.code.len() + e.message.len());
    w.u8(wire::FAILED);
    w.str(&e.code);
    w.str(&e.message);
    w.u32(0);
    w.buf
}

/// `no-such-pin`: "the node has no KIND `name`".
#[inline(always)]
fn no_such_pin(kind: &str, name: &str) -> NodeError {
    error("no-such-pin", &["the node has no ", kind, " `", name, "`"], None)
}

/// `bad-context`, for a context the SDK cannot read.
#[inline(always)]
pub(crate) fn bad_context(e: WireError) -> NodeError {
    error("bad-context", &["cannot read the run context: ", e.what, " at byte "], Some(e.at))
}

/// Every error the SDK itself raises: code, message parts, and a number to
/// end the message with. One cold function, so a module carries one.
#[cold]
#[inline(never)]
fn error(code: &str, parts: &[&str], number: Option<usize>) -> NodeError {
    let mut message = String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 20);
    for part in parts {
        message.push_str(part);
    }
    if let Some(n) = number {
        crate::json::push_u64(&mut message, n as u64);
    }
    NodeError { code: code.to_owned(), message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{RunContext, RunResult};
    use crate::{DataType, Pin, Role, Scores};

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
        type_params: &[],
        http: &[],
        secrets: &[],
    };

    const INPUTS: [&str; DEF.role_count(Role::Input)] = DEF.role_names(Role::Input);
    const OUTPUTS: [&str; DEF.role_count(Role::Output)] = DEF.role_names(Role::Output);
    const EXECS: [&str; DEF.role_count(Role::Exec)] = DEF.role_names(Role::Exec);

    fn names() -> PinNames<'static> {
        assert_eq!((INPUTS, OUTPUTS), (["n", "text", "items", "flag"], ["out", "count"]), "built at compile time");
        PinNames { inputs: &INPUTS, outputs: &OUTPUTS, execs: &EXECS }
    }

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
        let cx = Context::from_wire(names(), &raw, None).unwrap();
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
        let mut cx = Context::from_wire(names(), &raw, None).unwrap();
        let e = cx.i64("text").unwrap_err();
        assert_eq!((e.code.as_str(), e.message.as_str()), ("input-type", "input `text`: expected Integer, got String"));
        assert_eq!(cx.str("nope").unwrap_err().code, "no-such-pin");
        assert_eq!(cx.set("missing", 1).unwrap_err().message, "the node has no output `missing`");
        assert_eq!(cx.fire("then").unwrap_err().code, "no-such-pin");
    }

    #[test]
    fn unset_outputs_are_null_and_the_result_is_in_pin_order() {
        let raw = context();
        let mut cx = Context::from_wire(names(), &raw, None).unwrap();
        cx.set("count", 3).unwrap();
        let result = RunResult::decode(&cx.finish(Ok(()))).unwrap();
        assert_eq!(result.outcome, Ok((vec![PinValue::Null, PinValue::Int(3)], None)));
    }

    #[test]
    fn outputs_set_in_order_are_the_result_as_written_and_any_order_works() {
        let raw = context();
        let decode = |cx: Context<'_>| RunResult::decode(&cx.finish(Ok(()))).unwrap().outcome;
        // In pin order, once each: the fast path.
        let mut cx = Context::from_wire(names(), &raw, None).unwrap();
        cx.set("out", "é").unwrap();
        cx.set("count", 2).unwrap();
        assert_eq!(decode(cx), Ok((vec![PinValue::Text("é".into()), PinValue::Int(2)], None)));
        // Reversed, and one set twice: the latest value of each, in pin order.
        let mut cx = Context::from_wire(names(), &raw, None).unwrap();
        cx.set("count", 1).unwrap();
        cx.set("out", String::from("a")).unwrap();
        cx.set("count", PinValue::List(vec![PinValue::Bool(true), PinValue::Float(0.5)])).unwrap();
        let list = PinValue::List(vec![PinValue::Bool(true), PinValue::Float(0.5)]);
        assert_eq!(decode(cx), Ok((vec![PinValue::Text("a".into()), list], None)));
        // In order, then the first again.
        let mut cx = Context::from_wire(names(), &raw, None).unwrap();
        cx.set("out", "x").unwrap();
        cx.set("count", 7).unwrap();
        cx.set("out", true).unwrap();
        assert_eq!(decode(cx), Ok((vec![PinValue::Bool(true), PinValue::Int(7)], None)));
        // A failure wins over outputs already set.
        let mut cx = Context::from_wire(names(), &raw, None).unwrap();
        cx.set("out", "x").unwrap();
        let failed = RunResult::decode(&cx.finish(Err(NodeError::new("bad", "no")))).unwrap().outcome;
        assert_eq!(failed, Err(NodeError::new("bad", "no")));
    }

    #[test]
    fn malformed_contexts_never_panic() {
        let good = context();
        // Every truncation either fails to open or fails on access, cleanly.
        for cut in 0..good.len() {
            let raw = &good[..cut];
            if let Ok(mut cx) = Context::from_wire(names(), raw, None) {
                let _ = (cx.i64("n"), cx.str("text"), cx.bool("flag"), cx.list("items"), cx.config("mode"));
                let _ = cx.run_id().len();
                cx.set("out", "x").unwrap();
                let _ = cx.finish(Ok(()));
            }
        }
        let mut wrong_version = good.clone();
        wrong_version[0] = 9;
        let e = Context::from_wire(names(), &wrong_version, None).err().unwrap();
        assert_eq!(e.what, "the host speaks another ABI version");
        // A hostile count cannot make the reader allocate or loop without bound.
        let mut huge = good[..5].to_vec();
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(Context::from_wire(names(), &huge, None).err().unwrap().what, "count larger than the data");
    }
}

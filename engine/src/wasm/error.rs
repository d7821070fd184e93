//! Everything that can go wrong with a custom node, as typed errors with
//! clear messages. They become `NodeError::Custom` (and so reach the node's
//! error pin) with the stable code from [`WasmError::code`]. Payloads that
//! code branches on are structured ([`OutputError`], [`DefinitionError`],
//! [`NotWasm`]); only the sandbox's and parsers' own descriptions stay text.

use floe_node_sdk::abi::wire::WireError;

use crate::node::NodeError;
use crate::schema::SchemaViolation;
use crate::value::TypeError;

/// A custom node module could not be loaded or run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WasmError {
    /// The bytes are neither a wasm binary nor WebAssembly text.
    #[error("not a WebAssembly module: {0}")]
    NotWasm(NotWasm),
    /// WebAssembly text that does not parse.
    #[error("invalid WebAssembly text: {reason}")]
    Wat {
        /// The parser's message, with line and column.
        reason: String,
    },
    /// A binary that wasmi rejects.
    #[error("invalid module: {reason}")]
    Invalid {
        /// wasmi's reason.
        reason: String,
    },
    /// An export the ABI requires is absent.
    #[error("missing export `{name}` ({expected})")]
    MissingExport {
        /// The export.
        name: String,
        /// Its required type.
        expected: String,
    },
    /// An export has the wrong type.
    #[error("export `{name}` has type {found}, but the node ABI needs {expected}")]
    MistypedExport {
        /// The export.
        name: String,
        /// Its required type.
        expected: String,
        /// What the module has.
        found: String,
    },
    /// The module imports things Floe does not provide.
    #[error("unsupported import{}: {}; {allowed}", if imports.len() == 1 { "" } else { "s" }, imports.join(", "))]
    UnsupportedImports {
        /// Each import, as `module.name (type)`.
        imports: Vec<String>,
        /// What this kind of module may import.
        allowed: Allowed,
    },
    /// The module's ABI version is not the host's.
    #[error("the module speaks node ABI version {found}, but this Floe speaks version {supported}")]
    AbiVersion {
        /// The module's version.
        found: i32,
        /// The host's version.
        supported: i32,
    },
    /// `get_node` returned something that is not a valid definition.
    #[error("invalid node definition{}: {problem}", if path.is_empty() { String::new() } else { format!(" at `{path}`") })]
    InvalidDefinition {
        /// Where in the definition (empty when the text is not JSON at all).
        path: String,
        /// What is wrong.
        problem: DefinitionError,
    },
    /// The call used up its fuel budget.
    #[error("ran out of fuel after {budget} units (its budget; raise the node's `fuel` setting if it needs more)")]
    OutOfFuel {
        /// The budget.
        budget: u64,
    },
    /// Reading the module's definition used up its fuel: its own
    /// ([`DEFINITION_FUEL`](super::limits::DEFINITION_FUEL)), or what was
    /// left of the budget its board's modules share.
    #[error("{}", if *shared {
        format!("reading its definition ran out of fuel: the {budget} units a board's modules share for their definitions were used up")
    } else {
        format!("reading its definition ran out of fuel after {budget} units (its start function and `get_node` must return quickly)")
    })]
    DefinitionOutOfFuel {
        /// The budget that ran out.
        budget: u64,
        /// Whether it was the board's shared budget (the module alone might load).
        shared: bool,
    },
    /// The node tried to grow its memory past the limit (or its inputs
    /// would not fit in it).
    #[error("exceeded its memory limit of {limit} bytes")]
    MemoryLimit {
        /// The limit.
        limit: usize,
    },
    /// The call stack overflowed (usually unbounded recursion).
    #[error("exhausted its call stack (unbounded recursion?)")]
    StackExhausted,
    /// The module trapped.
    #[error("trapped: {reason}")]
    Trap {
        /// wasmi's trap description.
        reason: String,
    },
    /// The node produced more output than allowed.
    #[error("produced more than {limit} bytes of output")]
    OutputTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The node's output is malformed or does not match its pins.
    #[error("bad output: {0}")]
    BadOutput(OutputError),
    /// A WASI program exited with a non-zero status.
    #[error("exited with status {status}{}", if stderr.is_empty() { String::new() } else { format!(": {stderr}") })]
    Exit {
        /// The exit status.
        status: i32,
        /// The end of what it wrote to stderr.
        stderr: String,
    },
    /// The node reported a failure of its own.
    #[error("{message}")]
    Failed {
        /// The node's code.
        code: String,
        /// The node's message.
        message: String,
    },
}

/// Why bytes are not a module at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotWasm {
    /// Binary bytes without the wasm magic number.
    #[error("it starts with bytes {} instead of `\\0asm`, and is not text (WAT) either", hex(head))]
    Binary {
        /// The first (up to four) bytes.
        head: Vec<u8>,
    },
    /// Text that does not look like WebAssembly text.
    #[error(
        "it is text that does not start with `(` as WebAssembly text does, nor with the `\\0asm` of a binary: `{}`",
        head.escape_debug()
    )]
    Text {
        /// The first (up to 24) characters.
        head: String,
    },
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

/// What a kind of module may import (for the unsupported-import message).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Allowed {
    /// A Floe ABI module.
    #[error(
        "a Floe node may import only `floe.log` (func (param i32 i32 i32)), `floe.http_fetch` (func (param i32 i32) (result i32)) and `floe.http_read` (func (param i32))"
    )]
    FloeLog,
    /// A WASI program.
    #[error("a WASI node may import only `wasi_snapshot_preview1` functions, `floe.http_fetch` and `floe.http_read`")]
    WasiFunctions,
}

/// What is wrong with a node definition from `get_node`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    /// The bytes are not UTF-8.
    #[error("not UTF-8 text: {0}")]
    NotUtf8(String),
    /// The JSON does not parse or does not fit the schema (the parser's message).
    #[error("{0}")]
    Json(String),
    /// A required name is blank.
    #[error("must not be empty")]
    Empty,
    /// A pin uses a name every node has already.
    #[error("`error` and `on_error` are reserved for every node's error pins")]
    ReservedPin,
    /// Two pins of one direction share a name.
    #[error("`{name}` is used by two {direction} pins")]
    DuplicatePin {
        /// The name.
        name: String,
        /// `Input` or `Output`.
        direction: &'static str,
    },
    /// The declared capabilities are malformed.
    #[error("{0}")]
    Capabilities(String),
    /// `get_node` trapped (the sandbox's description).
    #[error("get_node trapped: {0}")]
    Trapped(String),
    /// `get_node` returned more than a definition may hold.
    #[error("get_node returned {len} bytes; a definition may have at most {limit}")]
    TooLarge {
        /// What it returned.
        len: u32,
        /// The limit.
        limit: u32,
    },
    /// `get_node`'s result lies outside the module's memory.
    #[error("{0}")]
    Outside(OutputError),
}

/// What is wrong with what a node returned (or where it put it).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    /// A pointer and length the module gave point past its memory.
    #[error("{what} points at bytes {start}..{end}, outside the module's {size} bytes of memory")]
    OutsideMemory {
        /// What the bytes were for ("the result", "get_node's result").
        what: &'static str,
        /// First byte.
        start: u32,
        /// One past the last byte.
        end: u64,
        /// The memory's size.
        size: usize,
    },
    /// `alloc` returned a place where the context does not fit.
    #[error("alloc({len}) returned {ptr}, where the context does not fit in memory")]
    AllocOutside {
        /// Bytes asked for.
        len: usize,
        /// What `alloc` returned.
        ptr: u32,
    },
    /// A log line points past the module's memory.
    #[error("a log line points outside memory (at {ptr}, {len} bytes)")]
    LogOutside {
        /// Where.
        ptr: i32,
        /// How long.
        len: i32,
    },
    /// A `run_typed` result that does not decode.
    #[error("unreadable result: {0}")]
    Unreadable(WireError),
    /// A `run` result that is not the JSON contract.
    #[error("{0}")]
    Json(JsonResultError),
    /// More or fewer outputs than the node declares.
    #[error("returned {returned} outputs, but the node declares {declared}")]
    OutputCount {
        /// How many came back.
        returned: usize,
        /// How many the node has.
        declared: usize,
    },
    /// An execution output the node does not have.
    #[error("fired execution output {index}, but the node has {count}")]
    NoSuchExec {
        /// The index fired.
        index: usize,
        /// How many it has.
        count: usize,
    },
    /// A WASI program's stdout is not JSON.
    #[error("stdout is not JSON ({error}); it starts with {start:?}")]
    StdoutNotJson {
        /// The parser's message.
        error: String,
        /// The first 60 characters.
        start: String,
    },
    /// A WASI program's stdout breaks its io schema.
    #[error("stdout does not match the output schema: {0}")]
    StdoutSchema(SchemaViolation),
    /// A WASI program with named outputs wrote something else than an object.
    #[error("stdout is not a JSON object")]
    StdoutNotObject,
    /// An output value that does not fit its pin.
    #[error("output `{output}`: {error}")]
    Type {
        /// The output pin.
        output: String,
        /// Why.
        error: TypeError,
    },
    /// An output value that breaks its pin's schema.
    #[error("output `{output}` violates its schema: {error}")]
    Schema {
        /// The output pin.
        output: String,
        /// Why.
        error: SchemaViolation,
    },
}

/// What is wrong with a `run` result (the JSON contract).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonResultError {
    /// Not JSON at all.
    #[error("the result is not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an object.
    #[error("the result is not a JSON object")]
    NotObject,
    /// `logs` is not a list.
    #[error("`logs` is not a list")]
    LogsNotList,
    /// A log line without text.
    #[error("logs[{0}] has no `text`")]
    LogWithoutText(usize),
    /// An error without a message.
    #[error("`error` has no `message`")]
    ErrorWithoutMessage,
    /// `outputs` is not an object.
    #[error("`outputs` is not an object")]
    OutputsNotObject,
    /// An output the node does not have.
    #[error("the node has no output `{name}`; its outputs are: {}", known.join(", "))]
    NoSuchOutput {
        /// The name returned.
        name: String,
        /// The node's outputs.
        known: Vec<String>,
    },
    /// `fire` names no execution output.
    #[error("`fire` names `{0}`, which is not an execution output of the node")]
    NoSuchExec(String),
    /// `fire` is not a name.
    #[error("`fire` is not a string")]
    FireNotText,
}

impl From<OutputError> for WasmError {
    #[cold]
    fn from(e: OutputError) -> Self {
        WasmError::BadOutput(e)
    }
}

impl WasmError {
    /// A stable code for the error pin, tests and users.
    pub fn code(&self) -> &str {
        match self {
            WasmError::NotWasm(_) => "not-wasm",
            WasmError::Wat { .. } => "invalid-wat",
            WasmError::Invalid { .. } => "invalid-module",
            WasmError::MissingExport { .. } => "missing-export",
            WasmError::MistypedExport { .. } => "mistyped-export",
            WasmError::UnsupportedImports { .. } => "unsupported-import",
            WasmError::AbiVersion { .. } => "abi-version",
            WasmError::InvalidDefinition { .. } => "invalid-definition",
            WasmError::OutOfFuel { .. } | WasmError::DefinitionOutOfFuel { .. } => "out-of-fuel",
            WasmError::MemoryLimit { .. } => "memory-limit",
            WasmError::StackExhausted => "stack-exhausted",
            WasmError::Trap { .. } => "trap",
            WasmError::OutputTooLarge { .. } => "output-too-large",
            WasmError::BadOutput(_) => "bad-output",
            WasmError::Exit { .. } => "exit",
            WasmError::Failed { code, .. } => code,
        }
    }
}

impl From<WasmError> for NodeError {
    #[cold]
    fn from(e: WasmError) -> Self {
        NodeError::custom(e.code().to_owned(), e.to_string())
    }
}

/// Ends a call from inside a host function with a typed error.
#[derive(Debug)]
pub(crate) struct Abort(pub WasmError);

impl std::fmt::Display for Abort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl wasmi::errors::HostError for Abort {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_before() {
        let e = WasmError::NotWasm(NotWasm::Binary { head: vec![0xde, 0xad] });
        assert_eq!(
            e.to_string(),
            "not a WebAssembly module: it starts with bytes de ad instead of `\\0asm`, and is not text (WAT) either"
        );
        let e = WasmError::from(OutputError::Json(JsonResultError::NoSuchOutput {
            name: "z".into(),
            known: vec!["y".into(), "w".into()],
        }));
        assert_eq!(e.to_string(), "bad output: the node has no output `z`; its outputs are: y, w");
        assert_eq!(e.code(), "bad-output");
        let e = WasmError::InvalidDefinition {
            path: "pins[1].name".into(),
            problem: DefinitionError::DuplicatePin { name: "a".into(), direction: "Input" },
        };
        assert_eq!(e.to_string(), "invalid node definition at `pins[1].name`: `a` is used by two Input pins");
        let e = WasmError::UnsupportedImports { imports: vec!["`env.f` (func)".into()], allowed: Allowed::FloeLog };
        assert_eq!(
            e.to_string(),
            "unsupported import: `env.f` (func); a Floe node may import only `floe.log` (func (param i32 i32 i32)), `floe.http_fetch` (func (param i32 i32) (result i32)) and `floe.http_read` (func (param i32))"
        );
    }
}

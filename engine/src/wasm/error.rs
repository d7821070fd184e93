//! Everything that can go wrong with a custom node, as typed errors with
//! clear messages. They become `NodeError::Custom` (and so reach the node's
//! error pin) with the stable code from [`WasmError::code`].

use crate::node::NodeError;

/// A custom node module could not be loaded or run.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum WasmError {
    /// The bytes are neither a wasm binary nor WebAssembly text.
    #[error("not a WebAssembly module: {reason}")]
    NotWasm {
        /// Why.
        reason: String,
    },
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
        allowed: String,
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
    #[error("invalid node definition{}: {reason}", if path.is_empty() { String::new() } else { format!(" at `{path}`") })]
    InvalidDefinition {
        /// Where in the definition (empty when the text is not JSON at all).
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The call used up its fuel budget.
    #[error("ran out of fuel after {budget} units (its budget; raise the node's `fuel` setting if it needs more)")]
    OutOfFuel {
        /// The budget.
        budget: u64,
    },
    /// The node tried to grow its memory past the limit.
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
    #[error("bad output: {reason}")]
    BadOutput {
        /// What is wrong.
        reason: String,
    },
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

impl WasmError {
    /// A stable code for the error pin, tests and users.
    pub fn code(&self) -> &str {
        match self {
            WasmError::NotWasm { .. } => "not-wasm",
            WasmError::Wat { .. } => "invalid-wat",
            WasmError::Invalid { .. } => "invalid-module",
            WasmError::MissingExport { .. } => "missing-export",
            WasmError::MistypedExport { .. } => "mistyped-export",
            WasmError::UnsupportedImports { .. } => "unsupported-import",
            WasmError::AbiVersion { .. } => "abi-version",
            WasmError::InvalidDefinition { .. } => "invalid-definition",
            WasmError::OutOfFuel { .. } => "out-of-fuel",
            WasmError::MemoryLimit { .. } => "memory-limit",
            WasmError::StackExhausted => "stack-exhausted",
            WasmError::Trap { .. } => "trap",
            WasmError::OutputTooLarge { .. } => "output-too-large",
            WasmError::BadOutput { .. } => "bad-output",
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

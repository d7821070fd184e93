//! A WebAssembly engine with no fuel of its own — the browser's, where a
//! custom node runs at the JIT's speed — which a host may offer beside the
//! wasmi interpreter. It runs modules that `wasm::meter` has written fuel
//! metering and the memory limit into; a custom node whose calls are heavy
//! moves to it (`wasm/kind.rs`). The engine only says what to call and
//! reads what came back: the host does the calling (the run worker through
//! `WebAssembly`; tests through wasmi without its fuel).

use serde::{Deserialize, Serialize};

/// A WebAssembly engine that runs metered modules.
pub trait NativeWasm {
    /// Compiles a metered module once and keeps it under `key`. An error
    /// says why the module stays on the interpreter.
    fn prepare(&self, key: &str, metered: &[u8]) -> Result<(), String>;

    /// One call of a prepared module, in an instance no earlier call
    /// touched: the fuel global set to `fuel`, the `floe:start` export run
    /// if there is one, `input` written to memory (at `input_at`, or where
    /// the `alloc` export says), then `export(ptr, len)` called; its i64
    /// result is a packed pointer and length (the Floe ABI's), whose bytes
    /// are the result. `floe.log(level, ptr, len)` lines are kept.
    fn call(&self, call: &NativeCall<'_>) -> NativeOutcome;

    /// Fuel a call must use on the interpreter before its node moves here
    /// (below it, a fresh instance costs more than it saves). 0 moves every
    /// node from its first call (tests).
    fn threshold(&self) -> u64 {
        200_000
    }
}

/// One call, as [`NativeWasm::call`] describes.
#[derive(Debug)]
pub struct NativeCall<'a> {
    /// The prepared module.
    pub key: &'a str,
    /// The bytes to write into the module's memory.
    pub input: &'a [u8],
    /// Where to write them, when the module's input buffer holds them.
    pub input_at: Option<u32>,
    /// The export to call with the input's pointer and length.
    pub export: &'a str,
    /// Fuel for the whole call (start, `alloc` and the export).
    pub fuel: u64,
    /// The most bytes the result and the log lines may take together.
    pub output_bytes: usize,
}

/// What a call did.
#[derive(Debug)]
pub struct NativeOutcome {
    /// The result's bytes, or why there are none.
    pub result: Result<Vec<u8>, NativeError>,
    /// `floe.log` lines: the ABI's level number and the text.
    pub logs: Vec<(i32, String)>,
    /// Fuel used (the budget when it ran out).
    pub fuel_used: u64,
}

/// Why a native call has no result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NativeError {
    /// The fuel global went below zero.
    OutOfFuel,
    /// A `memory.grow` would have passed the memory limit.
    MemoryLimit,
    /// The call nested too deeply.
    StackExhausted,
    /// The result and logs would pass `output_bytes`.
    OutputTooLarge,
    /// `alloc` gave a place for the input that is not inside memory.
    AllocOutside {
        /// Bytes asked for.
        len: usize,
        /// What `alloc` returned.
        ptr: u32,
    },
    /// The result, or a log line, points outside the module's memory.
    Outside {
        /// What pointed there ("the result", "a log line").
        what: &'static str,
        /// Where it starts.
        start: u32,
        /// Where it ends.
        end: u64,
        /// The memory's size.
        size: usize,
    },
    /// Any other trap, as the engine words it.
    Trap(String),
}

/// Which engine ran a custom node's last call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallPath {
    /// wasmi, the interpreter (fuel sliced, the host breathes between slices).
    Interpreter,
    /// The host's own engine, metered (the browser's JIT).
    Native,
}

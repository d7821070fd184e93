//! What a store carries during one call: the memory limiter, the log lines
//! and output budget, and, for a WASI program, its in-memory world (stdin,
//! captured stdout and stderr, clocks, a seeded random generator).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use wasmi::{Error, ResourceLimiter};
use wasmi_core::LimiterError;

use super::error::{Abort, WasmError};
use super::limits::Limits;
use crate::node::Level;

/// Bounds a store's memory. Unlike wasmi's `StoreLimits` with
/// `trap_on_grow_failure`, it traps only when the limit itself is exceeded:
/// a `memory.grow` that merely lacks fuel must pause a sliced call, not fail it.
pub(crate) struct Limiter {
    memory_bytes: usize,
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        if desired > self.memory_bytes {
            return Err(LimiterError::ResourceLimiterDeniedAllocation);
        }
        Ok(maximum.is_none_or(|max| desired <= max))
    }

    fn table_growing(&mut self, _current: usize, desired: usize, maximum: Option<usize>) -> Result<bool, LimiterError> {
        Ok(desired <= 1_000_000 && maximum.is_none_or(|max| desired <= max))
    }

    fn instances(&self) -> usize {
        1
    }

    fn tables(&self) -> usize {
        8
    }

    fn memories(&self) -> usize {
        1
    }
}

/// What a store carries during one call.
pub(crate) struct HostState {
    pub limits: Limiter,
    pub logs: Vec<(Level, String)>,
    /// Bytes of output (logs, stdout, stderr) produced so far.
    pub output_used: usize,
    pub output_limit: usize,
    pub wasi: Option<WasiState>,
    /// Fuel host calls charged that the current grant could not pay; taken
    /// from the next grant (see `invoke::Call`).
    pub debt: u64,
    /// `floe.http_fetch`: the request waiting to be sent, and the last
    /// answer (JSON) for `floe.http_read`.
    pub http_request: Option<crate::http::HttpRequest>,
    pub http_answer: Vec<u8>,
}

/// A guest's `floe.http_fetch` is waiting for its answer: the call pauses
/// (a resumable host trap) until the run has it.
#[derive(Debug)]
pub(crate) struct FetchPending;

impl std::fmt::Display for FetchPending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("waiting for an HTTP answer")
    }
}

impl wasmi::errors::HostError for FetchPending {}

impl HostState {
    pub fn new(limits: &Limits, wasi: Option<WasiState>) -> Self {
        HostState {
            limits: Limiter { memory_bytes: limits.memory_bytes },
            logs: Vec::new(),
            output_used: 0,
            output_limit: limits.output_bytes,
            wasi,
            debt: 0,
            http_request: None,
            http_answer: Vec::new(),
        }
    }

    /// Counts `n` more bytes of output, or stops the call when over the limit.
    pub fn spend_output(&mut self, n: usize) -> Result<(), Error> {
        self.output_used = self.output_used.saturating_add(n);
        if self.output_used > self.output_limit {
            return Err(Error::host(Abort(WasmError::OutputTooLarge { limit: self.output_limit })));
        }
        Ok(())
    }
}

/// The state of the WASI world during one call.
pub(crate) struct WasiState {
    pub stdin: Vec<u8>,
    pub stdin_pos: usize,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Wall clock (ns since the epoch) at the start of the call.
    pub now_ns: u64,
    /// A monotonic clock that advances by 1 µs per read.
    pub mono_ns: u64,
    pub rng: ChaCha8Rng,
}

impl WasiState {
    pub fn new(stdin: Vec<u8>, now_ms: f64, seed: u64) -> Self {
        WasiState {
            stdin,
            stdin_pos: 0,
            stdout: Vec::new(),
            stderr: Vec::new(),
            now_ns: (now_ms.max(0.0) * 1e6) as u64,
            mono_ns: 0,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }
}

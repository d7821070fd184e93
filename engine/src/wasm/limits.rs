//! Budgets for one call of a custom node.

use serde::{Deserialize, Serialize};

/// Default fuel per call: roughly 0.1–0.5 s of interpreted work natively.
pub const DEFAULT_FUEL: u64 = 100_000_000;
/// Default linear-memory limit per call.
pub const DEFAULT_MEMORY: usize = 64 * 1024 * 1024;
/// Default cap on a call's output (result bytes, stdout, stderr, logs).
pub const DEFAULT_OUTPUT: usize = 16 * 1024 * 1024;
/// The most fuel a board may give one call: 10^10, tens of seconds of work.
pub const MAX_FUEL: u64 = 10_000_000_000;
/// The most linear memory a board may give one call: what the host can
/// hold beside itself (in the browser the whole engine lives in one 4 GiB
/// wasm32 heap).
pub const MAX_MEMORY: usize = if cfg!(target_arch = "wasm32") { 512 * 1024 * 1024 } else { 2 * 1024 * 1024 * 1024 };
/// The most fuel reading one module's definition may use (its start
/// function, `floe_abi_version`, `get_node` and `floe_input_buffer`
/// together): a well-made module needs well under a million.
pub const DEFINITION_FUEL: u64 = 10_000_000;
/// The most fuel reading the definitions of one board's modules may use
/// together (`Modules::load_board`): opening a board runs at most this much
/// guest code, whatever it carries (tens of milliseconds natively, a few
/// hundred in the browser's run worker).
pub const DEFINITION_BUDGET: u64 = 30_000_000;
/// Deepest wasm call nesting allowed (engine-wide).
pub const MAX_RECURSION_DEPTH: usize = 1_000;

/// What one call of a custom node may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Fuel (about one unit per instruction) for the whole call.
    pub fuel: u64,
    /// Linear memory, in bytes.
    pub memory_bytes: usize,
    /// Output (result, stdout, stderr, logs), in bytes.
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { fuel: DEFAULT_FUEL, memory_bytes: DEFAULT_MEMORY, output_bytes: DEFAULT_OUTPUT }
    }
}

//! Custom nodes in WebAssembly, run by the wasmi interpreter.
//!
//! Two kinds of module share one node model:
//! * **Floe ABI** modules export `get_node` (a [`crate::NodeDef`] as JSON) and
//!   `run` (JSON) or `run_typed` (binary wire format); the contract lives in
//!   `floe-node-sdk` (`floe_node_sdk::abi`).
//! * **WASI stdio** programs read a JSON object on stdin and write one on
//!   stdout; their pins come from an [`IoSchema`]. They see an in-memory WASI
//!   subset with no filesystem, network or host access.
//!
//! Every call gets a fresh store and instance, a fuel budget, a memory limit,
//! a stack limit and an output cap. Modules compile once per content hash
//! ([`ModuleHash`]) in a [`Modules`] registry. On hosts that slice work (the
//! browser), a call pauses whenever a slice of fuel is used and the node
//! returns [`crate::node::Step::Yield`]; the run resumes it later.

mod codec;
mod error;
mod invoke;
mod kind;
mod limits;
mod load;
mod loaded;
pub mod meter;
mod protocol;
mod registry;
mod state;
mod wasi;

pub use crate::module::{IoSchema, ModuleHash};
pub use error::{Allowed, DefinitionError, JsonResultError, NotWasm, OutputError, WasmError};
pub use limits::{
    DEFAULT_FUEL, DEFAULT_MEMORY, DEFAULT_OUTPUT, DEFINITION_BUDGET, DEFINITION_FUEL, Limits, MAX_FUEL, MAX_MEMORY,
    MAX_RECURSION_DEPTH,
};
pub use load::ModuleKind;
pub use loaded::LoadedModule;
pub use registry::{ModuleFault, ModuleProblem, Modules};

/// The bytes a typed Floe ABI call (`run_typed`) receives for these inputs
/// (in pin order), settings and run id: what benchmarks give a module they
/// call directly. `None` when the inputs pass `cap` bytes.
pub fn typed_context(
    inputs: &[crate::value::Value],
    config: &serde_json::Map<String, serde_json::Value>,
    run_id: &str,
    cap: usize,
) -> Option<Vec<u8>> {
    codec::encode_context(inputs.iter(), config, run_id, cap).ok()
}

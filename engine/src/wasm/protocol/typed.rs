//! The Floe ABI's `run_typed`: inputs, settings and run id in the binary
//! wire format (`floe_node_sdk::abi::wire`), the result read the same way.

use floe_node_sdk::abi;

use super::{NodeSpec, Protocol};
use crate::node::{Cx, NodeError, Step};
use crate::wasm::codec;
use crate::wasm::error::{OutputError, WasmError};
use crate::wasm::invoke::{Call, Progress};

/// The typed Floe ABI.
pub(crate) struct Typed;

impl Protocol for Typed {
    fn start(&self, node: &NodeSpec, cx: &mut Cx<'_>) -> Result<Progress, NodeError> {
        let (context, export) = self.floe_input(node, cx)?.expect("a Floe ABI call");
        node.start_floe(cx, &context, export)
    }

    fn floe_input(&self, node: &NodeSpec, cx: &Cx<'_>) -> Result<Option<(Vec<u8>, &'static str)>, NodeError> {
        let inputs = (0..node.inputs.len()).map(|i| cx.input(i));
        let limit = node.limits.memory_bytes;
        let context = codec::encode_context(inputs, &node.config, cx.run_id(), limit)
            .map_err(|_| WasmError::MemoryLimit { limit })?;
        Ok(Some((context, abi::EXPORT_RUN_TYPED)))
    }

    fn finish(&self, node: &NodeSpec, cx: &mut Cx<'_>, call: &mut Call) -> Result<Step, NodeError> {
        let bytes = node.result_bytes(call)?;
        self.finish_bytes(node, cx, bytes)
    }

    fn finish_bytes(&self, node: &NodeSpec, cx: &mut Cx<'_>, bytes: &[u8]) -> Result<Step, NodeError> {
        let returned = codec::decode_result(bytes).map_err(|e| WasmError::from(OutputError::Unreadable(e)))?;
        node.finish_floe(cx, returned)
    }
}

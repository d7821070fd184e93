//! The Floe ABI's `run`: a JSON context in (`{"abi", "inputs", "config",
//! "run_id"}`), a JSON result out, checked against the node's pins.

use floe_node_sdk::abi;

use super::{NodeSpec, Protocol};
use crate::node::{Cx, NodeError, Step};
use crate::wasm::codec;
use crate::wasm::error::{OutputError, WasmError};
use crate::wasm::invoke::{Call, Progress};

/// The JSON Floe ABI.
pub(crate) struct Json;

impl Protocol for Json {
    fn start(&self, node: &NodeSpec, cx: &mut Cx<'_>) -> Result<Progress, NodeError> {
        let (context, export) = self.floe_input(node, cx)?.expect("a Floe ABI call");
        node.start_floe(cx, &context, export)
    }

    fn floe_input(&self, node: &NodeSpec, cx: &Cx<'_>) -> Result<Option<(Vec<u8>, &'static str)>, NodeError> {
        let inputs = node.inputs.iter().enumerate().map(|(i, name)| (name.as_str(), cx.input(i)));
        let limit = node.limits.memory_bytes;
        let context = codec::json_context(inputs, &node.config, cx.run_id(), limit)
            .map_err(|_| WasmError::MemoryLimit { limit })?;
        Ok(Some((context, abi::EXPORT_RUN)))
    }

    fn finish(&self, node: &NodeSpec, cx: &mut Cx<'_>, call: &mut Call) -> Result<Step, NodeError> {
        let bytes = node.result_bytes(call)?;
        self.finish_bytes(node, cx, bytes)
    }

    fn finish_bytes(&self, node: &NodeSpec, cx: &mut Cx<'_>, bytes: &[u8]) -> Result<Step, NodeError> {
        let outs: Vec<&str> = node.outputs.iter().map(|(n, _, _)| n.as_str()).collect();
        let execs: Vec<&str> = node.execs.iter().map(String::as_str).collect();
        let returned =
            codec::decode_json_result(bytes, &outs, &execs).map_err(|e| WasmError::from(OutputError::Json(e)))?;
        node.finish_floe(cx, returned)
    }
}

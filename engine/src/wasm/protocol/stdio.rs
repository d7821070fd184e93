//! A WASI program as a node: its inputs as one JSON object on stdin, its
//! stdout (JSON) as its outputs, checked against its io schema. Exiting
//! with status 0 is a normal end; any other status fails the node with the
//! end of what the program wrote to stderr.

use floe_node_sdk::abi;

use super::{NodeSpec, Protocol};
use crate::node::{Cx, NodeError, Step};
use crate::value::Value;
use crate::wasm::error::{OutputError, WasmError};
use crate::wasm::invoke::{self, Call, Progress};
use crate::wasm::state::WasiState;

/// WASI stdio.
pub(crate) struct Stdio;

impl Protocol for Stdio {
    fn start(&self, node: &NodeSpec, cx: &mut Cx<'_>) -> Result<Progress, NodeError> {
        let m = &node.module;
        let limit = node.limits.memory_bytes;
        let mut room = limit;
        for i in 0..node.inputs.len() {
            let len = cx.input(i).json_len_within(room).ok_or(WasmError::MemoryLimit { limit })?;
            room -= len;
        }
        let stdin = if !node.io.as_ref().is_some_and(|io| has_properties(&io.input)) {
            cx.input(0).to_json()
        } else {
            serde_json::Value::Object(
                node.inputs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !cx.input(*i).eq(&Value::Null))
                    .map(|(i, name)| (name.clone(), cx.input(i).to_json()))
                    .collect(),
            )
        };
        let stdin = serde_json::to_vec(&stdin).expect("JSON values serialise");
        let mut store = node.store(Some(WasiState::new(stdin, cx.now_ms(), cx.seed())));
        let instance =
            m.linker.instantiate_and_start(&mut store, &m.module).map_err(|e| invoke::classify(e, &node.limits))?;
        let func = instance.get_func(&store, abi::WASI_START).expect("checked at load");
        Ok(node.call(cx, store, func, &[], 0, None))
    }

    fn finish(&self, node: &NodeSpec, cx: &mut Cx<'_>, call: &mut Call) -> Result<Step, NodeError> {
        let stdout = call.store.data_mut().wasi.as_mut().map(|w| std::mem::take(&mut w.stdout)).unwrap_or_default();
        let text = String::from_utf8_lossy(&stdout);
        let json: serde_json::Value = serde_json::from_str(text.trim()).map_err(|e| {
            WasmError::from(OutputError::StdoutNotJson { error: e.to_string(), start: text.chars().take(60).collect() })
        })?;
        let io = node.io.as_deref();
        if let Some(schema) = io.map(|io| &io.output).filter(|s| s.as_object().is_some_and(|o| !o.is_empty())) {
            crate::schema::validate(schema, &Value::from_json(&json))
                .map_err(|e| WasmError::from(OutputError::StdoutSchema(e)))?;
        }
        let values = if io.is_some_and(|io| has_properties(&io.output)) {
            let obj = json.as_object().ok_or(WasmError::from(OutputError::StdoutNotObject))?;
            node.outputs.iter().map(|(name, _, _)| obj.get(name).map(Value::from_json).unwrap_or(Value::Null)).collect()
        } else {
            vec![Value::from_json(&json)]
        };
        node.set_outputs(cx, values)?;
        Ok(Step::Done)
    }

    fn failed(&self, error: WasmError, stderr: &str) -> Result<(), WasmError> {
        match error {
            // `proc_exit(0)` is a normal end.
            WasmError::Exit { status: 0, .. } => Ok(()),
            WasmError::Exit { status, .. } => Err(WasmError::Exit { status, stderr: tail(stderr, 500) }),
            other => Err(other),
        }
    }
}

/// Whether a schema names the object's fields (so each becomes a pin).
fn has_properties(schema: &serde_json::Value) -> bool {
    schema.get("properties").and_then(|p| p.as_object()).is_some_and(|p| !p.is_empty())
}

/// The last `n` characters of `text`, trimmed.
fn tail(text: &str, n: usize) -> String {
    let t = text.trim();
    let start = t.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    t[start..].to_owned()
}

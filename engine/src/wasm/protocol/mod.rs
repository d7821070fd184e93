//! How a call talks to a module. Three protocols, a file each: [`Typed`]
//! (the Floe ABI's `run_typed`, the binary wire format), [`Json`] (the Floe
//! ABI's `run`, JSON) and [`Stdio`] (a WASI program: JSON on stdin and
//! stdout). Each starts a call from the node's inputs and finishes it by
//! reading what the module returned into the node's outputs; fuel slicing
//! and log lines are the node's own business (`kind.rs`).

mod json;
mod stdio;
mod typed;

use std::sync::Arc;

use floe_node_sdk::abi;
use wasmi::{Func, Memory, Store, Val};

use super::codec::Returned;
use super::error::{OutputError, WasmError};
use super::invoke::{self, Call, CallSpec, Progress, read_bytes};
use super::limits::Limits;
use super::load::ModuleKind;
use super::loaded::LoadedModule;
use super::state::{HostState, WasiState};
use crate::module::IoSchema;
use crate::node::{Cx, NodeError, Step};
use crate::types::PinType;
use crate::value::Value;

pub(crate) use json::Json;
pub(crate) use stdio::Stdio;
pub(crate) use typed::Typed;

/// One way of calling a module's node.
pub(crate) trait Protocol: Send + Sync {
    /// Instantiates the module and starts a call with the node's inputs.
    fn start(&self, node: &NodeSpec, cx: &mut Cx<'_>) -> Result<Progress, NodeError>;

    /// Reads what a finished call returned into the node's outputs.
    fn finish(&self, node: &NodeSpec, cx: &mut Cx<'_>, call: &mut Call) -> Result<Step, NodeError>;

    /// A Floe ABI call's input bytes and the export to call with them; `None`
    /// for a protocol that is not a Floe ABI call (a WASI program, which
    /// only the interpreter runs).
    fn floe_input(&self, node: &NodeSpec, cx: &Cx<'_>) -> Result<Option<(Vec<u8>, &'static str)>, NodeError> {
        let _ = (node, cx);
        Ok(None)
    }

    /// Reads the bytes a Floe ABI call returned into the node's outputs
    /// (called only for protocols whose [`Self::floe_input`] gives input).
    fn finish_bytes(&self, node: &NodeSpec, cx: &mut Cx<'_>, bytes: &[u8]) -> Result<Step, NodeError> {
        let _ = (node, cx, bytes);
        Err(WasmError::Trap { reason: "not a Floe ABI call".into() }.into())
    }

    /// What a call's failure means, given what the call wrote to stderr:
    /// the node's error, or `Ok` for a normal end (the call is then
    /// finished as usual).
    fn failed(&self, error: WasmError, stderr: &str) -> Result<(), WasmError> {
        let _ = stderr;
        Err(error)
    }
}

/// The protocol `module` speaks.
pub(crate) fn of(module: &LoadedModule) -> &'static dyn Protocol {
    match (module.kind, module.entry.typed) {
        (ModuleKind::Wasi, _) => &Stdio,
        (ModuleKind::Floe, true) => &Typed,
        (ModuleKind::Floe, false) => &Json,
    }
}

/// One node of a module, as its calls need it: the module, the budgets,
/// the pins and the settings passed to the module.
pub(crate) struct NodeSpec {
    pub module: Arc<LoadedModule>,
    pub limits: Limits,
    /// Data inputs, in order.
    pub inputs: Vec<String>,
    /// Data outputs, in order: name, type, schema.
    pub outputs: Vec<(String, PinType, Option<Arc<serde_json::Value>>)>,
    /// Execution outputs, in order.
    pub execs: Vec<String>,
    /// The node's settings, without the budgets.
    pub config: serde_json::Map<String, serde_json::Value>,
    /// A WASI node's io schema: its own, or its module's.
    pub io: Option<Arc<IoSchema>>,
}

impl NodeSpec {
    /// A fresh store. Instantiation and `alloc` cannot pause, so they may
    /// draw on the whole budget; what they use is counted by [`Self::spent`].
    fn store(&self, wasi: Option<WasiState>) -> Store<HostState> {
        let mut store = invoke::store(&self.module.engine, &self.limits, wasi);
        if self.module.metered {
            store.set_fuel(self.limits.fuel).expect("the engine meters fuel");
        }
        store
    }

    /// Fuel used so far by a store made with [`Self::store`].
    fn spent(&self, store: &Store<HostState>) -> u64 {
        if self.module.metered { self.limits.fuel - store.get_fuel().unwrap_or(0) } else { 0 }
    }

    /// A Floe ABI call: a fresh instance, `context` written into its memory
    /// (into its input buffer when it fits, else where `alloc` says), then
    /// `export(ptr, len)` started.
    fn start_floe(&self, cx: &Cx<'_>, context: &[u8], export: &str) -> Result<Progress, NodeError> {
        let m = &self.module;
        let limits = &self.limits;
        let mut store = self.store(None);
        let instance =
            m.linker.instantiate_and_start(&mut store, &m.module).map_err(|e| invoke::classify(e, limits))?;
        let memory = instance.get_memory(&store, abi::EXPORT_MEMORY).expect("checked at load");
        let ptr = match m.entry.input {
            Some((ptr, len)) if context.len() <= len as usize => ptr as i32,
            _ => {
                let alloc = instance.get_typed_func::<i32, i32>(&store, abi::EXPORT_ALLOC).expect("checked at load");
                alloc.call(&mut store, context.len() as i32).map_err(|e| invoke::classify(e, limits))?
            }
        };
        memory
            .write(&mut store, ptr as u32 as usize, context)
            .map_err(|_| WasmError::from(OutputError::AllocOutside { len: context.len(), ptr: ptr as u32 }))?;
        let func = instance.get_func(&store, export).expect("checked at load");
        Ok(self.call(cx, store, func, &[Val::I32(ptr), Val::I32(context.len() as i32)], 1, Some(memory)))
    }

    /// Starts `func(params)` (returning `results` values) in `store`, under
    /// the node's budget less what the store used already, sliced as the
    /// host asks; `memory` is where the protocol will read the result.
    fn call(
        &self,
        cx: &Cx<'_>,
        store: Store<HostState>,
        func: Func,
        params: &[Val],
        results: usize,
        memory: Option<Memory>,
    ) -> Progress {
        let spent = self.spent(&store);
        let limits = &self.limits;
        let (slice, metered) = (cx.fuel_slice(), self.module.metered);
        let may_wait = self.module.entry.http;
        Call::start(store, CallSpec { func, params, results, limits, slice, metered, spent, memory, may_wait })
    }

    /// The bytes a finished Floe ABI call returned (a pointer and length
    /// packed in its result), read in place from the module's memory.
    fn result_bytes<'c>(&self, call: &'c Call) -> Result<&'c [u8], WasmError> {
        let packed = call.result().and_then(Val::i64).unwrap_or(0);
        let (ptr, len) = abi::unpack(packed);
        if len as usize > self.limits.output_bytes {
            return Err(WasmError::OutputTooLarge { limit: self.limits.output_bytes });
        }
        let memory = call.memory.as_ref().expect("a Floe call keeps its memory");
        Ok(read_bytes(&call.store, memory, "the result", ptr, len)?)
    }

    /// What a Floe ABI node returned: its log lines, then its failure, or
    /// its outputs and the execution output it fires.
    fn finish_floe(&self, cx: &mut Cx<'_>, returned: Returned) -> Result<Step, NodeError> {
        for (level, text) in returned.logs {
            cx.log(level, text);
        }
        let (values, fire) = returned.outcome.map_err(|(code, message)| WasmError::Failed { code, message })?;
        if values.len() != self.outputs.len() {
            let e = OutputError::OutputCount { returned: values.len(), declared: self.outputs.len() };
            return Err(WasmError::from(e).into());
        }
        self.set_outputs(cx, values)?;
        match fire {
            None => Ok(if self.execs.is_empty() { Step::Done } else { Step::Stop }),
            Some(k) if k < self.execs.len() => Ok(Step::Fire(k as u16)),
            Some(index) => Err(WasmError::from(OutputError::NoSuchExec { index, count: self.execs.len() }).into()),
        }
    }

    /// Sets the data outputs, each coerced to its pin's type and checked
    /// against its schema.
    fn set_outputs(&self, cx: &mut Cx<'_>, values: Vec<Value>) -> Result<(), NodeError> {
        for (i, (value, (name, ty, schema))) in values.into_iter().zip(&self.outputs).enumerate() {
            let value = if value == Value::Null || value.fits(*ty) {
                value
            } else {
                value.coerce(*ty).map_err(|error| WasmError::from(OutputError::Type { output: name.clone(), error }))?
            };
            if let Some(schema) = schema {
                crate::schema::validate(schema, &value)
                    .map_err(|error| WasmError::from(OutputError::Schema { output: name.clone(), error }))?;
            }
            cx.set(i, value);
        }
        Ok(())
    }
}

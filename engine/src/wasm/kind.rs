//! The node kind of a loaded module, and its runtime node: a fresh store
//! and instance per call, the context written into the module's memory, a
//! fuel-sliced call, the result read back and checked against the pins.

use std::sync::Arc;

use floe_node_sdk::abi;
use wasmi::{Memory, Val};

use super::codec;
use super::error::WasmError;
use super::invoke::{self, Call, Progress, read_bytes};
use super::limits::{DEFAULT_OUTPUT, Limits};
use super::load::ModuleKind;
use super::registry::LoadedModule;
use super::wasi::WasiState;
use std::borrow::Cow;

use crate::catalog::{BuildCx, Config, ConfigError, NodeKind};
use crate::def::{NodeDef, PinDef};
use crate::module::IoSchema;
use crate::node::{Cx, Entry, Level, NodeError, NodeImpl, Step};
use crate::types::PinType;
use crate::value::Value;

/// The node kind of one module.
pub(crate) struct WasmKind {
    module: Arc<LoadedModule>,
}

impl WasmKind {
    pub fn new(module: Arc<LoadedModule>) -> Self {
        WasmKind { module }
    }
}

impl WasmKind {
    /// A WASI node's own io schema (setting `io`), when it has one.
    fn node_io(&self, config: &Config<'_>) -> Result<Option<IoSchema>, ConfigError> {
        if self.module.kind != ModuleKind::Wasi {
            return Ok(None);
        }
        match config.node().config.get("io") {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(v) => serde_json::from_value(v.clone())
                .map(Some)
                .map_err(|e| config.error("io", format!("not an io schema {{input, output, example}}: {e}"))),
        }
    }
}

impl NodeKind for WasmKind {
    fn def(&self) -> &NodeDef {
        &self.module.def
    }

    fn pins(&self, config: &Config<'_>) -> Result<Cow<'_, [PinDef]>, ConfigError> {
        match self.node_io(config)? {
            Some(io) => Ok(Cow::Owned(super::wasi::definition(&self.module.def.name, "", &io).pins)),
            None => Ok(Cow::Borrowed(&self.module.def.pins)),
        }
    }

    fn build(&self, cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
        let io = match self.node_io(&cx.config)? {
            Some(io) => Some(Arc::new(io)),
            None => self.module.io.clone().map(Arc::new),
        };
        let fuel = cx.config.u64_in("fuel", 1_000, 1_000_000_000_000)?;
        let memory_bytes = cx.config.u64_in("memory_bytes", 65_536, 4 * 1024 * 1024 * 1024)? as usize;
        let data = |input: bool| -> Vec<&PinDef> {
            cx.pins.iter().filter(|p| p.is_input() == input && !p.is_exec()).collect()
        };
        let config = cx
            .config
            .node()
            .config
            .iter()
            .filter(|(k, _)| *k != "fuel" && *k != "memory_bytes" && *k != "io")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Box::new(WasmNode {
            module: self.module.clone(),
            limits: Limits { fuel, memory_bytes, output_bytes: DEFAULT_OUTPUT },
            inputs: data(true).iter().map(|p| p.name.clone()).collect(),
            outputs: data(false).iter().map(|p| (p.name.clone(), p.ty(), p.schema.clone())).collect(),
            execs: cx.pins.iter().filter(|p| !p.is_input() && p.is_exec()).map(|p| p.name.clone()).collect(),
            config,
            io,
        }))
    }
}

/// One node of a module, with its budgets.
struct WasmNode {
    module: Arc<LoadedModule>,
    limits: Limits,
    inputs: Vec<String>,
    outputs: Vec<(String, PinType, Option<Arc<serde_json::Value>>)>,
    execs: Vec<String>,
    config: serde_json::Map<String, serde_json::Value>,
    /// A WASI node's io schema: its own, or its module's.
    io: Option<Arc<IoSchema>>,
}

/// A call paused between fuel slices, kept in the node's run state.
struct Running {
    call: Box<Call>,
    memory: Option<Memory>,
}

impl NodeImpl for WasmNode {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let (progress, memory) = match (cx.entry(), cx.take_state::<Running>()) {
            (Entry::Continue, Some(running)) => (running.call.resume(&self.limits), running.memory),
            _ => match self.module.kind {
                ModuleKind::Floe => self.start_floe(cx)?,
                ModuleKind::Wasi => self.start_wasi(cx)?,
            },
        };
        let wasi = self.module.kind == ModuleKind::Wasi;
        match progress {
            Progress::Paused(call) => {
                cx.report_fuel(call.fuel_used());
                cx.set_state(Running { call, memory });
                Ok(Step::Yield)
            }
            // A WASI program that calls `proc_exit(0)` finished normally.
            Progress::Failed(mut call, WasmError::Exit { status: 0, .. }) if wasi => {
                cx.report_fuel(call.fuel_used());
                self.flush_logs(cx, &mut call);
                self.finish_wasi(cx, &mut call)
            }
            Progress::Failed(mut call, e) => {
                cx.report_fuel(call.fuel_used());
                let stderr = self.flush_logs(cx, &mut call);
                Err(match e {
                    WasmError::Exit { status, .. } => WasmError::Exit { status, stderr: tail(&stderr, 500) },
                    other => other,
                }
                .into())
            }
            Progress::Done(mut call) => {
                cx.report_fuel(call.fuel_used());
                self.flush_logs(cx, &mut call);
                if wasi {
                    self.finish_wasi(cx, &mut call)
                } else {
                    self.finish_floe(cx, &call, memory.expect("a Floe call keeps its memory"))
                }
            }
        }
    }
}

impl WasmNode {
    /// A fresh store. Instantiation and `alloc` cannot pause, so they may
    /// draw on the whole budget; what they use is counted by [`Self::spent`].
    fn store(&self, wasi: Option<WasiState>) -> wasmi::Store<invoke::HostState> {
        let mut store = invoke::store(&self.module.engine, &self.limits, wasi);
        if self.module.metered {
            store.set_fuel(self.limits.fuel).expect("the engine meters fuel");
        }
        store
    }

    /// Fuel used so far by a store made with [`Self::store`].
    fn spent(&self, store: &wasmi::Store<invoke::HostState>) -> u64 {
        if self.module.metered { self.limits.fuel - store.get_fuel().unwrap_or(0) } else { 0 }
    }

    fn start_floe(&self, cx: &mut Cx<'_>) -> Result<(Progress, Option<Memory>), NodeError> {
        let m = &self.module;
        let mut store = self.store(None);
        let limits = &self.limits;
        let instance =
            m.linker.instantiate_and_start(&mut store, &m.module).map_err(|e| invoke::classify(e, limits))?;
        let memory = instance.get_memory(&store, abi::EXPORT_MEMORY).expect("checked at load");
        let inputs = (0..self.inputs.len()).map(|i| cx.input(i));
        let context = if m.entry.typed {
            codec::encode_context(inputs, &self.config, cx.run_id())
        } else {
            codec::json_context(self.inputs.iter().map(String::as_str).zip(inputs), &self.config, cx.run_id())
        };
        let ptr = match m.entry.input {
            Some((ptr, len)) if context.len() <= len as usize => ptr as i32,
            _ => {
                let alloc = instance.get_typed_func::<i32, i32>(&store, abi::EXPORT_ALLOC).expect("checked at load");
                alloc.call(&mut store, context.len() as i32).map_err(|e| invoke::classify(e, limits))?
            }
        };
        memory.write(&mut store, ptr as u32 as usize, &context).map_err(|_| WasmError::BadOutput {
            reason: format!(
                "alloc({}) returned {}, where the context does not fit in memory",
                context.len(),
                ptr as u32
            ),
        })?;
        let name = if m.entry.typed { abi::EXPORT_RUN_TYPED } else { abi::EXPORT_RUN };
        let func = instance.get_func(&store, name).expect("checked at load");
        let params = [Val::I32(ptr), Val::I32(context.len() as i32)];
        let spent = self.spent(&store);
        Ok((Call::start(store, func, &params, 1, limits, cx.fuel_slice(), m.metered, spent), Some(memory)))
    }

    fn start_wasi(&self, cx: &mut Cx<'_>) -> Result<(Progress, Option<Memory>), NodeError> {
        let m = &self.module;
        let stdin = if !self.io.as_ref().is_some_and(|io| has_properties(&io.input)) {
            cx.input(0).to_json()
        } else {
            serde_json::Value::Object(
                self.inputs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !cx.input(*i).eq(&Value::Null))
                    .map(|(i, name)| (name.clone(), cx.input(i).to_json()))
                    .collect(),
            )
        };
        let stdin = serde_json::to_vec(&stdin).expect("JSON values serialise");
        let wasi = WasiState::new(stdin, cx.now_ms(), cx.seed());
        let mut store = self.store(Some(wasi));
        let instance =
            m.linker.instantiate_and_start(&mut store, &m.module).map_err(|e| invoke::classify(e, &self.limits))?;
        let start = instance.get_func(&store, abi::WASI_START).expect("checked at load");
        let spent = self.spent(&store);
        Ok((Call::start(store, start, &[], 0, &self.limits, cx.fuel_slice(), m.metered, spent), None))
    }

    /// Passes the call's log lines (and a WASI program's stderr lines) to
    /// the run; returns stderr for error messages.
    fn flush_logs(&self, cx: &mut Cx<'_>, call: &mut Call) -> String {
        for (level, text) in std::mem::take(&mut call.store.data_mut().logs) {
            cx.log(level, text);
        }
        let Some(wasi) = call.store.data_mut().wasi.as_mut() else { return String::new() };
        let stderr = String::from_utf8_lossy(&std::mem::take(&mut wasi.stderr)).into_owned();
        for line in stderr.lines().filter(|l| !l.trim().is_empty()) {
            cx.log(Level::Info, line.to_owned());
        }
        stderr
    }

    fn finish_floe(&self, cx: &mut Cx<'_>, call: &Call, memory: Memory) -> Result<Step, NodeError> {
        let packed = call.result().and_then(Val::i64).unwrap_or(0);
        let (ptr, len) = abi::unpack(packed);
        if len as usize > self.limits.output_bytes {
            return Err(WasmError::OutputTooLarge { limit: self.limits.output_bytes }.into());
        }
        let bytes = read_bytes(&call.store, &memory, "the result", ptr, len)?; // borrowed from the module's memory
        let returned = if self.module.entry.typed {
            codec::decode_result(bytes)
                .map_err(|e| WasmError::BadOutput { reason: format!("unreadable result: {e}") })?
        } else {
            let outs: Vec<&str> = self.outputs.iter().map(|(n, _, _)| n.as_str()).collect();
            let execs: Vec<&str> = self.execs.iter().map(String::as_str).collect();
            codec::decode_json_result(bytes, &outs, &execs).map_err(|reason| WasmError::BadOutput { reason })?
        };
        for (level, text) in returned.logs {
            cx.log(level, text);
        }
        let (values, fire) = returned.outcome.map_err(|(code, message)| WasmError::Failed { code, message })?;
        if values.len() != self.outputs.len() {
            return Err(WasmError::BadOutput {
                reason: format!("returned {} outputs, but the node declares {}", values.len(), self.outputs.len()),
            }
            .into());
        }
        self.set_outputs(cx, values)?;
        match fire {
            None => Ok(if self.execs.is_empty() { Step::Done } else { Step::Stop }),
            Some(k) if k < self.execs.len() => Ok(Step::Fire(k as u16)),
            Some(k) => Err(WasmError::BadOutput {
                reason: format!("fired execution output {k}, but the node has {}", self.execs.len()),
            }
            .into()),
        }
    }

    fn finish_wasi(&self, cx: &mut Cx<'_>, call: &mut Call) -> Result<Step, NodeError> {
        let stdout = call.store.data_mut().wasi.as_mut().map(|w| std::mem::take(&mut w.stdout)).unwrap_or_default();
        let text = String::from_utf8_lossy(&stdout);
        let json: serde_json::Value = serde_json::from_str(text.trim()).map_err(|e| WasmError::BadOutput {
            reason: format!("stdout is not JSON ({e}); it starts with {:?}", text.chars().take(60).collect::<String>()),
        })?;
        let io = self.io.as_deref();
        if let Some(schema) = io.map(|io| &io.output).filter(|s| s.as_object().is_some_and(|o| !o.is_empty())) {
            crate::schema::validate(schema, &Value::from_json(&json)).map_err(|e| WasmError::BadOutput {
                reason: format!("stdout does not match the output schema: {e}"),
            })?;
        }
        let values = if io.is_some_and(|io| has_properties(&io.output)) {
            let obj = json
                .as_object()
                .ok_or_else(|| WasmError::BadOutput { reason: "stdout is not a JSON object".into() })?;
            self.outputs.iter().map(|(name, _, _)| obj.get(name).map(Value::from_json).unwrap_or(Value::Null)).collect()
        } else {
            vec![Value::from_json(&json)]
        };
        self.set_outputs(cx, values)?;
        Ok(Step::Done)
    }

    fn set_outputs(&self, cx: &mut Cx<'_>, values: Vec<Value>) -> Result<(), NodeError> {
        for (i, (value, (name, ty, schema))) in values.into_iter().zip(&self.outputs).enumerate() {
            let value = if value == Value::Null || value.fits(*ty) {
                value
            } else {
                value.coerce(*ty).map_err(|e| WasmError::BadOutput { reason: format!("output `{name}`: {e}") })?
            };
            if let Some(schema) = schema {
                crate::schema::validate(schema, &value).map_err(|e| WasmError::BadOutput {
                    reason: format!("output `{name}` violates its schema: {e}"),
                })?;
            }
            cx.set(i, value);
        }
        Ok(())
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

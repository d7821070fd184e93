//! The runtime node of a loaded module's node kind: each execution
//! is one call in a fresh store and instance (through the module's
//! [`Protocol`]), sliced by fuel when the host asks, with the call's log
//! lines (and a WASI program's stderr) passed to the run.

use std::sync::Arc;

use floe_node_sdk::abi;

use super::codec;
use super::error::{OutputError, WasmError};
use super::invoke::{Call, Progress};
use super::limits::{DEFAULT_OUTPUT, Limits, MAX_FUEL, MAX_MEMORY};
use super::load::ModuleKind;
use super::loaded::{LoadedModule, NativeState};
use super::meter;
use super::protocol::{self, NodeSpec, Protocol};
use crate::catalog::{BuildCx, ConfigError};
use crate::def::{Capabilities, PinDef};
use crate::module::IoSchema;
use crate::native::{CallPath, NativeCall, NativeError, NativeWasm};
use crate::node::{Cx, Entry, Level, NodeError, NodeImpl, Step};

/// The runtime node of one node of `module` (its build context, and its
/// io schema when it is a WASI program).
pub(crate) fn build(
    module: &Arc<LoadedModule>,
    cx: &BuildCx<'_>,
    io: Option<Arc<IoSchema>>,
) -> Result<Box<dyn NodeImpl>, ConfigError> {
    let fuel = cx.config.u64_in("fuel", 1_000, MAX_FUEL)?;
    let memory_bytes = cx.config.u64_in("memory_bytes", 65_536, MAX_MEMORY as u64)? as usize;
    let data =
        |input: bool| -> Vec<&PinDef> { cx.pins.iter().filter(|p| p.is_input() == input && !p.is_exec()).collect() };
    let config = cx
        .config
        .node()
        .config
        .iter()
        .filter(|(k, _)| *k != "fuel" && *k != "memory_bytes" && *k != "io")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(Box::new(WasmNode {
        caps: Arc::new(module.def.capabilities.clone()),
        protocol: protocol::of(module),
        spec: NodeSpec {
            module: module.clone(),
            limits: Limits { fuel, memory_bytes, output_bytes: DEFAULT_OUTPUT },
            inputs: data(true).iter().map(|p| p.name.clone()).collect(),
            outputs: data(false).iter().map(|p| (p.name.clone(), p.ty(), p.schema.clone())).collect(),
            execs: cx.pins.iter().filter(|p| !p.is_input() && p.is_exec()).map(|p| p.name.clone()).collect(),
            config,
            io,
        },
    }))
}

/// A call paused between fuel slices, and when (wall clock, ms) its first slice began.
struct Paused(Box<Call>, f64);

/// One node of a module.
struct WasmNode {
    spec: NodeSpec,
    /// What its definition declares (HTTP origins, secrets).
    caps: Arc<Capabilities>,
    protocol: &'static dyn Protocol,
}

impl NodeImpl for WasmNode {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        // A call paused between fuel slices is kept in the node's run state,
        // with when its first slice began.
        let now = cx.now_ms();
        let paused = match cx.entry() {
            Entry::Continue => cx.take_state::<Paused>(),
            _ => None,
        };
        let (progress, began) = match paused {
            Some(Paused(call, began)) => match cx.fetched() {
                // Back from `floe.http_fetch`: the answer goes in, the call goes on.
                Some(answer) => (call.answer(codec::http_answer(&answer), &self.spec.limits), began),
                None => (call.resume(&self.spec.limits), began),
            },
            None => {
                if let Some(done) = self.run_native(cx) {
                    return done;
                }
                (self.protocol.start(&self.spec, cx)?, now)
            }
        };
        let report = |cx: &mut Cx<'_>, call: &Call| {
            cx.report_fuel(call.fuel_used());
            cx.report_path(CallPath::Interpreter);
            if began < now {
                cx.report_earlier_slices(now - began);
            }
        };
        match progress {
            Progress::Paused(call) => {
                cx.report_fuel(call.fuel_used());
                cx.report_path(CallPath::Interpreter);
                cx.set_state(Paused(call, began));
                Ok(Step::Yield)
            }
            Progress::Fetch(mut call) => {
                cx.report_fuel(call.fuel_used());
                cx.report_path(CallPath::Interpreter);
                let request = call.store.data_mut().http_request.take().unwrap_or_default();
                flush_logs(cx, &mut call);
                cx.set_state(Paused(call, began));
                Ok(cx.fetch(request, self.caps.clone()))
            }
            Progress::Done(mut call) => {
                report(cx, &call);
                self.consider_native(cx, call.fuel_used());
                flush_logs(cx, &mut call);
                self.protocol.finish(&self.spec, cx, &mut call)
            }
            Progress::Failed(mut call, e) => {
                report(cx, &call);
                self.consider_native(cx, call.fuel_used());
                let stderr = flush_logs(cx, &mut call);
                self.protocol.failed(e, &stderr)?;
                self.protocol.finish(&self.spec, cx, &mut call)
            }
        }
    }
}

impl WasmNode {
    /// Runs the call on the host's own engine when this node's module moved
    /// there; `None` leaves it to the interpreter.
    fn run_native(&self, cx: &mut Cx<'_>) -> Option<Result<Step, NodeError>> {
        let native = cx.native_wasm()?;
        if threshold(cx, native) == 0 {
            self.move_to(native);
        }
        let key = self.native_key()?;
        let (input, export) = match self.protocol.floe_input(&self.spec, cx) {
            Ok(Some(call)) => call,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        let limits = self.spec.limits;
        let input_at = match self.spec.module.entry.input {
            Some((ptr, len)) if input.len() <= len as usize => Some(ptr),
            _ => None,
        };
        cx.native_call();
        let native = cx.native_wasm()?;
        let call = NativeCall {
            key: &key,
            input: &input,
            input_at,
            export,
            fuel: limits.fuel,
            output_bytes: limits.output_bytes,
        };
        let outcome = native.call(&call);
        cx.report_fuel(outcome.fuel_used.min(limits.fuel));
        cx.report_path(CallPath::Native);
        for (level, text) in outcome.logs {
            cx.log(codec::level(abi::LogLevel::from_i32(level)), text);
        }
        Some(match outcome.result {
            Ok(bytes) => self.protocol.finish_bytes(&self.spec, cx, &bytes),
            Err(e) => Err(native_error(e, &limits).into()),
        })
    }

    /// After a call on the interpreter: a node whose call used more fuel
    /// than the host's threshold moves to the host's engine.
    fn consider_native(&self, cx: &Cx<'_>, fuel: u64) {
        if let Some(native) = cx.native_wasm()
            && fuel >= threshold(cx, native)
        {
            self.move_to(native);
        }
    }

    /// The key the host's engine knows this node's module by, if it moved.
    fn native_key(&self) -> Option<String> {
        let memory = self.spec.limits.memory_bytes;
        let states = self.spec.module.native.lock().unwrap_or_else(|e| e.into_inner());
        states.iter().find(|(m, _)| *m == memory).and_then(|(_, state)| match state {
            NativeState::Ready(key) => Some(key.clone()),
            NativeState::Refused(_) => None,
        })
    }

    /// Meters this node's module under its memory limit and hands it to the
    /// host's engine, once per module and limit. WASI programs stay on the
    /// interpreter (their host calls live there).
    fn move_to(&self, native: &dyn NativeWasm) {
        let module = &self.spec.module;
        if module.kind == ModuleKind::Wasi || module.entry.http {
            return;
        }
        let memory = self.spec.limits.memory_bytes;
        let mut states = module.native.lock().unwrap_or_else(|e| e.into_inner());
        if states.iter().any(|(m, _)| *m == memory) {
            return;
        }
        let state = (|| {
            let binary = if module.bytes().starts_with(b"\0asm") {
                std::borrow::Cow::Borrowed(module.bytes())
            } else {
                std::borrow::Cow::Owned(wat::parse_bytes(module.bytes()).map_err(|e| e.to_string())?.into_owned())
            };
            let metered = meter::meter(&binary, memory).map_err(|e| e.to_string())?;
            let key = format!("{}@{memory}", module.hash);
            native.prepare(&key, &metered.bytes)?;
            Ok::<_, String>(key)
        })();
        states.push((memory, state.map_or_else(NativeState::Refused, NativeState::Ready)));
    }
}

/// The fuel a call must use on the interpreter before its node moves: the
/// run's setting, else the host's.
fn threshold(cx: &Cx<'_>, native: &dyn NativeWasm) -> u64 {
    cx.limits().native_after_fuel.unwrap_or_else(|| native.threshold())
}

/// A native call's failure, worded as the interpreter's.
fn native_error(e: NativeError, limits: &Limits) -> WasmError {
    match e {
        NativeError::OutOfFuel => WasmError::OutOfFuel { budget: limits.fuel },
        NativeError::MemoryLimit => WasmError::MemoryLimit { limit: limits.memory_bytes },
        NativeError::StackExhausted => WasmError::StackExhausted,
        NativeError::OutputTooLarge => WasmError::OutputTooLarge { limit: limits.output_bytes },
        NativeError::Outside { what, start, end, size } => OutputError::OutsideMemory { what, start, end, size }.into(),
        NativeError::AllocOutside { len, ptr } => OutputError::AllocOutside { len, ptr }.into(),
        NativeError::Trap(reason) => WasmError::Trap { reason },
    }
}

/// Passes the call's log lines (and a WASI program's stderr lines) to the
/// run; returns stderr for error messages.
fn flush_logs(cx: &mut Cx<'_>, call: &mut Call) -> String {
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

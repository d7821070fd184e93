//! The runtime node of a loaded module's node kind: each execution
//! is one call in a fresh store and instance (through the module's
//! [`Protocol`]), sliced by fuel when the host asks, with the call's log
//! lines (and a WASI program's stderr) passed to the run.

use std::sync::Arc;

use super::invoke::{Call, Progress};
use super::limits::{DEFAULT_OUTPUT, Limits, MAX_FUEL, MAX_MEMORY};
use super::loaded::LoadedModule;
use super::protocol::{self, NodeSpec, Protocol};
use crate::catalog::{BuildCx, ConfigError};
use crate::def::PinDef;
use crate::module::IoSchema;
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
    protocol: &'static dyn Protocol,
}

impl NodeImpl for WasmNode {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        // A call paused between fuel slices is kept in the node's run state,
        // with when its first slice began.
        let now = cx.now_ms();
        let (progress, began) = match (cx.entry(), cx.take_state::<Paused>()) {
            (Entry::Continue, Some(Paused(call, began))) => (call.resume(&self.spec.limits), began),
            _ => (self.protocol.start(&self.spec, cx)?, now),
        };
        let report = |cx: &mut Cx<'_>, call: &Call| {
            cx.report_fuel(call.fuel_used());
            if began < now {
                cx.report_earlier_slices(now - began);
            }
        };
        match progress {
            Progress::Paused(call) => {
                cx.report_fuel(call.fuel_used());
                cx.set_state(Paused(call, began));
                Ok(Step::Yield)
            }
            Progress::Done(mut call) => {
                report(cx, &call);
                flush_logs(cx, &mut call);
                self.protocol.finish(&self.spec, cx, &mut call)
            }
            Progress::Failed(mut call, e) => {
                report(cx, &call);
                let stderr = flush_logs(cx, &mut call);
                self.protocol.failed(e, &stderr)?;
                self.protocol.finish(&self.spec, cx, &mut call)
            }
        }
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

//! The code `export_node!` wires into a wasm module: the allocator, the
//! definition export, and `run_typed`. Only compiled for wasm32.

#![allow(unsafe_code)]

use crate::abi::{LogLevel, pack};
use crate::context::{Context, Node};
use crate::protocol::{RunContext, RunResult};

#[link(wasm_import_module = "floe")]
unsafe extern "C" {
    #[link_name = "log"]
    fn floe_log(level: i32, ptr: i32, len: i32);
}

/// Sends a log line to the host right away.
pub fn log(level: LogLevel, text: &str) {
    // SAFETY: the host reads `len` bytes at `ptr` in this module's memory; the
    // slice lives for the duration of the call.
    unsafe { floe_log(level as i32, text.as_ptr() as i32, text.len() as i32) }
}

/// Reserves `len` bytes and returns where (the instance lives for one call, so nothing is freed).
pub fn alloc(len: i32) -> i32 {
    let mut buf = Vec::<u8>::with_capacity(len.max(0) as usize);
    let ptr = buf.as_mut_ptr();
    core::mem::forget(buf);
    ptr as i32
}

fn leak(bytes: Vec<u8>) -> i64 {
    let bytes = bytes.into_boxed_slice();
    let len = bytes.len() as u32;
    let ptr = Box::into_raw(bytes) as *mut u8 as u32;
    pack(ptr, len)
}

/// `get_node`: the definition as JSON.
pub fn get_node<N: Node>() -> i64 {
    leak(N::DEFINITION.to_json().into_bytes())
}

/// `run_typed`: decodes the context, runs the node, encodes the result.
pub fn run_typed<N: Node>(ptr: i32, len: i32) -> i64 {
    std::panic::set_hook(Box::new(|info| log(LogLevel::Error, &format!("node panicked: {info}"))));
    // SAFETY: the host wrote `len` bytes at `ptr`, inside memory it got from `alloc`.
    let bytes = unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len.max(0) as usize) };
    let result = match RunContext::decode(bytes) {
        Ok(rc) => {
            let def: &'static _ = &N::DEFINITION;
            let mut sink = |level: LogLevel, text: &str| log(level, text);
            let mut cx = Context::new(def, rc.inputs, rc.config, rc.run_id, &mut sink);
            let outcome = N::run(&mut cx).map(|()| (core::mem::take(&mut cx.outputs), cx.fire));
            RunResult { outcome, logs: Vec::new() }
        }
        Err(e) => RunResult {
            outcome: Err(crate::NodeError::new("bad-context", format!("cannot read the run context: {e}"))),
            logs: Vec::new(),
        },
    };
    leak(result.encode())
}

//! The browser's own WebAssembly engine as the engine's `NativeWasm`: custom
//! nodes whose calls are heavy run here at the JIT's speed, metered by the
//! fuel `floe_engine::wasm::meter` wrote into them. Each module is compiled
//! once (`WebAssembly.Module`, synchronous in a worker) and each call gets a
//! fresh `WebAssembly.Instance`, so no state survives between calls. A call
//! cannot pause between fuel slices as wasmi's can; Stop still holds, as it
//! ends the worker.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use floe_engine::wasm::meter::{FUEL_EXPORT, LIMIT_EXPORT, START_EXPORT};
use floe_engine::{NativeCall, NativeError, NativeOutcome, NativeWasm};
use js_sys::{BigInt, Function, Object, Reflect, Uint8Array, WebAssembly};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Compiled metered modules, by the engine's key.
#[derive(Default)]
pub struct BrowserWasm {
    modules: RefCell<HashMap<String, WebAssembly::Module>>,
}

/// What a call's `floe.log` gathers, within the output budget.
struct Logs {
    lines: Vec<(i32, String)>,
    room: usize,
    over: Option<NativeError>,
    memory: Option<WebAssembly::Memory>,
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"))
}

/// A V8 trap message in wasmi's words, so a failure reads the same on both
/// engines.
fn trap_reason(e: &JsValue) -> String {
    let text = message(e);
    let words = [
        ("unreachable", "unreachable code reached (a Rust node panicked, or the module aborted)"),
        ("memory access out of bounds", "out of bounds memory access"),
        ("divide by zero", "integer divide by zero"),
        ("remainder by zero", "integer divide by zero"),
        ("divide result unrepresentable", "integer overflow"),
        ("float unrepresentable in integer range", "invalid conversion to integer"),
        ("table index is out of bounds", "undefined element: out of bounds table access"),
        ("null function or function signature mismatch", "indirect call type mismatch"),
    ];
    words.iter().find(|(v8, _)| text.contains(v8)).map(|(_, wasmi)| (*wasmi).to_owned()).unwrap_or(text)
}

/// The bytes `[ptr, ptr + len)` of `memory`, or where they would be.
fn read(memory: &WebAssembly::Memory, what: &'static str, ptr: u32, len: u32) -> Result<Vec<u8>, NativeError> {
    let buffer = Uint8Array::new(&memory.buffer());
    let size = buffer.length() as usize;
    let end = u64::from(ptr) + u64::from(len);
    if end > size as u64 {
        return Err(NativeError::Outside { what, start: ptr, end, size });
    }
    Ok(buffer.subarray(ptr, ptr + len).to_vec())
}

impl NativeWasm for BrowserWasm {
    fn prepare(&self, key: &str, metered: &[u8]) -> Result<(), String> {
        let module = WebAssembly::Module::new(&Uint8Array::from(metered).into()).map_err(|e| message(&e))?;
        self.modules.borrow_mut().insert(key.to_owned(), module);
        Ok(())
    }

    fn call(&self, c: &NativeCall<'_>) -> NativeOutcome {
        let failed = |e: NativeError| NativeOutcome { result: Err(e), logs: Vec::new(), fuel_used: 0 };
        let Some(module) = self.modules.borrow().get(c.key).cloned() else {
            return failed(NativeError::Trap(format!("the module {} was not prepared", c.key)));
        };
        let logs = Rc::new(RefCell::new(Logs { lines: Vec::new(), room: c.output_bytes, over: None, memory: None }));
        let sink = logs.clone();
        let log = Closure::<dyn FnMut(i32, i32, i32)>::new(move |level: i32, ptr: i32, len: i32| {
            let mut logs = sink.borrow_mut();
            if logs.over.is_some() {
                return;
            }
            let Some(memory) = logs.memory.clone() else { return };
            match read(&memory, "a log line", ptr as u32, len as u32) {
                Ok(bytes) if bytes.len() <= logs.room => {
                    logs.room -= bytes.len();
                    logs.lines.push((level, String::from_utf8_lossy(&bytes).into_owned()));
                }
                Ok(_) => logs.over = Some(NativeError::OutputTooLarge),
                Err(e) => logs.over = Some(e),
            }
        });
        let imports = Object::new();
        let floe = Object::new();
        let _ = Reflect::set(&floe, &"log".into(), log.as_ref());
        let _ = Reflect::set(&imports, &"floe".into(), &floe);
        let instance = match WebAssembly::Instance::new(&module, &imports) {
            Ok(instance) => instance,
            Err(e) => return failed(NativeError::Trap(trap_reason(&e))),
        };
        let exports = instance.exports();
        let get = |name: &str| Reflect::get(&exports, &name.into()).unwrap_or(JsValue::UNDEFINED);
        let (Ok(fuel), Ok(limit), Ok(memory)) = (
            get(FUEL_EXPORT).dyn_into::<WebAssembly::Global>(),
            get(LIMIT_EXPORT).dyn_into::<WebAssembly::Global>(),
            get("memory").dyn_into::<WebAssembly::Memory>(),
        ) else {
            return failed(NativeError::Trap("the metered module lacks its fuel, limit or memory export".into()));
        };
        logs.borrow_mut().memory = Some(memory.clone());
        fuel.set_value(&BigInt::from(c.fuel).into());
        let call = || -> Result<Result<Vec<u8>, NativeError>, JsValue> {
            if let Ok(start) = get(START_EXPORT).dyn_into::<Function>() {
                start.call0(&JsValue::UNDEFINED)?;
            }
            let len = c.input.len() as u32;
            let ptr = match c.input_at {
                Some(at) => at,
                None => {
                    let alloc: Function = get("alloc").dyn_into()?;
                    alloc.call1(&JsValue::UNDEFINED, &JsValue::from(len as i32))?.as_f64().unwrap_or(-1.0) as i32 as u32
                }
            };
            let buffer = Uint8Array::new(&memory.buffer());
            if u64::from(ptr) + u64::from(len) > u64::from(buffer.length()) {
                return Ok(Err(NativeError::AllocOutside { len: c.input.len(), ptr }));
            }
            buffer.set(&Uint8Array::from(c.input), ptr);
            let run: Function = get(c.export).dyn_into()?;
            let packed = run.call2(&JsValue::UNDEFINED, &JsValue::from(ptr as i32), &JsValue::from(len as i32))?;
            let packed = i64::try_from(packed).unwrap_or(0) as u64;
            let (ptr, len) = ((packed >> 32) as u32, packed as u32);
            if len as usize > logs.borrow().room {
                return Ok(Err(NativeError::OutputTooLarge));
            }
            Ok(read(&memory, "the result", ptr, len))
        };
        let outcome = call();
        let left = i64::try_from(fuel.value()).unwrap_or(-1);
        let fuel_used = if left < 0 { c.fuel } else { c.fuel.saturating_sub(left as u64) };
        let result = match outcome {
            Ok(result) => result,
            Err(_) if left < 0 => Err(NativeError::OutOfFuel),
            Err(_) if limit.value().as_f64() == Some(1.0) => Err(NativeError::MemoryLimit),
            Err(e) if e.is_instance_of::<js_sys::RangeError>() => Err(NativeError::StackExhausted),
            Err(e) => Err(NativeError::Trap(trap_reason(&e))),
        };
        drop(log);
        let Logs { lines, over, .. } = Rc::try_unwrap(logs).map(RefCell::into_inner).unwrap_or_else(|rc| {
            let mut logs = rc.borrow_mut();
            Logs { lines: std::mem::take(&mut logs.lines), room: 0, over: logs.over.take(), memory: None }
        });
        let result = match over {
            Some(e) => Err(e),
            None => result,
        };
        NativeOutcome { result, logs: lines, fuel_used }
    }
}

//! Custom nodes on a host's own WebAssembly engine (`NativeWasm`): here
//! wasmi with its fuel off runs the metered modules, as the browser's
//! engine does in the run worker, so the engine's side — when a node moves,
//! what a call returns, how failures read, fuel — is tested natively. The
//! browser's side has its own browser tests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use floe_engine::exec::HostFuture;
use floe_engine::wasm::Modules;
use floe_engine::wasm::meter::{FUEL_EXPORT, LIMIT_EXPORT, START_EXPORT};
use floe_engine::{
    Board, CallPath, CancelToken, Catalog, Host, NativeCall, NativeError, NativeOutcome, NativeWasm, Plan, RunOptions,
    RunRecord, Runner, StdHost,
};
use floe_test_support as support;
use serde_json::json;

/// A host engine without fuel of its own: wasmi with metering off.
pub struct WasmiNative {
    engine: wasmi::Engine,
    modules: Mutex<HashMap<String, wasmi::Module>>,
    threshold: u64,
    /// How many modules were prepared.
    pub prepared: Mutex<usize>,
}

impl WasmiNative {
    pub fn new(threshold: u64) -> Self {
        let mut config = wasmi::Config::default();
        config.set_max_recursion_depth(1_000);
        WasmiNative {
            engine: wasmi::Engine::new(&config),
            modules: Mutex::default(),
            threshold,
            prepared: Mutex::new(0),
        }
    }
}

/// What the instance's `floe.log` collects, within the output budget.
struct Logs {
    lines: Vec<(i32, String)>,
    room: usize,
    over: bool,
}

impl NativeWasm for WasmiNative {
    fn prepare(&self, key: &str, metered: &[u8]) -> Result<(), String> {
        let module = wasmi::Module::new(&self.engine, metered).map_err(|e| e.to_string())?;
        self.modules.lock().unwrap().insert(key.to_owned(), module);
        *self.prepared.lock().unwrap() += 1;
        Ok(())
    }

    fn call(&self, c: &NativeCall<'_>) -> NativeOutcome {
        let module = self.modules.lock().unwrap()[c.key].clone();
        let mut store = wasmi::Store::new(&self.engine, Logs { lines: Vec::new(), room: c.output_bytes, over: false });
        let mut linker = wasmi::Linker::<Logs>::new(&self.engine);
        linker
            .func_wrap("floe", "log", |mut caller: wasmi::Caller<'_, Logs>, level: i32, ptr: i32, len: i32| {
                let memory = caller.get_export("memory").and_then(|e| e.into_memory()).unwrap();
                let (ptr, len) = (ptr as u32 as usize, len as u32 as usize);
                let text = memory.data(&caller).get(ptr..ptr + len).map(|b| String::from_utf8_lossy(b).into_owned());
                let logs = caller.data_mut();
                match text {
                    Some(text) if text.len() <= logs.room => {
                        logs.room -= text.len();
                        logs.lines.push((level, text));
                    }
                    _ => logs.over = true,
                }
            })
            .unwrap();
        let instance = linker.instantiate_and_start(&mut store, &module).expect("a metered module has no start");
        let fuel = instance.get_global(&store, FUEL_EXPORT).unwrap();
        let flag = instance.get_global(&store, LIMIT_EXPORT).unwrap();
        fuel.set(&mut store, wasmi::Val::I64(c.fuel as i64)).unwrap();
        let result = (|| -> Result<Vec<u8>, wasmi::Error> {
            if let Ok(start) = instance.get_typed_func::<(), ()>(&store, START_EXPORT) {
                start.call(&mut store, ())?;
            }
            let memory = instance.get_memory(&store, "memory").unwrap();
            let ptr = match c.input_at {
                Some(at) => at as i32,
                None => instance.get_typed_func::<i32, i32>(&store, "alloc")?.call(&mut store, c.input.len() as i32)?,
            };
            if memory.write(&mut store, ptr as u32 as usize, c.input).is_err() {
                return Err(wasmi::Error::new(format!("alloc {ptr}")));
            }
            let run = instance.get_typed_func::<(i32, i32), i64>(&store, c.export)?;
            let packed = run.call(&mut store, (ptr, c.input.len() as i32))?;
            let (p, len) = ((packed as u64 >> 32) as u32, packed as u32);
            let data = memory.data(&store);
            let end = u64::from(p) + u64::from(len);
            if len as usize > store.data().room {
                return Err(wasmi::Error::new("output"));
            }
            data.get(p as usize..end as usize)
                .map(<[u8]>::to_vec)
                .ok_or_else(|| wasmi::Error::new(format!("outside {p} {end} {}", data.len())))
        })();
        let left = fuel.get(&store).i64().unwrap();
        let fuel_used = if left < 0 { c.fuel } else { c.fuel - left as u64 };
        let result = result.map_err(|e| {
            if left < 0 {
                NativeError::OutOfFuel
            } else if flag.get(&store).i32() == Some(1) {
                NativeError::MemoryLimit
            } else if e.as_trap_code() == Some(wasmi::TrapCode::StackOverflow) {
                NativeError::StackExhausted
            } else if e.to_string() == "output" {
                NativeError::OutputTooLarge
            } else if let Some(ptr) = e.to_string().strip_prefix("alloc ") {
                NativeError::AllocOutside { len: c.input.len(), ptr: ptr.parse::<i32>().unwrap() as u32 }
            } else {
                NativeError::Trap(e.to_string())
            }
        });
        let logs = store.into_data();
        let result = if logs.over { Err(NativeError::OutputTooLarge) } else { result };
        NativeOutcome { result, logs: logs.lines, fuel_used }
    }

    fn threshold(&self) -> u64 {
        self.threshold
    }
}

/// A blocking host that offers `native`.
pub struct NativeHost<'a> {
    std: StdHost,
    native: &'a dyn NativeWasm,
}

impl<'a> NativeHost<'a> {
    pub fn new(native: &'a dyn NativeWasm) -> Self {
        NativeHost { std: StdHost::default(), native }
    }
}

impl Host for NativeHost<'_> {
    fn now_ms(&self) -> f64 {
        self.std.now_ms()
    }
    fn monotonic_ms(&self) -> f64 {
        self.std.monotonic_ms()
    }
    fn sleep(&self, ms: f64) -> HostFuture {
        self.std.sleep(ms)
    }
    fn yield_now(&self) -> HostFuture {
        self.std.yield_now()
    }
    fn native_wasm(&self) -> Option<&dyn NativeWasm> {
        Some(self.native)
    }
}

/// Runs `plan` once on `host`.
pub fn run_on(plan: &Arc<Plan>, host: &dyn Host, opts: &RunOptions) -> RunRecord {
    let mut runner = Runner::new(plan);
    runner.run_sync(opts, host, &mut (), &CancelToken::new());
    runner.record()
}

fn one_node_plan(modules: &Modules, kind: &str, inputs: serde_json::Value, outputs: &[&str]) -> Arc<Plan> {
    let mut nodes = vec![json!({"id": "n", "kind": kind, "inputs": inputs})];
    let mut edges = Vec::new();
    for o in outputs {
        nodes.push(json!({"id": format!("out_{o}"), "kind": "event.board_output", "config": {"name": o}}));
        edges.push(crate::edge(&format!("e_{o}"), "n", o, &format!("out_{o}"), "value"));
    }
    let board = Board::from_value(json!({"format_version": 1, "nodes": nodes, "edges": edges})).unwrap();
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    Arc::new(Plan::compile(&board, &catalog).unwrap_or_else(|d| panic!("{d}")))
}

#[test]
fn the_examples_give_the_same_outputs_logs_and_fuel_on_both_engines() {
    let mut modules = Modules::new();
    let cases = [
        ("word_freq", json!({"text": "to be or not to be", "top": 2}), vec!["total", "top_words", "counts"]),
        ("caesar", json!({"text": "Attack at dawn! ".repeat(300)}), vec!["text"]),
        ("prime_sieve", json!({"limit": 100_000}), vec!["count", "largest"]),
        ("csv_stats", json!({"csv": "name,score\nada,90\nbob,70\n", "column": "score"}), vec!["count", "mean"]),
        ("csv_stats", json!({"csv": "a,b\n1,2\n", "column": "c"}), vec!["count"]),
        ("add_one", json!({"x": 41}), vec!["y"]),
    ];
    let native = WasmiNative::new(0);
    let host = NativeHost::new(&native);
    for (name, inputs, outs) in cases {
        let kind = modules.load(&format!("{name}.wasm"), &support::abi_example(name), None).unwrap().def.name.clone();
        let plan = one_node_plan(&modules, &kind, inputs, &outs);
        let opts = RunOptions { timing: false, ..RunOptions::default() };
        let on_wasmi = run_on(&plan, &StdHost::default(), &opts);
        let on_native = run_on(&plan, &host, &opts);
        let (a, b) = (on_wasmi.node("n").unwrap(), on_native.node("n").unwrap());
        assert_eq!(a.path, Some(CallPath::Interpreter), "{name}");
        assert_eq!(b.path, Some(CallPath::Native), "{name}");
        assert_eq!((&on_native.status, &on_native.outputs), (&on_wasmi.status, &on_wasmi.outputs), "{name}");
        assert_eq!(b.error, a.error, "{name}: the same failure, worded the same");
        let logs = |r: &RunRecord| r.logs.iter().map(|l| (l.level, l.text.clone())).collect::<Vec<_>>();
        assert_eq!(logs(&on_native), logs(&on_wasmi), "{name}");
        let (fa, fb) = (a.fuel.unwrap(), b.fuel.unwrap());
        assert!(fa.abs_diff(fb) <= fa / 500 + 300, "{name}: fuel {fa} on wasmi, {fb} native");
    }
    assert_eq!(*native.prepared.lock().unwrap(), 5, "each module prepared once (csv_stats ran twice)");
}

#[test]
fn a_node_moves_once_its_calls_pass_the_threshold_and_stays_moved_across_plans() {
    let mut modules = Modules::new();
    let sieve = modules.load("prime_sieve.wasm", &support::abi_example("prime_sieve"), None).unwrap().def.name.clone();
    let add = modules.load("add_one.wasm", &support::abi_example("add_one"), None).unwrap().def.name.clone();
    let native = WasmiNative::new(1_000_000);
    let host = NativeHost::new(&native);
    let opts = RunOptions::default();
    let path = |r: &RunRecord| r.node("n").unwrap().path;
    // A trivial node stays on the interpreter: a fresh native instance
    // would cost it more than it saves.
    let plan = one_node_plan(&modules, &add, json!({"x": 1}), &["y"]);
    for _ in 0..3 {
        assert_eq!(path(&run_on(&plan, &host, &opts)), Some(CallPath::Interpreter));
    }
    // A heavy one runs its first call on the interpreter, then moves.
    let plan = one_node_plan(&modules, &sieve, json!({"limit": 200_000}), &["count"]);
    let first = run_on(&plan, &host, &opts);
    assert_eq!(path(&first), Some(CallPath::Interpreter));
    assert!(first.node("n").unwrap().fuel.unwrap() > 1_000_000);
    let second = run_on(&plan, &host, &opts);
    assert_eq!(path(&second), Some(CallPath::Native));
    assert_eq!(second.outputs, first.outputs);
    // An edited board (a new plan) keeps the module where it moved.
    let plan = one_node_plan(&modules, &sieve, json!({"limit": 1_000}), &["count"]);
    let edited = run_on(&plan, &host, &opts);
    assert_eq!(path(&edited), Some(CallPath::Native));
    assert_eq!(edited.outputs["count"], floe_engine::Value::Int(168));
    assert_eq!(*native.prepared.lock().unwrap(), 1);
}

#[test]
fn the_json_contract_runs_natively_and_a_module_that_cannot_be_metered_stays_on_the_interpreter() {
    let json =
        crate::wasm_nodes::json_module(r#"{"outputs":{"y":7},"fire":"done","logs":[{"level":"warn","text":"hi"}]}"#);
    // The second exports the name metering needs for its fuel global.
    let taken = json.replace(
        r#"(memory (export "memory") 1)"#,
        r#"(memory (export "memory") 1) (global (export "floe:fuel") i64 (i64.const 0))"#,
    );
    let native = WasmiNative::new(0);
    let host = NativeHost::new(&native);
    for (text, path) in [(json, CallPath::Native), (taken, CallPath::Interpreter)] {
        let mut modules = Modules::new();
        let kind = modules.load("json.wat", text.as_bytes(), None).unwrap().def.name.clone();
        let mut catalog = Catalog::builtin();
        modules.register_into(&mut catalog);
        let board = Board::from_value(json!({"format_version": 1, "nodes": [
            {"id": "s", "kind": "event.manual_start"},
            {"id": "n", "kind": kind},
            {"id": "out", "kind": "event.board_output"}
        ], "edges": [crate::edge("e1", "s", "then", "n", "exec"), crate::edge("e2", "n", "done", "out", "exec"),
                     crate::edge("e3", "n", "y", "out", "value")]}))
        .unwrap();
        let record = run_on(&Arc::new(Plan::compile(&board, &catalog).unwrap()), &host, &RunOptions::default());
        assert_eq!(record.error, None);
        assert_eq!(record.outputs["result"], floe_engine::Value::Int(7));
        assert_eq!(record.logs[0].text, "hi");
        assert_eq!(record.node("n").unwrap().path, Some(path));
    }
    assert_eq!(*native.prepared.lock().unwrap(), 1, "only the first could move");
}

#[test]
fn every_hostile_module_ends_in_its_error_within_its_bound_on_the_native_engine_too() {
    let native = WasmiNative::new(0);
    crate::hostile_corpus::check_hostile_modules(&NativeHost::new(&native));
}

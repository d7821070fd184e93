//! Custom nodes through the engine: the SDK examples (built from source),
//! the WASI example, the hand-written WAT node, the JSON contract, caching,
//! hot reload, fresh instances, error pins and time slicing.

use std::sync::Arc;

use floe_engine::wasm::{IoSchema, ModuleHash, ModuleKind, Modules};
use floe_engine::{
    Board, CancelToken, Catalog, Plan, RunEvent, RunOptions, RunStatus, Runner, StdHost, Value, run_blocking,
};
use floe_test_support as support;
use serde_json::json;

use crate::edge;

/// A board with one node of `kind` (inline `inputs`), every data output wired to a board output of the same name.
fn one_node_board(kind: &str, inputs: serde_json::Value, outputs: &[&str]) -> Board {
    let mut nodes = vec![json!({"id": "n", "kind": kind, "inputs": inputs})];
    let mut edges = Vec::new();
    for o in outputs {
        nodes.push(json!({"id": format!("out_{o}"), "kind": "event.board_output", "config": {"name": o}}));
        edges.push(edge(&format!("e_{o}"), "n", o, &format!("out_{o}"), "value"));
    }
    Board::from_value(json!({"format_version": 1, "nodes": nodes, "edges": edges})).unwrap()
}

fn run_one(modules: &Modules, kind: &str, inputs: serde_json::Value, outputs: &[&str]) -> floe_engine::RunRecord {
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let plan = Plan::compile(&one_node_board(kind, inputs, outputs), &catalog).unwrap_or_else(|d| panic!("{d}"));
    run_blocking(&Arc::new(plan), &RunOptions::default())
}

fn outputs(r: &floe_engine::RunRecord) -> serde_json::Value {
    serde_json::to_value(&r.outputs).unwrap()
}

#[test]
fn the_sdk_examples_run_as_nodes() {
    let mut modules = Modules::new();
    let mut load =
        |name: &str| modules.load(&format!("{name}.wasm"), &support::abi_example(name), None).unwrap().def.name.clone();
    let (wf, caesar, sieve, csv, add) =
        (load("word_freq"), load("caesar"), load("prime_sieve"), load("csv_stats"), load("add_one"));

    let r = run_one(&modules, &wf, json!({"text": "to be or not to be", "top": 2}), &["total", "top_words", "counts"]);
    assert_eq!(r.status, RunStatus::Succeeded, "{:?}", r.error);
    assert_eq!(
        outputs(&r),
        json!({"total": 6, "top_words": ["be", "to"], "counts": {"be": 2, "not": 1, "or": 1, "to": 2}})
    );

    let r = run_one(&modules, &caesar, json!({"text": "Attack at dawn!"}), &["text"]);
    assert_eq!(outputs(&r), json!({"text": "Dwwdfn dw gdzq!"}));
    // A context larger than the SDK's input buffer goes through `alloc` instead.
    let long = "Attack at dawn! ".repeat(300);
    let r = run_one(&modules, &caesar, json!({ "text": long }), &["text"]);
    assert_eq!(outputs(&r), json!({"text": "Dwwdfn dw gdzq! ".repeat(300)}));

    let r = run_one(&modules, &sieve, json!({"limit": 100_000}), &["count", "largest"]);
    assert_eq!(outputs(&r), json!({"count": 9592, "largest": 99991}));
    assert!(r.node("n").unwrap().fuel.unwrap() > 100_000, "fuel is reported: {:?}", r.node("n").unwrap().fuel);
    assert_eq!(r.logs[0].text, "9592 primes up to 100000");

    let r =
        run_one(&modules, &csv, json!({"csv": "name,score\nada,90\nbob,70\n", "column": "score"}), &["count", "mean"]);
    assert_eq!(outputs(&r), json!({"count": 2, "mean": 80.0}));

    let r = run_one(&modules, &add, json!({"x": 41}), &["y"]);
    assert_eq!(outputs(&r), json!({"y": 42}));
}

#[test]
fn a_node_failure_reaches_its_error_pin() {
    let mut modules = Modules::new();
    let csv = modules.load("csv_stats.wasm", &support::abi_example("csv_stats"), None).unwrap().def.name.clone();
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let board = Board::from_value(json!({"format_version": 1, "nodes": [
        {"id": "n", "kind": csv, "inputs": {"csv": "a,b\n1,2\n", "column": "c"}},
        {"id": "code", "kind": "data.get_path", "inputs": {"path": "message"}},
        {"id": "out", "kind": "event.board_output", "config": {"name": "why"}}
    ], "edges": [edge("e1", "n", "error", "code", "value"), edge("e2", "code", "value", "out", "value")]}))
    .unwrap();
    let r = run_blocking(&Arc::new(Plan::compile(&board, &catalog).unwrap()), &RunOptions::default());
    assert_eq!(r.status, RunStatus::Succeeded);
    assert_eq!(outputs(&r), json!({"why": "no column `c`; the columns are: a, b"}));
    assert_eq!(r.node("n").unwrap().error.as_ref().unwrap().code, "bad-input");
}

#[test]
fn a_wasi_node_can_carry_its_own_io_schema_in_its_config() {
    let (bytes, io) = support::wasi_example();
    let mut modules = Modules::new();
    // Loaded without a schema: one Generic `input`, one Generic `output`.
    let m = modules.load("wasi_stats.wasm", &bytes, None).unwrap();
    let pins: Vec<&str> = m.def.pins.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(pins, ["input", "output"]);
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let io: serde_json::Value = serde_json::from_str(&io).unwrap();
    let board = Board::from_value(json!({"format_version": 1, "nodes": [
        {"id": "stats", "kind": m.def.name, "config": {"io": io}, "inputs": {"numbers": [4, 8]}},
        {"id": "out", "kind": "event.board_output", "config": {"name": "mean"}}
    ], "edges": [edge("e", "stats", "mean", "out", "value")]}))
    .unwrap();
    let plan = Plan::compile(&board, &catalog).unwrap_or_else(|d| panic!("{d}"));
    let r = run_blocking(&Arc::new(plan), &RunOptions::default());
    assert_eq!(r.status, RunStatus::Succeeded, "{:?}", r.error);
    assert_eq!(outputs(&r), json!({"mean": 6.0}));

    // A malformed schema is a diagnostic naming the setting, not a crash.
    let mut bad = board.clone();
    bad.nodes[0].config.insert("io".into(), json!({"input": {}}));
    let Err(diags) = Plan::compile(&bad, &catalog) else { panic!("a malformed io schema is invalid") };
    assert!(diags.to_string().contains("`io`") && diags.to_string().contains("missing field `output`"), "{diags}");
}

#[test]
fn a_wasi_program_runs_with_pins_from_its_schema() {
    let (bytes, io) = support::wasi_example();
    let io: IoSchema = serde_json::from_str(&io).unwrap();
    let mut modules = Modules::new();
    let m = modules.load("wasi_stats.wasm", &bytes, Some(io)).unwrap();
    assert_eq!(m.kind, ModuleKind::Wasi);
    let pins: Vec<String> = m.def.pins.iter().map(|p| format!("{:?} {} {}", p.pin_type, p.name, p.ty())).collect();
    assert_eq!(
        pins,
        [
            "Input label String",
            "Input numbers Array<Float>",
            "Output count Integer",
            "Output label String",
            "Output mean Float",
            "Output median Float",
            "Output sum Float"
        ]
    );
    let kind = m.def.name.clone();
    let r = run_one(&modules, &kind, json!({"numbers": [5, 1, 3]}), &["count", "median", "label"]);
    assert_eq!(r.status, RunStatus::Succeeded, "{:?}", r.error);
    assert_eq!(outputs(&r), json!({"count": 3, "median": 3.0, "label": "numbers"}));
    assert_eq!(r.logs.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["computed statistics of 3 numbers"]);

    let r = run_one(&modules, &kind, json!({"numbers": []}), &["count"]);
    let e = r.error.unwrap();
    assert_eq!(e.code, "exit");
    assert!(e.message.ends_with("exited with status 1: numbers is empty"), "{}", e.message);
}

#[test]
fn the_hand_written_wat_node_runs() {
    let mut modules = Modules::new();
    let m = modules.load("add.wat", support::wat_example().as_bytes(), None).unwrap();
    assert_eq!(
        (m.kind, m.node_name.as_str(), m.def.friendly_name.as_str()),
        (ModuleKind::Floe, "add_wat", "Add (WAT)")
    );
    let kind = m.def.name.clone();
    let r = run_one(&modules, &kind, json!({"a": 40, "b": 2}), &["sum"]);
    assert_eq!(outputs(&r), json!({"sum": 42}));
    let r = run_one(&modules, &kind, json!({"a": i64::MAX, "b": 1}), &["sum"]);
    assert_eq!(
        r.error.unwrap().message,
        "node `n` (".to_owned() + &kind + ") failed: the sum does not fit in an Integer"
    );
}

/// A Floe module around `run` written in WAT, speaking the JSON contract.
pub fn json_module(result: &str) -> String {
    let def = r#"{"name":"json_node","friendly_name":"JSON node","description":"speaks the JSON contract","category":"Test","pins":[{"name":"exec","friendly_name":"","pin_type":"Input","data_type":"Execution"},{"name":"x","friendly_name":"X","pin_type":"Input","data_type":"Integer","default":0},{"name":"done","friendly_name":"","pin_type":"Output","data_type":"Execution"},{"name":"y","friendly_name":"Y","pin_type":"Output","data_type":"Integer"}]}"#;
    format!(
        r#"(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 8192))
  (data (i32.const 0) "{}")
  (data (i32.const 4096) "{}")
  (func (export "floe_abi_version") (result i32) (i32.const 1))
  (func (export "alloc") (param $n i32) (result i32) (local $p i32)
    (local.set $p (global.get $heap)) (global.set $heap (i32.add (local.get $p) (local.get $n))) (local.get $p))
  (func (export "get_node") (result i64) (i64.const {}))
  (func (export "run") (param i32 i32) (result i64) (i64.or (i64.shl (i64.const 4096) (i64.const 32)) (i64.const {}))))"#,
        def.replace('"', "\\\""),
        result.replace('"', "\\\""),
        def.len(),
        result.len()
    )
}

#[test]
fn the_json_contract_sets_outputs_fires_and_logs() {
    let mut modules = Modules::new();
    let m = modules
        .load(
            "json.wat",
            json_module(r#"{"outputs":{"y":7},"fire":"done","logs":[{"level":"warn","text":"hi"}]}"#).as_bytes(),
            None,
        )
        .unwrap();
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let board = Board::from_value(json!({"format_version": 1, "nodes": [
        {"id": "s", "kind": "event.manual_start"},
        {"id": "n", "kind": m.def.name},
        {"id": "out", "kind": "event.board_output"}
    ], "edges": [edge("e1", "s", "then", "n", "exec"), edge("e2", "n", "done", "out", "exec"), edge("e3", "n", "y", "out", "value")]}))
    .unwrap();
    let r = run_blocking(&Arc::new(Plan::compile(&board, &catalog).unwrap()), &RunOptions::default());
    assert_eq!(r.status, RunStatus::Succeeded, "{:?}", r.error);
    assert_eq!(outputs(&r), json!({"result": 7}));
    assert_eq!((r.logs[0].level, r.logs[0].text.as_str()), (floe_engine::node::Level::Warn, "hi"));
}

#[test]
fn a_module_used_by_a_hundred_nodes_compiles_once() {
    let mut modules = Modules::new();
    let bytes = support::abi_example("add_one");
    let m = modules.load("add_one.wasm", &bytes, None).unwrap();
    modules.load("again.wasm", &bytes, None).unwrap();
    assert_eq!(modules.compiles(), 1);
    let mut nodes =
        vec![json!({"id": "in", "kind": "event.board_input", "config": {"name": "", "data_type": "Integer"}})];
    let mut edges = Vec::new();
    let mut prev = ("in".to_owned(), "value");
    for i in 0..100 {
        nodes.push(json!({"id": format!("n{i}"), "kind": m.def.name}));
        edges.push(edge(&format!("e{i}"), &prev.0, prev.1, &format!("n{i}"), "x"));
        prev = (format!("n{i}"), "y");
    }
    nodes.push(json!({"id": "out", "kind": "event.board_output"}));
    edges.push(edge("eo", &prev.0, prev.1, "out", "value"));
    let board = Board::from_value(json!({"format_version": 1, "nodes": nodes, "edges": edges})).unwrap();
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let plan = Arc::new(Plan::compile(&board, &catalog).unwrap());
    let r = run_blocking(&plan, &RunOptions { input: Value::Int(1), ..RunOptions::default() });
    assert_eq!(r.outputs["result"], Value::Int(101));
    assert_eq!(modules.compiles(), 1, "planning and running compile nothing more");
}

/// A Floe module whose `run_typed` counts its calls in a mutable global and returns the count.
fn counter_module() -> String {
    let def = r#"{"name":"counter","friendly_name":"Counter","description":"counts calls","category":"Test","pins":[{"name":"n","friendly_name":"N","pin_type":"Output","data_type":"Integer"}]}"#;
    format!(
        r#"(module
  (memory (export "memory") 1)
  (global $calls (mut i64) (i64.const 0))
  (global $heap (mut i32) (i32.const 4096))
  (data (i32.const 0) "{}")
  (func (export "floe_abi_version") (result i32) (i32.const 1))
  (func (export "alloc") (param $n i32) (result i32) (local $p i32)
    (local.set $p (global.get $heap)) (global.set $heap (i32.add (local.get $p) (local.get $n))) (local.get $p))
  (func (export "get_node") (result i64) (i64.const {}))
  (func (export "run_typed") (param i32 i32) (result i64)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (i32.store8 (i32.const 2048) (i32.const 0))
    (i32.store16 offset=1 align=1 (i32.const 2048) (i32.const 0xFFFF))
    (i32.store8 offset=3 (i32.const 2048) (i32.const 6))
    (i32.store offset=4 align=1 (i32.const 2048) (i32.const 1))
    (i32.store8 offset=8 (i32.const 2048) (i32.const 2))
    (i64.store offset=9 align=1 (i32.const 2048) (global.get $calls))
    (i32.store offset=17 align=1 (i32.const 2048) (i32.const 0))
    (i64.or (i64.shl (i64.const 2048) (i64.const 32)) (i64.const 21))))"#,
        def.replace('"', "\\\""),
        def.len()
    )
}

#[test]
fn every_call_gets_a_fresh_instance() {
    let mut modules = Modules::new();
    let m = modules.load("counter.wat", counter_module().as_bytes(), None).unwrap();
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let board = Board::from_value(json!({"format_version": 1, "nodes": [
        {"id": "a", "kind": m.def.name}, {"id": "b", "kind": m.def.name},
        {"id": "sum", "kind": "math.add"}, {"id": "out", "kind": "event.board_output"}
    ], "edges": [edge("e1", "a", "n", "sum", "a"), edge("e2", "b", "n", "sum", "b"), edge("e3", "sum", "result", "out", "value")]}))
    .unwrap();
    let plan = Arc::new(Plan::compile(&board, &catalog).unwrap());
    let mut runner = Runner::new(&plan);
    for _ in 0..3 {
        runner.run_sync(&RunOptions::default(), &StdHost::default(), &mut (), &CancelToken::new());
        assert_eq!(runner.output("result"), Some(&Value::Int(2)), "each call counts 1: no state leaks between calls");
    }
}

#[test]
fn replacing_a_module_updates_every_node_that_uses_it() {
    let mut modules = Modules::new();
    let v1 = support::wat_example();
    let v2 = v1.replace(
        "(local.set $sum (i64.add (local.get $a) (local.get $b)))",
        "(local.set $sum (i64.mul (local.get $a) (local.get $b)))",
    );
    assert_ne!(v1, v2);
    let old = modules.load("add.wat", v1.as_bytes(), None).unwrap();
    let mut board = Board::from_value(json!({"format_version": 1, "nodes": [
        {"id": "a", "kind": old.def.name, "inputs": {"a": 6, "b": 7}},
        {"id": "b", "kind": old.def.name, "inputs": {"a": 2, "b": 3}},
        {"id": "sum", "kind": "math.add"}, {"id": "out", "kind": "event.board_output"}
    ], "edges": [edge("e1", "a", "sum", "sum", "a"), edge("e2", "b", "sum", "sum", "b"), edge("e3", "sum", "result", "out", "value")]}))
    .unwrap();
    let run = |modules: &Modules, board: &Board| {
        let mut catalog = Catalog::builtin();
        modules.register_into(&mut catalog);
        run_blocking(&Arc::new(Plan::compile(board, &catalog).unwrap()), &RunOptions::default()).outputs["result"]
            .clone()
    };
    assert_eq!(run(&modules, &board), Value::Int(13 + 5));
    let new = modules.load("add.wat", v2.as_bytes(), None).unwrap();
    let changed = board.replace_module(&old.hash, new.hash);
    modules.remove(&old.hash);
    assert_eq!(changed, 2);
    assert_eq!(run(&modules, &board), Value::Int(42 + 6));
    assert!(board.nodes.iter().all(|n| n.kind != old.def.name));
    assert_eq!(ModuleHash::from_kind(&board.nodes[0].kind), Some(new.hash));
}

/// A host that slices custom nodes' work into small fuel grants, like a browser tab.
struct Slicing(StdHost, u64);

impl floe_engine::Host for Slicing {
    fn now_ms(&self) -> f64 {
        self.0.now_ms()
    }
    fn monotonic_ms(&self) -> f64 {
        self.0.monotonic_ms()
    }
    fn sleep(&self, ms: f64) -> floe_engine::exec::HostFuture {
        self.0.sleep(ms)
    }
    fn yield_now(&self) -> floe_engine::exec::HostFuture {
        self.0.yield_now()
    }
    fn fuel_slice(&self) -> Option<u64> {
        Some(self.1)
    }
}

#[test]
fn long_calls_are_sliced_and_can_be_stopped_between_slices() {
    let mut modules = Modules::new();
    let m = modules.load("prime_sieve.wasm", &support::abi_example("prime_sieve"), None).unwrap();
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let plan =
        Arc::new(Plan::compile(&one_node_board(&m.def.name, json!({"limit": 300_000}), &["count"]), &catalog).unwrap());

    let mut progress = Vec::new();
    let mut finished = None;
    let mut sink = |e: RunEvent<'_>| match e {
        RunEvent::NodeProgress { fuel, .. } => progress.push(fuel),
        RunEvent::NodeFinished { node, duration_ms, .. } if node.as_str() == "n" => finished = duration_ms,
        _ => {}
    };
    let mut runner = Runner::new(&plan);
    let t = std::time::Instant::now();
    let summary =
        runner.run_sync(&RunOptions::default(), &Slicing(StdHost::default(), 200_000), &mut sink, &CancelToken::new());
    let wall = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(summary.status, RunStatus::Succeeded);
    assert_eq!(runner.output("count"), Some(&Value::Int(25_997)));
    assert!(progress.len() > 5, "the call was sliced: {progress:?}");
    assert!(progress.windows(2).all(|w| w[0] < w[1]), "fuel only grows: {progress:?}");
    assert_eq!(runner.record().nodes[0].runs, 1, "slices are one execution");
    // The node's time is its whole call, every slice, not the last one.
    let finished = finished.expect("timed");
    let total = runner.record().nodes[0].duration_ms.expect("timed");
    assert!(finished > 0.5 * wall && finished <= wall, "the call took {finished} ms of a {wall} ms run");
    assert!((total - finished).abs() < 1e-9, "the record says the same: {total}");

    let cancel = CancelToken::new();
    let stop = cancel.clone();
    let mut seen = 0;
    let mut stopper = |e: RunEvent<'_>| {
        if let RunEvent::NodeProgress { .. } = e {
            seen += 1;
            if seen == 2 {
                stop.cancel();
            }
        }
    };
    let summary = runner.run_sync(&RunOptions::default(), &Slicing(StdHost::default(), 200_000), &mut stopper, &cancel);
    assert_eq!(summary.status, RunStatus::Cancelled);
    assert_eq!(seen, 2, "no slice ran after Stop");
}

#[test]
fn a_tiny_fuel_slice_pauses_inside_memory_growth_without_failing() {
    // Regression: with slices smaller than a `memory.grow`'s fuel cost, wasmi
    // reported the grow as refused by the memory limiter instead of pausing.
    let mut modules = Modules::new();
    let m = modules.load("prime_sieve.wasm", &support::abi_example("prime_sieve"), None).unwrap();
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let plan =
        Arc::new(Plan::compile(&one_node_board(&m.def.name, json!({"limit": 300_000}), &["count"]), &catalog).unwrap());
    let mut runner = Runner::new(&plan);
    let summary =
        runner.run_sync(&RunOptions::default(), &Slicing(StdHost::default(), 7_777), &mut (), &CancelToken::new());
    assert_eq!(summary.status, RunStatus::Succeeded, "{:?}", summary.error);
    assert_eq!(runner.output("count"), Some(&Value::Int(25_997)));
}

#[test]
fn boards_travel_with_their_modules() {
    let wat = support::wat_example();
    let wasm = support::abi_example("caesar");
    let (wasi, io) = support::wasi_example();
    let io: IoSchema = serde_json::from_str(&io).unwrap();
    let mut board = Board::default();
    board.modules.push(floe_engine::ModuleRef::embed("add.wat", wat.as_bytes(), None));
    board.modules.push(floe_engine::ModuleRef::embed("caesar.wasm", &wasm, None));
    let mut beside = floe_engine::ModuleRef::embed("wasi_stats.wasm", &wasi, Some(io));
    beside.wasm_base64 = None;
    beside.path = Some("modules/wasi_stats.wasm".into());
    board.modules.push(beside);
    assert!(board.modules[0].wat.is_some() && board.modules[1].wasm_base64.is_some());

    // The board round-trips through JSON with its modules.
    let board = Board::from_json(&board.to_json_pretty()).unwrap();
    let read = |path: &str| {
        assert_eq!(path, "modules/wasi_stats.wasm");
        Ok(wasi.clone())
    };
    let mut modules = Modules::new();
    assert_eq!(modules.load_board(&board, &read), vec![]);
    assert_eq!(modules.iter().count(), 3);

    // Problems are reported per module, never only the first.
    let mut broken = board.clone();
    broken.modules[0].wat = Some("(module)".into());
    broken.modules[1].wasm_base64 = Some("@@@".into());
    let problems = Modules::new()
        .load_board(&broken, &|p| Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("{p} is missing"))));
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(text.len(), 3, "{text:#?}");
    assert!(
        text[0].starts_with("module `add.wat` (sha256:") && text[0].contains("its bytes hash to sha256:"),
        "{}",
        text[0]
    );
    assert!(text[1].ends_with("`wasm_base64` is not valid base64: Invalid symbol 64, offset 0."), "{}", text[1]);
    assert!(
        text[2].ends_with("cannot read `modules/wasi_stats.wasm`: modules/wasi_stats.wasm is missing"),
        "{}",
        text[2]
    );
}

#[test]
fn a_panicking_sdk_node_says_where_in_both_modes() {
    for with_std in [false, true] {
        let mut modules = Modules::new();
        let kind = modules.load("panics.wasm", &support::panic_node(with_std), None).unwrap().def.name.clone();
        let mode = if with_std { "std" } else { "no_std" };

        let r = run_one(&modules, &kind, json!({"n": -4}), &["n"]);
        assert_eq!(outputs(&r), json!({"n": -4}), "{mode}: no panic, no trace");

        let r = run_one(&modules, &kind, json!({"n": 0}), &["n"]);
        assert_eq!(r.status, RunStatus::Failed, "{mode}");
        assert!(r.error.as_ref().unwrap().message.contains("a Rust node panicked"), "{mode}: {:?}", r.error);
        let line = &r.logs.last().expect("the panic is logged").text;
        assert!(line.starts_with("node panicked at tests/fixtures/panic_node/src/lib.rs:"), "{mode}: {line}");
        assert!(line.ends_with(": boom"), "{mode}: a plain message is kept: {line}");

        let r = run_one(&modules, &kind, json!({"n": 5}), &["n"]);
        let line = &r.logs.last().expect("the panic is logged").text;
        assert!(line.starts_with("node panicked at tests/fixtures/panic_node/src/lib.rs:"), "{mode}: {line}");
        if with_std {
            assert!(line.ends_with(": index out of bounds: the len is 3 but the index is 5"), "std formats: {line}");
        } else {
            // The lean mode keeps formatting out of the module: the location only.
            assert!(line.rsplit(':').next().unwrap().parse::<u32>().is_ok(), "no_std: {line}");
        }
    }
}

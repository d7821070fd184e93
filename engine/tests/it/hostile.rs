//! Hostile and broken modules: each ends in its typed error, quickly,
//! without crashing or bloating the host. The modules of the corpus
//! (`tests/hostile/modules/`) are each run by `hostile_corpus`; here are
//! the details (memory use, settings, exact messages) and broken variants.

use std::sync::Arc;
use std::time::{Duration, Instant};

use floe_engine::wasm::{Modules, WasmError};
use floe_engine::{Board, Catalog, Plan, RunOptions, RunRecord, RunStatus, run_blocking};
use floe_test_support as support;
use serde_json::json;

const DEF: &str = r#"{"name":"t","friendly_name":"T","description":"test node","category":"Test","pins":[{"name":"x","friendly_name":"X","pin_type":"Input","data_type":"Integer","default":0},{"name":"y","friendly_name":"Y","pin_type":"Output","data_type":"Integer"}]}"#;

/// A Floe ABI module with the usual exports around `body` (which defines
/// `run_typed`, `run`, or anything else); `get_node` is replaced when given.
fn floe_module(imports: &str, body: &str, get_node: Option<&str>) -> String {
    let def = DEF.replace('"', "\\\"");
    let get_node = get_node
        .map(str::to_owned)
        .unwrap_or_else(|| format!(r#"(func (export "get_node") (result i64) (i64.const {}))"#, DEF.len()));
    format!(
        r#"(module
  {imports}
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 8192))
  (data (i32.const 0) "{def}")
  (func (export "floe_abi_version") (result i32) (i32.const 1))
  (func (export "alloc") (param $n i32) (result i32) (local $p i32)
    (local.set $p (global.get $heap)) (global.set $heap (i32.add (local.get $p) (local.get $n))) (local.get $p))
  {get_node}
  {body})"#
    )
}

/// A module of the hostile corpus (`tests/hostile/modules/NAME.wat`).
fn corpus(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile/modules");
    std::fs::read_to_string(dir.join(format!("{name}.wat"))).unwrap()
}

fn load(wat: &str) -> Result<Arc<floe_engine::wasm::LoadedModule>, WasmError> {
    Modules::new().load("hostile.wat", wat.as_bytes(), None)
}

/// Loads and runs one node of the module, timing the whole thing.
fn run(wat: &str, config: serde_json::Value) -> (RunRecord, Duration) {
    let t = Instant::now();
    let mut modules = Modules::new();
    let m = modules.load("hostile.wat", wat.as_bytes(), None).expect("the module loads");
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let board =
        Board::from_value(json!({"format_version": 1, "nodes": [{"id": "n", "kind": m.def.name, "config": config}]}))
            .unwrap();
    let plan = Arc::new(Plan::compile(&board, &catalog).unwrap_or_else(|d| panic!("{d}")));
    let record = run_blocking(&plan, &RunOptions::default());
    (record, t.elapsed())
}

/// Runs `wat`, expecting the run to fail with `code`; returns the message.
fn fails_with(wat: &str, code: &str) -> String {
    let (record, took) = run(wat, json!({}));
    assert_eq!(record.status, RunStatus::Failed);
    let e = record.error.expect("an error");
    assert_eq!(e.code, code, "{}", e.message);
    assert!(took < Duration::from_secs(2), "took {took:?}: {}", e.message);
    e.message
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn the_fuel_budget_is_a_node_setting() {
    let (record, took) = run(&corpus("spin_run"), json!({"fuel": 5000}));
    assert!(record.error.unwrap().message.contains("ran out of fuel after 5000 units"));
    assert!(took < Duration::from_millis(500), "{took:?}");
}

/// The memory limit is a node setting (the default: `memory_grow` in the corpus).
#[test]
fn the_memory_limit_is_a_node_setting() {
    let (record, _) = run(&corpus("memory_grow"), json!({"memory_bytes": 1_048_576}));
    assert!(record.error.unwrap().message.ends_with("exceeded its memory limit of 1048576 bytes"));
}

#[test]
fn a_trap_names_its_cause() {
    let body = r#"(func (export "run_typed") (param i32 i32) (result i64) (drop (i32.div_s (i32.const 1) (i32.const 0))) (i64.const 0))"#;
    let m = fails_with(&floe_module("", body, None), "trap");
    assert!(m.ends_with("trapped: integer divide by zero"), "{m}");
    let m = fails_with(
        &floe_module("", r#"(func (export "run_typed") (param i32 i32) (result i64) unreachable)"#, None),
        "trap",
    );
    assert!(m.contains("unreachable code reached (a Rust node panicked"), "{m}");
}

#[test]
fn a_hundred_megabytes_of_stdout_is_cut_off() {
    let before = peak_rss_kib();
    let m = fails_with(&corpus("stdout_flood"), "output-too-large");
    assert!(m.ends_with("produced more than 16777216 bytes of output"), "{m}");
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        assert!(after.saturating_sub(before) < 80 * 1024, "peak RSS grew by {} KiB", after - before);
    }
}

#[test]
fn results_outside_memory_or_unreadable_are_bad_output() {
    let body = r#"(func (export "run_typed") (param i32 i32) (result i64) (i64.or (i64.shl (i64.const 65500) (i64.const 32)) (i64.const 100)))"#;
    let m = fails_with(&floe_module("", body, None), "bad-output");
    assert!(m.contains("the result points at bytes 65500..65600, outside the module's 65536 bytes of memory"), "{m}");
    // A result that is valid wire data but declares two outputs where the node has one.
    let body = r#"(data (i32.const 2048) "\00\ff\ff\06\02\00\00\00\02\01\00\00\00\00\00\00\00\02\02\00\00\00\00\00\00\00\00\00\00\00")
        (func (export "run_typed") (param i32 i32) (result i64) (i64.or (i64.shl (i64.const 2048) (i64.const 32)) (i64.const 30)))"#;
    let m = fails_with(&floe_module("", body, None), "bad-output");
    assert!(m.ends_with("bad output: returned 2 outputs, but the node declares 1"), "{m}");
}

#[test]
fn json_results_must_be_json_and_match_the_pins() {
    let run = |text: &str| {
        let body = format!(
            r#"(data (i32.const 2048) "{}") (func (export "run") (param i32 i32) (result i64) (i64.or (i64.shl (i64.const 2048) (i64.const 32)) (i64.const {})))"#,
            text.replace('"', "\\\""),
            text.len()
        );
        fails_with(&floe_module("", &body, None), "bad-output")
    };
    assert!(run("hello").contains("bad output: the result is not JSON"));
    assert!(run(r#"{"outputs": {"z": 1}}"#).ends_with("bad output: the node has no output `z`; its outputs are: y"));
    assert!(
        run(r#"{"outputs": {"y": "seven"}}"#)
            .ends_with("bad output: output `y`: expected Integer, got String \"seven\"")
    );
}

#[test]
fn an_unknown_host_import_is_refused_by_name() {
    let e = load(&corpus("launch_missiles")).unwrap_err();
    assert_eq!(e.code(), "unsupported-import");
    assert_eq!(
        e.to_string(),
        "unsupported imports: `env.launch_missiles` (func (param i32)), `floe.read_file` (func (param i32 i32) (result i32)); a Floe node may import only `floe.log` (func (param i32 i32 i32)), `floe.http_fetch` (func (param i32 i32) (result i32)) and `floe.http_read` (func (param i32))"
    );
}

#[test]
fn a_truncated_binary_is_an_invalid_module() {
    let bytes = support::abi_example("add_one");
    let e = Modules::new().load("add_one.wasm", &bytes[..bytes.len() / 2], None).unwrap_err();
    assert_eq!(e.code(), "invalid-module");
    assert!(e.to_string().starts_with("invalid module: "), "{e}");
    let e = Modules::new().load("x.png", b"\x89PNG\r\n\x1a\n\0\0", None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "not a WebAssembly module: it starts with bytes 89 50 4e 47 instead of `\\0asm`, and is not text (WAT) either"
    );
    let e = Modules::new().load("bad.wat", b"(module (func $f (result i32) (i32.add)))", None).unwrap_err();
    assert_eq!(e.code(), "invalid-wat");
}

#[test]
fn get_node_returning_garbage_is_an_invalid_definition() {
    let wat = floe_module(
        "",
        r#"(data (i32.const 4096) "this is not json") (func (export "run_typed") (param i32 i32) (result i64) (i64.const 0))"#,
        Some(
            r#"(func (export "get_node") (result i64) (i64.or (i64.shl (i64.const 4096) (i64.const 32)) (i64.const 16)))"#,
        ),
    );
    let e = load(&wat).unwrap_err();
    assert_eq!(e.code(), "invalid-definition");
    assert_eq!(e.to_string(), "invalid node definition: expected ident at line 1 column 2");
    let wat = floe_module(
        "",
        r#"(func (export "run_typed") (param i32 i32) (result i64) (i64.const 0))"#,
        Some(r#"(func (export "get_node") (result i64) (loop $l (br $l)) (i64.const 0))"#),
    );
    assert_eq!(load(&wat).unwrap_err().code(), "out-of-fuel");
}

#[test]
fn missing_and_mistyped_exports_and_other_abi_versions_are_named() {
    let no_run = floe_module("", "", None);
    assert_eq!(
        load(&no_run).unwrap_err().to_string(),
        "missing export `run or run_typed` ((func (param i32 i32) (result i64)))"
    );
    let wrong = floe_module(
        "",
        r#"(func (export "run_typed") (param i32 i32) (result i64) (i64.const 0))"#,
        Some(r#"(func (export "get_node") (result i32) (i32.const 0))"#),
    );
    assert_eq!(
        load(&wrong).unwrap_err().to_string(),
        "export `get_node` has type (func (result i32)), but the node ABI needs (func (result i64))"
    );
    let v2 = floe_module("", r#"(func (export "run_typed") (param i32 i32) (result i64) (i64.const 0))"#, None)
        .replace(
            r#"(func (export "floe_abi_version") (result i32) (i32.const 1))"#,
            r#"(func (export "floe_abi_version") (result i32) (i32.const 2))"#,
        );
    assert_eq!(
        load(&v2).unwrap_err().to_string(),
        "the module speaks node ABI version 2, but this Floe speaks version 1"
    );
}

#[test]
fn an_input_buffer_outside_memory_or_mistyped_is_refused_at_load() {
    let run = r#"(func (export "run_typed") (param i32 i32) (result i64) (i64.const 0))"#;
    let outside = floe_module(
        "",
        &format!(r#"{run} (func (export "floe_input_buffer") (result i64) (i64.const 0x0000FFFF00000100))"#),
        None,
    );
    assert_eq!(
        load(&outside).unwrap_err().to_string(),
        "bad output: floe_input_buffer points at bytes 65535..65791, outside the module's 65536 bytes of memory"
    );
    let mistyped =
        floe_module("", &format!(r#"{run} (func (export "floe_input_buffer") (result i32) (i32.const 0))"#), None);
    assert_eq!(
        load(&mistyped).unwrap_err().to_string(),
        "export `floe_input_buffer` has type (func (result i32)), but the node ABI needs (func (result i64))"
    );
}

#[test]
fn opening_a_file_gets_an_error_code_never_its_contents() {
    let (record, took) = run(&corpus("snoop"), json!({}));
    assert_eq!(record.status, RunStatus::Succeeded, "{:?}", record.error);
    assert!(took < Duration::from_secs(2));
    let out = &record.node("n").unwrap().outputs["output"];
    assert_eq!(out.to_json(), json!({"path_open": "76", "prestat": "08"}), "ENOTCAPABLE and EBADF");
    assert!(!out.to_string().contains("root:"));
}

#[test]
fn a_wasi_program_may_only_import_wasi() {
    let e = load(
        r#"(module (import "env" "system" (func (param i32))) (memory (export "memory") 1) (func (export "_start")))"#,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unsupported import: `env.system` (func (param i32)); a WASI node may import only `wasi_snapshot_preview1` functions, `floe.http_fetch` and `floe.http_read`"
    );
}

/// Regression: `random_get(64 MiB)` did 9 s of work for about 5 fuel, so a
/// WASI node could run for ever within its budget.
#[test]
fn host_calls_are_charged_for_the_bytes_they_touch() {
    // 20,000,000 fuel at 4 bytes a unit pays for one call of 64 MiB (the
    // default budget, five; about 0.3 s in a release build).
    let config = json!({"memory_bytes": 80 * 1024 * 1024, "fuel": 20_000_000});
    let (record, took) = run(&corpus("random_flood"), config);
    let e = record.error.clone().expect("an error");
    assert_eq!(e.code, "out-of-fuel", "{}", e.message);
    assert!(took < Duration::from_secs(15), "took {took:?}");
    let fuel = record.node("n").unwrap().fuel.unwrap();
    assert!(fuel >= 20_000_000, "used {fuel}");
}

/// Regression: 8M zero-length iovecs cost 196 MB of host memory per call.
#[test]
fn too_many_iovecs_are_refused_with_einval() {
    let before = peak_rss_kib();
    let (record, took) = run(&corpus("iovec_flood"), json!({}));
    let e = record.error.expect("the program exits with fd_write's error code");
    assert_eq!((e.code.as_str(), e.message.contains("exited with status 28")), ("exit", true), "{}", e.message);
    assert!(took < Duration::from_secs(2));
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        assert!(after.saturating_sub(before) < 80 * 1024, "peak RSS grew by {} KiB", after - before);
    }
}

/// Regression: a board could give a node 10^12 fuel and 4 GiB of memory.
#[test]
fn a_board_cannot_ask_for_unbounded_fuel_or_memory() {
    let mut modules = Modules::new();
    let m = modules.load("spin.wat", corpus("random_flood").as_bytes(), None).unwrap();
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    for (config, says) in [
        (json!({"fuel": 1_000_000_000_000u64}), "setting `fuel`"),
        (json!({"memory_bytes": 4u64 << 30}), "setting `memory_bytes`"),
    ] {
        let board = Board::from_value(
            json!({"format_version": 1, "nodes": [{"id": "n", "kind": m.def.name, "config": config}]}),
        )
        .unwrap();
        let d = Plan::compile(&board, &catalog).unwrap_err().to_string();
        assert!(d.contains("invalid-config") && d.contains(says), "{d}");
    }
}

/// A node's inputs are measured against its memory before they are
/// written out: a large input is refused without building its bytes.
#[test]
fn inputs_larger_than_the_nodes_memory_are_refused_up_front() {
    let mut modules = Modules::new();
    let m =
        modules.load("quiet.wat", br#"(module (memory (export "memory") 1) (func (export "_start")))"#, None).unwrap();
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let board = Board::from_value(json!({"format_version": 1,
        "nodes": [{"id": "r", "kind": "data.range", "inputs": {"end": 1_000_000}},
                  {"id": "n", "kind": m.def.name, "config": {"memory_bytes": 65536}}],
        "edges": [{"id": "e", "from": {"node": "r", "pin": "values"}, "to": {"node": "n", "pin": "input"}}]}))
    .unwrap();
    let t = Instant::now();
    let record = run_blocking(&Arc::new(Plan::compile(&board, &catalog).unwrap()), &RunOptions::default());
    let e = record.error.expect("refused");
    assert_eq!(e.code, "memory-limit", "{}", e.message);
    assert!(e.message.contains("exceeded its memory limit of 65536 bytes"), "{}", e.message);
    assert!(t.elapsed() < Duration::from_secs(2));
}

/// Regression: a link carrying spinning modules ran 50M fuel of guest code
/// per module as it opened. Now a board's modules share one definition
/// budget, and a module that failed is remembered by hash.
#[test]
fn a_boards_modules_share_one_small_definition_budget() {
    let mut board = Board::named("spinners");
    for i in 0..16 {
        let wat = corpus("spin_start").replace("(module", &format!("(module ;; {i}\n"));
        board.modules.push(floe_engine::ModuleRef::embed(&format!("spin{i}.wat"), wat.as_bytes(), None));
    }
    let quiet = corpus("spin_run");
    board.modules.push(floe_engine::ModuleRef::embed("quiet.wat", quiet.as_bytes(), None));
    let mut modules = Modules::new();
    let count = |problems: &[floe_engine::wasm::ModuleProblem]| {
        let own = problems.iter().filter(|p| p.to_string().contains("after 10000000 units")).count();
        let shared =
            problems.iter().filter(|p| p.to_string().contains("30000000 units a board's modules share")).count();
        (own, shared)
    };
    let t = Instant::now();
    let problems = modules.load_board(&board, &|_| unreachable!());
    let first = t.elapsed();
    // Three spinners use up the budget; the rest, and the quiet module after
    // them, are refused without running.
    assert_eq!(count(&problems), (3, 14), "{problems:#?}");
    assert!(modules.get(&board.modules[16].hash).is_none());
    // Alone, on its own budget, the quiet module loads.
    assert!(Modules::new().load("quiet.wat", quiet.as_bytes(), None).is_ok());
    // Opening the board again: the three known to fail fail at once, three
    // more use up the budget.
    let t = Instant::now();
    let again = modules.load_board(&board, &|_| unreachable!());
    assert_eq!(count(&again), (6, 11), "{again:#?}");
    assert!(first < Duration::from_secs(2) && t.elapsed() < Duration::from_secs(2), "{first:?}, {:?}", t.elapsed());
}

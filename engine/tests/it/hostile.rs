//! Hostile and broken modules: each ends in its typed error, quickly,
//! without crashing or bloating the host.

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
fn an_infinite_loop_runs_out_of_fuel() {
    let m = fails_with(
        &floe_module(
            "",
            r#"(func (export "run_typed") (param i32 i32) (result i64) (loop $l (br $l)) (i64.const 0))"#,
            None,
        ),
        "out-of-fuel",
    );
    assert!(
        m.ends_with(
            "ran out of fuel after 100000000 units (its budget; raise the node's `fuel` setting if it needs more)"
        ),
        "{m}"
    );
}

#[test]
fn the_fuel_budget_is_a_node_setting() {
    let wat = floe_module(
        "",
        r#"(func (export "run_typed") (param i32 i32) (result i64) (loop $l (br $l)) (i64.const 0))"#,
        None,
    );
    let (record, took) = run(&wat, json!({"fuel": 5000}));
    assert!(record.error.unwrap().message.contains("ran out of fuel after 5000 units"));
    assert!(took < Duration::from_millis(500), "{took:?}");
}

#[test]
fn unbounded_memory_growth_hits_the_memory_limit() {
    let body = r#"(func (export "run_typed") (param i32 i32) (result i64)
        (loop $l (drop (memory.grow (i32.const 16))) (br $l)) (i64.const 0))"#;
    let m = fails_with(&floe_module("", body, None), "memory-limit");
    assert!(m.ends_with("exceeded its memory limit of 67108864 bytes"), "{m}");
    let (record, _) = run(&floe_module("", body, None), json!({"memory_bytes": 1_048_576}));
    assert!(record.error.unwrap().message.ends_with("exceeded its memory limit of 1048576 bytes"));
}

#[test]
fn unbounded_recursion_exhausts_the_stack() {
    let body = r#"(func $r (param i32) (result i32) (call $r (i32.add (local.get 0) (i32.const 1))))
        (func (export "run_typed") (param i32 i32) (result i64) (drop (call $r (i32.const 0))) (i64.const 0))"#;
    let m = fails_with(&floe_module("", body, None), "stack-exhausted");
    assert!(m.ends_with("exhausted its call stack (unbounded recursion?)"), "{m}");
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

/// A WASI program that writes 64 KiB to stdout 1,600 times (~100 MB).
const FLOOD: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_start") (local $i i32)
    (i32.store (i32.const 0) (i32.const 65536))
    (i32.store (i32.const 4) (i32.const 65536))
    (loop $l
      (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1600))))))"#;

#[test]
fn a_hundred_megabytes_of_stdout_is_cut_off() {
    let before = peak_rss_kib();
    let m = fails_with(FLOOD, "output-too-large");
    assert!(m.ends_with("produced more than 16777216 bytes of output"), "{m}");
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        assert!(after.saturating_sub(before) < 80 * 1024, "peak RSS grew by {} KiB", after - before);
    }
}

#[test]
fn a_huge_result_is_refused_before_it_is_read() {
    let body = r#"(func (export "run_typed") (param i32 i32) (result i64) (i64.const 0x7fffffff))"#;
    let m = fails_with(&floe_module("", body, None), "output-too-large");
    assert!(m.ends_with("produced more than 16777216 bytes of output"), "{m}");
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
    let wat = floe_module(
        r#"(import "env" "launch_missiles" (func (param i32))) (import "floe" "read_file" (func (param i32 i32) (result i32)))"#,
        r#"(func (export "run_typed") (param i32 i32) (result i64) (i64.const 0))"#,
        None,
    );
    let e = load(&wat).unwrap_err();
    assert_eq!(e.code(), "unsupported-import");
    assert_eq!(
        e.to_string(),
        "unsupported imports: `env.launch_missiles` (func (param i32)), `floe.read_file` (func (param i32 i32) (result i32)); a Floe node may import only `floe.log` (func (param i32 i32 i32))"
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

/// A WASI program that tries to open /etc/passwd and find preopened
/// directories, then prints `{"path_open":"NN","prestat":"NN"}` with the codes.
const SNOOP: &str = r#"(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "/etc/passwd")
  (data (i32.const 200) "{\"path_open\":\"00\",\"prestat\":\"00\"}")
  (func $digits (param $at i32) (param $n i32)
    (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.div_u (local.get $n) (i32.const 10))))
    (i32.store8 offset=1 (local.get $at) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10)))))
  (func (export "_start")
    (call $digits (i32.const 214)
      (call $open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 11) (i32.const 0) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 300)))
    (call $digits (i32.const 229) (call $prestat (i32.const 3) (i32.const 400)))
    (i32.store (i32.const 0) (i32.const 200))
    (i32.store (i32.const 4) (i32.const 33))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;

#[test]
fn opening_a_file_gets_an_error_code_never_its_contents() {
    let (record, took) = run(SNOOP, json!({}));
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
        "unsupported import: `env.system` (func (param i32)); a WASI node may import only `wasi_snapshot_preview1` functions"
    );
}

/// Calls `random_get` for 64 MiB again and again.
const RANDOM_FLOOD: &str = r#"(module
  (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32)))
  (memory (export "memory") 1025)
  (func (export "_start") (loop $l (drop (call $r (i32.const 0) (i32.const 67108864))) (br $l))))"#;

/// Regression: `random_get(64 MiB)` did 9 s of work for about 5 fuel, so a
/// WASI node could run for ever within its budget.
#[test]
fn host_calls_are_charged_for_the_bytes_they_touch() {
    // 20,000,000 fuel at 4 bytes a unit pays for one call of 64 MiB (the
    // default budget, five; about 0.3 s in a release build).
    let config = json!({"memory_bytes": 80 * 1024 * 1024, "fuel": 20_000_000});
    let (record, took) = run(RANDOM_FLOOD, config);
    let e = record.error.clone().expect("an error");
    assert_eq!(e.code, "out-of-fuel", "{}", e.message);
    assert!(took < Duration::from_secs(15), "took {took:?}");
    let fuel = record.node("n").unwrap().fuel.unwrap();
    assert!(fuel >= 20_000_000, "used {fuel}");
}

/// Writes 8 million empty iovecs to stdout.
const IOVEC_FLOOD: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $exit (call $w (i32.const 1) (i32.const 0) (i32.const 8000000) (i32.const 64)))))"#;

/// Regression: 8M zero-length iovecs cost 196 MB of host memory per call.
#[test]
fn too_many_iovecs_are_refused_with_einval() {
    let before = peak_rss_kib();
    let (record, took) = run(IOVEC_FLOOD, json!({}));
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
    let m = modules.load("spin.wat", RANDOM_FLOOD.as_bytes(), None).unwrap();
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

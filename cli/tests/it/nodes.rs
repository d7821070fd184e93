//! `floe node inspect`, `floe node run` and boards that carry custom nodes.

use floe_test_support as support;

use crate::{floe, text, tmp};

#[test]
fn inspect_prints_the_definition_of_a_wat_node() {
    let path = support::root().join("node-sdk/examples/wat/add.wat");
    let out = floe(&["node", "inspect", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("a Floe ABI node, sha256:"), "{s}");
    assert!(s.contains("Add (WAT) (`add_wat`), category Custom/Math"), "{s}");
    assert!(s.contains("inputs:   a Integer = 0, b Integer = 0"), "{s}");
    assert!(s.contains("outputs:  sum Integer"), "{s}");
    assert!(s.contains("settings: fuel = 100000000, memory_bytes = 67108864"), "{s}");
}

#[test]
fn inspect_json_gives_the_kind_a_board_uses() {
    let path = support::abi_example_path("caesar");
    let out = floe(&["node", "inspect", path.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hash = v["hash"].as_str().unwrap();
    assert!(hash.starts_with("sha256:") && hash.len() == 7 + 64, "{hash}");
    assert_eq!(v["definition"]["name"], format!("wasm:{}", &hash[7..]));
    assert_eq!(v["kind"], "floe");
    assert!(v["definition"]["pins"].as_array().unwrap().iter().any(|p| p["name"] == "text"));
}

#[test]
fn inspect_names_the_problem_with_a_broken_module() {
    let garbage = tmp("garbage.wasm", "this is not wasm");
    let out = floe(&["node", "inspect", garbage.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with(&format!("{}: [not-wasm] ", garbage.display())), "{}", text(&out.stderr));

    let imports = tmp(
        "imports.wat",
        r#"(module (import "env" "open_door" (func)) (import "floe" "teleport" (func)) (memory (export "memory") 1))"#,
    );
    let out = floe(&["node", "inspect", imports.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("[unsupported-import]") && err.contains("env.open_door") && err.contains("floe.teleport"),
        "{err}"
    );
}

#[test]
fn run_prints_the_outputs_as_json() {
    let path = support::root().join("node-sdk/examples/wat/add.wat");
    let out = floe(&["node", "run", path.to_str().unwrap(), "--input", r#"{"a": 40, "b": 2}"#]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, serde_json::json!({"sum": 42}));
    let err = text(&out.stderr);
    assert!(err.contains("add_wat: adding two Integers"), "the node's log goes to stderr: {err}");
    assert!(err.contains("used ") && err.contains(" fuel"), "{err}");
}

#[test]
fn run_a_wasi_program_with_its_io_schema() {
    let wasm = support::wasi_example_path();
    let io = support::root().join("node-sdk/examples/wasi_stats/wasi_stats.io.json");
    let out = floe(&[
        "node",
        "run",
        wasm.to_str().unwrap(),
        "--io",
        io.to_str().unwrap(),
        "--input",
        r#"{"numbers": [3, 1, 2, 10], "label": "scores"}"#,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["count"], 4);
    assert_eq!(v["median"], 2.5);
    assert_eq!(v["label"], "scores");
}

#[test]
fn running_out_of_fuel_exits_1_with_the_typed_error() {
    let path = support::abi_example_path("prime_sieve");
    let out = floe(&["node", "run", path.to_str().unwrap(), "--input", r#"{"limit": 5000000}"#, "--fuel", "100000"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("[out-of-fuel]") && err.contains("100000"), "{err}");
}

#[test]
fn a_memory_budget_is_enforced() {
    let path = support::abi_example_path("word_freq");
    let text_in = "lorem ipsum ".repeat(20_000);
    let input = tmp("long_text.json", &serde_json::json!({ "text": text_in }).to_string());
    let input = format!("@{}", input.display());
    let ok = floe(&["node", "run", path.to_str().unwrap(), "--input", &input]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let out = floe(&["node", "run", path.to_str().unwrap(), "--input", &input, "--memory", "196608"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("[memory-limit]") && err.contains("196608"), "{err}");
}

#[test]
fn garbage_from_get_node_is_an_invalid_definition() {
    let bad = tmp(
        "bad_definition.wat",
        r#"(module
  (import "floe" "log" (func (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"name\": 7}")
  (func (export "floe_abi_version") (result i32) (i32.const 1))
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "get_node") (result i64) (i64.const 13))
  (func (export "run") (param i32 i32) (result i64) (i64.const 0)))"#,
    );
    let out = floe(&["node", "inspect", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("[invalid-definition]") && err.contains("name"), "{err}");
}

#[test]
fn unknown_inputs_and_bad_budgets_are_usage_errors() {
    let path = support::root().join("node-sdk/examples/wat/add.wat");
    let out = floe(&["node", "run", path.to_str().unwrap(), "--input", r#"{"c": 1}"#]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "--input: the node has no input `c`; its inputs are: a, b\n",
        "the error names the node's inputs"
    );
    let out = floe(&["node", "run", path.to_str().unwrap(), "--input", "[1]"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("--input: expected a JSON object"), "{}", text(&out.stderr));
}

#[test]
fn floe_run_runs_a_board_with_embedded_and_beside_modules() {
    let dir = std::env::temp_dir().join(format!("floe-cli-modules-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("modules")).unwrap();
    let wat = support::wat_example();
    let caesar = support::abi_example("caesar");
    std::fs::write(dir.join("modules/caesar.wasm"), &caesar).unwrap();
    let add = floe_engine::ModuleRef::embed("add.wat", wat.as_bytes(), None);
    let mut beside = floe_engine::ModuleRef::embed("caesar.wasm", &caesar, None);
    beside.wasm_base64 = None;
    beside.path = Some("modules/caesar.wasm".into());
    let board = serde_json::json!({
        "format_version": 1,
        "nodes": [
            {"id": "add", "kind": add.hash.kind_name(), "inputs": {"a": 40, "b": 2}},
            {"id": "shift", "kind": beside.hash.kind_name(), "inputs": {"text": "abc", "shift": 1}},
            {"id": "sum", "kind": "event.board_output", "config": {"name": "sum"}},
            {"id": "code", "kind": "event.board_output", "config": {"name": "code"}}
        ],
        "edges": [
            {"id": "e1", "from": {"node": "add", "pin": "sum"}, "to": {"node": "sum", "pin": "value"}},
            {"id": "e2", "from": {"node": "shift", "pin": "text"}, "to": {"node": "code", "pin": "value"}}
        ],
        "modules": [add, beside]
    });
    let path = dir.join("board.json");
    std::fs::write(&path, serde_json::to_string_pretty(&board).unwrap()).unwrap();
    let out = floe(&["run", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "code = \"bcd\"\nsum = 42\n");

    // A missing module file is named, and the nodes that need it are reported.
    std::fs::remove_file(dir.join("modules/caesar.wasm")).unwrap();
    let out = floe(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr) + &text(&out.stdout);
    assert!(err.contains("cannot read `modules/caesar.wasm`"), "{err}");
    assert!(err.contains("node `shift`"), "{err}");
}

//! The `floe` binary end to end: exit codes, messages, outputs.

mod examples;
mod hostile;
mod http;
mod nodes;
mod serve;

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/boards").join(name)
}

fn floe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_floe")).args(args).output().expect("floe runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn tmp(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("floe-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

#[test]
fn run_prints_outputs_and_exits_0() {
    let board = fixture("temperature.board.json");
    let out = floe(&["run", board.to_str().unwrap(), "--input", r#"{"celsius": 100}"#]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "fahrenheit = 212.0\n");
}

#[test]
fn run_reads_input_from_a_file() {
    let board = fixture("csv_stats.board.json");
    let input = format!("@{}", fixture("csv_stats.input.json").display());
    let out = floe(&["run", board.to_str().unwrap(), "--input", &input]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "average = 2.25\ntotal = 6.75\n");
}

#[test]
fn run_streams_logs_to_stderr() {
    let board = fixture("sequence_gate.board.json");
    let out = floe(&["run", board.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(err.contains("[Info] l1: first\n[Info] l2: through the gate\n[Info] l3: third\n"), "{err}");
}

#[test]
fn run_json_prints_the_record() {
    let board = fixture("fanout_join.board.json");
    let out = floe(&["run", board.to_str().unwrap(), "--input", r#"{"x": 2}"#, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(record["outputs"]["total"], 117);
    assert_eq!(record["status"], "succeeded");
}

#[test]
fn a_failing_run_exits_1_and_names_the_node() {
    let board = fixture("unhandled_error.board.json");
    let out = floe(&["run", board.to_str().unwrap(), "--input", "\"abc\""]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "unhandled_error.board.json: node `set` (var.set) failed: input `value`: variable `n` holds Integer"
        ),
        "{err}"
    );
}

#[test]
fn an_invalid_board_exits_2_with_every_diagnostic() {
    let board = fixture("many_problems.board.json");
    let out = floe(&["run", board.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.matches("many_problems.board.json: error[").count(), 11, "{err}");
    assert!(err.ends_with("the board has errors and cannot run\n"), "{err}");
}

#[test]
fn malformed_json_reports_line_and_column() {
    let p = tmp(
        "broken.json",
        "{\n  \"format_version\": 1,\n  \"nodes\": [\n    {\"id\": \"a\" \"kind\": \"x\"}\n  ]\n}\n",
    );
    for cmd in ["run", "check"] {
        let out = floe(&[cmd, p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            text(&out.stderr),
            format!("{}: invalid JSON at line 4, column 16: expected `,` or `}}`\n", p.display())
        );
    }
}

#[test]
fn bad_input_json_is_a_usage_error() {
    let board = fixture("temperature.board.json");
    let out = floe(&["run", board.to_str().unwrap(), "--input", "{celsius: 1}"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "--input: invalid JSON at line 1, column 2\n");
}

#[test]
fn a_missing_file_is_named() {
    let out = floe(&["check", "/nonexistent/board.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("floe: cannot read /nonexistent/board.json: "), "{}", text(&out.stderr));
}

#[test]
fn check_lists_diagnostics_and_sets_the_exit_code() {
    let ok = floe(&["check", fixture("unreachable.board.json").to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0));
    let s = text(&ok.stdout);
    assert!(s.contains("warning[unreachable-node] node `orphan`"), "{s}");
    assert!(s.ends_with("0 error(s), 2 warning(s)\n"), "{s}");
    let bad = floe(&["check", fixture("many_problems.board.json").to_str().unwrap(), "--json"]);
    assert_eq!(bad.status.code(), Some(2));
    let diags: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(diags[0]["code"], "duplicate-id");
    assert_eq!(diags[0]["target"], serde_json::json!({"kind": "node", "node": "b"}));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(floe(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(floe(&["run"]).status.code(), Some(2));
}

#[test]
fn a_future_board_version_is_refused_clearly() {
    let p = tmp("future.json", r#"{"format_version": 99, "nodes": []}"#);
    let out = floe(&["run", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("board format version 99 is newer than this Floe understands (2); update Floe to open it")
    );
}

#[test]
fn the_documented_example_runs_as_documented() {
    let board = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/example.board.json");
    let doc =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/board-format.md")).unwrap();
    assert!(doc.contains("prints `fahrenheit = 212.0`"), "docs/board-format.md no longer states the example's output");
    let out = floe(&["run", board.to_str().unwrap(), "--input", r#"{"celsius": 100}"#]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "fahrenheit = 212.0\n");
}

//! The engine as the page builds it (without the `run` feature): boards
//! validate and plan exactly as in a build that runs them, and a run fails
//! with a clear error instead of running anything. Run by `scripts/test` as
//! `cargo test -p floe-engine --no-default-features --test no_run`; in the
//! usual build (with `run`) this file is empty.
#![cfg(not(feature = "run"))]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_engine::{Board, Catalog, Node, Plan, RunOptions, RunStatus, run_blocking, validate};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What a fixture's `.expect` file says about the board before it runs: its
/// diagnostics, or its load error (written by a build that runs boards).
fn expected_diagnostics(expect: &str) -> String {
    expect.lines().take_while(|l| !l.starts_with("status: ")).map(|l| format!("{l}\n")).collect()
}

#[test]
fn every_fixture_gives_the_diagnostics_of_a_build_that_runs() {
    let dir = repo().join("tests/fixtures/boards");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures folder") {
        let path = entry.expect("fixture entry").path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".board.json")) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("fixture readable");
        let expect = std::fs::read_to_string(dir.join(format!("{name}.expect"))).expect("fixture has .expect");
        let got = match Board::from_json(&text) {
            Ok(board) => validate(&board, &Catalog::builtin()).iter().map(|d| format!("{d}\n")).collect(),
            Err(e) => format!("load error: {e}\n"),
        };
        assert_eq!(got, expected_diagnostics(&expect), "fixture {name}");
        seen += 1;
    }
    assert!(seen >= 15, "only {seen} fixtures");
}

#[test]
fn every_example_validates_and_plans_with_its_outputs_and_events() {
    let mut seen = 0;
    for entry in std::fs::read_dir(repo().join("examples")).expect("examples folder") {
        let path = entry.expect("example entry").path();
        if !path.to_string_lossy().ends_with(".board.json") {
            continue;
        }
        let board = Board::from_json(&std::fs::read_to_string(&path).unwrap()).expect("example loads");
        if !board.modules.is_empty() {
            // Custom kinds are defined by their modules, which only the run
            // worker loads; the page learns their definitions from it.
            continue;
        }
        let catalog = Catalog::builtin();
        let diags = validate(&board, &catalog);
        assert!(!diags.has_errors(), "{}: {diags}", path.display());
        let plan = Plan::compile(&board, &catalog).expect("example plans");
        // Board outputs are named by the built node (`board_output`), which
        // the inert node answers from the node it wraps.
        let outputs: Vec<&str> = board
            .nodes
            .iter()
            .filter(|n| n.kind == "event.board_output")
            .map(|n| n.config.get("name").and_then(|v| v.as_str()).unwrap_or(""))
            .collect();
        for name in outputs {
            assert!(plan.output_index(name).is_some(), "{}: output {name:?} missing from the plan", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 5, "only {seen} examples");
}

#[test]
fn two_outputs_of_one_name_are_still_warned_about() {
    let out = |id: &str| Node::new(id, "event.board_output").with_config("name", serde_json::json!("result"));
    let board = Board { nodes: vec![out("a"), out("b")], ..Board::default() };
    let diags = validate(&board, &Catalog::builtin());
    assert!(diags.iter().any(|d| d.code.as_str() == "duplicate-output"), "{diags}");
}

#[test]
fn a_run_fails_clearly_instead_of_running() {
    let board =
        Board { nodes: vec![Node::new("n", "math.add").with_input("a", serde_json::json!(1))], ..Board::default() };
    let plan = Plan::compile(&board, &Catalog::builtin()).expect("plans");
    let record = run_blocking(&Arc::new(plan), &RunOptions::default());
    assert_eq!(record.status, RunStatus::Failed);
    let error = record.error.expect("the run says why it failed");
    assert!(error.message.contains("does not run them"), "{}", error.message);
}

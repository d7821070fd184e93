//! Data-driven fixtures: every `tests/fixtures/boards/NAME.board.json` is
//! validated and (when valid) run with `NAME.input.json` (if present); the
//! result is compared with `NAME.expect`. Refresh with `UPDATE_EXPECT=1`
//! after checking the differences by hand.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_engine::{Board, Catalog, Plan, RunOptions, Value, run_blocking, validate};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/boards")
}

/// Renders what a user would want to know about a board: diagnostics, then the run.
fn render(board_path: &Path) -> String {
    let mut out = String::new();
    let text = std::fs::read_to_string(board_path).expect("fixture readable");
    let board = match Board::from_json(&text) {
        Ok(b) => b,
        Err(e) => return format!("load error: {e}\n"),
    };
    let catalog = Catalog::builtin();
    let diags = validate(&board, &catalog);
    for d in &diags {
        writeln!(out, "{d}").unwrap();
    }
    let Ok(plan) = Plan::compile(&board, &catalog) else {
        return out;
    };
    let input_path = board_path
        .with_file_name(board_path.file_name().unwrap().to_str().unwrap().replace(".board.json", ".input.json"));
    let input = match std::fs::read_to_string(&input_path) {
        Ok(t) => Value::from_json(&serde_json::from_str(&t).expect("input fixture is JSON")),
        Err(_) => Value::Null,
    };
    let record = run_blocking(&Arc::new(plan), &RunOptions { input, timing: false, ..RunOptions::default() });
    writeln!(out, "status: {:?}", record.status).unwrap();
    if let Some(e) = &record.error {
        writeln!(out, "error: [{}] {}", e.code, e.message).unwrap();
    }
    for (name, v) in &record.outputs {
        writeln!(out, "output {name} = {}", v.to_json()).unwrap();
    }
    for line in &record.logs {
        writeln!(out, "log {:?} {}: {}", line.level, line.node.as_ref().map(|n| n.as_str()).unwrap_or("-"), line.text)
            .unwrap();
    }
    for n in &record.nodes {
        // A subflow boundary never runs; it is listed only when it is not done.
        let pass = n.kind == floe_engine::flatten::PASS_KIND && n.runs == 0;
        if n.status != floe_engine::NodeStatus::Done || (n.runs != 1 && !pass) {
            write!(out, "node {} {:?} runs={}", n.id, n.status, n.runs).unwrap();
            if let Some(e) = &n.error {
                write!(out, " error=[{}] {}", e.code, e.message).unwrap();
            }
            out.push('\n');
        }
    }
    out
}

#[test]
fn fixtures() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .expect("fixture dir exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_str().unwrap().ends_with(".board.json"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "expected the fixture set, found {}", names.len());
    for path in names {
        let expect_path = PathBuf::from(path.to_str().unwrap().replace(".board.json", ".expect"));
        expect_test::expect_file![expect_path].assert_eq(&render(&path));
    }
}

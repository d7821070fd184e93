//! The bundled example boards run as they are, and `floe test` checks exercises.

use std::path::PathBuf;

use crate::{fixture, floe, text};

fn examples() -> Vec<PathBuf> {
    floe_test_support::files("examples", ".board.json")
}

#[test]
fn there_are_at_least_eight_examples_and_each_runs_as_is() {
    let boards = examples();
    assert!(boards.len() >= 8, "{boards:?}");
    // The web-api example calls a JSON API on this computer, once granted.
    let api = crate::http::TestServer::start_on(8787);
    for b in &boards {
        let check = floe(&["check", b.to_str().unwrap()]);
        assert!(
            text(&check.stdout).ends_with("0 error(s), 0 warning(s)\n"),
            "{}: {}",
            b.display(),
            text(&check.stdout)
        );
        let out = floe(&["run", b.to_str().unwrap(), "--allow-origin", &api.origin]);
        assert_eq!(out.status.code(), Some(0), "{} does not run: {}", b.display(), text(&out.stderr));
        assert!(!text(&out.stdout).is_empty(), "{} has outputs", b.display());
    }
}

#[test]
fn test_reports_each_case_and_the_difference() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let ok = floe(&["test", dir.join("temperature.board.json").to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stdout));
    assert!(text(&ok.stdout).contains("PASS water boils\n"));
    assert!(text(&ok.stdout).ends_with("3 of 3 case(s) passed\n"));

    let starter = floe(&["test", dir.join("exercise-average.board.json").to_str().unwrap()]);
    assert_eq!(starter.status.code(), Some(1));
    let s = text(&starter.stdout);
    assert!(s.contains("PASS all the same\nFAIL three numbers\n     `average`: expected 3, got 9.0\n"), "{s}");

    let json = floe(&["test", dir.join("exercise-average.board.json").to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v[1]["differences"][0], serde_json::json!({"output": "average", "expected": 3, "got": 9.0}));

    let none = floe(&["test", fixture("temperature.board.json").to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none.stderr).contains("the board has no test cases"));
}

#[test]
fn catalog_lists_every_node_kind() {
    let out = floe(&["catalog", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let defs: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(defs.len() >= 35);
    assert!(defs.iter().all(|d| d["description"].as_str().is_some_and(|s| !s.is_empty())));
    let text_out = text(&floe(&["catalog"]).stdout);
    assert!(text_out.contains("math.add (Add, Math): "), "{text_out}");
}

/// `floe run`, `check` and `test` on boards built from subflows: the
/// outputs, a subflow tested on its own, and problems named by their path.
#[test]
fn subflows_run_check_and_test_from_the_command_line() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let board = dir.join("subflows.board.json");
    let out = floe(&["run", board.to_str().unwrap(), "--input", r#"{"morning": 0, "noon": 100}"#]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "average_f = 122.0\nnoon_f = 212.0\n");
    let t = floe(&["test", board.to_str().unwrap()]);
    assert_eq!(t.status.code(), Some(0), "{}", text(&t.stdout));
    assert!(text(&t.stdout).contains("PASS C to F: body temperature\n"), "{}", text(&t.stdout));
    assert!(text(&t.stdout).ends_with("4 of 4 case(s) passed\n"));

    // A problem inside an instance names the path; a case for a subflow the
    // board lacks says so.
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&board).unwrap()).unwrap();
    doc["subflows"][0]["nodes"][2]["inputs"]["b"] = serde_json::json!("many");
    doc["exercise"]["cases"][2]["subflow"] = serde_json::json!("gone");
    let broken = crate::tmp("broken-subflow.board.json", &doc.to_string());
    let c = floe(&["check", broken.to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(2));
    let s = text(&c.stdout);
    assert!(s.contains("error[bad-inline-value] node `noon_f › times` pin `b`"), "{s}");
    assert!(s.contains("error[bad-inline-value] node `day › m › times` pin `b`"), "{s}");
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&board).unwrap()).unwrap();
    doc["exercise"]["cases"][2]["subflow"] = serde_json::json!("gone");
    let missing = crate::tmp("missing-subflow-case.board.json", &doc.to_string());
    let t = floe(&["test", missing.to_str().unwrap()]);
    assert_eq!(t.status.code(), Some(1));
    assert!(
        text(&t.stdout)
            .contains("FAIL C to F: body temperature\n     the run failed: the board has no subflow `gone`\n"),
        "{}",
        text(&t.stdout)
    );
}

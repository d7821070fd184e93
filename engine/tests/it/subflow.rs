//! Subflows: an instance behaves exactly as its nodes would inline; errors
//! inside reach the instance's error pins; hostile nesting is refused within
//! budgets.

use std::time::Instant;

use floe_engine::{Board, Catalog, Plan, RunOptions, RunStatus, Value, run_blocking, validate};
use serde_json::{Value as Json, json};

use crate::{edge, plan};

fn pins(list: &[(&str, &str)]) -> Json {
    json!({"pins": list.iter().map(|(n, t)| json!({"name": n, "data_type": t})).collect::<Vec<_>>()})
}

/// `parse` → `out` inside a subflow with an Execution input and output,
/// the run's payload as text in; the instance's `on_error` logs and outputs
/// what failed.
fn parsing(text_input: bool) -> Json {
    let parse = json!({"id": "parse", "name": "Parse", "nodes": [
        {"id": "in", "kind": "subflow.inputs", "config": pins(&[("go", "Execution"), ("text", "String")])},
        {"id": "p", "kind": "data.json_parse"},
        {"id": "show", "kind": "output.display"},
        {"id": "out", "kind": "subflow.outputs", "config": pins(&[("done", "Execution"), ("value", "Generic")])}
    ], "edges": [
        edge("a", "in", "go", "show", "exec"), edge("b", "in", "text", "p", "text"), edge("f", "p", "value", "show", "value"),
        edge("c", "show", "then", "out", "done"), edge("d", "p", "value", "out", "value")
    ]});
    let text = if text_input {
        json!({"id": "t", "kind": "convert.to_string"})
    } else {
        json!({"id": "t", "kind": "value.constant", "config": {"value": "{\"a\": 1}"}})
    };
    json!({"format_version": 2, "subflows": [parse], "nodes": [
        {"id": "s", "kind": "event.manual_start"},
        text,
        {"id": "i", "kind": "subflow:parse"},
        {"id": "ok", "kind": "event.board_output", "config": {"name": "value"}},
        {"id": "code", "kind": "data.get_path", "inputs": {"path": "node"}},
        {"id": "bad", "kind": "event.board_output", "config": {"name": "failed_at"}}
    ], "edges": [
        edge("e1", "s", "then", "i", "go"), edge("e2", "s", "payload", "t", "value"), edge("e3", "t", "value", "i", "text"),
        edge("e4", "i", "done", "ok", "exec"), edge("e5", "i", "value", "ok", "value"),
        edge("e6", "i", "on_error", "bad", "exec"), edge("e7", "i", "error", "code", "value"),
        edge("e8", "code", "value", "bad", "value")
    ]})
}

#[test]
fn an_error_inside_fires_the_instances_on_error() {
    let p = plan(parsing(true));
    let good = run_blocking(&p, &RunOptions { input: Value::from_json(&json!({"a": 1})), ..RunOptions::default() });
    assert_eq!(good.status, RunStatus::Succeeded, "{:?}", good.error);
    assert_eq!(good.outputs["value"].to_json(), json!({"a": 1}));
    assert!(!good.outputs.contains_key("failed_at"));

    // A bare word is not JSON.
    let bad = run_blocking(&p, &RunOptions { input: Value::str("not json"), ..RunOptions::default() });
    assert_eq!(bad.status, RunStatus::Succeeded, "{:?}", bad.error);
    assert_eq!(bad.outputs["failed_at"].to_json(), json!("i›p"));
    assert!(!bad.outputs.contains_key("value"));
    let inner = bad.nodes.iter().find(|n| n.id.as_str() == "i›p").unwrap();
    assert_eq!(inner.error.as_ref().unwrap().code, "bad-input");
    let instance = bad.nodes.iter().find(|n| n.id.as_str() == "i").unwrap();
    assert_eq!(instance.status, floe_engine::NodeStatus::Failed);
}

#[test]
fn an_uncaught_error_inside_names_its_path() {
    let mut board = parsing(true);
    board["edges"].as_array_mut().unwrap().retain(|e| !["e6", "e7", "e8"].contains(&e["id"].as_str().unwrap()));
    board["nodes"].as_array_mut().unwrap().retain(|n| !["code", "bad"].contains(&n["id"].as_str().unwrap()));
    let p = plan(board);
    let bad = run_blocking(&p, &RunOptions { input: Value::str("not json"), ..RunOptions::default() });
    assert_eq!(bad.status, RunStatus::Failed);
    let e = bad.error.unwrap();
    assert!(e.message.starts_with("node `i › p` (data.json_parse) failed: "), "{}", e.message);
    assert_eq!(e.node.unwrap().as_str(), "i›p");
}

/// The same nodes inline and inside an instance: the same outputs, and each
/// inner node's record the same as its inline twin's.
#[test]
fn an_instance_runs_as_its_nodes_would_inline() {
    let inline = json!({"format_version": 2, "nodes": [
        {"id": "s", "kind": "event.manual_start"},
        {"id": "t", "kind": "convert.to_string"},
        {"id": "p", "kind": "data.json_parse"},
        {"id": "show", "kind": "output.display"},
        {"id": "ok", "kind": "event.board_output", "config": {"name": "value"}}
    ], "edges": [
        edge("e1", "s", "then", "show", "exec"), edge("e2", "s", "payload", "t", "value"), edge("e3", "t", "value", "p", "text"),
        edge("f", "p", "value", "show", "value"),
        edge("e4", "show", "then", "ok", "exec"), edge("e5", "p", "value", "ok", "value")
    ]});
    let mut sub = parsing(true);
    sub["edges"].as_array_mut().unwrap().retain(|e| !["e6", "e7", "e8"].contains(&e["id"].as_str().unwrap()));
    sub["nodes"].as_array_mut().unwrap().retain(|n| !["code", "bad"].contains(&n["id"].as_str().unwrap()));
    let (a, b) = (plan(inline), plan(sub));
    for input in [json!({"x": [1, 2]}), json!(3), json!("nope")] {
        // `to_string` of a text is the text itself: "nope" does not parse.
        let opts = RunOptions { input: Value::from_json(&input), timing: false, ..RunOptions::default() };
        let (ra, rb) = (run_blocking(&a, &opts), run_blocking(&b, &opts));
        assert_eq!(ra.status, rb.status, "{input}");
        assert_eq!(ra.outputs, rb.outputs, "{input}");
        for inner in ["t", "p", "show"] {
            let pa = ra.nodes.iter().find(|n| n.id.as_str() == inner).unwrap();
            let inside = if inner == "t" { "t".to_owned() } else { format!("i›{inner}") };
            let pb = rb.nodes.iter().find(|n| n.id.as_str() == inside).unwrap();
            let facts = |n: &floe_engine::exec::NodeRecord| (n.status, n.runs, n.inputs.clone(), n.outputs.clone());
            assert_eq!(facts(pa), facts(pb), "{inner} with {input}");
        }
        assert_eq!(ra.error.map(|e| e.code), rb.error.map(|e| e.code));
    }
}

#[test]
fn a_wire_of_the_wrong_type_into_an_instance_is_located_on_that_wire() {
    let mut board = parsing(false);
    board["nodes"][1] = json!({"id": "t", "kind": "value.constant", "config": {"value": 5}});
    board["edges"].as_array_mut().unwrap().retain(|e| e["id"] != "e2");
    let board = Board::from_value(board).unwrap();
    let lines: Vec<String> = validate(&board, &Catalog::builtin()).iter().map(|d| d.to_string()).collect();
    assert!(lines.iter().any(|l| l.starts_with("error[type-mismatch] edge `e3`")), "{lines:#?}");
}

/// Ten definitions, each with ten instances of the next: 10^10 nodes if
/// expanded. Refused from the definitions' sizes, at once.
#[test]
fn a_subflow_bomb_is_refused_before_anything_is_expanded() {
    let mut subflows = Vec::new();
    for d in 0..10 {
        let nodes: Vec<Json> = (0..10)
            .map(|k| {
                if d == 9 {
                    json!({"id": format!("n{k}"), "kind": "math.add"})
                } else {
                    json!({"id": format!("n{k}"), "kind": format!("subflow:d{}", d + 1)})
                }
            })
            .collect();
        subflows.push(json!({"id": format!("d{d}"), "nodes": nodes}));
    }
    let board = Board::from_value(json!({"format_version": 2, "subflows": subflows,
        "nodes": [{"id": "top", "kind": "subflow:d0"}]}))
    .unwrap();
    let t = Instant::now();
    let d = validate(&board, &Catalog::builtin());
    assert!(t.elapsed().as_secs_f64() < 1.0);
    let lines: Vec<String> = d.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        lines,
        ["error[subflow-too-large] board: the subflows expand to 11111111111 nodes; a board may have at most 250000"]
    );
    assert!(Plan::compile(&board, &Catalog::builtin()).is_err());
}

/// 5,000 definitions nested in one chain: refused by depth, with no
/// recursion anywhere (a stack overflow would abort the test binary).
#[test]
fn deep_nesting_is_refused_without_recursion() {
    let n = 5_000;
    let subflows: Vec<Json> = (0..n)
        .map(|d| {
            let kind = if d + 1 == n { "math.add".to_owned() } else { format!("subflow:d{}", d + 1) };
            json!({"id": format!("d{d}"), "nodes": [{"id": "x", "kind": kind}]})
        })
        .collect();
    let board = Board::from_value(json!({"format_version": 2, "subflows": subflows,
        "nodes": [{"id": "top", "kind": "subflow:d0"}]}))
    .unwrap();
    let t = Instant::now();
    let lines: Vec<String> = validate(&board, &Catalog::builtin()).iter().map(|d| d.to_string()).collect();
    assert!(t.elapsed().as_secs_f64() < 2.0);
    assert_eq!(lines, ["error[subflow-too-large] board: subflows are nested 5000 deep; at most 32"]);

    // Within the depth budget it expands, and runs.
    let subflows: Vec<Json> = (0..20)
        .map(|d| {
            let inner = if d == 19 {
                json!([{"id": "in", "kind": "subflow.inputs", "config": pins(&[("x", "Integer")])},
                       {"id": "x", "kind": "math.add", "inputs": {"b": 1}},
                       {"id": "out", "kind": "subflow.outputs", "config": pins(&[("y", "Integer")])}])
            } else {
                json!([{"id": "in", "kind": "subflow.inputs", "config": pins(&[("x", "Integer")])},
                       {"id": "x", "kind": format!("subflow:d{}", d + 1)},
                       {"id": "out", "kind": "subflow.outputs", "config": pins(&[("y", "Integer")])}])
            };
            let pin = if d == 19 { "a" } else { "x" };
            let from = if d == 19 { "result" } else { "y" };
            json!({"id": format!("d{d}"), "nodes": inner, "edges": [edge("a", "in", "x", "x", pin), edge("b", "x", from, "out", "y")]})
        })
        .collect();
    let p = plan(json!({"format_version": 2, "subflows": subflows, "nodes": [
        {"id": "top", "kind": "subflow:d0", "inputs": {"x": 41}},
        {"id": "o", "kind": "event.board_output"}
    ], "edges": [edge("e", "top", "y", "o", "value")]}));
    let record = run_blocking(&p, &RunOptions::default());
    assert_eq!(record.outputs["result"].to_json(), json!(42));
    let deepest = record.nodes.iter().find(|n| n.kind == "math.add").unwrap();
    assert_eq!(deepest.id.as_str().matches('›').count(), 20);
}

#[test]
fn each_instance_has_its_own_variables() {
    let counter = json!({"id": "counter", "nodes": [
        {"id": "in", "kind": "subflow.inputs", "config": pins(&[("go", "Execution")])},
        {"id": "get", "kind": "var.get", "config": {"name": "n"}},
        {"id": "plus", "kind": "math.add", "inputs": {"b": 1}},
        {"id": "set", "kind": "var.set", "config": {"name": "n"}},
        {"id": "out", "kind": "subflow.outputs", "config": pins(&[("done", "Execution"), ("n", "Integer")])}
    ], "edges": [
        edge("a", "in", "go", "set", "exec"), edge("b", "get", "value", "plus", "a"),
        edge("c", "plus", "result", "set", "value"), edge("d", "set", "then", "out", "done"),
        edge("e", "plus", "result", "out", "n")
    ], "variables": [{"name": "n", "data_type": "Integer", "default": 10}]});
    let p = plan(json!({"format_version": 2, "subflows": [counter],
        "variables": [{"name": "n", "data_type": "Integer", "default": 100}],
        "nodes": [
        {"id": "s", "kind": "event.manual_start"},
        {"id": "a", "kind": "subflow:counter"},
        {"id": "b", "kind": "subflow:counter"},
        {"id": "o1", "kind": "event.board_output", "config": {"name": "a"}},
        {"id": "o2", "kind": "event.board_output", "config": {"name": "b"}}
    ], "edges": [
        edge("e1", "s", "then", "a", "go"), edge("e2", "a", "done", "b", "go"), edge("e3", "b", "done", "o1", "exec"),
        edge("e4", "a", "n", "o1", "value"), edge("e5", "o1", "then", "o2", "exec"), edge("e6", "b", "n", "o2", "value")
    ]}));
    let record = run_blocking(&p, &RunOptions::default());
    assert_eq!(record.status, RunStatus::Succeeded, "{:?}", record.error);
    // The output `n` reads `plus`, a pure node evaluated again when read,
    // after `set` (as it would be inline): 11 + 1.
    assert_eq!((record.outputs["a"].to_json(), record.outputs["b"].to_json()), (json!(12), json!(12)));
    assert_eq!(record.variables["n"].to_json(), json!(100));
    assert_eq!(record.variables["a›n"].to_json(), json!(11));
}

/// Flattening scopes a variable per instance only for the kinds in
/// `board::VARIABLE_KINDS` (and making a subflow leaves those on the board):
/// every built-in kind whose settings name a board variable is listed there.
#[test]
fn the_kinds_that_name_a_variable_are_the_listed_ones() {
    let catalog = Catalog::builtin();
    let mut naming: Vec<String> = catalog
        .defs()
        .filter(|def| {
            let board = Board::from_value(json!({"format_version": 2, "nodes": [
                {"id": "n", "kind": def.name, "config": {"name": "no_such_variable"}}
            ]}))
            .expect("a board");
            validate(&board, &catalog).iter().any(|d| d.message.contains("no board variable is called"))
        })
        .map(|def| def.name.clone())
        .collect();
    naming.sort();
    assert_eq!(naming, floe_engine::board::VARIABLE_KINDS);
}

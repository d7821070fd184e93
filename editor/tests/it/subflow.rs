//! Make subflow and unpack, property-tested: whatever nodes of whatever
//! board are wrapped, the board runs the same (same status, outputs and
//! error code), one undo restores it to the byte, and unpacking the
//! instance runs the same again.

use std::sync::Arc;

use floe_editor::Document;
use floe_editor::edit::{make_subflow, unpack};
use floe_engine::{Board, Catalog, NodeId, Plan, RunOptions, Value, run_blocking};
use proptest::prelude::*;
use serde_json::json;

/// What a run of `board` with `input` says, comparable across edits (the
/// failing node's path differs once it is inside an instance, its code not).
fn outcome(board: &Board, input: &serde_json::Value) -> Option<String> {
    let plan = Plan::compile(board, &Catalog::builtin()).ok()?;
    let opts = RunOptions { input: Value::from_json(input), timing: false, ..RunOptions::default() };
    let r = run_blocking(&Arc::new(plan), &opts);
    if r.status != floe_engine::RunStatus::Succeeded {
        // Which outputs a failing run produced before it stopped depends on
        // the order of independent nodes, which wrapping may change.
        return Some(format!("{:?} {:?}", r.status, r.error.map(|e| e.code)));
    }
    let outputs: Vec<String> = r.outputs.iter().map(|(k, v)| format!("{k}={}", v.to_json())).collect();
    Some(without_paths(&outputs.join(" ")))
}

/// `text` with instance paths left out (`subflow›parse` → `parse`): an
/// error value names the node that failed by its path.
fn without_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        match c {
            '›' => word.clear(),
            c if c.is_alphanumeric() || c == '_' => word.push(c),
            c => {
                out.push_str(&word);
                word.clear();
                out.push(c);
            }
        }
    }
    out + &word
}

/// Wraps `selected`, checks the run and the undo, unpacks, checks the run.
/// `false` when the selection cannot be wrapped (events, variables).
fn wrap_and_unpack(board: &Board, selected: &[NodeId], input: &serde_json::Value) -> bool {
    let catalog = Catalog::builtin();
    let Some(before) = outcome(board, input) else { return false };
    let Ok(edit) = make_subflow(board, selected, &catalog, "Wrapped") else { return false };
    let mut doc = Document::new(board.clone());
    doc.apply(edit.command.clone()).unwrap();
    let wrapped = doc.board().clone();
    let instance = wrapped.nodes.iter().find(|n| n.kind.starts_with("subflow:")).unwrap().id.clone();
    let diags = floe_engine::validate(&wrapped, &catalog);
    assert_eq!(outcome(&wrapped, input).as_deref(), Some(before.as_str()), "wrapped {selected:?}:\n{diags}");
    doc.undo();
    assert_eq!(doc.board(), board, "one undo restores the board");
    doc.redo();
    let Ok(edit) = unpack(&wrapped, &instance) else { return true };
    doc.apply(edit.command).unwrap();
    assert_eq!(outcome(doc.board(), input).as_deref(), Some(before.as_str()), "unpacked {selected:?}");
    doc.undo();
    assert_eq!(doc.board(), &wrapped, "one undo puts the instance back");
    true
}

/// A random dataflow board: constants and arithmetic over earlier nodes
/// (a divide by zero now and then, caught by an error pin or not), some
/// results as board outputs.
fn arithmetic() -> impl Strategy<Value = Board> {
    let kinds = ["math.add", "math.subtract", "math.multiply", "math.max", "math.divide", "math.modulo"];
    let node = (0..kinds.len(), any::<prop::sample::Index>(), any::<prop::sample::Index>(), -3i64..4, any::<bool>());
    (proptest::collection::vec(node, 1..14), proptest::collection::vec(any::<prop::sample::Index>(), 1..4), any::<bool>())
        .prop_map(move |(ops, outs, catch)| {
            let mut nodes = vec![json!({"id": "k0", "kind": "value.constant", "config": {"value": 7}}),
                                 json!({"id": "k1", "kind": "value.constant", "config": {"value": 2}})];
            let mut edges = Vec::new();
            for (i, (k, a, b, c, inline)) in ops.iter().enumerate() {
                let id = format!("n{i}");
                let src = |ix: &prop::sample::Index| {
                    let j = ix.index(i + 2);
                    if j < 2 { (format!("k{j}"), "value") } else { (format!("n{}", j - 2), "result") }
                };
                let (sa, pa) = src(a);
                edges.push(json!({"id": format!("{id}a"), "from": {"node": sa, "pin": pa}, "to": {"node": id, "pin": "a"}}));
                if *inline {
                    nodes.push(json!({"id": id, "kind": kinds[*k], "inputs": {"b": c}}));
                } else {
                    let (sb, pb) = src(b);
                    edges.push(json!({"id": format!("{id}b"), "from": {"node": sb, "pin": pb}, "to": {"node": id, "pin": "b"}}));
                    nodes.push(json!({"id": id, "kind": kinds[*k]}));
                }
            }
            for (o, ix) in outs.iter().enumerate() {
                let j = ix.index(ops.len());
                nodes.push(json!({"id": format!("out{o}"), "kind": "event.board_output", "config": {"name": format!("o{o}")}}));
                edges.push(json!({"id": format!("eo{o}"), "from": {"node": format!("n{j}"), "pin": "result"}, "to": {"node": format!("out{o}"), "pin": "value"}}));
            }
            if catch {
                nodes.push(json!({"id": "code", "kind": "data.get_path", "inputs": {"path": "code"}}));
                nodes.push(json!({"id": "outc", "kind": "event.board_output", "config": {"name": "caught"}}));
                edges.push(json!({"id": "ec", "from": {"node": "n0", "pin": "error"}, "to": {"node": "code", "pin": "value"}}));
                edges.push(json!({"id": "ec2", "from": {"node": "code", "pin": "value"}, "to": {"node": "outc", "pin": "value"}}));
            }
            Board::from_value(json!({"format_version": 2, "nodes": nodes, "edges": edges})).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn wrapping_any_selection_of_a_random_board_runs_the_same(board in arithmetic(), pick in proptest::collection::vec(any::<bool>(), 40)) {
        let selected: Vec<NodeId> = board.nodes.iter().zip(&pick).filter(|(_, p)| **p).map(|(n, _)| n.id.clone()).collect();
        if !selected.is_empty() {
            wrap_and_unpack(&board, &selected, &json!(null));
        }
    }
}

/// Every example and fixture board (control flow, loops, error pins,
/// exercises), with selections from a fixed generator: the same checks.
#[test]
fn wrapping_selections_of_every_example_runs_the_same() {
    let mut boards = crate::boards_in("examples");
    boards.extend(crate::boards_in("tests/fixtures/boards"));
    let (mut tried, mut wrapped) = (0, 0);
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (name, board) in &boards {
        if board.nodes.iter().any(|n| n.kind == "event.interval" || n.kind.starts_with("subflow:")) {
            continue;
        }
        let input = board
            .exercise
            .as_ref()
            .and_then(|e| e.cases.first())
            .map(|c| c.input.clone())
            .or_else(|| {
                let path = format!(
                    "{}/../tests/fixtures/boards/{}",
                    env!("CARGO_MANIFEST_DIR"),
                    name.replace(".board.json", ".input.json")
                );
                std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str(&t).ok())
            })
            .unwrap_or(json!(null));
        for _ in 0..12 {
            let selected: Vec<NodeId> = board.nodes.iter().filter(|_| next() % 3 == 0).map(|n| n.id.clone()).collect();
            if selected.is_empty() {
                continue;
            }
            tried += 1;
            if wrap_and_unpack(board, &selected, &input) {
                wrapped += 1;
            }
        }
    }
    assert!(wrapped >= 40, "only {wrapped} of {tried} selections could be wrapped");
}

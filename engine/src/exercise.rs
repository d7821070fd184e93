//! Exercises: a board can carry test cases (an input payload and the board
//! outputs it should produce). A host runs each case however it runs boards
//! (the tab asynchronously, the CLI natively) and [`compare`] says which
//! outputs differ and how.

use serde::{Deserialize, Serialize};

use crate::board::{Board, Edge, Node, Subflow};
pub use crate::board::{Exercise, TestCase};
use crate::exec::RunRecord;
use crate::ids::PinRef;
use crate::types::DataType;

/// The largest output a case compares (as JSON); larger ones differ.
const COMPARED: usize = 16 * 1024 * 1024;

/// The board a case for subflow `id` runs: one instance of it, a Board
/// input for each of its data inputs (named after the pin, typed as it),
/// a Board output for each data output; with Execution pins, the first
/// input fires its first Execution input and its first Execution output
/// fires the outputs in turn. `Err` says why there is no such board.
pub fn harness(board: &Board, id: &str) -> Result<Board, String> {
    let def: &Subflow = board.subflow(id).ok_or_else(|| format!("the board has no subflow `{id}`"))?;
    let iface = def.interface();
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut edge = |from: PinRef, to: PinRef| {
        let id = format!("h{}", edges.len() + 1);
        edges.push(Edge::new(id, from, to));
    };
    let instance = "case";
    let mut inst = Node::new(instance, def.kind_name());
    inst.position.x = 300.0;
    let data_in: Vec<_> = iface.inputs.iter().filter(|p| p.data_type != DataType::Execution).collect();
    let exec_in = iface.inputs.iter().find(|p| p.data_type == DataType::Execution);
    let exec_out = iface.outputs.iter().find(|p| p.data_type == DataType::Execution);
    let start = match (exec_in, data_in.first()) {
        (Some(_), None) => {
            nodes.push(Node::new("start", "event.manual_start"));
            Some(PinRef::new("start", "then"))
        }
        (Some(_), Some(first)) => Some(PinRef::new(format!("in:{}", first.name), "then")),
        (None, _) => None,
    };
    for (k, p) in data_in.iter().enumerate() {
        let id = format!("in:{}", p.name);
        let data = serde_json::to_value(p.data_type).unwrap_or_default();
        let shape = serde_json::to_value(p.value_type).unwrap_or_default();
        let mut n = Node::new(id.as_str(), "event.board_input")
            .with_config("name", p.name.clone().into())
            .with_config("data_type", data)
            .with_config("value_type", shape);
        n.position.y = k as f64 * 120.0;
        nodes.push(n);
        edge(PinRef::new(id.as_str(), "value"), PinRef::new(instance, p.name.as_str()));
    }
    if let (Some(from), Some(pin)) = (start, exec_in) {
        edge(from, PinRef::new(instance, pin.name.as_str()));
    }
    nodes.push(inst);
    let mut fire = exec_out.map(|p| PinRef::new(instance, p.name.as_str()));
    for p in iface.outputs.iter().filter(|p| p.data_type != DataType::Execution) {
        let id = format!("out:{}", p.name);
        let mut n = Node::new(id.as_str(), "event.board_output").with_config("name", p.name.clone().into());
        n.position.x = 600.0;
        nodes.push(n);
        edge(PinRef::new(instance, p.name.as_str()), PinRef::new(id.as_str(), "value"));
        if let Some(from) = fire.take() {
            edge(from, PinRef::new(id.as_str(), "exec"));
            fire = Some(PinRef::new(id.as_str(), "then"));
        }
    }
    Ok(Board {
        nodes,
        edges,
        modules: board.modules.clone(),
        subflows: board.subflows.clone(),
        variables: board.variables.clone(),
        ..Board::default()
    })
}

/// The plans of the subflows `cases` test on their own, by subflow id:
/// each harness compiled once (`Err`: why that subflow cannot run alone).
pub fn subflow_plans(
    board: &Board,
    catalog: &crate::Catalog,
    cases: &[TestCase],
) -> std::collections::BTreeMap<String, Result<std::sync::Arc<crate::Plan>, String>> {
    let mut plans = std::collections::BTreeMap::new();
    for id in cases.iter().filter_map(|c| c.subflow.as_deref()) {
        if plans.contains_key(id) {
            continue;
        }
        let plan = harness(board, id).and_then(|h| {
            crate::Plan::compile(&h, catalog).map(std::sync::Arc::new).map_err(|d| {
                let first = d.errors().next().map(ToString::to_string).unwrap_or_default();
                format!("subflow `{id}` cannot run on its own: {first}")
            })
        });
        plans.insert(id.to_owned(), plan);
    }
    plans
}

/// The result of a case that could not run (`why`).
pub fn not_run(case: &TestCase, why: String) -> CaseResult {
    CaseResult { name: case.name.clone(), passed: false, differences: Vec::new(), error: Some(why) }
}

/// One output that is not what the case expects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// The board output.
    pub output: String,
    /// What the case expects.
    pub expected: serde_json::Value,
    /// What the run produced (`None`: the output was never set).
    pub got: Option<serde_json::Value>,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.got {
            Some(got) => write!(f, "`{}`: expected {}, got {}", self.output, self.expected, got),
            None => write!(f, "`{}`: expected {}, but the board never set it", self.output, self.expected),
        }
    }
}

/// How one case went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// All expected outputs matched and the run succeeded.
    pub passed: bool,
    /// The outputs that differ.
    pub differences: Vec<Difference>,
    /// Why the run itself failed, if it did.
    pub error: Option<String>,
}

/// Compares a run's record with what `case` expects. Numbers compare by
/// value (`212` equals `212.0`; floats within a relative 1e-9), lists and
/// objects element by element.
pub fn compare(case: &TestCase, record: &RunRecord) -> CaseResult {
    let differences: Vec<Difference> = case
        .expect
        .iter()
        .filter_map(|(name, expected)| {
            let got = record.outputs.get(name).map(|v| match v.json_len_within(COMPARED) {
                Some(_) => v.to_json(),
                None => serde_json::Value::String(format!("(a value of more than {} MiB as JSON)", COMPARED >> 20)),
            });
            match &got {
                Some(g) if same(expected, g) => None,
                _ => Some(Difference { output: name.clone(), expected: expected.clone(), got }),
            }
        })
        .collect();
    let error = record.error.as_ref().map(|e| match &e.node {
        Some(n) => format!("node `{n}` failed: [{}] {}", e.code, e.message),
        None => format!("[{}] {}", e.code, e.message),
    });
    CaseResult { name: case.name.clone(), passed: differences.is_empty() && error.is_none(), differences, error }
}

/// JSON equality where numbers compare by value.
pub fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => {
                let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
                x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs())
            }
        },
        (J::Array(x), J::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_subflow_runs_on_its_own_for_its_cases() {
        use crate::{Catalog, Plan, RunOptions, Value, run_blocking};
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/subflows.board.json")).unwrap();
        let board = Board::from_json(&text).unwrap();
        let h = harness(&board, "c_to_f").unwrap();
        let plan = std::sync::Arc::new(Plan::compile(&h, &Catalog::builtin()).unwrap());
        let opts =
            RunOptions { input: Value::from_json(&serde_json::json!({"celsius": 100})), ..RunOptions::default() };
        let record = run_blocking(&plan, &opts);
        assert_eq!(record.outputs["fahrenheit"].to_json(), serde_json::json!(212.0));
        // With execution pins: the fixture's loop subflow.
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/boards/subflow_loop.board.json"
        ))
        .unwrap();
        let board = Board::from_json(&text).unwrap();
        let plan =
            std::sync::Arc::new(Plan::compile(&harness(&board, "squares").unwrap(), &Catalog::builtin()).unwrap());
        let opts =
            RunOptions { input: Value::from_json(&serde_json::json!({"list": [3, 4]})), ..RunOptions::default() };
        assert_eq!(run_blocking(&plan, &opts).outputs["items"].to_json(), serde_json::json!([9, 16]));
        assert_eq!(harness(&board, "nope").unwrap_err(), "the board has no subflow `nope`");
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(&json!(212), &json!(212.0)));
        assert!(same(&json!(0.1 + 0.2), &json!(0.3)));
        assert!(!same(&json!(1), &json!(1.5)));
        assert!(same(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]})));
        assert!(!same(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!same(&json!("1"), &json!(1)));
    }

    #[test]
    fn differences_read_well() {
        let d = Difference { output: "total".into(), expected: json!(3), got: Some(json!(4)) };
        assert_eq!(d.to_string(), "`total`: expected 3, got 4");
        let d = Difference { output: "total".into(), expected: json!(3), got: None };
        assert_eq!(d.to_string(), "`total`: expected 3, but the board never set it");
    }
}

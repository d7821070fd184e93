//! Exercises: a board can carry test cases (an input payload and the board
//! outputs it should produce). A host runs each case however it runs boards
//! (the tab asynchronously, the CLI natively) and [`compare`] says which
//! outputs differ and how.

use serde::{Deserialize, Serialize};

pub use crate::board::{Exercise, TestCase};
use crate::exec::RunRecord;

/// The largest output a case compares (as JSON); larger ones differ.
const COMPARED: usize = 16 * 1024 * 1024;

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

//! A WASI stdio node: any program that reads JSON on stdin and writes JSON on
//! stdout runs as a Floe node. Its pins come from `wasi_stats.io.json`.

use serde_json::{Value, json};

/// Count, sum, mean and median of `numbers`, echoing `label`.
pub fn stats(input: &str) -> Result<Value, String> {
    let v: Value = serde_json::from_str(input).map_err(|e| format!("stdin is not JSON: {e}"))?;
    let numbers = v
        .get("numbers")
        .and_then(Value::as_array)
        .ok_or("expected {\"numbers\": [...]} on stdin")?
        .iter()
        .enumerate()
        .map(|(i, n)| n.as_f64().ok_or(format!("numbers[{i}] is not a number")))
        .collect::<Result<Vec<f64>, String>>()?;
    if numbers.is_empty() {
        return Err("numbers is empty".into());
    }
    let mut sorted = numbers.clone();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
    let sum: f64 = numbers.iter().sum();
    let label = v.get("label").and_then(Value::as_str).unwrap_or("numbers");
    Ok(json!({"count": n, "sum": sum, "mean": sum / n as f64, "median": median, "label": label}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_stats() {
        let out = stats(r#"{"numbers": [3, 1, 2, 10], "label": "x"}"#).unwrap();
        assert_eq!(out, json!({"count": 4, "sum": 16.0, "mean": 4.0, "median": 2.5, "label": "x"}));
        assert_eq!(stats(r#"{"numbers": [1, "a"]}"#).unwrap_err(), "numbers[1] is not a number");
    }
}

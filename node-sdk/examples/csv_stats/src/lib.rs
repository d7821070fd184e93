//! Statistics of one numeric column of CSV text.

use floe_node_sdk::{Context, DataType, Definition, Node, NodeError, Pin, Scores};

/// The node.
pub struct CsvStats;

/// Count, min, max and mean of `column`, or a message saying what is wrong.
pub fn column_stats(csv_text: &str, column: &str) -> Result<(i64, f64, f64, f64), String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("bad CSV header: {e}"))?.clone();
    let col = headers.iter().position(|h| h == column).ok_or_else(|| {
        format!("no column `{column}`; the columns are: {}", headers.iter().collect::<Vec<_>>().join(", "))
    })?;
    let (mut n, mut min, mut max, mut sum) = (0i64, f64::INFINITY, f64::NEG_INFINITY, 0.0);
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("bad CSV: {e}"))?;
        let cell = record.get(col).unwrap_or("").trim();
        if cell.is_empty() {
            continue;
        }
        let x: f64 = cell.parse().map_err(|_| format!("row {}: `{cell}` is not a number", line + 1))?;
        n += 1;
        min = min.min(x);
        max = max.max(x);
        sum += x;
    }
    if n == 0 {
        return Err(format!("column `{column}` has no numbers"));
    }
    Ok((n, min, max, sum / n as f64))
}

impl Node for CsvStats {
    const DEFINITION: Definition = Definition {
        name: "csv_stats",
        friendly_name: "CSV column statistics",
        description: "Reads CSV text with a header line and gives the count, minimum, maximum and mean of one numeric column (empty cells are skipped).",
        category: "Custom/Data",
        icon: "table",
        pins: &[
            Pin::input("csv", "CSV", DataType::String),
            Pin::input("column", "Column", DataType::String),
            Pin::output("count", "Count", DataType::Integer),
            Pin::output("min", "Min", DataType::Float),
            Pin::output("max", "Max", DataType::Float),
            Pin::output("mean", "Mean", DataType::Float),
        ],
        scores: Scores::SANDBOXED,
        config: &[],
        type_params: &[],
        http: &[],
        secrets: &[],
    };

    fn run(cx: &mut Context<'_>) -> Result<(), NodeError> {
        let (n, min, max, mean) =
            column_stats(cx.str("csv")?, cx.str("column")?).map_err(|m| NodeError::new("bad-input", m))?;
        cx.set("count", n)?;
        cx.set("min", min)?;
        cx.set("max", max)?;
        cx.set("mean", mean)
    }
}

floe_node_sdk::export_node!(CsvStats);

#[cfg(test)]
mod tests {
    use super::*;
    use floe_node_sdk::MockHost;

    #[test]
    fn stats_of_a_column() {
        let csv = "item,price\napple,1.5\npear,\nfig,3.5\n";
        assert_eq!(column_stats(csv, "price"), Ok((2, 1.5, 3.5, 2.5)));
        assert!(column_stats(csv, "cost").unwrap_err().contains("the columns are: item, price"));
        let run = MockHost::new().input("csv", "a\nx\n").input("column", "a").run::<CsvStats>();
        assert_eq!(run.error.unwrap().message, "row 1: `x` is not a number");
    }
}

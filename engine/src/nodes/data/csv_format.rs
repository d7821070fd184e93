//! `data.csv_format`: rows into CSV text.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.csv_format",
        "Format CSV",
        "Data",
        "Writes rows as CSV text. Struct rows get a header line from their field names (in first-seen order); list rows are written as they are.",
    )
    .icon("table")
    .setting(ConfigField::new("delimiter", "Delimiter", STR, json!(",")))
    .pin(PinDef::input("rows", "Rows", PinType::array(DataType::Generic)))
    .pin(PinDef::output("text", "Text", STR));
    Builtin::new(def, |cx| {
        let d = cx.config.string("delimiter")?;
        match d.as_bytes() {
            [b] if d.is_ascii() => node(CsvFormat(*b)),
            _ => Err(cx.config.error("delimiter", format!("must be one ASCII character, got {d:?}"))),
        }
    })
}

struct CsvFormat(u8);

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl NodeImpl for CsvFormat {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let rows = cx.array(0)?;
        let mut w = csv::WriterBuilder::new().delimiter(self.0).flexible(true).from_writer(Vec::new());
        let mut columns: Vec<&str> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for row in rows {
            if let Value::Map(m) = row {
                for k in m.keys() {
                    if seen.insert(k.as_str()) {
                        columns.push(k);
                    }
                }
            }
        }
        let max = cx.limits().max_text_bytes;
        let too_long = || NodeError::limit("max_text_bytes", max as u64, "the CSV text would be longer");
        let fail = |e: csv::Error| NodeError::failed("csv", format!("cannot write CSV: {e}"));
        if !columns.is_empty() {
            w.write_record(&columns).map_err(fail)?;
        }
        for (i, row) in rows.iter().enumerate() {
            if w.get_ref().len() > max || row.json_len_within(max).is_none() {
                return Err(too_long());
            }
            match row {
                Value::Map(m) => {
                    w.write_record(columns.iter().map(|c| m.get(*c).map(cell).unwrap_or_default())).map_err(fail)?
                }
                Value::Array(a) => w.write_record(a.iter().map(cell)).map_err(fail)?,
                other => {
                    return Err(NodeError::failed(
                        "bad-row",
                        format!("row {i} is {}, not a Struct or a list", other.describe()),
                    ));
                }
            }
        }
        let bytes = w.into_inner().map_err(|e| NodeError::failed("csv", e.to_string()))?;
        if bytes.len() > max {
            return Err(too_long());
        }
        cx.set(0, Value::from(String::from_utf8_lossy(&bytes).into_owned()));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn writes_header_and_quotes() {
        let rows = json!([{"name": "Ada", "age": 36}, {"name": "A, B"}]);
        assert_eq!(
            eval("data.csv_format", json!({"rows": rows}), json!({})).unwrap(),
            json!({"text": "age,name\n36,Ada\n,\"A, B\"\n"})
        );
    }
}

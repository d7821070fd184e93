//! `data.csv_parse`: CSV text into rows.

use std::collections::BTreeMap;

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "data.csv_parse",
        "Parse CSV",
        "Data",
        "Reads CSV text into rows: with `header` on, each row is a Struct keyed by the first line's names; otherwise a list of cells. Numbers become numbers when `infer_numbers` is on.",
    )
    .icon("table")
    .setting(ConfigField::new("header", "First line is a header", BOOL, json!(true)))
    .setting(ConfigField::new("delimiter", "Delimiter", STR, json!(",")))
    .setting(ConfigField::new("infer_numbers", "Numbers as numbers", BOOL, json!(true)))
    .pin(PinDef::input("text", "Text", STR))
    .pin(PinDef::output("rows", "Rows", PinType::array(DataType::Struct)));
    Builtin::new(def, build).dynamic_pins(|def, c| {
        let mut pins = def.pins.clone();
        if !c.bool("header")? {
            pins[1].data_type = DataType::Generic;
        }
        Ok(pins)
    })
}

fn build(cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
    let d = cx.config.string("delimiter")?;
    let delimiter = match d.as_bytes() {
        [b] if d.is_ascii() => *b,
        _ if d == "\\t" => b'\t',
        _ => return Err(cx.config.error("delimiter", format!("must be one ASCII character, got {d:?}"))),
    };
    node(CsvParse { header: cx.config.bool("header")?, delimiter, infer: cx.config.bool("infer_numbers")? })
}

struct CsvParse {
    header: bool,
    delimiter: u8,
    infer: bool,
}

impl CsvParse {
    fn cell(&self, s: &str) -> Value {
        if self.infer {
            if let Ok(i) = s.trim().parse::<i64>() {
                return Value::Int(i);
            }
            if let Ok(f) = s.trim().parse::<f64>()
                && f.is_finite()
            {
                return Value::Float(f);
            }
        }
        Value::from(s)
    }
}

impl NodeImpl for CsvParse {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(self.header)
            .delimiter(self.delimiter)
            .flexible(false)
            .from_reader(cx.str(0)?.as_bytes());
        let names: Vec<String> = if self.header {
            reader
                .headers()
                .map_err(|e| cx.bad_input(0, format!("bad CSV header: {e}")))?
                .iter()
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        };
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| cx.bad_input(0, format!("bad CSV: {e}")))?;
            cx.check_list(rows.len() + 1)?;
            let row = if self.header {
                let m: BTreeMap<String, Value> =
                    names.iter().cloned().zip(record.iter().map(|c| self.cell(c))).collect();
                Value::map(m)
            } else {
                Value::array(record.iter().map(|c| self.cell(c)).collect())
            };
            rows.push(row);
        }
        cx.set(0, Value::array(rows));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn header_rows_and_numbers() {
        let out =
            eval("data.csv_parse", json!({"text": "name,age\nAda,36\n\"Lovelace, A\",1.5\n"}), json!({})).unwrap();
        assert_eq!(out, json!({"rows": [{"name": "Ada", "age": 36}, {"name": "Lovelace, A", "age": 1.5}]}));
        let out = eval(
            "data.csv_parse",
            json!({"text": "a;1"}),
            json!({"header": false, "delimiter": ";", "infer_numbers": false}),
        )
        .unwrap();
        assert_eq!(out, json!({"rows": [["a", "1"]]}));
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let err = eval("data.csv_parse", json!({"text": "a,b\n1,2\n3\n"}), json!({})).unwrap_err();
        assert!(err.contains("bad CSV") && err.contains("line: 3"), "{err}");
    }
}

//! `time.format_date`: a date as text.

use chrono::format::StrftimeItems;

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "time.format_date",
        "Format date",
        "Time",
        "Writes a date as text with a strftime pattern (%Y-%m-%d %H:%M:%S, %A for the weekday, ...), shifted by `utc_offset_minutes` from UTC.",
    )
    .icon("calendar")
    .setting(ConfigField::new("utc_offset_minutes", "UTC offset (minutes)", INT, json!(0)))
    .pin(PinDef::input("date", "Date", DATE))
    .pin(PinDef::input("format", "Format", STR).default_value(json!("%Y-%m-%d %H:%M:%S")))
    .pin(PinDef::output("text", "Text", STR));
    Builtin::new(def, |cx| {
        let minutes = cx.config.i64("utc_offset_minutes")?;
        let offset = i32::try_from(minutes * 60).ok().and_then(chrono::FixedOffset::east_opt).ok_or_else(|| {
            cx.config.error("utc_offset_minutes", format!("{minutes} minutes is not a UTC offset (−1439 to 1439)"))
        })?;
        node(FormatDate(offset))
    })
}

struct FormatDate(chrono::FixedOffset);

impl NodeImpl for FormatDate {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let ms = match cx.input(0) {
            Value::Date(ms) => *ms,
            Value::Str(s) => crate::value::parse_date(s).ok_or_else(|| cx.type_error(0, "Date"))?,
            _ => return Err(cx.type_error(0, "Date")),
        };
        let date = chrono::DateTime::from_timestamp_millis(ms)
            .ok_or_else(|| cx.bad_input(0, "date out of range"))?
            .with_timezone(&self.0);
        let pattern = cx.str(1)?;
        let items = StrftimeItems::new(pattern)
            .parse()
            .map_err(|_| cx.bad_input(1, format!("{pattern:?} is not a valid date format")))?;
        let text = date.format_with_items(items.iter()).to_string();
        cx.set(0, Value::from(text));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn formats_with_offset() {
        let out = eval(
            "time.format_date",
            json!({"date": "2026-01-31T23:30:00Z", "format": "%Y-%m-%d %H:%M %A"}),
            json!({"utc_offset_minutes": 60}),
        )
        .unwrap();
        assert_eq!(out, json!({"text": "2026-02-01 00:30 Sunday"}));
        let err = eval("time.format_date", json!({"date": "2026-01-31", "format": "%Q"}), json!({})).unwrap_err();
        assert!(err.contains("is not a valid date format"), "{err}");
    }
}

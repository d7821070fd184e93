//! Runtime values. Cheap to clone: collections and text are reference-counted,
//! numbers are inline. JSON-shaped, plus a distinct `Integer`/`Float` and `Date`.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::types::{DataType, PinType, ValueType};

/// A value flowing along a wire.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    /// No value (JSON `null`).
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer (also used for `Byte`).
    Int(i64),
    /// A float.
    Float(f64),
    /// Text (also used for `PathBuf`).
    Str(Arc<str>),
    /// An instant: milliseconds since the Unix epoch, UTC.
    Date(i64),
    /// A list (also used for `HashSet`).
    Array(Arc<Vec<Value>>),
    /// A map with text keys (also used for `Struct` and `HashMap`).
    Map(Arc<BTreeMap<String, Value>>),
}

/// A value did not fit the type it was meant to have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected}, got {found}{}", detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
pub struct TypeError {
    /// The type that was wanted.
    pub expected: String,
    /// A short description of what came instead.
    pub found: String,
    /// More detail, e.g. which element of an array.
    pub detail: Option<String>,
}

impl TypeError {
    fn new(expected: impl fmt::Display, found: &Value) -> Self {
        Self { expected: expected.to_string(), found: found.describe(), detail: None }
    }

    fn at(mut self, place: String) -> Self {
        self.detail = Some(match self.detail {
            Some(d) => format!("{place}: {d}"),
            None => place,
        });
        self
    }
}

impl Value {
    /// Text value.
    pub fn str(s: impl AsRef<str>) -> Self {
        Value::Str(Arc::from(s.as_ref()))
    }

    /// Array value.
    pub fn array(items: Vec<Value>) -> Self {
        Value::Array(Arc::new(items))
    }

    /// Map value.
    pub fn map(entries: BTreeMap<String, Value>) -> Self {
        Value::Map(Arc::new(entries))
    }

    /// The name of this value's kind, for messages ("Integer", "String", ...).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "Boolean",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Float",
            Value::Str(_) => "String",
            Value::Date(_) => "Date",
            Value::Array(_) => "Array",
            Value::Map(_) => "Struct",
        }
    }

    /// The kind plus a short preview, for messages.
    pub fn describe(&self) -> String {
        let mut text = self.to_string();
        if text.len() > 40 {
            let cut = (0..=37).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            text.truncate(cut);
            text.push_str("...");
        }
        match self {
            Value::Null => "null".into(),
            Value::Str(_) => format!("String {text:?}"),
            _ => format!("{} {text}", self.kind_name()),
        }
    }

    /// Converts untyped JSON: whole numbers become integers, objects maps.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::str(s),
            serde_json::Value::Array(a) => Value::array(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => {
                Value::map(o.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
            }
        }
    }

    /// Converts to JSON. Dates become RFC 3339 text; non-finite floats become `null`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Float(f) => {
                serde_json::Number::from_f64(*f).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
            }
            Value::Str(s) => serde_json::Value::String(s.to_string()),
            Value::Date(ms) => serde_json::Value::String(format_date_rfc3339(*ms)),
            Value::Array(a) => serde_json::Value::Array(a.iter().map(Value::to_json).collect()),
            Value::Map(m) => serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }

    /// Converts `self` so that it fits `ty`, or says why it cannot.
    ///
    /// Widens Integer to Float, parses RFC 3339 text into a Date, checks Byte range,
    /// removes duplicates from a HashSet and checks every element of a collection.
    /// `Generic` accepts anything.
    pub fn coerce(self, ty: PinType) -> Result<Value, TypeError> {
        if self.fits(ty) {
            return Ok(self);
        }
        match ty.value {
            ValueType::Normal => self.coerce_data(ty.data),
            ValueType::Array | ValueType::HashSet => {
                let Value::Array(items) = self else {
                    return Err(TypeError::new(ty, &self));
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(item.clone().coerce_data(ty.data).map_err(|e| e.at(format!("item {i}")))?);
                }
                if ty.value == ValueType::HashSet {
                    let mut unique: Vec<Value> = Vec::with_capacity(out.len());
                    for v in out {
                        if !unique.iter().any(|u| u.loose_eq(&v)) {
                            unique.push(v);
                        }
                    }
                    out = unique;
                }
                Ok(Value::array(out))
            }
            ValueType::HashMap => {
                let Value::Map(entries) = self else {
                    return Err(TypeError::new(ty, &self));
                };
                let mut out = BTreeMap::new();
                for (k, v) in entries.iter() {
                    out.insert(k.clone(), v.clone().coerce_data(ty.data).map_err(|e| e.at(format!("key {k:?}")))?);
                }
                Ok(Value::map(out))
            }
        }
    }

    /// Whether `self` already is a `ty` as it stands (a cheap test for
    /// single values; collections are checked element by element by `coerce`).
    #[inline]
    pub fn fits(&self, ty: PinType) -> bool {
        if ty.is_any() {
            return true;
        }
        if ty.value != ValueType::Normal {
            return false;
        }
        matches!(
            (ty.data, self),
            (DataType::Generic, _)
                | (DataType::String | DataType::PathBuf, Value::Str(_))
                | (DataType::Integer, Value::Int(_))
                | (DataType::Float, Value::Float(_))
                | (DataType::Boolean, Value::Bool(_))
                | (DataType::Date, Value::Date(_))
                | (DataType::Struct, Value::Map(_))
        )
    }

    fn coerce_data(self, data: DataType) -> Result<Value, TypeError> {
        let ok = match (data, &self) {
            (DataType::Generic, _) => true,
            (DataType::Execution, _) => false,
            (DataType::String | DataType::PathBuf, Value::Str(_)) => true,
            (DataType::Integer, Value::Int(_)) => true,
            (DataType::Integer, Value::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                return Ok(Value::Int(*f as i64));
            }
            (DataType::Float, Value::Float(_)) => true,
            (DataType::Float, Value::Int(i)) => return Ok(Value::Float(*i as f64)),
            (DataType::Boolean, Value::Bool(_)) => true,
            (DataType::Byte, Value::Int(i)) => (0..=255).contains(i),
            (DataType::Date, Value::Date(_)) => true,
            (DataType::Date, Value::Str(s)) => {
                return parse_date(s).map(Value::Date).ok_or_else(|| TypeError {
                    expected: "Date".into(),
                    found: self.describe(),
                    detail: Some("dates are RFC 3339 text such as 2026-01-31T12:00:00Z".into()),
                });
            }
            (DataType::Date, Value::Int(ms)) => return Ok(Value::Date(*ms)),
            (DataType::Struct, Value::Map(_)) => true,
            _ => false,
        };
        if ok {
            Ok(self)
        } else {
            let mut err = TypeError::new(data, &self);
            if data == DataType::Byte && matches!(self, Value::Int(_)) {
                err.detail = Some("a Byte is between 0 and 255".into());
            }
            Err(err)
        }
    }

    /// Equality that treats `1` and `1.0` as equal and compares collections deeply.
    pub fn loose_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => *a as f64 == *b,
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.loose_eq(y))
            }
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|((ka, va), (kb, vb))| ka == kb && va.loose_eq(vb))
            }
            _ => self == other,
        }
    }

    /// Ordering for comparison and sorting: numbers with numbers, text with text,
    /// dates with dates, booleans with booleans. `None` when the kinds differ.
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
            (Value::Int(a), Value::Float(b)) => (*a as f64).partial_cmp(b),
            (Value::Float(a), Value::Int(b)) => a.partial_cmp(&(*b as f64)),
            (Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
            (Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
            (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            (Value::Null, Value::Null) => Some(Ordering::Equal),
            _ => None,
        }
    }

    /// The number as a float, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The text, if this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The entries, if this is a map.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    /// Text shows as itself; everything else as compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            Value::Date(ms) => f.write_str(&format_date_rfc3339(*ms)),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Null => f.write_str("null"),
            other => write!(f, "{}", other.to_json()),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(d).map(|j| Value::from_json(&j))
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::str(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Str(Arc::from(v))
    }
}

/// Formats milliseconds since the epoch as RFC 3339 UTC (`2026-01-31T12:00:00.000Z`).
pub fn format_date_rfc3339(ms: i64) -> String {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(d) => d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        None => format!("<date out of range: {ms} ms>"),
    }
}

/// Parses RFC 3339 text (or a plain `YYYY-MM-DD` date, taken as midnight UTC).
pub fn parse_date(s: &str) -> Option<i64> {
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s.trim()) {
        return Some(d.timestamp_millis());
    }
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_round_trip_keeps_integers_apart_from_floats() {
        let j = json!({"a": 1, "b": 1.5, "c": [true, null, "x"]});
        let v = Value::from_json(&j);
        assert_eq!(v.as_map().unwrap()["a"], Value::Int(1));
        assert_eq!(v.as_map().unwrap()["b"], Value::Float(1.5));
        assert_eq!(v.to_json(), j);
    }

    #[test]
    fn coerce_widens_and_parses_dates() {
        let f = Value::Int(3).coerce(PinType::normal(DataType::Float)).unwrap();
        assert_eq!(f, Value::Float(3.0));
        let d = Value::str("2026-01-31T12:00:00Z").coerce(PinType::normal(DataType::Date)).unwrap();
        assert_eq!(d.to_string(), "2026-01-31T12:00:00.000Z");
    }

    #[test]
    fn coerce_names_the_bad_element() {
        let v = Value::from_json(&json!([1, 2, "three"]));
        let err = v.coerce(PinType::array(DataType::Integer)).unwrap_err();
        assert_eq!(err.to_string(), "expected Integer, got String \"three\" (item 2)");
    }

    #[test]
    fn byte_range_is_checked() {
        let err = Value::Int(300).coerce(PinType::normal(DataType::Byte)).unwrap_err();
        assert!(err.to_string().contains("between 0 and 255"), "{err}");
    }

    #[test]
    fn sets_drop_duplicates() {
        let v = Value::from_json(&json!([1, 2, 1, 3, 2]));
        let set = v.coerce(PinType::new(DataType::Integer, ValueType::HashSet)).unwrap();
        assert_eq!(set.to_json(), json!([1, 2, 3]));
    }

    #[test]
    fn loose_equality_crosses_number_kinds() {
        assert!(Value::Int(2).loose_eq(&Value::Float(2.0)));
        assert!(!Value::Int(2).loose_eq(&Value::str("2")));
    }

    #[test]
    fn describe_truncates_long_values_on_char_boundaries() {
        let long = Value::str("é".repeat(100));
        assert!(long.describe().ends_with("...\""));
    }
}

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

    /// The kind plus a short preview, for messages. Reads only as much of
    /// the value as the preview shows, however large the value is.
    pub fn describe(&self) -> String {
        let text = self.preview(40);
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

    /// The value as text (see `Display`), cut to at most `max` bytes with
    /// `...` when longer; reads only what it shows.
    pub fn preview(&self, max: usize) -> String {
        let mut out = Bounded::new(max.saturating_add(1));
        let whole = match self {
            Value::Str(s) => out.push(s).is_ok(),
            Value::Array(_) | Value::Map(_) => self.write_json(&mut out).is_ok(),
            scalar => out.push(&scalar.to_string()).is_ok(),
        };
        let mut text = out.text;
        if !whole || text.len() > max {
            let cut = (0..=max.saturating_sub(3)).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            text.truncate(cut);
            text.push_str("...");
        }
        text
    }

    /// The length of the value as compact JSON (what `to_json` would
    /// serialise to), or `None` when it is longer than `max` bytes. Reads at
    /// most about `max` bytes' worth of the value, so it bounds the work of
    /// turning a value that shares one large part many times into text.
    pub fn json_len_within(&self, max: usize) -> Option<usize> {
        let mut out = Bounded::counting(max);
        self.write_json(&mut out).ok()?;
        Some(out.len)
    }

    /// Whether the value nests lists and maps more than `max` deep (a scalar
    /// is depth 0, `[1]` depth 1). Stops as soon as it knows.
    pub fn deeper_than(&self, max: usize) -> bool {
        let mut stack: Vec<(&Value, usize)> = vec![(self, 0)];
        while let Some((v, d)) = stack.pop() {
            let children: Box<dyn Iterator<Item = &Value>> = match v {
                Value::Array(a) => Box::new(a.iter()),
                Value::Map(m) => Box::new(m.values()),
                _ => continue,
            };
            if d + 1 > max {
                return true;
            }
            stack.extend(children.map(|c| (c, d + 1)));
        }
        false
    }

    /// Writes compact JSON (as `to_json` then serde_json would) into `out`,
    /// stopping when `out` is full. Recursion is bounded: values never nest
    /// deeper than [`crate::limits::MAX_DEPTH_CEILING`].
    fn write_json(&self, out: &mut Bounded) -> Result<(), Full> {
        match self {
            Value::Null => out.push("null"),
            Value::Bool(b) => out.push(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push(&i.to_string()),
            Value::Float(f) => match serde_json::Number::from_f64(*f) {
                Some(n) => out.push(&n.to_string()),
                None => out.push("null"),
            },
            Value::Str(s) => out.push_json_str(s),
            Value::Date(ms) => out.push_json_str(&format_date_rfc3339(*ms)),
            Value::Array(items) => {
                out.push("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(",")?;
                    }
                    item.write_json(out)?;
                }
                out.push("]")
            }
            Value::Map(m) => {
                out.push("{")?;
                for (i, (k, item)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(",")?;
                    }
                    out.push_json_str(k)?;
                    out.push(":")?;
                    item.write_json(out)?;
                }
                out.push("}")
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

    /// Whether the value owns no memory (null, a boolean, a number, a date).
    #[inline(always)]
    pub fn is_scalar(&self) -> bool {
        matches!(self, Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Date(_))
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

    /// Ordering for comparison and sorting: numbers with numbers (Integers
    /// and Floats exactly, however large), text with text, dates with dates,
    /// booleans with booleans. `None` when the kinds differ or a float is NaN.
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
            (Value::Int(a), Value::Float(b)) => (!b.is_nan()).then(|| int_float(*a, *b)),
            (Value::Float(a), Value::Int(b)) => (!a.is_nan()).then(|| int_float(*b, *a).reverse()),
            (Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
            (Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
            (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            (Value::Null, Value::Null) => Some(Ordering::Equal),
            _ => None,
        }
    }

    /// A total order for sorting values of one comparable kind: as
    /// [`Value::compare`], with NaN after every other number. Kinds that
    /// `compare` cannot order are ordered by kind (null, booleans, numbers,
    /// text, dates, lists, maps) so a sort never sees an inconsistent order;
    /// callers that must refuse mixed kinds check [`Value::compare`] first.
    pub fn total_cmp(&self, other: &Value) -> Ordering {
        fn rank(v: &Value) -> u8 {
            match v {
                Value::Null => 0,
                Value::Bool(_) => 1,
                Value::Int(_) | Value::Float(_) => 2,
                Value::Str(_) => 3,
                Value::Date(_) => 4,
                Value::Array(_) => 5,
                Value::Map(_) => 6,
            }
        }
        match (self, other) {
            (Value::Float(a), Value::Float(b)) => a.total_cmp(b),
            (Value::Float(a), Value::Int(_)) if a.is_nan() => Ordering::Greater,
            (Value::Int(_), Value::Float(b)) if b.is_nan() => Ordering::Less,
            (Value::Array(_) | Value::Map(_), _) | (_, Value::Array(_) | Value::Map(_)) => rank(self).cmp(&rank(other)),
            _ => self.compare(other).unwrap_or_else(|| rank(self).cmp(&rank(other))),
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
            other => {
                let mut out = Bounded::new(usize::MAX);
                let _ = other.write_json(&mut out);
                f.write_str(&out.text)
            }
        }
    }
}

/// As `to_json` would write it, streamed: a serialiser that stops early
/// (the CLI's output limit) never has the whole of a large value built.
impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(f) if f.is_finite() => s.serialize_f64(*f),
            Value::Float(_) => s.serialize_unit(),
            Value::Str(t) => s.serialize_str(t),
            Value::Date(ms) => s.serialize_str(&format_date_rfc3339(*ms)),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m.iter() {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
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

/// Where `i` stands against `f` (not NaN), exactly: no rounding of `i` to a float.
fn int_float(i: i64, f: f64) -> Ordering {
    // 2^63 as a float: every i64 is below it, and at or above -2^63.
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if f >= TWO_63 {
        return Ordering::Less;
    }
    if f < -TWO_63 {
        return Ordering::Greater;
    }
    let whole = f.trunc();
    match i.cmp(&(whole as i64)) {
        Ordering::Equal if f > whole => Ordering::Less,
        Ordering::Equal if f < whole => Ordering::Greater,
        other => other,
    }
}

/// A text sink that refuses to grow past a limit (or only counts).
struct Bounded {
    text: String,
    len: usize,
    max: usize,
    keep: bool,
}

/// The sink is full.
struct Full;

impl Bounded {
    fn new(max: usize) -> Self {
        Bounded { text: String::new(), len: 0, max, keep: true }
    }

    fn counting(max: usize) -> Self {
        Bounded { text: String::new(), len: 0, max, keep: false }
    }

    fn push(&mut self, s: &str) -> Result<(), Full> {
        if self.len + s.len() > self.max {
            if self.keep {
                // Keep what fits, for a preview.
                let room = self.max - self.len;
                let cut = (0..=room).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
                self.text.push_str(&s[..cut]);
                self.len += cut;
            }
            return Err(Full);
        }
        self.len += s.len();
        if self.keep {
            self.text.push_str(s);
        }
        Ok(())
    }

    /// `s` as a JSON string, escaped as serde_json escapes it.
    fn push_json_str(&mut self, s: &str) -> Result<(), Full> {
        // Escaping only lengthens text: when `s` alone passes the limit,
        // escape just the part that can fit, never the whole of a long text.
        let room = self.max - self.len;
        if s.len() >= room {
            let cut = (0..=room).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
            let _ = self.push(&serde_json::to_string(&s[..cut]).unwrap_or_default());
            return Err(Full);
        }
        self.push(&serde_json::to_string(s).unwrap_or_default())
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
    plain_date(s.trim()).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc().timestamp_millis())
}

/// A date as chrono's `NaiveDate::parse_from_str(s, "%Y-%m-%d")` reads it
/// (a property test holds them equal), without chrono's format parser,
/// which would be 8 KB of the page for this one format: a year of up to
/// four digits, or any number right after a sign; a month and a day of one
/// or two digits; spaces may come before each number (before the sign).
fn plain_date(s: &str) -> Option<chrono::NaiveDate> {
    /// One to `max` ASCII digits: their value and the rest.
    fn number(s: &str, max: usize) -> Option<(i64, &str)> {
        let len = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        let mut v: i64 = 0;
        for b in s[..len].bytes() {
            v = v.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        Some((v, &s[len..]))
    }
    let t = s.trim_start();
    let (year, rest) = match t.as_bytes().first() {
        Some(b'-') => number(&t[1..], usize::MAX).map(|(v, r)| (-v, r))?,
        Some(b'+') => number(&t[1..], usize::MAX)?,
        _ => number(t, 4)?,
    };
    // Spaces may come before each number (before a year's sign), never after the sign.
    let (month, rest) = number(rest.strip_prefix('-')?.trim_start(), 2)?;
    let (day, rest) = number(rest.strip_prefix('-')?.trim_start(), 2)?;
    if !rest.is_empty() {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The hand-written date reader agrees with chrono's `%Y-%m-%d`.
        #[test]
        fn a_plain_date_reads_as_chronos_format_does(
            s in "[ +\\-]{0,2}[0-9]{0,7}[ \\-]{0,2}[ +]?[0-9]{0,3}[ \\-]{0,2}[ +]?[0-9]{0,3}[ a]{0,1}|.{0,12}"
        ) {
            proptest::prop_assert_eq!(plain_date(&s), chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok(), "{:?}", s);
        }
    }

    #[test]
    fn plain_dates_edge_cases_read_as_chrono_reads_them() {
        for s in [
            "2026-01-31",
            "2026-1-5",
            "+12026-01-01",
            "-0044-03-15",
            "99999-01-01",
            "2026-02-30",
            "2026-13-01",
            "2026- 01-01",
            "2026-01-01 ",
            " 2026-01-01",
            "0-1-1",
            "+-1-1-1",
            "2026--1-01",
            "2026-+1-01",
            "",
            "-",
            "2026",
            "2026-01",
            "2026-01-",
            "+99999999999999999999-01-01",
            "2024-02-29",
            "2023-02-29",
            "१२३४-01-01",
        ] {
            assert_eq!(plain_date(s), chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(), "{s:?}");
        }
    }

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
    fn text_of_values_is_bounded_and_matches_serde_json() {
        let v = Value::from_json(&json!({"a": [1, 2.5, "x\n\"y", null, true], "b": {"c": 1e20}}));
        assert_eq!(v.to_string(), serde_json::to_string(&v.to_json()).unwrap());
        assert_eq!(v.json_len_within(1000), Some(v.to_string().len()));
        assert_eq!(v.json_len_within(10), None);
        // One large text shared a million times: its preview and size check read only what they need.
        let big = Value::str("x".repeat(1 << 20));
        let huge = Value::array(vec![big; 1_000_000]);
        assert_eq!(huge.json_len_within(1 << 22), None);
        assert_eq!(huge.describe(), format!("Array [\"{}...", "x".repeat(35)));
        assert!(huge.preview(100).len() <= 100);
        assert_eq!(Value::Float(1.0).describe(), "Float 1");
        assert_eq!(Value::Date(0).describe(), "Date 1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn depth_is_measured_without_recursion() {
        let mut v = Value::Int(1);
        for _ in 0..100_000 {
            v = Value::array(vec![v]);
        }
        let deep = v.deeper_than(128);
        // Runs keep values shallower than MAX_DEPTH_CEILING, so dropping one
        // recurses little; this one is taken apart level by level.
        while let Value::Array(a) = v {
            v = Arc::try_unwrap(a).map(|mut items| items.pop().unwrap_or_default()).unwrap_or_default();
        }
        assert!(deep);
        assert!(!Value::from_json(&json!([[1], {"a": 2}])).deeper_than(2));
        assert!(Value::from_json(&json!([[1], {"a": [2]}])).deeper_than(2));
    }

    #[test]
    fn numbers_compare_exactly_and_sorting_is_a_total_order() {
        let big = 1i64 << 53;
        assert_eq!(Value::Int(big + 1).compare(&Value::Float(big as f64)), Some(Ordering::Greater));
        assert_eq!(Value::Float(big as f64).compare(&Value::Int(big + 1)), Some(Ordering::Less));
        assert_eq!(Value::Int(i64::MAX).compare(&Value::Float(9.3e18)), Some(Ordering::Less));
        assert_eq!(Value::Int(-3).compare(&Value::Float(-2.5)), Some(Ordering::Less));
        assert_eq!(Value::Int(2).compare(&Value::Float(2.0)), Some(Ordering::Equal));
        assert_eq!(Value::Int(1).compare(&Value::Float(f64::NAN)), None);
        assert_eq!(Value::Int(1).compare(&Value::str("1")), None);
        let mut mixed: Vec<Value> = [json!(3), json!("a"), json!(null), json!([1]), json!(2.5), json!(true)]
            .iter()
            .map(Value::from_json)
            .chain([Value::Float(f64::NAN), Value::Int(big + 1), Value::Float(big as f64)])
            .collect();
        mixed.sort_by(Value::total_cmp);
        let shown: Vec<String> = mixed.iter().map(Value::to_string).collect();
        assert_eq!(shown, ["null", "true", "2.5", "3", "9007199254740992", "9007199254740993", "NaN", "a", "[1]"]);
    }

    #[test]
    fn describe_truncates_long_values_on_char_boundaries() {
        let long = Value::str("é".repeat(100));
        assert!(long.describe().ends_with("...\""));
    }
}

//! Pin values as a node sees them, and their wire encoding.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::abi::wire::{Reader, WireError, Writer, tag};

/// How deep lists and maps may nest on the wire.
pub const MAX_DEPTH: usize = 64;

/// A value on a pin.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum PinValue {
    /// No value.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer (also a Byte).
    Int(i64),
    /// A float.
    Float(f64),
    /// Text (also a PathBuf).
    Text(String),
    /// Milliseconds since the Unix epoch, UTC.
    Date(i64),
    /// A list (also a HashSet).
    List(Vec<PinValue>),
    /// A map in insertion order (a Struct or a HashMap).
    Map(Vec<(String, PinValue)>),
}

impl PinValue {
    /// Appends the wire form.
    pub fn write(&self, w: &mut Writer) {
        match self {
            PinValue::Null => w.u8(tag::NULL),
            PinValue::Bool(b) => b.write_to(w),
            PinValue::Int(i) => i.write_to(w),
            PinValue::Float(f) => f.write_to(w),
            PinValue::Text(s) => s.as_str().write_to(w),
            PinValue::Date(ms) => {
                w.u8(tag::DATE);
                w.i64(*ms);
            }
            PinValue::List(items) => {
                w.u8(tag::LIST);
                w.u32(items.len() as u32);
                for v in items {
                    v.write(w);
                }
            }
            PinValue::Map(entries) => {
                w.u8(tag::MAP);
                w.u32(entries.len() as u32);
                for (k, v) in entries {
                    w.str(k);
                    v.write(w);
                }
            }
        }
    }

    /// Reads one value from the wire.
    pub fn read(r: &mut Reader<'_>) -> Result<PinValue, WireError> {
        Self::read_depth(r, 0)
    }

    fn read_depth(r: &mut Reader<'_>, depth: usize) -> Result<PinValue, WireError> {
        if depth > MAX_DEPTH {
            return Err(WireError { at: 0, what: "values nest too deeply" });
        }
        Ok(match r.u8()? {
            tag::NULL => PinValue::Null,
            tag::BOOL => PinValue::Bool(r.u8()? != 0),
            tag::INT => PinValue::Int(r.i64()?),
            tag::FLOAT => PinValue::Float(r.f64()?),
            tag::TEXT => PinValue::Text(r.str()?.to_owned()),
            tag::DATE => PinValue::Date(r.i64()?),
            tag::LIST => {
                let n = r.count(1)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(Self::read_depth(r, depth + 1)?);
                }
                PinValue::List(items)
            }
            tag::MAP => {
                let n = r.count(5)?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let k = r.str()?.to_owned();
                    entries.push((k, Self::read_depth(r, depth + 1)?));
                }
                PinValue::Map(entries)
            }
            _ => return Err(WireError { at: 0, what: "unknown value tag" }),
        })
    }

    /// The integer, if this is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            PinValue::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The number as a float (integers widen).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            PinValue::Int(i) => Some(*i as f64),
            PinValue::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The text, if this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PinValue::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            PinValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items, if this is a list.
    pub fn as_list(&self) -> Option<&[PinValue]> {
        match self {
            PinValue::List(v) => Some(v),
            _ => None,
        }
    }

    /// The value of `key`, if this is a map that has it.
    pub fn get(&self, key: &str) -> Option<&PinValue> {
        match self {
            PinValue::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A short name of the value's kind, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            PinValue::Null => "null",
            PinValue::Bool(_) => "Boolean",
            PinValue::Int(_) => "Integer",
            PinValue::Float(_) => "Float",
            PinValue::Text(_) => "String",
            PinValue::Date(_) => "Date",
            PinValue::List(_) => "Array",
            PinValue::Map(_) => "Struct",
        }
    }
}

/// A value an output can be set to: [`PinValue`], or a Rust value that
/// converts to one. Each is written straight into the result, so setting an
/// integer or a `&str` builds no [`PinValue`] (and copies no text).
pub trait OutputValue {
    /// Appends the wire form.
    fn write_to(self, w: &mut Writer);
}

impl OutputValue for PinValue {
    #[inline]
    fn write_to(self, w: &mut Writer) {
        self.write(w);
    }
}
impl OutputValue for i64 {
    #[inline]
    fn write_to(self, w: &mut Writer) {
        w.u8(tag::INT);
        w.i64(self);
    }
}
impl OutputValue for f64 {
    #[inline]
    fn write_to(self, w: &mut Writer) {
        w.u8(tag::FLOAT);
        w.f64(self);
    }
}
impl OutputValue for bool {
    #[inline]
    fn write_to(self, w: &mut Writer) {
        w.u8(tag::BOOL);
        w.u8(u8::from(self));
    }
}
impl OutputValue for &str {
    #[inline]
    fn write_to(self, w: &mut Writer) {
        w.u8(tag::TEXT);
        w.str(self);
    }
}
impl OutputValue for String {
    #[inline]
    fn write_to(self, w: &mut Writer) {
        self.as_str().write_to(w);
    }
}
impl OutputValue for &String {
    #[inline]
    fn write_to(self, w: &mut Writer) {
        self.as_str().write_to(w);
    }
}

impl From<i64> for PinValue {
    fn from(v: i64) -> Self {
        PinValue::Int(v)
    }
}
impl From<f64> for PinValue {
    fn from(v: f64) -> Self {
        PinValue::Float(v)
    }
}
impl From<bool> for PinValue {
    fn from(v: bool) -> Self {
        PinValue::Bool(v)
    }
}
impl From<&str> for PinValue {
    fn from(v: &str) -> Self {
        PinValue::Text(v.to_owned())
    }
}
impl From<String> for PinValue {
    fn from(v: String) -> Self {
        PinValue::Text(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let v = PinValue::Map(vec![
            ("a".into(), PinValue::List(vec![PinValue::Int(1), PinValue::Float(0.5), PinValue::Null])),
            ("b".into(), PinValue::Text("é".into())),
            ("c".into(), PinValue::Bool(true)),
            ("d".into(), PinValue::Date(1_700_000_000_000)),
        ]);
        let mut w = Writer::new();
        v.write(&mut w);
        assert_eq!(PinValue::read(&mut Reader::new(&w.buf)).unwrap(), v);
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let mut w = Writer::new();
        for _ in 0..10_000 {
            w.u8(tag::LIST);
            w.u32(1);
        }
        w.u8(tag::NULL);
        let err = PinValue::read(&mut Reader::new(&w.buf)).unwrap_err();
        assert_eq!(err.what, "values nest too deeply");
    }
}

//! A minimal JSON writer (no parser) that runs at compile time: a node's
//! definition JSON is built by `const fn`s into a static byte array, so the
//! guest's `get_node` is a pointer into the data section and no JSON code is
//! linked into the module at all.

#[allow(unused_imports)]
use crate::prelude::*;

/// Writes JSON text into `buf`, counting bytes past its end without writing
/// them: run once over an empty buffer to learn the length, then again over
/// a buffer of that length.
pub(crate) struct Json<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> Json<'a> {
    /// Writes into `buf` (which may be empty, to measure).
    pub const fn new(buf: &'a mut [u8]) -> Self {
        Json { buf, len: 0 }
    }

    /// Bytes written (or needed).
    pub const fn len(&self) -> usize {
        self.len
    }

    const fn byte(&mut self, b: u8) {
        if self.len < self.buf.len() {
            self.buf[self.len] = b;
        }
        self.len += 1;
    }

    /// Raw JSON (trusted to be valid).
    pub const fn raw(&mut self, s: &str) -> &mut Self {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            self.byte(bytes[i]);
            i += 1;
        }
        self
    }

    /// A JSON string.
    pub const fn string(&mut self, s: &str) -> &mut Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.byte(b'"');
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => self.raw("\\\"").len,
                b'\\' => self.raw("\\\\").len,
                b'\n' => self.raw("\\n").len,
                b'\r' => self.raw("\\r").len,
                b'\t' => self.raw("\\t").len,
                c if c < 0x20 => {
                    self.raw("\\u00");
                    self.byte(HEX[(c >> 4) as usize]);
                    self.byte(HEX[(c & 15) as usize]);
                    self.len
                }
                // Multi-byte UTF-8 sequences pass through unchanged.
                c => {
                    self.byte(c);
                    self.len
                }
            };
            i += 1;
        }
        self.byte(b'"');
        self
    }

    /// A non-negative integer.
    pub const fn number(&mut self, n: u64) -> &mut Self {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut n = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        while i < digits.len() {
            self.byte(digits[i]);
            i += 1;
        }
        self
    }

    /// `"key":` inside an object; prefixes a comma unless `first`.
    pub const fn key(&mut self, key: &str, first: bool) -> &mut Self {
        if !first {
            self.byte(b',');
        }
        self.string(key);
        self.byte(b':');
        self
    }
}

/// Appends `n` in decimal, without `core::fmt` (which would add dozens of
/// functions to every node module, each costing instantiation time).
#[inline]
pub(crate) fn push_u64(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let len = Json::new(&mut digits).number(n).len();
    for &d in &digits[..len] {
        out.push(d as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(f: impl Fn(&mut Json<'_>)) -> String {
        let need = {
            let mut j = Json::new(&mut []);
            f(&mut j);
            j.len()
        };
        let mut buf = vec![0; need];
        let mut j = Json::new(&mut buf);
        f(&mut j);
        assert_eq!(j.len(), need, "measuring and writing agree");
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn escapes_strings() {
        let text = write(|j| {
            j.raw("{").key("q\"\n", true).string("tab\there \u{1} é\\").key("n", false).number(1024).raw("}");
        });
        assert_eq!(text, r#"{"q\"\n":"tab\there \u0001 é\\","n":1024}"#);
    }

    #[test]
    fn numbers_without_fmt() {
        for n in [0, 7, 10, 99, 12345, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}

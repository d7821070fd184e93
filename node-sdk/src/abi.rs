//! The node ABI: the one definition of how a Floe node module and its host
//! talk. The engine imports these names and the wire format from here;
//! `node-sdk/ABI.md` describes the same contract for authors in other languages.

#[allow(unused_imports)]
use crate::prelude::*;

/// The ABI version this crate speaks. A module reports its version through
/// [`EXPORT_ABI_VERSION`]; the host refuses other versions by name.
pub const ABI_VERSION: i32 = 1;

/// `() -> i32`: the module's ABI version.
pub const EXPORT_ABI_VERSION: &str = "floe_abi_version";
/// `(len: i32) -> i32`: reserves `len` bytes in the module's memory for the host to write into.
pub const EXPORT_ALLOC: &str = "alloc";
/// `() -> i64`: the node definition as JSON, packed as `(ptr << 32) | len`.
pub const EXPORT_GET_NODE: &str = "get_node";
/// `(ptr: i32, len: i32) -> i64`: runs once with a JSON context; returns a JSON result, packed.
pub const EXPORT_RUN: &str = "run";
/// `(ptr: i32, len: i32) -> i64`: runs once with a binary (wire) context; returns a wire result, packed.
/// Preferred by the host when present: no JSON parser runs in the guest.
pub const EXPORT_RUN_TYPED: &str = "run_typed";
/// Optional, `() -> i64`: a buffer in the module's memory, packed as
/// `(ptr << 32) | len`, where the host may write a context of up to `len`
/// bytes instead of calling [`EXPORT_ALLOC`] — one call fewer per run. It
/// must be the same in every instance (a static buffer): the host asks once,
/// when it loads the module.
pub const EXPORT_INPUT_BUFFER: &str = "floe_input_buffer";
/// The exported linear memory.
pub const EXPORT_MEMORY: &str = "memory";

/// The only import module a Floe node may use.
pub const IMPORT_MODULE: &str = "floe";
/// `(level: i32, ptr: i32, len: i32)`: writes a UTF-8 log line (level: 0 debug, 1 info, 2 warn, 3 error).
pub const IMPORT_LOG: &str = "log";
/// `(ptr: i32, len: i32) -> i32`: sends the HTTP request described by the
/// JSON at `ptr` (see ABI.md) and waits for the answer without using fuel;
/// returns the answer's length in bytes, to read with [`IMPORT_HTTP_READ`].
pub const IMPORT_HTTP_FETCH: &str = "http_fetch";
/// `(ptr: i32)`: copies the last `http_fetch` answer (JSON) to `ptr`.
pub const IMPORT_HTTP_READ: &str = "http_read";

/// The WASI preview1 import module used by stdio nodes.
pub const WASI_MODULE: &str = "wasi_snapshot_preview1";
/// The entry point of a WASI stdio node.
pub const WASI_START: &str = "_start";

/// Packs a pointer and a length into the `i64` returned by `get_node`, `run` and `run_typed`.
pub fn pack(ptr: u32, len: u32) -> i64 {
    ((u64::from(ptr) << 32) | u64::from(len)) as i64
}

/// Unpacks the `i64` returned by `get_node`, `run` and `run_typed`.
pub fn unpack(packed: i64) -> (u32, u32) {
    let v = packed as u64;
    ((v >> 32) as u32, v as u32)
}

/// Log levels as sent through [`IMPORT_LOG`] and the wire result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLevel {
    /// Details.
    Debug = 0,
    /// Normal output.
    Info = 1,
    /// Something looks wrong.
    Warn = 2,
    /// Something failed.
    Error = 3,
}

impl LogLevel {
    /// The level for a number (unknown numbers are `Info`).
    pub fn from_i32(v: i32) -> Self {
        match v {
            0 => LogLevel::Debug,
            2 => LogLevel::Warn,
            3 => LogLevel::Error,
            _ => LogLevel::Info,
        }
    }

    /// The level's name in JSON results (`"debug"`, `"info"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
        }
    }
}

/// The binary format of `run_typed`: small, self-describing, little-endian.
///
/// ```text
/// value   := tag:u8 payload
///            0 null | 1 bool u8 | 2 int i64 | 3 float f64 | 4 text str
///            5 date i64 (ms since epoch) | 6 list u32 count, value*
///            7 map u32 count, (str key, value)*
/// str     := u32 len, UTF-8 bytes
/// context := u32 abi_version, value inputs (a list, in input pin order),
///            value config (a map), str run_id
/// result  := u8 0, u16 fire (0xFFFF: none), value outputs (a list, in
///            output pin order), u32 n, (u8 level, str text)*        -- success
///          | u8 1, str code, str message, u32 n, (u8 level, str)*   -- failure
/// ```
pub mod wire {
    #[allow(unused_imports)]
    use crate::prelude::*;

    /// Value tags.
    pub mod tag {
        /// `null`.
        pub const NULL: u8 = 0;
        /// A boolean.
        pub const BOOL: u8 = 1;
        /// An integer.
        pub const INT: u8 = 2;
        /// A float.
        pub const FLOAT: u8 = 3;
        /// Text.
        pub const TEXT: u8 = 4;
        /// A date.
        pub const DATE: u8 = 5;
        /// A list.
        pub const LIST: u8 = 6;
        /// A map.
        pub const MAP: u8 = 7;
    }

    /// Result status: success.
    pub const OK: u8 = 0;
    /// Result status: the node failed.
    pub const FAILED: u8 = 1;
    /// `fire` value meaning "no execution output".
    pub const NO_FIRE: u16 = 0xFFFF;

    /// Appends wire primitives to a byte buffer.
    #[derive(Default, Debug)]
    pub struct Writer {
        /// The bytes written so far.
        pub buf: Vec<u8>,
    }

    impl Writer {
        /// An empty writer.
        #[inline]
        pub fn new() -> Self {
            Writer { buf: Vec::new() }
        }

        /// A byte.
        #[inline]
        pub fn u8(&mut self, v: u8) {
            self.buf.push(v);
        }
        /// A 16-bit number.
        #[inline]
        pub fn u16(&mut self, v: u16) {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        /// A 32-bit count or length.
        #[inline]
        pub fn u32(&mut self, v: u32) {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        /// An empty writer with room for `n` bytes.
        #[inline]
        pub fn with_capacity(n: usize) -> Self {
            Writer { buf: Vec::with_capacity(n) }
        }
        /// A 64-bit integer.
        #[inline]
        pub fn i64(&mut self, v: i64) {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        /// A 64-bit float.
        #[inline]
        pub fn f64(&mut self, v: f64) {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        /// A length-prefixed UTF-8 string.
        #[inline]
        pub fn str(&mut self, s: &str) {
            self.u32(s.len() as u32);
            self.buf.extend_from_slice(s.as_bytes());
        }
    }

    /// Why wire bytes could not be read.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct WireError {
        /// Byte offset where reading failed.
        pub at: usize,
        /// What was wrong.
        pub what: &'static str,
    }

    impl core::fmt::Display for WireError {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            write!(f, "{} at byte {}", self.what, self.at)
        }
    }

    /// Reads wire primitives from bytes, never panicking on bad input.
    #[derive(Debug)]
    pub struct Reader<'a> {
        bytes: &'a [u8],
        pos: usize,
    }

    impl<'a> Reader<'a> {
        /// Reads `bytes` from the start.
        #[inline]
        pub fn new(bytes: &'a [u8]) -> Self {
            Reader { bytes, pos: 0 }
        }

        /// Bytes not read yet.
        #[inline]
        pub fn remaining(&self) -> usize {
            self.bytes.len() - self.pos
        }

        #[inline]
        fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
            if self.remaining() < n {
                return Err(WireError { at: self.pos, what: "unexpected end of data" });
            }
            let s = self.bytes.get(self.pos..self.pos + n).unwrap_or_default();
            self.pos += n;
            Ok(s)
        }

        #[inline]
        pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
            let mut out = [0u8; N];
            out.copy_from_slice(self.take(N)?);
            Ok(out)
        }

        /// A byte.
        #[inline]
        pub fn u8(&mut self) -> Result<u8, WireError> {
            Ok(self.take(1)?[0])
        }
        /// A 16-bit number.
        #[inline]
        pub fn u16(&mut self) -> Result<u16, WireError> {
            Ok(u16::from_le_bytes(self.array()?))
        }
        /// A 32-bit count or length.
        #[inline]
        pub fn u32(&mut self) -> Result<u32, WireError> {
            Ok(u32::from_le_bytes(self.array()?))
        }
        /// A 64-bit integer.
        #[inline]
        pub fn i64(&mut self) -> Result<i64, WireError> {
            Ok(i64::from_le_bytes(self.array()?))
        }
        /// A 64-bit float.
        #[inline]
        pub fn f64(&mut self) -> Result<f64, WireError> {
            Ok(f64::from_le_bytes(self.array()?))
        }
        /// A length-prefixed UTF-8 string.
        #[inline]
        pub fn str(&mut self) -> Result<&'a str, WireError> {
            let at = self.pos + 4;
            let bytes = self.bytes()?;
            core::str::from_utf8(bytes).map_err(|_| WireError { at, what: "text is not UTF-8" })
        }
        /// Length-prefixed bytes (a string's, unchecked).
        #[inline]
        pub fn bytes(&mut self) -> Result<&'a [u8], WireError> {
            let len = self.u32()? as usize;
            self.take(len)
        }
        /// Where the next read starts.
        #[inline]
        pub fn position(&self) -> usize {
            self.pos
        }
        /// Moves to byte `pos` (clamped to the end).
        #[inline]
        pub fn seek(&mut self, pos: usize) {
            self.pos = pos.min(self.bytes.len());
        }
        /// A count, checked against the bytes left (each item takes at least `min` bytes),
        /// so a hostile count cannot make the reader allocate without bound.
        #[inline]
        pub fn count(&mut self, min: usize) -> Result<usize, WireError> {
            let at = self.pos;
            let n = self.u32()? as usize;
            if n.saturating_mul(min.max(1)) > self.remaining() {
                return Err(WireError { at, what: "count larger than the data" });
            }
            Ok(n)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn primitives_round_trip() {
            let mut w = Writer::new();
            w.u8(7);
            w.u16(0xBEEF);
            w.i64(-5);
            w.f64(2.5);
            w.str("héllo");
            let mut r = Reader::new(&w.buf);
            assert_eq!(r.u8().unwrap(), 7);
            assert_eq!(r.u16().unwrap(), 0xBEEF);
            assert_eq!(r.i64().unwrap(), -5);
            assert_eq!(r.f64().unwrap(), 2.5);
            assert_eq!(r.str().unwrap(), "héllo");
            assert_eq!(r.remaining(), 0);
            assert_eq!(r.u8().unwrap_err().to_string(), "unexpected end of data at byte 29");
        }

        #[test]
        fn hostile_counts_are_refused() {
            let mut w = Writer::new();
            w.u32(u32::MAX);
            let mut r = Reader::new(&w.buf);
            assert_eq!(r.count(1).unwrap_err().what, "count larger than the data");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_round_trips() {
        assert_eq!(unpack(pack(0x1234, 99)), (0x1234, 99));
        assert_eq!(unpack(pack(u32::MAX, u32::MAX)), (u32::MAX, u32::MAX));
    }
}

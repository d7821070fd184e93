//! Text from a board never reaches the terminal raw: control characters
//! (C0, DEL, C1 — escape sequences start with them) and bidirectional
//! overrides and isolates (which reorder what a line seems to say) are
//! written as `\u{…}` escapes. Every line the CLI prints goes through here.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character escaped (newlines and tabs too: one
/// call is one line).
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prints a line on stdout, made safe.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { println!("{}", $crate::terminal::safe(&format!($($arg)*))) };
}

/// Prints a line on stderr, made safe.
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => { eprintln!("{}", $crate::terminal::safe(&format!($($arg)*))) };
}

/// Prints JSON pretty, each line made safe (JSON already escapes the C0
/// controls inside its strings; C1 and bidirectional controls it leaves).
pub fn say_json(value: &impl serde::Serialize, limit: usize) -> anyhow::Result<()> {
    let mut out = Limited { buf: Vec::new(), limit };
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| {
        if e.is_io() {
            anyhow::anyhow!("the output is larger than {} MiB; it was not printed", limit >> 20)
        } else {
            anyhow::Error::new(e)
        }
    })?;
    let text = String::from_utf8(out.buf)?;
    for line in text.lines() {
        println!("{}", safe(line));
    }
    Ok(())
}

/// A buffer that refuses to grow past `limit` bytes.
struct Limited {
    buf: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Limited {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.limit {
            return Err(std::io::Error::other("output limit"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_are_written_out() {
        assert_eq!(safe("plain text, é"), "plain text, é");
        assert_eq!(safe("a\u{1b}[31mred\u{7}"), "a\\u{1b}[31mred\\u{7}");
        assert_eq!(safe("admin\u{202e}txt.exe"), "admin\\u{202e}txt.exe");
        assert_eq!(safe("two\nlines\u{9b}"), "two\\u{a}lines\\u{9b}");
    }
}

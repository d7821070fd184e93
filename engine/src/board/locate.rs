//! Where in a JSON document serde_json stopped: the path of the field
//! (`nodes[2].position.x`) at a byte offset, for shape errors.
//!
//! serde_json reports a shape error ("invalid type: string, expected f64")
//! with the line and column it had read to: just past the bad value (or at a
//! value it only peeked at). This walks the text up to there once, keeping
//! the stack of open objects and arrays, and names the value the error is
//! about — the same path serde_path_to_error would track, without a second,
//! path-tracking copy of every board deserialiser in the page (that copy was
//! 80 KB of its code). `tests` compares the two on random damaged boards.
//!
//! One pass over the text, no recursion (nesting is a stack on the heap).

/// What kind of error the path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cause {
    /// "trailing characters": a struct read from an array stopped early,
    /// and serde_json stepped past the comma into the next slot; the array
    /// is at fault.
    Trailing,
    /// "unknown variant": when read from an object's key (`{"Variant": …}`)
    /// the enum — that object — is at fault; from a string, the string.
    Variant,
    /// Anything else: the slot where the walk stops.
    Other,
}

/// One step of a path: an object's key or an array's index.
enum Frame {
    /// An object; its current key (none before the first or after a comma).
    Object(Option<String>),
    /// An array; the index of its current (or next) element.
    Array(usize),
}

/// The path (serde_path_to_error's notation; `.` for the document) of the
/// value the error at byte `offset` of `text` is about.
/// `cause` says when the error is about the innermost open object or array
/// itself rather than the slot the walk stopped in.
pub(crate) fn path_at(text: &str, offset: usize, cause: Cause) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    // What the error is about is always the stack where the walk stops: a
    // value that ended there (its key or index is still current; a closed
    // container was popped), an object's key (an unknown field), or the
    // slot a bracket, comma or colon opened (a value only peeked at). Nothing
    // is rendered on the way, so a hostile text costs one pass.
    let mut stack: Vec<Frame> = Vec::new();
    // Whether the last token was an object's key.
    let mut after_key = false;
    let mut i = 0;
    while i < end {
        let byte = bytes[i];
        if !byte.is_ascii_whitespace() {
            after_key = false;
        }
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'{' => {
                stack.push(Frame::Object(None));
                i += 1;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Object(key)) => *key = None,
                    Some(Frame::Array(index)) => *index += 1,
                    None => {}
                }
                i += 1;
            }
            b':' => {
                i += 1;
            }
            b'"' => {
                let close = string_end(bytes, i + 1);
                if let Some(Frame::Object(key @ None)) = stack.last_mut() {
                    let raw = text.get(i..close).unwrap_or_default();
                    *key =
                        Some(serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.trim_matches('"').to_owned()));
                    after_key = true;
                }
                i = close;
            }
            _ => {
                // A number or a literal: up to the next delimiter.
                while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
            }
        }
    }
    if cause == Cause::Trailing || (cause == Cause::Variant && after_key) {
        stack.pop();
    }
    render(&stack)
}

/// The index just past the string whose contents start at `i`.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len() // unterminated (or an escape at the very end)
}

/// `nodes[2].position.x`; `.` for the document itself.
fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    if out.is_empty() { ".".into() } else { out }
}

/// The byte offset of serde_json's (1-based line, 0-based byte column).
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.bytes().enumerate().filter(|(_, b)| *b == b'\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
    };
    start + column
}

#[cfg(test)]
mod tests {
    use super::{Cause, offset_of, path_at};

    /// The path at the end of the first occurrence of `mark` in `text`.
    fn after(text: &str, mark: &str) -> String {
        path_at(text, text.find(mark).expect("mark in text") + mark.len(), Cause::Other)
    }

    #[test]
    fn names_the_value_that_ends_at_the_offset() {
        let text = r#"{"nodes": [{"id": "a"}, {"id": 3, "inputs": {"b": [1, "x"]}}]}"#;
        assert_eq!(after(text, "3"), "nodes[1].id");
        assert_eq!(after(text, r#""x""#), "nodes[1].inputs.b[1]");
        // A missing field is reported past the object's closing brace.
        assert_eq!(after(text, r#""a"}"#), "nodes[0]");
        // A value serde_json only peeked at (an array where a number goes).
        assert_eq!(path_at(text, text.find("[1,").unwrap(), Cause::Other), "nodes[1].inputs.b");
        // An unknown field is reported past its key.
        assert_eq!(after(text, r#""inputs""#), "nodes[1].inputs");
        assert_eq!(after(text, "]}"), "nodes[1].inputs");
        assert_eq!(path_at(text, text.len(), Cause::Other), ".");
    }

    #[test]
    fn keys_are_unescaped_and_strings_skipped_whole() {
        let text = r#"{"a\"b": ["],[{", true], "c\u0041": 1}"#;
        assert_eq!(after(text, "true"), "a\"b[1]");
        assert_eq!(after(text, "1"), "cA");
    }

    #[test]
    fn an_error_about_a_container_names_the_container() {
        // A struct read from an array of three: serde_json stops past the
        // second comma, on the slot that should not be there.
        let text = r#"{"nodes": [{"position": ["a", 1, null]}]}"#;
        assert_eq!(after(text, "1, "), "nodes[0].position[2]");
        assert_eq!(path_at(text, text.find("1, ").unwrap() + 3, Cause::Trailing), "nodes[0].position");
        // An unknown variant as an object's key is the enum's fault; as a
        // string, the string's.
        let text = r#"{"a": {"Nope": 1}, "b": "Nope"}"#;
        assert_eq!(path_at(text, text.find(r#""Nope""#).unwrap() + 6, Cause::Variant), "a");
        assert_eq!(path_at(text, text.rfind(r#""Nope""#).unwrap() + 6, Cause::Variant), "b");
    }

    #[test]
    fn hostile_text_costs_one_pass() {
        // A megabyte-long key over a hundred thousand values: nothing is
        // rendered per value, so this takes a moment, not minutes.
        let text = format!("{{\"{}\": [{}0]}}", "k".repeat(1 << 20), "0,".repeat(100_000));
        assert_eq!(path_at(&text, text.len() - 2, Cause::Other).len(), (1 << 20) + "[100000]".len());
        // Cut short inside a string or after a lone backslash.
        assert_eq!(path_at("{\"a\": [\"x\\", 100, Cause::Other), "a[0]");
        // An unterminated key is named as written.
        assert_eq!(path_at("{\"é\\", 100, Cause::Other), "é\\");
    }

    #[test]
    fn lines_and_columns_become_offsets() {
        let text = "{\n  \"a\": 1,\n  \"b\": x\n}";
        assert_eq!(offset_of(text, 1, 1), 1);
        assert_eq!(&text[offset_of(text, 3, 7)..], "x\n}");
        assert_eq!(offset_of(text, 9, 0), text.len());
    }
}

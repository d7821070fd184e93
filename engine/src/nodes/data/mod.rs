//! Data: JSON, paths into structures, arrays and CSV.

mod array_length;
mod average;
mod csv_format;
mod csv_parse;
mod filter_by_field;
mod get_path;
mod json_parse;
mod json_stringify;
mod keys;
mod make_array;
mod map_field;
mod merge;
mod range;
mod set_path;
mod sort_by;
mod sum;

use super::prelude::*;

pub(crate) fn all() -> Vec<Builtin> {
    vec![
        json_parse::kind(),
        json_stringify::kind(),
        get_path::kind(),
        set_path::kind(),
        keys::kind(),
        merge::kind(),
        make_array::kind(),
        array_length::kind(),
        map_field::kind(),
        filter_by_field::kind(),
        sort_by::kind(),
        sum::kind(),
        average::kind(),
        range::kind(),
        csv_parse::kind(),
        csv_format::kind(),
    ]
}

/// One step of a path into a value.
#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Parses `a.b[0]["odd key"]` or a JSON pointer `/a/b/0`.
fn parse_path(path: &str) -> Result<Vec<Seg>, String> {
    if let Some(rest) = path.strip_prefix('/') {
        return Ok(rest
            .split('/')
            .map(|p| {
                let p = p.replace("~1", "/").replace("~0", "~");
                match p.parse::<usize>() {
                    Ok(i) => Seg::Index(i),
                    Err(_) => Seg::Key(p),
                }
            })
            .collect());
    }
    let mut segs = Vec::new();
    let chars: Vec<char> = path.chars().collect();
    let mut i = 0;
    let mut key = String::new();
    while i < chars.len() {
        match chars[i] {
            '.' => {
                if key.is_empty() && !matches!(segs.last(), Some(Seg::Index(_)) | Some(Seg::Key(_))) {
                    return Err(format!("empty name before `.` at character {i}"));
                }
                if !key.is_empty() {
                    segs.push(Seg::Key(std::mem::take(&mut key)));
                }
                i += 1;
            }
            '[' => {
                if !key.is_empty() {
                    segs.push(Seg::Key(std::mem::take(&mut key)));
                }
                let close = chars[i..]
                    .iter()
                    .position(|c| *c == ']')
                    .ok_or_else(|| format!("`[` at character {i} is never closed"))?
                    + i;
                let inner: String = chars[i + 1..close].iter().collect();
                let inner = inner.trim();
                if let Some(q) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                    segs.push(Seg::Key(q.to_owned()));
                } else {
                    let n = inner
                        .parse::<usize>()
                        .map_err(|_| format!("`[{inner}]` is not an index; quote keys as [\"{inner}\"]"))?;
                    segs.push(Seg::Index(n));
                }
                i = close + 1;
            }
            c => {
                key.push(c);
                i += 1;
            }
        }
    }
    if !key.is_empty() {
        segs.push(Seg::Key(key));
    }
    Ok(segs)
}

/// Reads a path; `None` when any step is missing.
fn get<'v>(mut v: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    for seg in path {
        v = match (seg, v) {
            (Seg::Key(k), Value::Map(m)) => m.get(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            (Seg::Key(k), Value::Array(a)) => a.get(k.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// A field of a struct item, or an error naming the item.
fn field<'v>(item: &'v Value, name: &str, index: usize) -> Result<&'v Value, NodeError> {
    match item {
        Value::Map(m) => {
            m.get(name).ok_or_else(|| NodeError::failed("missing-field", format!("item {index} has no field `{name}`")))
        }
        other => Err(NodeError::failed("not-a-struct", format!("item {index} is {}, not a Struct", other.describe()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_both_notations() {
        assert_eq!(
            parse_path("a.b[2][\"x.y\"]").unwrap(),
            vec![Seg::Key("a".into()), Seg::Key("b".into()), Seg::Index(2), Seg::Key("x.y".into())]
        );
        assert_eq!(parse_path("/a/0/c~1d").unwrap(), vec![Seg::Key("a".into()), Seg::Index(0), Seg::Key("c/d".into())]);
        assert_eq!(parse_path("").unwrap(), vec![]);
        assert!(parse_path("a[x]").unwrap_err().contains("quote keys"));
        assert!(parse_path("a[0").unwrap_err().contains("never closed"));
    }
}

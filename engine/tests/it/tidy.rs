//! Tidy: the engine's modules import only downward, in the layer order
//! written in ARCHITECTURE.md. A module may use modules of earlier layers,
//! its own children and its ancestors (a child reads its parent's items);
//! modules of one layer may not use each other. Code under `#[cfg(test)]`
//! is exempt: tests may run the whole engine.
//!
//! The check reads the sources: every `crate::…` and `super::…` path (in
//! `use` trees and inline), resolved through `lib.rs`'s re-exports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Layers of a scope, bottom first. A scope is a module whose children are
/// ordered: `""` is the crate root.
const SCOPES: &[(&str, &[&[&str]])] = &[
    (
        "",
        &[
            &["ids", "graph", "http", "limits", "native"],
            &["types"],
            &["compat", "value"],
            &["schema", "module"],
            &["board", "def", "node"],
            &["catalog", "flatten"],
            &["nodes", "custom", "instance"],
            &["validate"],
            &["plan"],
            &["exec"],
            &["exercise", "wasm"],
            &["bench_boards", "errors"],
        ],
    ),
    (
        "exec",
        &[
            &["host", "record"],
            &["event", "fetch", "options"],
            &["context"],
            &["state"],
            &["dataflow", "fibers"],
            &["runner"],
        ],
    ),
    (
        "wasm",
        &[
            &["error", "limits", "meter"],
            &["codec", "state"],
            &["invoke"],
            &["wasi", "load"],
            &["loaded"],
            &["protocol"],
            &["kind"],
            &["registry"],
        ],
    ),
    ("wasm/protocol", &[&["typed", "json", "stdio"]]),
    ("validate", &[&["wiring"], &["typing"], &["analysis"], &["rules"]]),
];

/// One import that goes the wrong way.
#[derive(Debug, PartialEq)]
struct Violation {
    file: String,
    path: String,
    why: String,
}

/// A source tree: module path (`wasm/kind`) → text.
type Sources = BTreeMap<String, String>;

fn read_tree(root: &Path) -> Sources {
    let mut out = Sources::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p: PathBuf = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p.strip_prefix(root).unwrap().with_extension("");
                let mut module = rel.to_string_lossy().replace('\\', "/");
                if module == "lib" {
                    module.clear();
                } else if let Some(parent) = module.strip_suffix("/mod") {
                    module = parent.to_owned();
                }
                out.insert(module, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

/// The text with comments, string and char literals blanked and
/// `#[cfg(test)]` items removed.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'r' if b.get(i + 1) == Some(&b'#') || (b.get(i + 1) == Some(&b'"') && !ident_byte(b, i)) => {
                // A raw string: r"…" or r#"…"#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    if j >= b.len() {
                        break;
                    }
                    if b[j] == b'"' && b[j + 1..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            b'\'' => {
                // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
                let close = if b.get(i + 1) == Some(&b'\\') {
                    b[i + 2..].iter().position(|&c| c == b'\'').map(|p| i + 2 + p)
                } else if b.get(i + 2) == Some(&b'\'') {
                    Some(i + 2)
                } else {
                    std::str::from_utf8(&b[i + 1..])
                        .ok()
                        .and_then(|s| s.chars().next())
                        .filter(|c| !c.is_ascii())
                        .map(|c| i + 1 + c.len_utf8())
                        .filter(|&j| b.get(j) == Some(&b'\''))
                };
                match close {
                    Some(j) => {
                        out.push_str("' '");
                        i = j + 1;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            _ => {
                let c = text[i..].chars().next().unwrap();
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    strip_test_items(&out)
}

fn ident_byte(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// Removes each `#[cfg(test)]` item: up to its `;`, or its `{ … }` block.
fn strip_test_items(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let mut depth = 0usize;
        let mut end = item.len();
        for (k, c) in item.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The tokens that matter for paths: identifiers, `::`, `{`, `}`, `,`, `*`.
fn tokens(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = code.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '_' {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(code[i..end].to_owned());
        } else if c == ':' && chars.peek().is_some_and(|&(_, d)| d == ':') {
            chars.next();
            out.push("::".into());
        } else if "{},*;".contains(c) {
            out.push(c.to_string());
        } else if !c.is_whitespace() {
            out.push(" ".into());
        }
    }
    out
}

/// Every path starting with `crate` or `super` in the tokens, with use
/// trees (`crate::{a::b, c}`) expanded.
fn paths(toks: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let starts = (toks[i] == "crate" || toks[i] == "super") && (i == 0 || toks[i - 1] != "::");
        if starts && toks.get(i + 1).is_some_and(|t| t == "::") {
            i = tree(toks, i, Vec::new(), &mut out);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads a path or use tree at `i` with `prefix` before it; returns the index after it.
fn tree(toks: &[String], mut i: usize, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    loop {
        match toks.get(i).map(String::as_str) {
            Some("{") => {
                i += 1;
                loop {
                    match toks.get(i).map(String::as_str) {
                        Some("}") => return i + 1,
                        Some(",") => i += 1,
                        None => return i,
                        _ => i = tree(toks, i, prefix.clone(), out),
                    }
                }
            }
            Some(t) if t.chars().all(|c| c.is_alphanumeric() || c == '_') && !t.is_empty() => {
                if t != "self" || prefix.is_empty() {
                    prefix.push(t.to_owned());
                }
                i += 1;
                if toks.get(i).is_some_and(|t| t == "::") {
                    i += 1;
                    continue;
                }
                out.push(prefix);
                return i;
            }
            _ => {
                // `*` or the end of the path.
                out.push(prefix);
                return i + usize::from(toks.get(i).is_some_and(|t| t == "*"));
            }
        }
    }
}

/// Checks every file of `src` against `scopes`.
fn check(src: &Sources, scopes: &[(&str, &[&[&str]])]) -> Vec<Violation> {
    let is_module = |p: &[String]| src.contains_key(&p.join("/"));
    // Names the crate root re-exports (`pub use board::{Board, …}`), by the module they come from.
    let mut root_names: BTreeMap<String, String> = BTreeMap::new();
    for p in paths(&tokens(&format!("crate::{{{}}}", uses_of(&src[""])))) {
        if p.len() >= 3 {
            root_names.insert(p.last().unwrap().clone(), p[1].clone());
        }
    }
    let mut bad = Vec::new();
    for (file, text) in src {
        let here: Vec<String> = if file.is_empty() { Vec::new() } else { file.split('/').map(str::to_owned).collect() };
        for raw in paths(&tokens(&code_only(text))) {
            // Resolve to a path from the crate root.
            let mut path: Vec<String> = Vec::new();
            let mut segs = raw.iter().peekable();
            if segs.peek().is_some_and(|s| *s == "crate") {
                segs.next();
            } else {
                path = here.clone();
                while segs.peek().is_some_and(|s| *s == "super") {
                    segs.next();
                    path.pop();
                }
            }
            path.extend(segs.cloned());
            if path.len() == 1 && !is_module(&path) {
                match root_names.get(&path[0]) {
                    Some(m) => path = vec![m.clone()],
                    None => continue,
                }
            }
            // The module part of the path.
            while !path.is_empty() && !is_module(&path) {
                path.pop();
            }
            let common = here.iter().zip(&path).take_while(|(a, b)| a == b).count();
            if common == here.len() || common == path.len() {
                continue; // itself, a descendant or an ancestor
            }
            let scope = here[..common].join("/");
            let Some((_, layers)) = scopes.iter().find(|(s, _)| *s == scope) else { continue };
            let rank = |m: &str| layers.iter().position(|l| l.contains(&m));
            let (from, to) = (&here[common], &path[common]);
            let why = match (rank(from), rank(to)) {
                (Some(a), Some(b)) if b < a => continue,
                (Some(a), Some(b)) if a == b => format!("`{from}` and `{to}` are peers in one layer"),
                (Some(_), Some(_)) => format!("`{to}` is in a layer above `{from}`"),
                (None, _) => format!("`{from}` has no layer in scope `{scope}`"),
                (_, None) => format!("`{to}` has no layer in scope `{scope}`"),
            };
            bad.push(Violation { file: file.clone(), path: raw.join("::"), why });
        }
    }
    bad.dedup();
    bad
}

/// The bodies of `lib.rs`'s `pub use` items, joined with commas.
fn uses_of(lib: &str) -> String {
    let code = code_only(lib);
    code.split("pub use ").skip(1).filter_map(|s| s.split(';').next()).collect::<Vec<_>>().join(",")
}

#[test]
fn engine_modules_import_only_downward() {
    let src = read_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    // Every top-level module has a layer (a new module must be placed).
    let (_, root) = SCOPES[0];
    for module in src.keys().filter(|m| !m.is_empty() && !m.contains('/')) {
        assert!(root.iter().any(|l| l.contains(&module.as_str())), "module `{module}` has no layer in tidy.rs");
    }
    let bad = check(&src, SCOPES);
    let list: Vec<String> = bad.iter().map(|v| format!("{}: `{}`: {}", v.file, v.path, v.why)).collect();
    assert!(bad.is_empty(), "imports against the layer order:\n{}", list.join("\n"));
}

/// The check itself, on a small made-up crate.
#[test]
fn the_tidy_check_catches_an_upward_import() {
    let src: Sources = [
        ("", "mod board; mod exec; pub use exec::{RunRecord, run};"),
        ("board", "use crate::types::X; // crate::exec::Ignored in a comment\nfn f() { \"crate::exec::Nope\"; }"),
        ("types", "pub struct X;"),
        ("exec", "use crate::{board::Board, types::X};"),
        ("exec/record", "use super::super::board;"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    const LAYERS: &[(&str, &[&[&str]])] = &[("", &[&["types"], &["board"], &["exec"]])];
    assert_eq!(check(&src, LAYERS), vec![], "downward imports, comments and strings pass");

    let mut upward = src.clone();
    upward.insert("board".into(), "use crate::{types::X, exec::RunRecord};".into());
    upward.insert("types".into(), "fn f() -> crate::RunRecord { todo!() }".into());
    let bad = check(&upward, LAYERS);
    assert_eq!(
        bad,
        vec![
            Violation {
                file: "board".into(),
                path: "crate::exec::RunRecord".into(),
                why: "`exec` is in a layer above `board`".into()
            },
            Violation {
                file: "types".into(),
                path: "crate::RunRecord".into(),
                why: "`exec` is in a layer above `types`".into()
            },
        ]
    );

    let mut tests_only = src.clone();
    tests_only.insert(
        "board".into(),
        "#[cfg(test)]\nmod tests { use crate::exec::run; }\n#[cfg(test)]\nuse crate::exec;".into(),
    );
    assert_eq!(check(&tests_only, LAYERS), vec![], "test code may use anything");

    let mut peers = src;
    peers.insert("board".into(), "use super::exec::RunRecord;".into());
    const PEERS: &[(&str, &[&[&str]])] = &[("", &[&["types"], &["board", "exec"]])];
    assert_eq!(check(&peers, PEERS)[0].why, "`board` and `exec` are peers in one layer");
}

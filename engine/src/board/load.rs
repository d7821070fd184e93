//! Reading a board from JSON: syntax errors with line and column, shape errors
//! with the path of the bad field, and format migrations.

use super::{Board, Edge, Node, Variable, locate};

/// The board format version this engine writes.
pub const FORMAT_VERSION: u32 = 2;

/// A step that rewrites a board document from `from` to `from + 1`.
pub struct Migration {
    /// The version this step reads.
    pub from: u32,
    /// Rewrites the document in place.
    pub apply: fn(&mut serde_json::Value) -> Result<(), String>,
}

/// The migrations every loaded board goes through. Add a step here (with a
/// test) whenever `FORMAT_VERSION` goes up; never edit a published step.
const MIGRATIONS: &[Migration] = &[
    // 2 adds `subflows` (definitions) and instance nodes; a version 1 board
    // has neither, so it reads as it is.
    Migration { from: 1, apply: |_| Ok(()) },
];

/// Why a board document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BoardError {
    /// The text is not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The JSON is not a board.
    #[error("not a board: {message}")]
    NotABoard {
        /// What is wrong.
        message: String,
    },
    /// A field has the wrong shape.
    #[error("invalid board at `{path}`: {message}")]
    Shape {
        /// Where, e.g. `nodes[2].position.x`.
        path: String,
        /// What is wrong there.
        message: String,
    },
    /// Written by a newer Floe.
    #[error("board format version {found} is newer than this Floe understands ({supported}); update Floe to open it")]
    FutureVersion {
        /// The document's version.
        found: u32,
        /// The newest version this engine reads.
        supported: u32,
    },
    /// A migration step failed.
    #[error("cannot upgrade board from format version {from}: {message}")]
    Migration {
        /// The version the failing step reads.
        from: u32,
        /// Why it failed.
        message: String,
    },
}

impl Board {
    /// Parses, migrates and reads a board document.
    ///
    /// ```
    /// let board = floe_engine::Board::from_json(r#"{"format_version": 1, "nodes": []}"#).unwrap();
    /// assert!(board.nodes.is_empty());
    /// let err = floe_engine::Board::from_json("{\n  \"format_version\": 1,,\n}").unwrap_err();
    /// assert_eq!(err.to_string(), "invalid JSON at line 2, column 23: key must be a string");
    /// ```
    pub fn from_json(text: &str) -> Result<Board, BoardError> {
        // The common case, a well-formed board of the current version, is
        // read straight from the text: no tree of `serde_json::Value`s in
        // between (for a large board, several times the board's size).
        // Only an object is a board (a derived struct would also read an
        // array), and a field given twice is refused by this read.
        if text.trim_start().starts_with('{')
            && let Ok(board) = read_located::<Board>(text)
            && board.format_version == FORMAT_VERSION
        {
            board.check_names()?;
            return Ok(board);
        }
        // Anything else (a syntax error, a shape error, another version, a
        // field given twice) takes the path through JSON values, where
        // migrations run and every error is located.
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| BoardError::Json {
            line: e.line(),
            column: e.column(),
            message: without_position(&e),
        })?;
        Board::from_value(value)
    }

    /// Migrates and reads a board from parsed JSON.
    pub fn from_value(mut value: serde_json::Value) -> Result<Board, BoardError> {
        migrate_with(&mut value, MIGRATIONS, FORMAT_VERSION)?;
        // Read back from text, by the one reader the direct path uses: every
        // type of a board is deserialised by one copy of its code (each
        // `Deserializer` a board is read from is another copy in the page).
        let text = serde_json::to_string(&value).map_err(|e| BoardError::NotABoard { message: e.to_string() })?;
        drop(value);
        let board = read_located::<Board>(&text).map_err(|e| e.shape())?;
        board.check_names()?;
        Ok(board)
    }

    /// Ids, kinds and pin names are short: every message, list and wire
    /// names them, so a megabyte-long one would travel everywhere.
    fn check_names(&self) -> Result<(), BoardError> {
        check_parts("", &self.nodes, &self.edges, &self.variables)?;
        for (i, c) in self.comments.iter().enumerate() {
            check_name(format!("comments[{i}].id"), c.id.as_str())?;
        }
        for (i, m) in self.modules.iter().enumerate() {
            check_name(format!("modules[{i}].name"), &m.name)?;
        }
        for (i, s) in self.subflows.iter().enumerate() {
            check_name(format!("subflows[{i}].id"), &s.id)?;
            check_parts(&format!("subflows[{i}]."), &s.nodes, &s.edges, &s.variables)?;
        }
        Ok(())
    }
}

/// Ids, kinds and pin names are short: every message, list and wire names
/// them, so a megabyte-long one would travel everywhere.
fn check_name(path: String, text: &str) -> Result<(), BoardError> {
    if text.len() > MAX_NAME {
        return Err(BoardError::Shape {
            path,
            message: format!("is {} bytes long; ids, kinds and names have at most {MAX_NAME}", text.len()),
        });
    }
    Ok(())
}

fn check_parts(at: &str, nodes: &[Node], edges: &[Edge], variables: &[Variable]) -> Result<(), BoardError> {
    for (i, n) in nodes.iter().enumerate() {
        check_name(format!("{at}nodes[{i}].id"), n.id.as_str())?;
        check_name(format!("{at}nodes[{i}].kind"), &n.kind)?;
        for pin in n.inputs.keys() {
            check_name(format!("{at}nodes[{i}].inputs"), pin.as_str())?;
        }
    }
    for (i, e) in edges.iter().enumerate() {
        check_name(format!("{at}edges[{i}].id"), e.id.as_str())?;
        for (end, r) in [("from", &e.from), ("to", &e.to)] {
            check_name(format!("{at}edges[{i}].{end}.node"), r.node.as_str())?;
            check_name(format!("{at}edges[{i}].{end}.pin"), r.pin.as_str())?;
        }
    }
    for (i, v) in variables.iter().enumerate() {
        check_name(format!("{at}variables[{i}].name"), &v.name)?;
    }
    Ok(())
}

/// The longest id, node kind, pin or variable name a board may use, in bytes.
pub const MAX_NAME: usize = 200;

/// Why [`read_located`] failed: where in the document, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The path of the bad field, e.g. `nodes[2].position.x` (`.`: the
    /// document itself).
    pub path: String,
    /// What is wrong there, without serde_json's "at line … column …".
    pub message: String,
}

impl Located {
    fn shape(self) -> BoardError {
        BoardError::Shape { path: self.path, message: self.message }
    }
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path == "." { f.write_str(&self.message) } else { write!(f, "at `{}`: {}", self.path, self.message) }
    }
}

/// Reads a board, or anything made of a board's parts (a subflow, a library
/// entry, a clip), from JSON text, naming the path of a bad field.
///
/// Everything in Floe that reads board parts from text goes through here, so
/// the page carries one copy of their deserialisers (one per `Deserializer`
/// type: plain text, path-tracking text and JSON values were three). The path
/// is found from where serde_json stopped ([`super::locate`]).
pub fn read_located<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Located> {
    serde_json::from_str(text).map_err(|e| {
        let path = if e.line() == 0 {
            ".".into()
        } else {
            let message = without_position(&e);
            let cause = if message.starts_with("trailing") {
                locate::Cause::Trailing
            } else if message.starts_with("unknown variant") {
                locate::Cause::Variant
            } else {
                locate::Cause::Other
            };
            locate::path_at(text, locate::offset_of(text, e.line(), e.column()), cause)
        };
        Located { path, message: without_position(&e) }
    })
}

/// serde_json's message without its " at line … column …" (errors here say
/// where in their own words).
fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    message.rsplit_once(" at line ").map(|(m, _)| m.to_owned()).unwrap_or(message)
}

/// Brings `doc` from its `format_version` to `target` with `steps`.
pub fn migrate_with(doc: &mut serde_json::Value, steps: &[Migration], target: u32) -> Result<(), BoardError> {
    let Some(obj) = doc.as_object() else {
        return Err(BoardError::NotABoard { message: "expected a JSON object".into() });
    };
    let version = match obj.get("format_version") {
        None => {
            return Err(BoardError::NotABoard { message: "missing `format_version` (is this a Floe board?)".into() });
        }
        Some(v) => v.as_u64().and_then(|v| u32::try_from(v).ok()).ok_or_else(|| BoardError::Shape {
            path: "format_version".into(),
            message: format!("expected a whole number, got {v}"),
        })?,
    };
    if version > target {
        return Err(BoardError::FutureVersion { found: version, supported: target });
    }
    let mut current = version;
    while current < target {
        let step = steps.iter().find(|s| s.from == current).ok_or(BoardError::Migration {
            from: current,
            message: "no upgrade step is known for this version".into(),
        })?;
        (step.apply)(doc).map_err(|message| BoardError::Migration { from: current, message })?;
        current += 1;
        doc["format_version"] = current.into();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Regression: a link with a 30 MB node kind took 99 s to check (its
    /// name compared with every catalog name).
    #[test]
    fn long_names_are_refused_at_once() {
        let kind = "k".repeat(30 * 1024 * 1024);
        let text = format!(r#"{{"format_version": 1, "nodes": [{{"id": "a", "kind": "{kind}"}}]}}"#);
        let t = std::time::Instant::now();
        let e = Board::from_json(&text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid board at `nodes[0].kind`: is 31457280 bytes long; ids, kinds and names have at most 200"
        );
        assert!(t.elapsed().as_secs_f64() < 5.0);
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn syntax_errors_give_line_and_column() {
        let err = Board::from_json("{\n \"format_version\": 1,\n \"nodes\": [}\n").unwrap_err();
        assert!(matches!(err, BoardError::Json { line: 3, column: 12, .. }), "{err:?}");
    }

    #[test]
    fn shape_errors_give_the_path() {
        let err = Board::from_json(
            r#"{"format_version":1,"nodes":[{"id":"a","kind":"math.add","position":{"x":"left","y":0}}]}"#,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("invalid board at `nodes[0].position.x`: invalid type"), "{text}");
    }

    /// Boards of the current version are read straight from the text; they
    /// must come out exactly as through `serde_json::Value` (every example
    /// and fixture board), and fail the same way.
    #[test]
    fn the_direct_read_equals_the_read_through_json_values() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut seen = 0;
        for dir in ["examples", "tests/fixtures/boards"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if !path.to_string_lossy().ends_with(".board.json") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let through_values = serde_json::from_str(&text)
                    .map_err(|e| e.to_string())
                    .and_then(|v| Board::from_value(v).map_err(|e| e.to_string()));
                let direct = Board::from_json(&text).map_err(|e| e.to_string());
                assert_eq!(direct, through_values, "{}", path.display());
                seen += 1;
            }
        }
        assert!(seen > 20, "read {seen} boards");
        // Errors too (this one once read differently straight from the text).
        let bad = r#"{"format_version": 1, "variables": [{"name": "v", "data_type": null}]}"#;
        let through_values = Board::from_value(serde_json::from_str(bad).unwrap()).unwrap_err().to_string();
        assert_eq!(Board::from_json(bad).unwrap_err().to_string(), through_values);
    }

    #[test]
    fn only_an_object_is_a_board() {
        // A derived struct would also read `[1]` as a board of version 1.
        for text in ["[1]", "[1, {}]", "1", "\"board\"", "null"] {
            let err = Board::from_json(text).unwrap_err();
            assert_eq!(err.to_string(), "not a board: expected a JSON object", "{text}");
        }
        let err = Board::from_json("[1, }").unwrap_err();
        assert!(matches!(err, BoardError::Json { line: 1, column: 5, .. }), "{err:?}");
    }

    #[test]
    fn shape_errors_name_the_field_without_the_parsers_position() {
        let err =
            Board::from_json(r#"{"format_version":1,"nodes":[{"id":"a","kind":"math.add","label":3}]}"#).unwrap_err();
        assert_eq!(err.to_string(), "invalid board at `nodes[0].label`: invalid type: integer `3`, expected a string");
        // A field given twice: the last one, as through JSON values (and share links).
        let board = Board::from_json(r#"{"format_version":1,"nodes":[{"id":"a","kind":"k"}],"nodes":[]}"#).unwrap();
        assert!(board.nodes.is_empty());
        // A syntax error after a shape error is still the one reported first.
        let err = Board::from_json(r#"{"format_version":1,"nodes":3,"edges":[}"#).unwrap_err();
        assert!(matches!(err, BoardError::Json { line: 1, column: 40, .. }), "{err:?}");
    }

    #[test]
    fn misspelt_fields_are_refused() {
        let err = Board::from_json(r#"{"format_version":1,"nodes":[{"id":"a","kidn":"x"}]}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `kidn`"), "{err}");
    }

    #[test]
    fn future_versions_are_refused_by_name() {
        let err = Board::from_json(r#"{"format_version":9}"#).unwrap_err();
        assert!(matches!(err, BoardError::FutureVersion { found: 9, supported: 2 }));
    }

    #[test]
    fn a_version_1_board_reads_as_version_2() {
        let text = r#"{"format_version":1,"nodes":[{"id":"a","kind":"math.add"}]}"#;
        let board = Board::from_json(text).unwrap();
        assert_eq!(board.format_version, 2);
        assert!(board.subflows.is_empty());
        assert_eq!(board.nodes[0].kind, "math.add");
        // What it saves is a version 2 board, read back the same.
        assert_eq!(Board::from_json(&board.to_json_pretty()).unwrap(), board);
    }

    #[test]
    fn a_missing_version_is_not_a_board() {
        let err = Board::from_json(r#"{"nodes":[]}"#).unwrap_err();
        assert!(err.to_string().contains("missing `format_version`"), "{err}");
    }

    #[test]
    fn migration_steps_run_in_order() {
        fn rename_wires(doc: &mut serde_json::Value) -> Result<(), String> {
            let wires = doc.as_object_mut().unwrap().remove("wires").unwrap_or(json!([]));
            doc["edges"] = wires;
            Ok(())
        }
        fn add_meta(doc: &mut serde_json::Value) -> Result<(), String> {
            doc["meta"] = json!({"name": "migrated"});
            Ok(())
        }
        let steps = [Migration { from: 1, apply: add_meta }, Migration { from: 0, apply: rename_wires }];
        let mut doc = json!({"format_version": 0, "wires": []});
        migrate_with(&mut doc, &steps, 2).unwrap();
        assert_eq!(doc, json!({"format_version": 2, "edges": [], "meta": {"name": "migrated"}}));
    }

    #[test]
    fn a_failing_migration_names_its_version() {
        fn fail(_: &mut serde_json::Value) -> Result<(), String> {
            Err("edges are not a list".into())
        }
        let mut doc = json!({"format_version": 0});
        let err = migrate_with(&mut doc, &[Migration { from: 0, apply: fail }], 1).unwrap_err();
        assert_eq!(err.to_string(), "cannot upgrade board from format version 0: edges are not a list");
    }
}

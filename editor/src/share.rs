//! Share links: the whole board in the URL fragment, `#b=1.<data>`, where
//! `1` is the format version and `<data>` is the board in a compact JSON form,
//! zlib-compressed (miniz_oxide; its checksum catches damaged links) and
//! base64url-encoded. Custom modules ride along
//! while the link stays reasonable. Reading a link checks every step and says
//! which one failed; nothing is trusted.

use base64::Engine as _;
use floe_engine::{Board, ModuleRef};
use serde_json::{Map, Value, json};

/// The fragment key: `#b=...`.
pub const KEY: &str = "b=";
/// The format this Floe writes and reads.
pub const VERSION: u32 = 1;
/// A link with custom modules may grow to this many characters; beyond it the
/// modules are left out (share the board file instead).
pub const MODULE_BUDGET: usize = 60_000;
/// Longer links are refused without decoding (browsers keep URLs of about 2 MB).
pub const MAX_LINK: usize = 2 * 1024 * 1024;

/// How much a packed board may unpack to: checked before anything is parsed
/// past the step that would exceed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The board's JSON, in bytes (share a file instead).
    pub board_bytes: usize,
    /// Values in that JSON, counted before it is parsed, so a link full of
    /// tiny values cannot take a lot of memory.
    pub values: usize,
    /// Custom modules.
    pub modules: usize,
}

/// What a `#b=` link may carry.
pub const LINK: Limits = Limits { board_bytes: 4 * 1024 * 1024, values: 500_000, modules: 16 };
/// What a board shared through a server (`#s=`, [`crate::sealed`]) may carry:
/// the server's body limit is 8 MiB of compressed data by default.
pub const SERVER: Limits = Limits { board_bytes: 16 * 1024 * 1024, values: 1_000_000, modules: 64 };
/// Boards that unpack to more JSON than this are refused from a link.
pub const MAX_BOARD: usize = LINK.board_bytes;
/// The most values a link's board may hold.
pub const MAX_VALUES: usize = LINK.values;
/// The most custom modules one link may carry.
pub const MAX_MODULES: usize = LINK.modules;

/// Why a link cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareError {
    /// The fragment is not a Floe board link.
    #[error(
        "this address does not hold a Floe board: a board link has #b= after the page's address. Ask for the link again"
    )]
    NotALink,
    /// No version prefix.
    #[error(
        "this link is incomplete: its beginning (#b=1.) is missing or changed. Ask for the link again, copying all of it"
    )]
    NoVersion,
    /// A newer Floe made it.
    #[error(
        "this link was made by a newer version of Floe (link format {0}; this one reads format {VERSION}). Reload Floe to update it, then open the link again"
    )]
    FutureVersion(u32),
    /// Too long to be a link this Floe made.
    #[error("this link is too large to open ({0} characters). Ask for the board as a file instead")]
    TooLarge(usize),
    /// Not base64url: the decoder's words are the details.
    #[error(
        "this link is damaged: some of its characters were changed, perhaps by the app it was sent through. Ask for the link again, or for the board as a file"
    )]
    NotBase64(String),
    /// The compressed data does not inflate (usually a link cut short).
    #[error(
        "this link is damaged or cut short: part of it is missing. Ask for the link again, copying all of it, or for the board as a file"
    )]
    Corrupt(String),
    /// It unpacks to more than this many MiB.
    #[error(
        "this link unpacks to a board of more than {0} MiB, more than a link may carry. Ask for the board as a file instead"
    )]
    Unpacked(usize),
    /// Its board holds more than this many values.
    #[error(
        "this link's board holds more than {0} values, more than a link may carry. Ask for the board as a file instead"
    )]
    TooManyValues(usize),
    /// It carries this many custom modules, more than the limit (the second).
    #[error("this link carries {0} custom modules; a link may carry at most {1}. Ask for the board as a file instead")]
    TooManyModules(usize, usize),
    /// It decompresses to something that is not a board.
    #[error(
        "this link holds something that is not a Floe board Floe can read. Ask for the link again, or for the board as a file"
    )]
    NotBoard(String),
}

impl ShareError {
    /// What the decoder said, for a "details" view (never the main message).
    pub fn details(&self) -> Option<&str> {
        match self {
            ShareError::NotBase64(d) | ShareError::Corrupt(d) | ShareError::NotBoard(d) => Some(d),
            _ => None,
        }
    }
}

/// A link made by [`share`].
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The fragment, without `#`: `b=1.<data>`.
    pub fragment: String,
    /// Names of custom modules left out to keep the link reasonable.
    pub omitted_modules: Vec<String>,
}

/// The share link of `board` (its modules included while the link stays under [`MODULE_BUDGET`]).
pub fn share(board: &Board) -> Link {
    let with = encode(board, true);
    if board.modules.is_empty() || with.len() <= MODULE_BUDGET {
        return Link { fragment: with, omitted_modules: Vec::new() };
    }
    Link { fragment: encode(board, false), omitted_modules: board.modules.iter().map(|m| m.name.clone()).collect() }
}

/// The link with every module, however long (what a server link packs).
pub fn whole(board: &Board) -> Link {
    Link { fragment: encode(board, true), omitted_modules: Vec::new() }
}

/// The packed bytes ([`pack`]'s) a link's fragment carries.
pub fn packed(fragment: &str) -> Option<Vec<u8>> {
    let data = fragment.strip_prefix(KEY)?.split_once('.')?.1;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(data).ok()
}

/// A copy of `board` for students: its exercise locked (the instructions
/// and every case the teacher's).
pub fn students_copy(board: &Board) -> Board {
    let mut copy = board.clone();
    copy.exercise = copy.exercise.as_ref().map(floe_engine::exercise::Exercise::for_students);
    copy
}

fn encode(board: &Board, modules: bool) -> String {
    format!("{KEY}{VERSION}.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(pack_with(board, modules)))
}

/// The board (its modules included) in a link's compact form, compressed:
/// what a `#b=` link carries in base64 and a server link carries encrypted.
pub fn pack(board: &Board) -> Vec<u8> {
    pack_with(board, true)
}

fn pack_with(board: &Board, modules: bool) -> Vec<u8> {
    let json = serde_json::to_vec(&compact(board, modules)).expect("JSON values serialise");
    miniz_oxide::deflate::compress_to_vec_zlib(&json, 10)
}

/// Reads a fragment (with or without the leading `#`) into a board.
pub fn open(fragment: &str) -> Result<Board, ShareError> {
    let body = fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix(KEY).ok_or(ShareError::NotALink)?;
    if body.len() > MAX_LINK {
        return Err(ShareError::TooLarge(body.len()));
    }
    let (version, data) = body.split_once('.').ok_or(ShareError::NoVersion)?;
    let version: u32 = version.parse().map_err(|_| ShareError::NoVersion)?;
    if version > VERSION {
        return Err(ShareError::FutureVersion(version));
    }
    if version == 0 {
        return Err(ShareError::NoVersion);
    }
    let bytes =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|e| match e {
            base64::DecodeError::InvalidByte(..) => ShareError::NotBase64(e.to_string()),
            _ => ShareError::Corrupt(format!("cut short: {e}")),
        })?;
    unpack(&bytes, &LINK)
}

/// Reads what [`pack`] made, within `limits`.
pub fn unpack(bytes: &[u8], limits: &Limits) -> Result<Board, ShareError> {
    let json =
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(bytes, limits.board_bytes).map_err(|e| {
            match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::Unpacked(limits.board_bytes >> 20),
                _ => ShareError::Corrupt(format!("the data does not decompress ({:?})", e.status)),
            }
        })?;
    if json_values(&json) > limits.values {
        return Err(ShareError::TooManyValues(limits.values));
    }
    let compact: Value = serde_json::from_slice(&json).map_err(|e| ShareError::NotBoard(e.to_string()))?;
    let modules = compact.get("mo").and_then(Value::as_array).map_or(0, Vec::len);
    if modules > limits.modules {
        return Err(ShareError::TooManyModules(modules, limits.modules));
    }
    let board = expand(&compact).map_err(ShareError::NotBoard)?;
    Board::from_value(board).map_err(|e| ShareError::NotBoard(e.to_string()))
}

/// About how many values JSON text holds (separators and openings outside
/// strings), counted without parsing it.
fn json_values(json: &[u8]) -> usize {
    let (mut n, mut in_str, mut escaped) = (1usize, false, false);
    for &b in json {
        if in_str {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_str = true,
                b',' | b'[' | b'{' | b':' => n += 1,
                _ => {}
            }
        }
    }
    n
}

/// The compact form: node kinds in a table, nodes as arrays, wires as arrays
/// of node indexes and pin names (wire ids are renumbered on opening).
fn compact(board: &Board, modules: bool) -> Value {
    let mut kinds: Vec<&str> = Vec::new();
    let nodes: Vec<Value> = board
        .nodes
        .iter()
        .map(|n| {
            let k = kinds.iter().position(|k| *k == n.kind).unwrap_or_else(|| {
                kinds.push(&n.kind);
                kinds.len() - 1
            });
            let mut row =
                vec![json!(n.id.as_str()), json!(k), json!(n.position.x.round()), json!(n.position.y.round())];
            let extras = [
                (!n.inputs.is_empty()).then(|| json!(n.inputs)),
                (!n.config.is_empty()).then(|| Value::Object(n.config.clone())),
                n.label.as_ref().map(|l| json!(l)),
            ];
            let keep = extras.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
            row.extend(extras.into_iter().take(keep).map(|e| e.unwrap_or(json!(0))));
            Value::Array(row)
        })
        .collect();
    let index = |id: &floe_engine::NodeId| board.nodes.iter().position(|n| &n.id == id);
    let edges: Vec<Value> = board
        .edges
        .iter()
        .filter_map(|e| Some(json!([index(&e.from.node)?, e.from.pin.as_str(), index(&e.to.node)?, e.to.pin.as_str()])))
        .collect();
    let mut out = Map::new();
    out.insert("k".into(), json!(kinds));
    out.insert("n".into(), Value::Array(nodes));
    out.insert("e".into(), Value::Array(edges));
    if !board.meta.name.is_empty() || !board.meta.description.is_empty() {
        out.insert("m".into(), json!([board.meta.name, board.meta.description]));
    }
    let mut put = |key: &str, v: Value| {
        if !v.is_null() && v != json!([]) {
            out.insert(key.into(), v);
        }
    };
    put("v", as_value(&board.variables));
    put("c", as_value(&board.comments));
    put("x", as_value(&board.exercise));
    put("s", as_value(&board.subflows));
    if modules {
        put("mo", as_value(&board.modules));
    } else {
        let refs: Vec<ModuleRef> =
            board.modules.iter().map(|m| ModuleRef { wasm_base64: None, wat: None, path: None, ..m.clone() }).collect();
        // Without their bytes the entries would not load: keep only names, as a hint.
        put("mn", json!(refs.iter().map(|m| &m.name).collect::<Vec<_>>()));
    }
    Value::Object(out)
}

/// `x` as a JSON value, through its text: the page already carries every
/// board type's serialiser to text (saving), and `serde_json::to_value` would
/// be another copy of each.
fn as_value<T: serde::Serialize>(x: &T) -> Value {
    serde_json::to_string(x).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null)
}

/// Back to the board's JSON form.
fn expand(c: &Value) -> Result<Value, String> {
    let obj = c.as_object().ok_or("expected an object")?;
    let kinds: Vec<&str> = obj
        .get("k")
        .and_then(Value::as_array)
        .ok_or("no node kinds")?
        .iter()
        .map(|k| k.as_str().ok_or("a node kind is not text"))
        .collect::<Result<_, _>>()?;
    let rows = obj.get("n").and_then(Value::as_array).ok_or("no nodes")?;
    let mut nodes = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let r = row.as_array().filter(|r| r.len() >= 4).ok_or(format!("node {i} is malformed"))?;
        let kind = r[1].as_u64().and_then(|k| kinds.get(k as usize)).ok_or(format!("node {i} names no known kind"))?;
        let mut node = json!({"id": r[0], "kind": kind, "position": {"x": r[2], "y": r[3]}});
        for (slot, key) in [(4, "inputs"), (5, "config"), (6, "label")] {
            if let Some(v) = r.get(slot).filter(|v| **v != json!(0)) {
                node[key] = v.clone();
            }
        }
        nodes.push(node);
    }
    let id_of = |i: &Value| -> Result<Value, String> {
        let i = i.as_u64().ok_or("a wire end is not a node index")? as usize;
        rows.get(i).and_then(|r| r.get(0)).cloned().ok_or(format!("a wire ends at node {i}, which does not exist"))
    };
    let mut edges = Vec::new();
    for (i, e) in obj.get("e").and_then(Value::as_array).ok_or("no wires")?.iter().enumerate() {
        let e = e.as_array().filter(|e| e.len() == 4).ok_or(format!("wire {i} is malformed"))?;
        edges.push(json!({
            "id": format!("e{}", i + 1),
            "from": {"node": id_of(&e[0])?, "pin": e[1]},
            "to": {"node": id_of(&e[2])?, "pin": e[3]},
        }));
    }
    let mut board = json!({"format_version": floe_engine::board::FORMAT_VERSION, "nodes": nodes, "edges": edges});
    if let Some(m) = obj.get("m").and_then(Value::as_array) {
        board["meta"] = json!({"name": m.first().cloned().unwrap_or(json!("")), "description": m.get(1).cloned().unwrap_or(json!(""))});
    }
    for (short, key) in [("v", "variables"), ("c", "comments"), ("x", "exercise"), ("mo", "modules"), ("s", "subflows")]
    {
        if let Some(v) = obj.get(short) {
            board[key] = v.clone();
        }
    }
    Ok(board)
}

#[cfg(test)]
mod packed_tests {
    use super::*;

    #[test]
    fn a_whole_link_carries_the_packed_board() {
        let board = Board::named("Whole");
        let link = whole(&board);
        assert_eq!(packed(&link.fragment), Some(pack(&board)));
        assert_eq!(open(&link.fragment).unwrap().meta.name, "Whole");
        assert_eq!(packed("s=abc"), None);
        assert_eq!(packed("b=1.$$"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Board {
        Board::from_value(json!({
            "format_version": 1,
            "meta": {"name": "Shared", "description": "a <b>bold</b> claim"},
            "variables": [{"name": "n", "data_type": "Integer", "default": 1}],
            "nodes": [
                {"id": "in", "kind": "event.board_input", "position": {"x": 0, "y": 0}, "config": {"name": "x"}},
                {"id": "add", "kind": "math.add", "position": {"x": 200.4, "y": 10}, "inputs": {"b": 2}, "label": "plus two"},
                {"id": "out", "kind": "event.board_output", "position": {"x": 400, "y": 0}}
            ],
            "edges": [
                {"id": "e1", "from": {"node": "in", "pin": "value"}, "to": {"node": "add", "pin": "a"}},
                {"id": "e2", "from": {"node": "add", "pin": "result"}, "to": {"node": "out", "pin": "value"}}
            ],
            "comments": [{"id": "c", "text": "<script>alert(1)</script>", "position": {"x": 0, "y": 90}, "size": {"width": 100, "height": 50}}],
            "exercise": {"cases": [{"name": "one", "input": {"x": 1}, "expect": {"result": 3}}]}
        }))
        .unwrap()
    }

    /// Subflow definitions ride in the link (their inside as in the board).
    #[test]
    fn subflows_survive_the_round_trip() {
        let mut board = example();
        board.subflows.push(floe_engine::Subflow {
            id: "s".into(),
            name: "Scale".into(),
            nodes: vec![floe_engine::Node::new("in", "subflow.inputs")],
            locked: true,
            ..Default::default()
        });
        board.nodes.push(floe_engine::Node::new("i", "subflow:s"));
        let back = open(&format!("#{}", share(&board).fragment)).unwrap();
        assert_eq!(back.subflows, board.subflows);
        assert_eq!(back.node(&"i".into()).unwrap().kind, "subflow:s");
    }

    #[test]
    fn a_board_survives_the_round_trip() {
        let board = example();
        let link = share(&board);
        assert!(link.fragment.starts_with("b=1."));
        assert!(link.fragment[4..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let back = open(&format!("#{}", link.fragment)).unwrap();
        let mut expected = board.clone();
        expected.nodes[1].position.x = 200.0; // positions are whole units in a link
        assert_eq!(back, expected);
    }

    #[test]
    fn modules_ride_along_while_the_link_stays_reasonable() {
        let mut board = example();
        board.modules.push(ModuleRef::embed("small.wat", b"(module)", None));
        let link = share(&board);
        assert!(link.omitted_modules.is_empty());
        assert_eq!(open(&link.fragment).unwrap().modules, board.modules);
        // A module that does not compress (random bytes) and is large is left out.
        let mut x = 0x2545F4914F6CDD1Du64;
        let noise: Vec<u8> = (0..100_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        board.modules.push(ModuleRef::embed("big.wasm", &noise, None));
        let link = share(&board);
        assert_eq!(link.omitted_modules, ["small.wat", "big.wasm"]);
        assert!(link.fragment.len() < 2_000);
        assert!(open(&link.fragment).unwrap().modules.is_empty());
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        let good = share(&example()).fragment;
        assert_eq!(open("#x=1.abc"), Err(ShareError::NotALink));
        assert_eq!(open("b=abc"), Err(ShareError::NoVersion));
        assert_eq!(open("b=2.abc"), Err(ShareError::FutureVersion(2)));
        let e = open("b=1.abc$def").unwrap_err();
        assert!(matches!(e, ShareError::NotBase64(_)));
        assert!(!e.to_string().contains("symbol") && e.to_string().contains("Ask for the link again"), "{e}");
        assert!(e.details().is_some_and(|d| d.contains("Invalid")), "the decoder's words are kept as details: {e:?}");
        let cut = &good[..good.len() / 2];
        assert!(matches!(open(cut), Err(ShareError::Corrupt(_))), "{:?}", open(cut));
        let mut flipped = good.clone().into_bytes();
        let mid = flipped.len() / 2;
        flipped[mid] = if flipped[mid] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert!(matches!(open(&flipped), Err(ShareError::Corrupt(_))), "the checksum catches a changed character");
        let not_board = format!(
            "b=1.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(miniz_oxide::deflate::compress_to_vec_zlib(b"[1,2,3]", 6))
        );
        assert_eq!(open(&not_board), Err(ShareError::NotBoard("expected an object".into())));
        let huge = format!("b=1.{}", "A".repeat(MAX_LINK + 1));
        assert!(matches!(open(&huge), Err(ShareError::TooLarge(_))));
        // A zip bomb: 64 MB of zeros compresses to a short link but is refused.
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; 64 * 1024 * 1024], 10);
        let bomb = format!("b=1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bomb));
        assert_eq!(open(&bomb), Err(ShareError::Unpacked(4)));
        // Regression: 44 KB that inflate to megabytes of tiny values took 1.57 GB to open.
        let tiny = format!("{{\"k\":[],\"n\":[],\"e\":[],\"x\":[{}0]}}", "0,".repeat(1_000_000));
        let tiny = miniz_oxide::deflate::compress_to_vec_zlib(tiny.as_bytes(), 10);
        let tiny = format!("b=1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tiny));
        assert!(tiny.len() < 50_000, "{}", tiny.len());
        assert_eq!(open(&tiny), Err(ShareError::TooManyValues(MAX_VALUES)));
        // More modules than a link may carry.
        let mut board = example();
        for i in 0..=MAX_MODULES {
            board.modules.push(ModuleRef::embed(&format!("m{i}.wat"), format!("(module) ;; {i}").as_bytes(), None));
        }
        assert_eq!(open(&encode(&board, true)), Err(ShareError::TooManyModules(MAX_MODULES + 1, MAX_MODULES)));
    }
}

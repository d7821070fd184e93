//! Hostile share links: every board of the hostile corpus opens from a link
//! and validates quickly (nothing in it runs), and links past the limits
//! are refused with a message that says which.

use std::time::{Duration, Instant};

use base64::Engine as _;
use floe_editor::share::{self, ShareError};
use floe_engine::{Board, Catalog, ModuleRef, validate};

fn corpus() -> Vec<(String, Board)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile/boards");
    let mut out: Vec<(String, Board)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".board.json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, Board::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Opens a link and validates its board, as the editor does when a link is opened.
fn open_and_check(fragment: &str) -> (Result<usize, ShareError>, Duration) {
    let catalog = Catalog::builtin();
    let t = Instant::now();
    let r = share::open(fragment).map(|b| validate(&b, &catalog).len());
    (r, t.elapsed())
}

/// Regression: a 168-character link whose board input carried the schema
/// `{"oneOf": [{"$ref": "#"}, {"$ref": "#"}]}` hung the tab on open.
#[test]
fn the_schema_bomb_link_opens_in_under_100_ms() {
    let (_, board) = corpus().into_iter().find(|(n, _)| n == "schema_ref_bomb.board.json").unwrap();
    let link = share::share(&board).fragment;
    assert!(link.len() < 400, "{} characters", link.len());
    let (r, took) = open_and_check(&link);
    assert!(r.is_ok(), "{r:?}");
    assert!(took < Duration::from_millis(100), "took {took:?}");
}

#[test]
fn every_hostile_board_opens_from_a_link_quickly_without_running() {
    for (name, board) in corpus() {
        let link = share::share(&board).fragment;
        let (r, took) = open_and_check(&link);
        assert!(r.is_ok(), "{name}: {r:?}");
        assert!(took < Duration::from_millis(500), "{name} took {took:?}");
    }
}

fn link_of(json: &str) -> String {
    let z = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 10);
    format!("b=1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(z))
}

/// Regression: a 13 KB link carrying 200 modules whose start function spins.
#[test]
fn a_link_carries_at_most_sixteen_modules() {
    let mut board = Board::named("spinners");
    for i in 0..200 {
        let wat = format!("(module (func $s (loop $l (br $l))) (start $s)) ;; {i}");
        board.modules.push(ModuleRef::embed(&format!("spin{i}.wat"), wat.as_bytes(), None));
    }
    let link = share::share(&board).fragment;
    let t = Instant::now();
    let e = share::open(&link).unwrap_err();
    assert_eq!(e, ShareError::TooManyModules(200));
    assert_eq!(
        e.to_string(),
        "this link carries 200 custom modules; a link may carry at most 16 (share the board as a file instead)"
    );
    assert!(t.elapsed() < Duration::from_millis(500));
}

/// Regression: a 39 KB link with a 30 MB node kind took 99 s to check.
#[test]
fn a_link_with_a_huge_kind_is_refused_at_once() {
    let json = format!(r#"{{"k":["{}"],"n":[["a",0,0,0]],"e":[]}}"#, "k".repeat(3 * 1024 * 1024));
    let link = link_of(&json);
    assert!(link.len() < 40_000, "{}", link.len());
    let (r, took) = open_and_check(&link);
    let e = r.unwrap_err().to_string();
    assert!(e.contains("nodes[0].kind") && e.contains("at most 200"), "{e}");
    assert!(took < Duration::from_millis(500), "took {took:?}");
}

//! Hostile share links: every board of the hostile corpus opens from a link
//! and validates quickly (nothing in it runs), and links past the limits
//! are refused with a message that says which.

use std::time::{Duration, Instant};

use floe_editor::share::{self, ShareError};
use floe_engine::{Board, Catalog, ModuleRef, validate};

fn corpus() -> Vec<(String, Board)> {
    crate::boards_in("tests/hostile/boards")
}

/// Opens a link and validates its board, as the editor does when a link is opened.
fn open_and_check(fragment: &str) -> (Result<usize, ShareError>, Duration) {
    let catalog = Catalog::builtin();
    let t = Instant::now();
    let r = share::open(fragment).map(|b| validate(&b, &catalog).len());
    (r, t.elapsed())
}

/// The link corpus (`tests/hostile/links/NAME.link`, with what each must
/// end in beside it in `NAME.hostile.json`).
fn links() -> Vec<(String, String, serde_json::Value)> {
    let out: Vec<(String, String, serde_json::Value)> = crate::support::files("tests/hostile/links", ".link")
        .into_iter()
        .map(|p| {
            let expect = std::fs::read_to_string(p.with_extension("hostile.json")).unwrap();
            (
                crate::support::file_name(&p),
                std::fs::read_to_string(&p).unwrap(),
                serde_json::from_str(&expect).unwrap(),
            )
        })
        .collect();
    assert!(out.len() >= 6, "the link corpus is in tests/hostile/links");
    out
}

/// Regression: a 168-character link whose board input carried the schema
/// `{"oneOf": [{"$ref": "#"}, {"$ref": "#"}]}` hung the tab on open.
#[test]
fn the_schema_bomb_link_opens_in_under_100_ms() {
    let (_, link, _) = links().into_iter().find(|(n, ..)| n == "schema_ref_bomb.link").unwrap();
    assert!(link.len() < 400, "{} characters", link.len());
    let board = serde_json::to_string(&share::open(&link).unwrap()).unwrap();
    assert!(board.contains(r##"{"oneOf":[{"$ref":"#"},{"$ref":"#"}]}"##), "the link holds the schema bomb: {board}");
    let (r, took) = open_and_check(&link);
    assert!(r.is_ok(), "{r:?}");
    assert!(took < Duration::from_millis(100), "took {took:?}");
}

/// Each link of the corpus opens, or is refused with its documented message,
/// within its bounds of time and memory (the spinning modules, the 3 MiB
/// kind, the value and zip bombs).
#[test]
fn every_hostile_link_ends_in_its_documented_error_within_its_bound() {
    for (name, link, expect) in links() {
        let ((r, took), peak) = crate::support::memory::peak_during(|| open_and_check(&link));
        let bound = Duration::from_millis(expect["within_ms"].as_u64().unwrap());
        assert!(took < bound, "{name} took {took:?}, its bound is {bound:?}");
        let mib = peak as f64 / 1048576.0;
        let max = expect["max_mib"].as_f64().unwrap();
        assert!(mib <= max, "{name} held {mib:.1} MiB at once while opening, its bound is {max}");
        match expect["error"].as_str() {
            None => assert!(r.is_ok(), "{name}: {r:?}"),
            Some(says) => {
                let e = r.expect_err(&name);
                let text = format!("{e} ({})", e.details().unwrap_or_default());
                assert!(text.contains(says), "{name}: {text:?} does not say {says:?}");
            }
        }
    }
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

/// The module limit is counted before any module is read.
#[test]
fn a_link_carries_at_most_sixteen_modules() {
    let (_, link, _) = links().into_iter().find(|(n, ..)| n == "spinning_modules.link").unwrap();
    let t = Instant::now();
    let e = share::open(&link).unwrap_err();
    assert_eq!(e, ShareError::TooManyModules(200, share::MAX_MODULES));
    assert_eq!(
        e.to_string(),
        "this link carries 200 custom modules; a link may carry at most 16. Ask for the board as a file instead"
    );
    assert!(t.elapsed() < Duration::from_millis(500));
    let mut board = Board::named("sixteen");
    for i in 0..16 {
        board.modules.push(ModuleRef::embed(&format!("m{i}.wat"), format!("(module) ;; {i}").as_bytes(), None));
    }
    assert_eq!(share::open(&share::share(&board).fragment).unwrap().modules.len(), 16, "sixteen is allowed");
}

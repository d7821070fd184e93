//! Boards shared through a server come from strangers too: whoever makes
//! a `#s=` link chooses the plaintext its key opens. Whatever the sealed
//! bytes decrypt to goes through `sealed::unpack` (the server's limits,
//! larger than a link's): every hostile link's content, and bombs sized
//! for those limits, open or are refused within bounds of time and memory.

use std::time::{Duration, Instant};

use base64::Engine as _;
use floe_editor::sealed::{self, SealedError};
use floe_editor::share::{self, ShareError};
use floe_engine::{Board, Catalog, ModuleRef, validate};

/// The packed bytes a `#b=1.` link carries.
fn packed(link: &str) -> Vec<u8> {
    let data = link.trim().strip_prefix("b=1.").expect("a format 1 link");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).unwrap()
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, 10)
}

/// Opens what a server link decrypted to and validates it, as the page does.
fn open_and_check(plain: &[u8]) -> (Result<usize, SealedError>, Duration, usize) {
    let catalog = Catalog::builtin();
    let ((r, took), peak) = crate::support::memory::peak_during(|| {
        let t = Instant::now();
        let r = sealed::unpack(plain).map(|b| validate(&b, &catalog).len());
        (r, t.elapsed())
    });
    (r, took, peak)
}

#[test]
fn every_hostile_links_content_sealed_instead_opens_or_is_refused_within_bounds() {
    let links = crate::support::files("tests/hostile/links", ".link");
    assert!(links.len() >= 6);
    for p in links {
        let name = crate::support::file_name(&p);
        let plain = packed(&std::fs::read_to_string(&p).unwrap());
        let (r, took, peak) = open_and_check(&plain);
        assert!(took < Duration::from_secs(2), "{name}: {took:?} ({r:?})");
        assert!(peak < 256 << 20, "{name}: {} MiB at once", peak >> 20);
        if let Err(e) = r {
            assert!(matches!(e, SealedError::Board(_)), "{name}: {e:?}");
        }
    }
}

#[test]
fn bombs_sized_for_the_servers_limits_are_refused_before_the_work() {
    // 64 MiB of spaces: refused while inflating, at 16 MiB.
    let (r, took, peak) = open_and_check(&zlib(&vec![b' '; 64 << 20]));
    assert_eq!(r, Err(SealedError::Board(ShareError::Unpacked(16))));
    assert!(took < Duration::from_secs(2) && peak < 64 << 20, "{took:?}, {} MiB", peak >> 20);
    // Over a million tiny values: counted, not parsed.
    let tiny = format!("{{\"k\":[],\"n\":[],\"e\":[],\"x\":[{}0]}}", "0,".repeat(share::SERVER.values));
    let (r, took, peak) = open_and_check(&zlib(tiny.as_bytes()));
    assert_eq!(r, Err(SealedError::Board(ShareError::TooManyValues(share::SERVER.values))));
    assert!(took < Duration::from_secs(2) && peak < 64 << 20, "{took:?}, {} MiB", peak >> 20);
    // More modules than the server's limit.
    let mut board = Board::named("modules");
    for i in 0..=share::SERVER.modules {
        board.modules.push(ModuleRef::embed(&format!("m{i}.wat"), format!("(module) ;; {i}").as_bytes(), None));
    }
    let (r, ..) = open_and_check(&share::pack(&board));
    assert_eq!(
        r,
        Err(SealedError::Board(ShareError::TooManyModules(share::SERVER.modules + 1, share::SERVER.modules)))
    );
}

#[test]
fn a_board_too_large_for_a_link_goes_through_a_server() {
    // 80,000 nodes: over a link's 500,000 values, within the server's limits.
    let mut board = Board::named("big");
    for i in 0..80_000 {
        let mut n = floe_engine::Node::new(format!("n{i}").as_str(), "math.add");
        n.inputs.insert("a".into(), serde_json::json!(i));
        n.inputs.insert("b".into(), serde_json::json!(2));
        board.nodes.push(n);
    }
    let plain = share::pack(&board);
    let link = format!("b=1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&plain));
    assert!(matches!(share::open(&link), Err(ShareError::TooManyValues(_))), "too many values for a link");
    let (r, _, peak) = open_and_check(&plain);
    assert_eq!(r, Ok(0), "it opens and validates through a server");
    assert!(peak < 512 << 20, "{} MiB at once", peak >> 20);
}

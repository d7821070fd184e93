//! Fuzzing, a fixed number of cases a run (so CI stays bounded): link
//! decoding and board loading + validation never panic and always end
//! quickly, on random bytes, damaged links and random boards.

use std::time::{Duration, Instant};

use floe_editor::share;
use floe_engine::{Catalog, validate};
use proptest::prelude::*;
use serde_json::json;

const BOUND: Duration = Duration::from_secs(2);

fn open_and_check(fragment: &str) {
    let t = Instant::now();
    if let Ok(board) = share::open(fragment) {
        validate(&board, &Catalog::builtin());
    }
    assert!(t.elapsed() < BOUND, "took {:?} on {:?}", t.elapsed(), &fragment[..fragment.len().min(80)]);
}

fn example_links() -> Vec<String> {
    crate::boards_in("examples").iter().map(|(_, b)| share::share(b).fragment).collect()
}

/// A random board in the link's compact form: kinds from the catalog and
/// made up, pins real and made up, values of every shape.
fn compact_board() -> impl Strategy<Value = serde_json::Value> {
    let kinds: Vec<String> = Catalog::builtin().defs().map(|d| d.name.clone()).chain(["nope".into()]).collect();
    let value = prop_oneof![
        Just(json!(null)),
        any::<i64>().prop_map(|i| json!(i)),
        any::<f64>().prop_map(|f| json!(f)),
        "[a-z{}\\[\\]$#]{0,12}".prop_map(|s| json!(s)),
        Just(json!({"oneOf": [{"$ref": "#"}, {"$ref": "#"}]})),
        Just(json!([[[[1]]], {"a": {"b": [2]}}])),
    ];
    let pin = prop_oneof![
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("value".to_owned()),
        Just("result".to_owned()),
        Just("then".to_owned()),
        Just("exec".to_owned()),
        "[a-z_]{1,6}"
    ];
    let node = (
        0..kinds.len(),
        proptest::collection::btree_map(pin.clone(), value.clone(), 0..3),
        proptest::option::of(value.clone()),
    );
    (
        proptest::collection::vec(node, 0..25),
        proptest::collection::vec((0usize..30, pin.clone(), 0usize..30, pin), 0..40),
    )
        .prop_map(move |(nodes, edges)| {
            let rows: Vec<serde_json::Value> = nodes
                .iter()
                .enumerate()
                .map(|(i, (k, inputs, config))| {
                    let config =
                        config.as_ref().map_or(json!(0), |c| json!({"schema": c, "name": "x", "data_type": "Struct"}));
                    json!([format!("n{i}"), k, i * 10, 0, inputs, config])
                })
                .collect();
            let edges: Vec<serde_json::Value> = edges.iter().map(|(a, p, b, q)| json!([a, p, b, q])).collect();
            json!({"k": kinds, "n": rows, "e": edges})
        })
}

fn link_of(json: &serde_json::Value) -> String {
    use base64::Engine as _;
    let z = miniz_oxide::deflate::compress_to_vec_zlib(json.to_string().as_bytes(), 6);
    format!("b=1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(z))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn random_fragments_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        open_and_check(&format!("b=1.{}", String::from_utf8_lossy(&bytes)));
        open_and_check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn damaged_links_never_panic(which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), ch in "[A-Za-z0-9_=.-]", cut in any::<bool>()) {
        let links = example_links();
        let link = which.get(&links);
        let i = at.index(link.len());
        let damaged = if cut { link[..i].to_owned() } else { format!("{}{}{}", &link[..i], ch, &link[i + 1..]) };
        open_and_check(&damaged);
    }

    #[test]
    fn random_boards_load_and_validate_within_bounds(board in compact_board()) {
        open_and_check(&link_of(&board));
    }
}

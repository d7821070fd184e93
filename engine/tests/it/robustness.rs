//! Nothing panics on user input: random mutations of the fixture boards go
//! through load, validation, compilation and a run without a panic.

use std::cell::Cell;
use std::path::Path;

use floe_engine::exec::HostFuture;
use floe_engine::{Board, CancelToken, Catalog, Host, Plan, RunOptions, Runner, Value, block_on, validate};
use proptest::prelude::*;
use serde_json::json;

/// A clock that jumps forward instead of sleeping, so mutated delays cost nothing.
#[derive(Default)]
struct FakeClock(Cell<f64>);

impl Host for FakeClock {
    fn now_ms(&self) -> f64 {
        1.7e12 + self.0.get()
    }
    fn monotonic_ms(&self) -> f64 {
        self.0.get()
    }
    fn sleep(&self, ms: f64) -> HostFuture {
        self.0.set(self.0.get() + ms.max(0.0));
        Box::pin(std::future::ready(()))
    }
    fn yield_now(&self) -> HostFuture {
        Box::pin(std::future::ready(()))
    }
}

fn fixtures() -> Vec<serde_json::Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/boards");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_str().unwrap().ends_with(".board.json"))
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    out.sort_by_key(|v: &serde_json::Value| v.to_string());
    out
}

fn junk() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(json!(null)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1e308)),
        Just(json!(i64::MIN)),
        Just(json!(u64::MAX)),
        Just(json!("")),
        Just(json!("}{\u{0}💥")),
        Just(json!([])),
        Just(json!({})),
        Just(json!(true)),
        Just(json!({"type": "object", "required": 5})),
        Just(json!(["a", 1, null])),
        "[a-z_.\\[\\]0-9]{0,12}".prop_map(serde_json::Value::String),
        any::<i64>().prop_map(|i| json!(i)),
    ]
}

/// Every path (object key or array index) inside `v`.
fn paths(v: &serde_json::Value, here: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(here.clone());
    match v {
        serde_json::Value::Object(m) => {
            for (k, c) in m {
                here.push(k.clone());
                paths(c, here, out);
                here.pop();
            }
        }
        serde_json::Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(i.to_string());
                paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn replace(v: &mut serde_json::Value, path: &[String], new: serde_json::Value, delete: bool) {
    let Some((last, init)) = path.split_last() else {
        *v = new;
        return;
    };
    let mut cur = v;
    for p in init {
        cur = match cur {
            serde_json::Value::Object(m) => m.get_mut(p).unwrap(),
            serde_json::Value::Array(a) => &mut a[p.parse::<usize>().unwrap()],
            _ => return,
        };
    }
    match cur {
        serde_json::Value::Object(m) if delete => {
            m.remove(last);
        }
        serde_json::Value::Object(m) => {
            m.insert(last.clone(), new);
        }
        serde_json::Value::Array(a) => {
            let i = last.parse::<usize>().unwrap();
            if delete {
                a.remove(i);
            } else {
                a[i] = new;
            }
        }
        _ => {}
    }
}

/// Fixture `which`, with a value replaced or deleted at each pick.
fn damaged(which: usize, picks: Vec<(prop::sample::Index, serde_json::Value, bool)>) -> serde_json::Value {
    let all = fixtures();
    let mut doc = all[which % all.len()].clone();
    for (idx, new, delete) in picks {
        let mut ps = Vec::new();
        paths(&doc, &mut Vec::new(), &mut ps);
        let path = idx.get(&ps).clone();
        replace(&mut doc, &path, new, delete);
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn mutated_boards_never_panic(
        which in 0usize..17,
        picks in prop::collection::vec((any::<prop::sample::Index>(), junk(), any::<bool>()), 1..4),
        input in junk(),
    ) {
        let doc = damaged(which, picks);
        let text = doc.to_string();
        // Read straight from the text or through JSON values: the same board, or the same error.
        let direct = Board::from_json(&text).map_err(|e| e.to_string());
        prop_assert_eq!(&direct, &Board::from_value(doc.clone()).map_err(|e| e.to_string()));
        let Ok(board) = direct else { return Ok(()) };
        let catalog = Catalog::builtin();
        let _ = validate(&board, &catalog);
        if let Ok(plan) = Plan::compile(&board, &catalog) {
            let plan = std::sync::Arc::new(plan);
            let mut runner = Runner::new(&plan);
            let opts = RunOptions { input: Value::from_json(&input), max_steps: 200_000, ..RunOptions::default() };
            let _ = block_on(runner.run(&opts, &FakeClock::default(), &mut (), &CancelToken::new()));
            let _ = serde_json::to_string(&runner.record()).unwrap();
        }
    }

    /// A shape error names the path serde_path_to_error would track (the
    /// loader finds it from where serde_json stopped instead, see
    /// `board/locate.rs`), in compact and in pretty-printed text.
    #[test]
    fn a_shape_error_names_the_tracked_path(
        which in 0usize..17,
        picks in prop::collection::vec((any::<prop::sample::Index>(), junk(), any::<bool>()), 1..3),
        pretty in any::<bool>(),
    ) {
        let doc = damaged(which, picks);
        let text = if pretty { serde_json::to_string_pretty(&doc).unwrap() } else { doc.to_string() };
        let located = floe_engine::board::read_located::<Board>(&text);
        let mut de = serde_json::Deserializer::from_str(&text);
        let tracked: Result<Board, _> = serde_path_to_error::deserialize(&mut de);
        match (located, tracked) {
            (Ok(_), Ok(_)) => {}
            (Err(l), Err(t)) => {
                prop_assert_eq!(l.path, t.path().to_string(), "{}", l.message);
                let message = t.into_inner().to_string();
                prop_assert_eq!(Some(l.message.as_str()), message.rsplit_once(" at line ").map(|(m, _)| m));
            }
            (l, t) => prop_assert!(false, "one read failed: {:?} / {:?}", l.err(), t.err().map(|e| e.to_string())),
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_loader(text in ".{0,200}") {
        let _ = Board::from_json(&text);
    }
}

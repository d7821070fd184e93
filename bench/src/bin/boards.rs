//! Loading and checking a big board, as `floe check` does: time and peak
//! memory of reading the JSON and validating it, against the way boards were
//! read before (JSON → `serde_json::Value` → `Board`), both in this run.
//! Prints one line of JSON.
//!
//! `cargo run --release -p floe-bench --bin boards -- [NODES] [REPS] [PATH]`
//! (the board is written as compact JSON, as share links and the app store it)

use std::time::Instant;

use floe_engine::bench_boards::large;
use floe_engine::{Board, Catalog, validate};
use floe_test_support::memory::{Counting, peak_during};

#[global_allocator]
static ALLOC: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Milliseconds and peak MiB of `f`, the best of `reps` runs.
fn measure(reps: usize, mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
    let mut best = (f64::MAX, f64::MAX, 0);
    for _ in 0..reps {
        let t = Instant::now();
        let (out, peak) = peak_during(&mut f);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        best = (best.0.min(ms), best.1.min(mib(peak)), out);
    }
    best
}

fn main() {
    let mut args = std::env::args().skip(1);
    let nodes: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let reps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let text = serde_json::to_string(&large(nodes)).expect("a board serialises");
    if let Some(path) = args.next() {
        // `boards NODES REPS PATH` also writes the board, to time `floe check PATH`.
        std::fs::write(&path, &text).expect("the board file is written");
    }
    let catalog = Catalog::builtin();

    // What `floe check` does now.
    let (load_ms, load_mib, _) = measure(reps, || Board::from_json(&text).expect("loads").nodes.len());
    let (check_ms, check_mib, diags) = measure(reps, || {
        let board = Board::from_json(&text).expect("loads");
        validate(&board, &catalog).len()
    });
    assert_eq!(diags, 0, "the generated board is valid");
    // The baseline: through a tree of JSON values (as boards were read before
    // the loader read them straight from the text).
    let (old_load_ms, old_load_mib, _) = measure(reps, || {
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        serde_json::from_value::<Board>(value).expect("loads").nodes.len()
    });
    let (old_check_ms, old_check_mib, _) = measure(reps, || {
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let board: Board = serde_json::from_value(value).expect("loads");
        validate(&board, &catalog).len()
    });
    println!(
        "{{\"nodes\":{nodes},\"file_mib\":{:.1},\"load_ms\":{load_ms:.0},\"load_peak_mib\":{load_mib:.0},\
         \"check_ms\":{check_ms:.0},\"check_peak_mib\":{check_mib:.0},\
         \"baseline_load_ms\":{old_load_ms:.0},\"baseline_load_peak_mib\":{old_load_mib:.0},\
         \"baseline_check_ms\":{old_check_ms:.0},\"baseline_check_peak_mib\":{old_check_mib:.0}}}",
        mib(text.len())
    );
}

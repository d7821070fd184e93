//! Validates and plans a large board; for profilers.

use floe_engine::bench_boards::large;
use floe_engine::{Catalog, Plan};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let board = large(n);
    let catalog = Catalog::builtin();
    let t = std::time::Instant::now();
    let plan = Plan::compile(&board, &catalog).expect("compiles");
    println!("{} nodes in {:?}", plan.len(), t.elapsed());
}

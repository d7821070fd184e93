//! Runs the 10-node Add chain many times; for profilers (`valgrind --tool=callgrind`).

use std::sync::Arc;

use floe_engine::bench_boards::add_chain;
use floe_engine::{CancelToken, Catalog, Plan, RunOptions, StdHost, Value, block_on};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let plan = Arc::new(Plan::compile(&add_chain(10), &Catalog::builtin()).expect("chain compiles"));
    let mut runner = plan.runner();
    let host = StdHost::default();
    let cancel = CancelToken::new();
    let mut opts = RunOptions { timing: false, ..RunOptions::default() };
    let mut acc = 0i64;
    let t = std::time::Instant::now();
    for i in 0..n {
        opts.input = Value::Int(i as i64);
        block_on(runner.run(&opts, &host, &mut (), &cancel));
        if let Some(Value::Int(v)) = runner.output("result") {
            acc = acc.wrapping_add(*v);
        }
    }
    println!("{acc}: {:.1} ns per Add hop", t.elapsed().as_nanos() as f64 / (n * 10) as f64);
}

//! Runs the 10-node Add chain many times; for profilers (`valgrind --tool=callgrind`).

use std::sync::Arc;

use floe_engine::bench_boards::add_chain;
use floe_engine::{CancelToken, Catalog, Plan, RunOptions, Runner, StdHost, Value};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let len: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let plan = Arc::new(Plan::compile(&add_chain(len), &Catalog::builtin()).expect("chain compiles"));
    let mut runner = Runner::new(&plan);
    let host = StdHost::default();
    let cancel = CancelToken::new();
    let mut opts = RunOptions { timing: false, ..RunOptions::default() };
    let mut acc = 0i64;
    let result = plan.output_index("result").expect("the chain has a `result` output");
    let t = std::time::Instant::now();
    for i in 0..n {
        opts.input = Value::Int(i as i64);
        runner.run_sync(&opts, &host, &mut (), &cancel);
        if let Some(Value::Int(v)) = runner.output_at(result) {
            acc = acc.wrapping_add(*v);
        }
    }
    println!("{acc}: {:.1} ns per Add hop", t.elapsed().as_nanos() as f64 / (n * len.max(1)) as f64);
}

//! The 10-node Add chain over 200,000 values, as a plain program, so the same
//! measurement runs natively and compiled to wasm (`wasm32-wasip1`, run by
//! Node's V8 through `scripts/run-wasi.mjs`). Measures the async
//! `Runner::run` (what the browser tab uses) and `Runner::run_sync`, against a
//! boxed-node JSON dispatcher in the same run. Prints one line of JSON.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use floe_engine::bench_boards::{add_chain, baseline};
use floe_engine::{CancelToken, Catalog, Plan, RunOptions, Runner, StdHost, Value, block_on};

const VALUES: usize = 200_000;
const CHAIN: usize = 10;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let reps: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let plan = Arc::new(Plan::compile(&add_chain(CHAIN), &Catalog::builtin()).expect("chain compiles"));
    let mut runner = Runner::new(&plan);
    let host = StdHost::default();
    let cancel = CancelToken::new();
    let mut opts = RunOptions { timing: false, ..RunOptions::default() };
    let mut floe = Vec::new();
    let mut floe_sync = Vec::new();
    let mut base = Vec::new();
    let mut dispatcher = baseline::Dispatcher::chain(CHAIN);
    let result = plan.output_index("result").expect("the chain has a `result` output");
    for rep in 0..=reps {
        let t = Instant::now();
        let mut acc = 0i64;
        for i in 0..VALUES {
            opts.input = Value::Int(i as i64);
            block_on(runner.run(&opts, &host, &mut (), &cancel));
            if let Some(Value::Int(v)) = runner.output_at(result) {
                acc = acc.wrapping_add(*v);
            }
        }
        black_box(acc);
        let floe_ns = t.elapsed().as_nanos() as f64 / (VALUES * CHAIN) as f64;
        let t = Instant::now();
        let mut acc = 0i64;
        for i in 0..VALUES {
            opts.input = Value::Int(i as i64);
            runner.run_sync(&opts, &host, &mut (), &cancel);
            if let Some(Value::Int(v)) = runner.output_at(result) {
                acc = acc.wrapping_add(*v);
            }
        }
        black_box(acc);
        let sync_ns = t.elapsed().as_nanos() as f64 / (VALUES * CHAIN) as f64;
        let t = Instant::now();
        let mut acc = 0i64;
        for i in 0..VALUES as i64 {
            acc = acc.wrapping_add(dispatcher.send(i));
        }
        black_box(acc);
        let base_ns = t.elapsed().as_nanos() as f64 / (VALUES * CHAIN) as f64;
        if rep > 0 {
            floe.push(floe_ns);
            floe_sync.push(sync_ns);
            base.push(base_ns);
        }
    }
    let (f, fs, b) = (median(floe), median(floe_sync), median(base));
    println!(
        "{{\"target\":\"{}\",\"floe_async_hop_ns\":{f:.2},\"floe_sync_hop_ns\":{fs:.2},\"dispatcher_hop_ns\":{b:.2},\"speedup_async\":{:.2}}}",
        std::env::consts::ARCH,
        b / f
    );
}

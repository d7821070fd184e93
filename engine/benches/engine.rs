//! Engine benchmarks: per-node-hop cost of a 10-node Add chain over 200,000
//! values and of a 10-way fan-out joined, against a minimal boxed-node /
//! JSON-value dispatcher measured in the same run; and validate+plan of
//! 1,000- and 10,000-node boards. Criterion measures; a summary with ratios
//! is printed at the end. `FLOE_NODERED_HOP_NS` (set by `scripts/bench`
//! after running Node-RED on the same chain) replaces the recorded anchor.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use floe_engine::bench_boards::{add_chain, baseline, fan_out, large, subflow_chain};
use floe_engine::{CancelToken, Catalog, Plan, RunOptions, Runner, StdHost, Value, block_on, validate};

const VALUES: usize = 200_000;
const CHAIN: usize = 10;
const WIDTH: usize = 10;
/// Node-RED 4.1 function-node hop on this machine kind (shared/anchors, window 1000).
const NODERED_FUNCTION_HOP_NS: f64 = 7_600.0;
/// Node-RED junction (pure routing) hop, same source.
const NODERED_JUNCTION_HOP_NS: f64 = 735.0;

/// Runs `n` values through a board with `run_sync` (the native shape: CLI,
/// server) and sums the outputs.
fn run_values(runner: &mut Runner, opts: &mut RunOptions, host: &StdHost, n: usize) -> i64 {
    let cancel = CancelToken::new();
    let result = runner.plan().output_index("result").expect("the bench boards have a `result` output");
    let mut acc = 0i64;
    for i in 0..n {
        opts.input = Value::Int(i as i64);
        runner.run_sync(opts, host, &mut (), &cancel);
        if let Some(Value::Int(v)) = runner.output_at(result) {
            acc = acc.wrapping_add(*v);
        }
    }
    acc
}

/// The same with the async `run` (the browser shape), polled to completion.
fn run_values_async(runner: &mut Runner, opts: &mut RunOptions, host: &StdHost, n: usize) -> i64 {
    let cancel = CancelToken::new();
    let result = runner.plan().output_index("result").expect("the bench boards have a `result` output");
    let mut acc = 0i64;
    for i in 0..n {
        opts.input = Value::Int(i as i64);
        block_on(runner.run(opts, host, &mut (), &cancel));
        if let Some(Value::Int(v)) = runner.output_at(result) {
            acc = acc.wrapping_add(*v);
        }
    }
    acc
}

fn fast_opts() -> RunOptions {
    RunOptions { timing: false, ..RunOptions::default() }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time_ns<F: FnMut()>(reps: usize, mut f: F) -> f64 {
    median(
        (0..reps)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_nanos() as f64
            })
            .collect(),
    )
}

/// Median time to make a value, not counting dropping it.
fn time_made<T>(reps: usize, mut make: impl FnMut() -> T) -> f64 {
    median(
        (0..reps)
            .map(|_| {
                let t = Instant::now();
                let made = black_box(make());
                let ns = t.elapsed().as_nanos() as f64;
                drop(made);
                ns
            })
            .collect(),
    )
}

fn benches(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let host = StdHost::default();

    let chain = Arc::new(Plan::compile(&add_chain(CHAIN), &catalog).expect("chain compiles"));
    let mut g = c.benchmark_group("chain_10_add");
    g.sample_size(10).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements((VALUES * CHAIN) as u64));
    g.bench_function("floe_plan_200k_values", |b| {
        let mut runner = Runner::new(&chain);
        let mut opts = fast_opts();
        b.iter(|| black_box(run_values(&mut runner, &mut opts, &host, VALUES)))
    });
    g.bench_function("boxed_json_dispatcher_200k_values", |b| {
        let mut d = baseline::Dispatcher::chain(CHAIN);
        b.iter(|| (0..VALUES as i64).fold(0i64, |acc, i| acc.wrapping_add(black_box(d.send(i)))))
    });
    g.finish();

    let fan = Arc::new(Plan::compile(&fan_out(WIDTH), &catalog).expect("fan-out compiles"));
    let mut g = c.benchmark_group("fan_out_10_join");
    g.sample_size(10).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements((VALUES * (WIDTH + 1)) as u64));
    g.bench_function("floe_plan_200k_values", |b| {
        let mut runner = Runner::new(&fan);
        let mut opts = fast_opts();
        b.iter(|| black_box(run_values(&mut runner, &mut opts, &host, VALUES)))
    });
    g.finish();

    let mut g = c.benchmark_group("validate_and_plan");
    g.sample_size(10);
    for n in [1_000usize, 10_000] {
        let board = large(n);
        g.bench_function(format!("{n}_nodes"), |b| b.iter_with_large_drop(|| Plan::compile(&board, &catalog)));
    }
    g.finish();

    summary(&chain, &fan, &catalog, &host);
}

fn summary(chain: &Arc<Plan>, fan: &Arc<Plan>, catalog: &Catalog, host: &StdHost) {
    let reps = 7;
    let mut runner = Runner::new(chain);
    let mut opts = fast_opts();
    run_values(&mut runner, &mut opts, host, 20_000);
    let floe_chain = time_ns(reps, || {
        black_box(run_values(&mut runner, &mut opts, host, VALUES));
    }) / (VALUES * CHAIN) as f64;
    let floe_chain_async = time_ns(reps, || {
        black_box(run_values_async(&mut runner, &mut opts, host, VALUES));
    }) / (VALUES * CHAIN) as f64;

    let mut instrumented = RunOptions::default();
    let mut count = 0u64;
    let cancel = CancelToken::new();
    let editor_mode = time_ns(3, || {
        for i in 0..VALUES / 10 {
            instrumented.input = Value::Int(i as i64);
            let mut sink = |_: floe_engine::RunEvent<'_>| count += 1;
            runner.run_sync(&instrumented, host, &mut sink, &cancel);
        }
    }) / (VALUES / 10 * CHAIN) as f64;

    let mut d = baseline::Dispatcher::chain(CHAIN);
    let base_chain = time_ns(reps, || {
        for i in 0..VALUES as i64 {
            black_box(d.send(i));
        }
    }) / (VALUES * CHAIN) as f64;

    let mut fan_runner = Runner::new(fan);
    let mut fan_opts = fast_opts();
    let floe_fan = time_ns(reps, || {
        black_box(run_values(&mut fan_runner, &mut fan_opts, host, VALUES));
    }) / (VALUES * (WIDTH + 1)) as f64;

    let (nr_hop, nr_source) = match std::env::var("FLOE_NODERED_HOP_NS").ok().and_then(|s| s.parse::<f64>().ok()) {
        Some(v) => (v, "measured in this run by scripts/bench"),
        None => (NODERED_FUNCTION_HOP_NS, "recorded anchor, ../shared/anchors; scripts/bench re-measures it"),
    };

    let (jn_hop, jn_source) = match std::env::var("FLOE_NODERED_JUNCTION_NS").ok().and_then(|s| s.parse::<f64>().ok()) {
        Some(v) => (v, "measured in this run by scripts/bench"),
        None => (NODERED_JUNCTION_HOP_NS, "recorded anchor"),
    };

    // The same chain of CHAIN Add nodes inside one subflow instance
    // (boundaries are wired through, so the same node executions), timed
    // alternately with the inline chain above.
    let in_subflow = Arc::new(Plan::compile(&subflow_chain(1, CHAIN + 2), catalog).expect("subflow chain compiles"));
    assert_eq!(in_subflow.len(), CHAIN + 2 + 2, "inputs, outputs, the chain and the two boundaries");
    let mut sub_runner = Runner::new(&in_subflow);
    let mut sub_opts = fast_opts();
    assert_eq!(
        run_values(&mut sub_runner, &mut sub_opts, host, 20_000),
        run_values(&mut runner, &mut opts, host, 20_000),
        "the chain computes the same inside a subflow"
    );
    let (mut inline_hop, mut subflow_hop) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        let t = Instant::now();
        black_box(run_values(&mut runner, &mut opts, host, VALUES));
        inline_hop.push(t.elapsed().as_nanos() as f64 / (VALUES * CHAIN) as f64);
        let t = Instant::now();
        black_box(run_values(&mut sub_runner, &mut sub_opts, host, VALUES));
        subflow_hop.push(t.elapsed().as_nanos() as f64 / (VALUES * CHAIN) as f64);
    }
    let (inline_hop, subflow_hop) = (median(inline_hop), median(subflow_hop));

    let mut plan_ms = Vec::new();
    for n in [1_000usize, 10_000] {
        let board = large(n);
        let validate_only = time_made(5, || validate(&board, catalog)) / 1e6;
        let full = time_made(5, || Plan::compile(&board, catalog)) / 1e6;
        plan_ms.push((n, validate_only, full));
    }
    let board = subflow_chain(100, 100);
    let sub_validate = time_made(5, || validate(&board, catalog)) / 1e6;
    let sub_full = time_made(5, || Plan::compile(&board, catalog)) / 1e6;
    let sub_nodes = Plan::compile(&board, catalog).expect("100 instances compile").len();

    println!();
    println!("== Floe engine summary (medians; native, {}) ==", std::env::consts::ARCH);
    println!("chain of {CHAIN} Add nodes over {VALUES} values:");
    println!("  floe plan, per Add hop ............ {floe_chain:8.1} ns   (target <= 20 ns; Runner::run_sync)");
    println!("  same through the async run ........ {floe_chain_async:8.1} ns   (Runner::run, the browser's path)");
    println!("  same with timing + live events .... {editor_mode:8.1} ns   (the editor's mode)");
    println!(
        "  boxed-node JSON dispatcher ........ {base_chain:8.1} ns   (measured in this run) -> floe is {:.1}x faster",
        base_chain / floe_chain
    );
    println!(
        "  Node-RED function-node hop ........ {nr_hop:8.0} ns   ({nr_source}) -> floe is {:.0}x faster",
        nr_hop / floe_chain
    );
    println!(
        "  Node-RED junction hop ............. {jn_hop:8.0} ns   ({jn_source}) -> floe is {:.0}x faster",
        jn_hop / floe_chain
    );
    println!("fan-out to {WIDTH} Add branches joined by make_array:");
    println!("  floe plan, per node hop ........... {floe_fan:8.1} ns   ({} hops per value)", WIDTH + 1);
    println!("chain of {CHAIN} Add nodes inside a subflow instance, timed alternately with the inline chain:");
    println!(
        "  per Add hop: inline {inline_hop:6.1} ns, in a subflow {subflow_hop:6.1} ns   (target: the same; run_sync)"
    );
    println!(
        "validate of 100 instances of a 100-node subflow ({sub_nodes} nodes flattened): {sub_validate:8.2} ms;  \
         validate + plan {sub_full:8.2} ms   (target < 50 ms)"
    );
    for (n, v, f) in plan_ms {
        println!(
            "validate of {n:>6} nodes ............ {v:8.2} ms;  validate + plan {f:8.2} ms   (target for 10,000: < 50 ms)"
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}

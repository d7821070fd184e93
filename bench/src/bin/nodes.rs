//! The custom-node sandbox, measured: per-invocation cost of a trivial SDK
//! node (a fresh instance per call, fuel on and off), and — natively, with
//! `--features native-examples` — a compute-heavy node against the same Rust
//! code compiled natively, and the heap after recompiling a module 1,000 times.
//!
//! Usage: `nodes ADD_ONE.wasm [PRIME_SIEVE.wasm]`; `-` reads the first module
//! from stdin (how it runs under Node's V8, which gives it no files).
//! Prints one line of JSON.

use std::hint::black_box;
use std::io::Read as _;
use std::sync::Arc;
use std::time::Instant;

use floe_engine::bench_boards::kind_chain;
use floe_engine::wasm::Modules;
use floe_engine::{CancelToken, Catalog, Plan, RunOptions, RunStatus, Runner, StdHost, Value};

#[cfg(feature = "native-examples")]
#[global_allocator]
static HEAP: counting::Counting = counting::Counting;

const CHAIN: usize = 10;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn read(arg: &str) -> Vec<u8> {
    if arg == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).expect("stdin is readable");
        bytes
    } else {
        std::fs::read(arg).unwrap_or_else(|e| panic!("cannot read {arg}: {e}"))
    }
}

/// Nanoseconds per node of a `CHAIN`-long chain of `bytes`' node, `runs` runs, median of 5.
/// The chain goes through each node's first input and first output.
fn per_call_ns(modules: &mut Modules, bytes: &[u8], x: i64, runs: usize) -> f64 {
    let m = modules.load("bench", bytes, None).expect("the module loads");
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let first = |input: bool| m.def.pins.iter().find(|p| p.is_input() == input).expect("a pin").name.clone();
    let board = kind_chain(&m.def.name, &first(true), &first(false), CHAIN);
    let plan = Arc::new(Plan::compile(&board, &catalog).expect("compiles"));
    let mut runner = Runner::new(&plan);
    let host = StdHost::default();
    let cancel = CancelToken::new();
    let opts = RunOptions { timing: false, input: Value::Int(x), ..RunOptions::default() };
    let mut samples = Vec::new();
    for rep in 0..6 {
        let t = Instant::now();
        for _ in 0..runs {
            let s = runner.run_sync(&opts, &host, &mut (), &cancel);
            assert_eq!(s.status, RunStatus::Succeeded, "{:?}", runner.record().error);
        }
        black_box(runner.output("result"));
        if rep > 0 {
            samples.push(t.elapsed().as_nanos() as f64 / (runs * CHAIN) as f64);
        }
    }
    median(samples)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let add_one = read(args.first().map(String::as_str).unwrap_or("-"));
    let mut fields = vec![format!("\"target\":\"{}\"", std::env::consts::ARCH)];

    let fuel_on = per_call_ns(&mut Modules::new(), &add_one, 0, 2_000);
    let fuel_off = per_call_ns(&mut Modules::without_fuel_for_benchmarks(), &add_one, 0, 2_000);
    fields.push(format!("\"trivial_call_us\":{:.3}", fuel_on / 1000.0));
    fields.push(format!("\"trivial_call_no_fuel_us\":{:.3}", fuel_off / 1000.0));
    fields.push(format!("\"trivial_fuel_overhead_pct\":{:.1}", (fuel_on / fuel_off - 1.0) * 100.0));

    #[cfg(feature = "native-examples")]
    if let Some(sieve) = args.get(1) {
        heavy::measure(&read(sieve), &mut fields);
        fields.push(recompiles::measure(&add_one));
    }
    println!("{{{}}}", fields.join(","));
}

#[cfg(feature = "native-examples")]
mod heavy {
    use super::*;

    const LIMIT: i64 = 2_000_000;

    /// A runner for a board with one sieve node over `LIMIT`.
    fn sieve_runner(modules: &mut Modules, bytes: &[u8]) -> Runner {
        let m = modules.load("prime_sieve", bytes, None).expect("the sieve loads");
        let mut catalog = Catalog::builtin();
        modules.register_into(&mut catalog);
        let board = floe_engine::Board::from_value(serde_json::json!({"format_version": 1, "nodes": [
            {"id": "s", "kind": m.def.name, "inputs": {"limit": LIMIT}, "config": {"fuel": floe_engine::wasm::MAX_FUEL}},
            {"id": "out", "kind": "event.board_output"}],
            "edges": [{"id": "e", "from": {"node": "s", "pin": "count"}, "to": {"node": "out", "pin": "value"}}]}))
        .expect("valid");
        Runner::new(&Arc::new(Plan::compile(&board, &catalog).expect("compiles")))
    }

    fn run_ms(runner: &mut Runner) -> f64 {
        let t = Instant::now();
        let s = runner.run_sync(&RunOptions::default(), &StdHost::default(), &mut (), &CancelToken::new());
        assert_eq!(s.status, RunStatus::Succeeded, "{:?}", runner.record().error);
        t.elapsed().as_secs_f64() * 1000.0
    }

    pub fn measure(bytes: &[u8], fields: &mut Vec<String>) {
        let mut on = sieve_runner(&mut Modules::new(), bytes);
        let mut off = sieve_runner(&mut Modules::without_fuel_for_benchmarks(), bytes);
        let (mut native, mut with_fuel, mut without) = (Vec::new(), Vec::new(), Vec::new());
        // Interleaved, so drift on a noisy machine hits all three alike.
        for rep in 0..12 {
            let t = Instant::now();
            black_box(prime_sieve::sieve(black_box(LIMIT as usize)));
            let n = t.elapsed().as_secs_f64() * 1000.0;
            let (a, b) = (run_ms(&mut on), run_ms(&mut off));
            if rep > 1 {
                native.push(n);
                with_fuel.push(a);
                without.push(b);
            }
        }
        let fuel = on.record().nodes[0].fuel.unwrap_or(0);
        let (native, on, off) = (median(native), median(with_fuel), median(without));
        fields.push(format!("\"sieve_limit\":{LIMIT}"));
        fields.push(format!("\"sieve_native_ms\":{native:.2}"));
        fields.push(format!("\"sieve_wasm_ms\":{on:.2}"));
        fields.push(format!("\"sieve_wasm_no_fuel_ms\":{off:.2}"));
        fields.push(format!("\"sieve_slowdown_x\":{:.1}", on / native));
        fields.push(format!("\"sieve_fuel_overhead_pct\":{:.1}", (on / off - 1.0) * 100.0));
        fields.push(format!("\"sieve_fuel\":{fuel}"));
    }
}

#[cfg(feature = "native-examples")]
mod recompiles {
    use super::*;

    /// The module with a custom section holding `i`: same code, a new hash, so a new compile
    /// (what an editor does on every edit of a node).
    fn variant(bytes: &[u8], i: u32) -> Vec<u8> {
        let mut out = bytes.to_vec();
        let name = b"floe-bench";
        let payload = i.to_le_bytes();
        out.push(0); // custom section
        out.push((1 + name.len() + payload.len()) as u8);
        out.push(name.len() as u8);
        out.extend_from_slice(name);
        out.extend_from_slice(&payload);
        out
    }

    pub fn measure(bytes: &[u8]) -> String {
        let mut modules = Modules::new();
        let mut previous = None;
        let mut load = |modules: &mut Modules, i: u32| {
            let m = modules.load("edited", &variant(bytes, i), None).expect("loads");
            // Run it once so its code is really translated, then drop the old version (hot reload).
            let mut catalog = Catalog::builtin();
            modules.register_into(&mut catalog);
            let plan = Arc::new(Plan::compile(&kind_chain(&m.def.name, "x", "y", 1), &catalog).expect("compiles"));
            let opts = RunOptions { input: Value::Int(1), ..RunOptions::default() };
            let mut runner = Runner::new(&plan);
            let s = runner.run_sync(&opts, &StdHost::default(), &mut (), &CancelToken::new());
            assert_eq!(s.status, RunStatus::Succeeded, "{:?}", runner.record().error);
            if let Some(old) = previous.replace(m.hash) {
                modules.remove(&old);
            }
        };
        load(&mut modules, 0);
        let before = counting::live();
        let t = Instant::now();
        for i in 1..=1000 {
            load(&mut modules, i);
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let after = counting::live();
        format!(
            "\"recompiles\":1000,\"recompile_ms_each\":{:.3},\"heap_growth_mb\":{:.2},\"compiles\":{},\"engine_generations\":{}",
            ms / 1000.0,
            (after as f64 - before as f64) / 1e6,
            modules.compiles(),
            modules.generations()
        )
    }
}

#[cfg(feature = "native-examples")]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering};

    static LIVE: AtomicUsize = AtomicUsize::new(0);

    /// The system allocator, counting live bytes.
    pub struct Counting;

    // SAFETY: forwards to `System` unchanged; only counts.
    #[allow(unsafe_code)]
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
            // SAFETY: same contract as the caller's.
            unsafe { System.alloc(layout) }
        }
        // Forwarded, not left to the default (alloc + memset): the system's
        // zeroed pages are what the normal allocator gives, so the native
        // baseline is not slowed by counting.
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
            // SAFETY: same contract as the caller's.
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            // SAFETY: same contract as the caller's.
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            // SAFETY: same contract as the caller's.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    /// Bytes allocated and not freed.
    pub fn live() -> usize {
        LIVE.load(Ordering::Relaxed)
    }
}

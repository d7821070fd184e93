//! Prepares the prime sieve for the browser benchmark of custom nodes on
//! the browser's own engine (`tests/e2e/bench-native.mjs`) and measures its
//! native twin: writes the module as built, the module metered as the run
//! worker meters it, and the typed context of one call into `OUT_DIR`, then
//! prints one line of JSON with the native time (median of 10, after 2
//! warm-ups) and the metered module's growth.
//!
//! Usage: `native PRIME_SIEVE.wasm OUT_DIR` (built with `--features native-examples`).

use std::hint::black_box;
use std::time::Instant;

use floe_engine::Value;
use floe_engine::wasm::{DEFAULT_MEMORY, meter, typed_context};

const LIMIT: i64 = 2_000_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(module), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: native PRIME_SIEVE.wasm OUT_DIR");
        std::process::exit(2);
    };
    let bytes = std::fs::read(module).expect("the sieve module is readable");
    let metered = meter::meter(&bytes, DEFAULT_MEMORY).expect("the sieve meters");
    let context = typed_context(&[Value::Int(LIMIT)], &serde_json::Map::new(), "bench", 1 << 20).expect("fits");
    let out = std::path::Path::new(out);
    std::fs::create_dir_all(out).expect("the output folder");
    std::fs::write(out.join("plain.wasm"), &bytes).expect("written");
    std::fs::write(out.join("metered.wasm"), &metered.bytes).expect("written");
    std::fs::write(out.join("context.bin"), &context).expect("written");
    let mut times = Vec::new();
    for rep in 0..12 {
        let t = Instant::now();
        black_box(prime_sieve::sieve(black_box(LIMIT as usize)));
        if rep > 1 {
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"sieve_limit\":{LIMIT},\"sieve_native_ms\":{:.2},\"metered_bytes\":{},\"plain_bytes\":{},\"charges\":{}}}",
        times[times.len() / 2],
        metered.bytes.len(),
        bytes.len(),
        metered.charges
    );
}

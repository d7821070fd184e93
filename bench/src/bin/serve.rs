//! `floe serve` under load: 100 concurrent clients, each updating (PUT with
//! If-Match) and reading back (GET) a blob of its own, against SQLite and
//! against PostgreSQL (a throwaway cluster), beside a baseline measured in
//! the same run: `GET /v1/health`, the same HTTP stack without a database.
//! Prints one JSON line per database: p50/p99 per operation, throughput and
//! the server's peak RSS.
//!
//!     cargo build --release -p floe-cli
//!     cargo run --release -p floe-bench --features serve --bin serve -- target/release/floe [sqlite|postgres]

use std::path::{Path, PathBuf};
use std::sync::Barrier;
use std::time::{Duration, Instant};

use floe_test_support::postgres::Cluster;
use floe_test_support::serve::{Server, data_dir};

const CLIENTS: usize = 100;
const ROUNDS: usize = 20;
const BLOB: usize = 16 * 1024;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    ms(sorted[((sorted.len() - 1) as f64 * p) as usize])
}

/// `VmHWM` (peak resident memory) of a process, MiB.
fn peak_rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Every client runs `op` ROUNDS times at once; the latencies, sorted, and
/// the wall time.
fn load(op: &(dyn Fn(usize, usize) + Sync)) -> (Vec<Duration>, Duration) {
    let barrier = Barrier::new(CLIENTS);
    let t0 = Instant::now();
    let mut all: Vec<Duration> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    (0..ROUNDS)
                        .map(|r| {
                            let t = Instant::now();
                            op(c, r);
                            t.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a client thread")).collect()
    });
    let wall = t0.elapsed();
    all.sort();
    (all, wall)
}

fn run(floe: &Path, name: &str, args: &[String]) {
    let data = data_dir(&format!("bench-{name}"));
    let mut args = args.to_vec();
    args.extend(["--requests-per-minute".into(), "1000000".into()]);
    let server = Server::start(floe, &data, &args);
    let url = server.url.clone();
    let a = agent();
    let payload = vec![0xA5u8; BLOB];
    let blobs: Vec<(String, String)> = (0..CLIENTS)
        .map(|_| {
            let mut r = a.post(format!("{url}/v1/blobs")).send(&payload[..]).expect("create");
            let v: serde_json::Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
            (v["id"].as_str().unwrap().to_owned(), v["write_token"].as_str().unwrap().to_owned())
        })
        .collect();
    let check = |status: u16, what: &str| assert!(status < 300, "{what}: {status}");
    // Warm up: every client's connection opened before anything is timed.
    load(&|_, _| {
        check(a.get(format!("{url}/v1/health")).call().unwrap().status().as_u16(), "health");
    });
    let (health, health_wall) = load(&|_, _| {
        check(a.get(format!("{url}/v1/health")).call().unwrap().status().as_u16(), "health");
    });
    let (puts, put_wall) = load(&|c, r| {
        let (id, token) = &blobs[c];
        let resp = a
            .put(format!("{url}/v1/blobs/{id}"))
            .header("If-Match", format!("\"{}\"", r + 1))
            .header("Authorization", format!("Bearer {token}"))
            .send(&payload[..])
            .unwrap();
        check(resp.status().as_u16(), "put");
    });
    let (gets, get_wall) = load(&|c, _| {
        let mut resp = a.get(format!("{url}/v1/blobs/{}", blobs[c].0)).call().unwrap();
        check(resp.status().as_u16(), "get");
        assert_eq!(resp.body_mut().read_to_vec().unwrap().len(), BLOB);
    });
    let per_s = |n: usize, wall: Duration| (n as f64 / wall.as_secs_f64()).round();
    println!(
        "{{\"database\":\"{name}\",\"clients\":{CLIENTS},\"blob_kib\":{},\
         \"put_p50_ms\":{:.2},\"put_p99_ms\":{:.2},\"put_per_s\":{},\
         \"get_p50_ms\":{:.2},\"get_p99_ms\":{:.2},\"get_per_s\":{},\
         \"baseline_health_p50_ms\":{:.2},\"baseline_health_p99_ms\":{:.2},\"baseline_health_per_s\":{},\
         \"server_peak_rss_mib\":{:.1}}}",
        BLOB / 1024,
        pct(&puts, 0.5),
        pct(&puts, 0.99),
        per_s(puts.len(), put_wall),
        pct(&gets, 0.5),
        pct(&gets, 0.99),
        per_s(gets.len(), get_wall),
        pct(&health, 0.5),
        pct(&health, 0.99),
        per_s(health.len(), health_wall),
        peak_rss_mib(server.pid()),
    );
}

fn main() {
    let floe = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/release/floe".into()));
    assert!(floe.is_file(), "{} is not built (cargo build --release -p floe-cli)", floe.display());
    let which = std::env::args().nth(2).unwrap_or_default();
    if which != "postgres" {
        run(&floe, "sqlite", &[]);
    }
    if which != "sqlite" {
        let cluster = Cluster::start("bench");
        let url = cluster.database("floe");
        run(&floe, "postgres", &["--database".into(), url]);
    }
    println!("(per operation: {CLIENTS} clients at once, {ROUNDS} requests each; baseline: /v1/health, no database)");
}

//! A throwaway PostgreSQL cluster for the browser benchmarks (which are
//! JavaScript): starts one (as `floe serve`'s tests do), prints
//! `postgres <url>` on a line of its own, and stops and removes it when its
//! standard input closes.
//!
//!     cargo run --release -p floe-bench --features serve --bin pg

use std::io::{Read, Write};

use floe_test_support::postgres::Cluster;

fn main() {
    let cluster = Cluster::start("bench-browser");
    println!("postgres {}", cluster.database("floe"));
    let _ = std::io::stdout().flush();
    let mut rest = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut rest);
    drop(cluster);
}

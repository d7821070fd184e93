//! Reads `{"numbers": [...], "label": "..."}` on stdin, writes statistics on stdout.

use std::io::Read;

fn main() {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("cannot read stdin: {e}");
        std::process::exit(2);
    }
    match wasi_stats::stats(&input) {
        Ok(out) => {
            eprintln!("computed statistics of {} numbers", out["count"]);
            println!("{out}");
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

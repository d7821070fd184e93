//! Test helpers shared by the workspace: builds the example nodes in
//! `node-sdk/examples/` from source (the Floe ABI examples for
//! `wasm32-unknown-unknown`, the WASI example for `wasm32-wasip1`; nothing
//! is committed as a binary), lists the test folders, measures memory
//! ([`memory`]), and starts `floe serve` ([`serve`]) and throwaway
//! PostgreSQL clusters ([`postgres`]) for the server's tests and benchmark.

pub mod memory;
pub mod postgres;
pub mod serve;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The Floe ABI examples (crate names).
pub const ABI_EXAMPLES: &[&str] = &["word_freq", "caesar", "prime_sieve", "csv_stats", "add_one"];
/// The WASI stdio example.
pub const WASI_EXAMPLE: &str = "wasi_stats";

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root exists")
}

/// Where the example builds go (apart from the main target dir, so a build
/// from inside `cargo test` never waits on the outer cargo's lock).
fn target_dir() -> PathBuf {
    root().join("target").join("wasm-nodes")
}

fn cargo(args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root())
        .env("CARGO_TARGET_DIR", target_dir())
        // The examples are built plainly, whatever flags the outer build uses.
        .env("RUSTFLAGS", "")
        .args(args)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the example nodes failed: cargo {}", args.join(" "));
}

/// Builds every example once per process and returns the directory of the
/// `wasm32-unknown-unknown` release outputs and of the WASI one.
pub fn build_examples() -> &'static (PathBuf, PathBuf) {
    static BUILT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut args = vec!["build", "--release", "--quiet", "--target", "wasm32-unknown-unknown"];
        for name in ABI_EXAMPLES {
            args.extend(["-p", name]);
        }
        cargo(&args);
        cargo(&["build", "--release", "--quiet", "--target", "wasm32-wasip1", "-p", WASI_EXAMPLE]);
        let t = target_dir();
        (t.join("wasm32-unknown-unknown/release"), t.join("wasm32-wasip1/release"))
    })
}

/// The panicking test node (`tests/fixtures/panic_node`), built in the SDK's
/// lean `no_std` mode or with `std`.
pub fn panic_node(with_std: bool) -> Vec<u8> {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        let out = target_dir().join("panic_node");
        std::fs::create_dir_all(&out).expect("a directory for the builds");
        let built = target_dir().join("wasm32-unknown-unknown/release/panic_node.wasm");
        for (features, name) in [(None, "no_std"), (Some("std"), "std")] {
            let mut args =
                vec!["build", "--release", "--quiet", "--target", "wasm32-unknown-unknown", "-p", "panic_node"];
            if let Some(f) = features {
                args.extend(["--features", f]);
            }
            cargo(&args);
            std::fs::copy(&built, out.join(format!("{name}.wasm"))).expect("the panic node was built");
        }
        out
    });
    std::fs::read(dir.join(if with_std { "std.wasm" } else { "no_std.wasm" })).expect("the panic node was built")
}

/// The compiled bytes of Floe ABI example `name`.
pub fn abi_example(name: &str) -> Vec<u8> {
    let (dir, _) = build_examples();
    std::fs::read(dir.join(format!("{name}.wasm"))).expect("the example was built")
}

/// Path of the compiled Floe ABI example `name`.
pub fn abi_example_path(name: &str) -> PathBuf {
    build_examples().0.join(format!("{name}.wasm"))
}

/// The compiled WASI example and its io schema (JSON text).
pub fn wasi_example() -> (Vec<u8>, String) {
    let (_, dir) = build_examples();
    let bytes = std::fs::read(dir.join(format!("{WASI_EXAMPLE}.wasm"))).expect("the WASI example was built");
    let io =
        std::fs::read_to_string(root().join("node-sdk/examples/wasi_stats/wasi_stats.io.json")).expect("io schema");
    (bytes, io)
}

/// Path of the compiled WASI example.
pub fn wasi_example_path() -> PathBuf {
    build_examples().1.join(format!("{WASI_EXAMPLE}.wasm"))
}

/// The hand-written WAT example.
pub fn wat_example() -> String {
    std::fs::read_to_string(root().join("node-sdk/examples/wat/add.wat")).expect("add.wat")
}

/// The files in the workspace folder `dir` (e.g. `"examples"`) whose names
/// end with `suffix` (e.g. `".board.json"`), sorted by path.
pub fn files(dir: &str, suffix: &str) -> Vec<PathBuf> {
    let dir = root().join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(suffix)))
        .collect();
    out.sort();
    out
}

/// The path with its suffix `from` (e.g. `".board.json"`) replaced by `to`.
pub fn beside(path: &Path, from: &str, to: &str) -> PathBuf {
    let text = path.to_string_lossy();
    PathBuf::from(format!("{}{to}", text.strip_suffix(from).unwrap_or(&text)))
}

/// The file name of `path`, as text.
pub fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

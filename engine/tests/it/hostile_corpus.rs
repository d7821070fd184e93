//! The hostile-input corpus (`tests/hostile/`): each board ends in its
//! documented error (or runs cleanly), within its time bound, and never
//! panics, but for the entry with code `internal`: a node that panics on
//! purpose, which the engine cannot stop and its hosts isolate (the CLI's
//! guard, the browser's run worker). The same files are run by the CLI's and
//! the browser's tests.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use floe_engine::{Board, Catalog, Plan, RunLimits, RunOptions, Value, run_blocking};
use serde::Deserialize;

/// What a corpus entry expects (`NAME.hostile.json`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// What the input attacks.
    pub what: String,
    /// Where it must be stopped: `load`, `validate` or `run`.
    pub stage: String,
    /// The error code (`None`: the run succeeds).
    pub code: Option<String>,
    /// Text the error message holds.
    #[serde(default)]
    pub contains: Option<String>,
    /// The bound, in milliseconds.
    pub within_ms: u64,
    /// The bound on memory held at once while loading, checking and running, in MiB.
    pub max_mib: u64,
    /// Run limits that differ from the defaults.
    #[serde(default)]
    pub limits: serde_json::Map<String, serde_json::Value>,
    /// The run's input payload.
    #[serde(default)]
    pub input: serde_json::Value,
}

/// Every board of the corpus with its expectation.
pub fn corpus() -> Vec<(PathBuf, Expect)> {
    let out: Vec<(PathBuf, Expect)> = floe_test_support::files("tests/hostile/boards", ".board.json")
        .into_iter()
        .map(|p| {
            let expect = floe_test_support::beside(&p, ".board.json", ".hostile.json");
            let expect: Expect = serde_json::from_str(&std::fs::read_to_string(&expect).unwrap()).unwrap();
            (p, expect)
        })
        .collect();
    assert!(out.len() >= 10, "the corpus is in tests/hostile/boards");
    out
}

/// The run limits an entry asks for.
pub fn limits(expect: &Expect) -> RunLimits {
    let mut l = RunLimits::default();
    for (k, v) in &expect.limits {
        match k.as_str() {
            "max_wall_ms" => l.max_wall_ms = v.as_f64(),
            "max_text_bytes" => l.max_text_bytes = v.as_u64().unwrap() as usize,
            other => panic!("unknown limit {other}"),
        }
    }
    l
}

#[test]
fn every_hostile_board_ends_in_its_error_within_its_bound() {
    let catalog = Catalog::builtin();
    for (path, expect) in corpus() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let t = Instant::now();
        let text = std::fs::read_to_string(&path).unwrap();
        let (outcome, peak) = floe_test_support::memory::peak_during(|| -> Result<(), (String, String)> {
            let board = Board::from_json(&text).map_err(|e| ("load".to_owned(), e.to_string()))?;
            let plan = Plan::compile(&board, &catalog).map_err(|d| ("validate".to_owned(), d.to_string()))?;
            let opts =
                RunOptions { input: Value::from_json(&expect.input), limits: limits(&expect), ..RunOptions::default() };
            let plan = Arc::new(plan);
            let record = std::panic::catch_unwind(AssertUnwindSafe(|| run_blocking(&plan, &opts))).map_err(|p| {
                let message =
                    p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned());
                ("internal".to_owned(), message.unwrap_or_default())
            })?;
            match record.error {
                Some(e) => Err((e.code, e.message)),
                None => Ok(()),
            }
        });
        let ms = t.elapsed().as_millis() as u64;
        let mib = peak as f64 / 1048576.0;
        assert!(
            mib <= expect.max_mib as f64,
            "{name} ({}) held {mib:.1} MiB at once, its bound is {}",
            expect.what,
            expect.max_mib
        );
        assert!(ms <= expect.within_ms, "{name} ({}) took {ms} ms, its bound is {}", expect.what, expect.within_ms);
        match (&expect.code, outcome) {
            (None, Ok(())) => {}
            (Some(code), Err((got, message))) => {
                assert!(
                    got == *code || (expect.stage != "run" && got == expect.stage),
                    "{name}: expected [{code}], got [{got}] {message}"
                );
                if let Some(text) = &expect.contains {
                    assert!(message.contains(text.as_str()), "{name}: {message:?} does not say {text:?}");
                }
            }
            (want, got) => panic!("{name}: expected {want:?}, got {got:?}"),
        }
    }
}

/// What a module of the corpus expects (`tests/hostile/modules/NAME.hostile.json`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleExpect {
    /// What the module attacks.
    pub what: String,
    /// Where it must be stopped: `load` (reading its definition) or `run`.
    pub stage: String,
    /// The error code (`None`: the run succeeds).
    pub code: Option<String>,
    /// Text the error message holds.
    #[serde(default)]
    pub contains: Option<String>,
    /// The node's outputs, when it succeeds.
    #[serde(default)]
    pub output: Option<serde_json::Value>,
    /// The bound, in milliseconds, for loading and running.
    pub within_ms: u64,
    /// The bound on memory held at once while loading and running, in MiB.
    pub max_mib: u64,
    /// The node's settings.
    #[serde(default)]
    pub config: serde_json::Map<String, serde_json::Value>,
}

/// Every module of the corpus with its expectation.
pub fn modules() -> Vec<(String, Vec<u8>, ModuleExpect)> {
    let out: Vec<(String, Vec<u8>, ModuleExpect)> = floe_test_support::files("tests/hostile/modules", ".wat")
        .into_iter()
        .map(|p| {
            let expect = std::fs::read_to_string(p.with_extension("hostile.json")).unwrap();
            (floe_test_support::file_name(&p), std::fs::read(&p).unwrap(), serde_json::from_str(&expect).unwrap())
        })
        .collect();
    assert!(out.len() >= 10, "the module corpus is in tests/hostile/modules");
    out
}

#[test]
fn every_hostile_module_ends_in_its_error_within_its_bound() {
    check_hostile_modules(&floe_engine::StdHost::default());
}

/// Loads and runs every hostile module on `host` (with or without an engine
/// of its own): each must end in its error within its bounds.
pub fn check_hostile_modules(host: &dyn floe_engine::Host) {
    for (name, bytes, expect) in modules() {
        let t = Instant::now();
        let mut modules = floe_engine::wasm::Modules::new();
        let (outcome, peak) =
            floe_test_support::memory::peak_during(|| -> Result<serde_json::Value, (&str, String, String)> {
                let m = modules.load(&name, &bytes, None).map_err(|e| ("load", e.code().to_owned(), e.to_string()))?;
                let mut catalog = Catalog::builtin();
                modules.register_into(&mut catalog);
                let board = Board::from_value(serde_json::json!({"format_version": 1,
                "nodes": [{"id": "n", "kind": m.def.name, "config": expect.config}]}))
                .unwrap();
                let plan =
                    Arc::new(Plan::compile(&board, &catalog).map_err(|d| ("validate", String::new(), d.to_string()))?);
                let record = crate::native::run_on(&plan, host, &RunOptions::default());
                match record.error {
                    Some(e) => Err(("run", e.code, e.message)),
                    None => Ok(record.node("n").unwrap().outputs.get("output").map(Value::to_json).unwrap_or_default()),
                }
            });
        let ms = t.elapsed().as_millis() as u64;
        let mib = peak as f64 / 1048576.0;
        assert!(
            mib <= expect.max_mib as f64,
            "{name} ({}) held {mib:.1} MiB at once, its bound is {}",
            expect.what,
            expect.max_mib
        );
        assert!(ms <= expect.within_ms, "{name} ({}) took {ms} ms, its bound is {}", expect.what, expect.within_ms);
        match (&expect.code, outcome) {
            (None, Ok(output)) => {
                if let Some(want) = &expect.output {
                    assert_eq!(&output, want, "{name}");
                }
            }
            (Some(code), Err((stage, got, message))) => {
                assert_eq!((stage, got.as_str()), (expect.stage.as_str(), code.as_str()), "{name}: {message}");
                if let Some(text) = &expect.contains {
                    assert!(message.contains(text.as_str()), "{name}: {message:?} does not say {text:?}");
                }
            }
            (want, got) => panic!("{name}: expected {want:?}, got {got:?}"),
        }
    }
}

//! `floe run`, `floe check` and `floe test`.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use floe_engine::wasm::Modules;
use floe_engine::{
    Board, CancelToken, Catalog, Diagnostics, Plan, RunEvent, RunOptions, RunStatus, Runner, Severity, StdHost, Value,
    block_on, check as check_board,
};

use crate::Outcome;

/// Reads and parses a board, printing a located message when it cannot.
fn load(path: &Path) -> anyhow::Result<Result<Board, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Board::from_json(&text).map_err(|e| format!("{}: {e}", path.display())))
}

/// The value, or `None` after printing why there is none (bad input: exit 2).
pub(crate) fn usable<T>(r: Result<T, String>) -> Option<T> {
    r.map_err(|msg| eprintln!("{msg}")).ok()
}

/// Compiles the board, or prints its errors and returns `None`.
fn compile(path: &Path, board: &Board, catalog: &Catalog) -> Option<Arc<Plan>> {
    match Plan::compile(board, catalog) {
        Ok(p) => Some(Arc::new(p)),
        Err(diags) => {
            print_diagnostics(path, &diags);
            eprintln!("{}: the board has errors and cannot run", path.display());
            None
        }
    }
}

/// A node's settings with their defaults: `name = default, ...`.
pub(crate) fn settings(def: &floe_engine::NodeDef) -> String {
    let list: Vec<String> = def
        .config
        .iter()
        .map(|c| format!("{} = {}", c.name, c.default.as_ref().map(|v| v.to_string()).unwrap_or_default()))
        .collect();
    list.join(", ")
}

pub(crate) fn print_diagnostics(path: &Path, diags: &Diagnostics) {
    for d in diags {
        eprintln!("{}: {d}", path.display());
    }
}

pub(crate) fn parse_input(input: Option<&str>) -> anyhow::Result<Result<Value, String>> {
    let Some(raw) = input else { return Ok(Ok(Value::Null)) };
    let (text, what) = match raw.strip_prefix('@') {
        Some(file) => {
            (std::fs::read_to_string(file).with_context(|| format!("cannot read input file {file}"))?, file.to_owned())
        }
        None => (raw.to_owned(), "--input".to_owned()),
    };
    Ok(serde_json::from_str::<serde_json::Value>(&text)
        .map(|j| Value::from_json(&j))
        .map_err(|e| format!("{what}: invalid JSON at line {}, column {}", e.line(), e.column())))
}

/// Loads the board's custom node modules (paths relative to the board file)
/// and registers them; prints each module problem. Returns whether all loaded.
fn load_modules(path: &Path, board: &Board, catalog: &mut Catalog) -> bool {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut modules = Modules::new();
    let problems = modules.load_board(board, &|p| std::fs::read(dir.join(p)));
    for p in &problems {
        eprintln!("{}: {p}", path.display());
    }
    modules.register_into(catalog);
    problems.is_empty()
}

/// `floe run`.
pub fn run(path: &Path, input: Option<&str>, json: bool, seed: u64) -> anyhow::Result<Outcome> {
    let Some(board) = usable(load(path)?) else { return Ok(Outcome::Invalid) };
    let Some(input) = usable(parse_input(input)?) else { return Ok(Outcome::Invalid) };
    let mut catalog = Catalog::builtin();
    let modules_ok = load_modules(path, &board, &mut catalog);
    let Some(plan) = compile(path, &board, &catalog) else { return Ok(Outcome::Invalid) };
    if !modules_ok {
        eprintln!("{}: some modules could not be loaded; running without them", path.display());
    }
    print_diagnostics(path, plan.warnings());
    let opts = RunOptions { input, seed, run_id: "cli".into(), ..RunOptions::default() };
    let mut runner = Runner::new(&plan);
    let mut stderr = std::io::stderr();
    let mut sink = |e: RunEvent<'_>| {
        if let RunEvent::Log(line) = e {
            let node = line.node.as_ref().map(|n| n.as_str()).unwrap_or("-");
            let _ = writeln!(stderr, "[{:?}] {node}: {}", line.level, line.text);
        }
    };
    let summary = if json {
        block_on(runner.run(&opts, &StdHost::default(), &mut (), &CancelToken::new()))
    } else {
        block_on(runner.run(&opts, &StdHost::default(), &mut sink, &CancelToken::new()))
    };
    let record = runner.record();
    if json {
        println!("{}", serde_json::to_string_pretty(&record).context("cannot write the run record")?);
    } else {
        for (name, v) in &record.outputs {
            println!("{name} = {}", v.to_json());
        }
        if let Some(e) = &record.error {
            eprintln!("{}: {}", path.display(), e.message);
        }
        eprintln!(
            "{}: {:?} in {:.1} ms, {} node runs",
            path.display(),
            summary.status,
            summary.duration_ms,
            summary.steps
        );
    }
    Ok(if summary.status == RunStatus::Succeeded { Outcome::Ok } else { Outcome::RunFailed })
}

/// `floe check`.
pub fn check(path: &Path, json: bool) -> anyhow::Result<Outcome> {
    let Some(board) = usable(load(path)?) else { return Ok(Outcome::Invalid) };
    let mut catalog = Catalog::builtin();
    let modules_ok = load_modules(path, &board, &mut catalog);
    let checked = check_board(&board, &catalog);
    let diags = checked.diagnostics();
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    if json {
        println!("{}", serde_json::to_string_pretty(diags).context("cannot write diagnostics")?);
    } else {
        for d in diags {
            println!("{}: {d}", path.display());
        }
        println!("{}: {errors} error(s), {} warning(s)", path.display(), diags.len() - errors);
    }
    Ok(if errors > 0 || !modules_ok { Outcome::Invalid } else { Outcome::Ok })
}

/// `floe test`: runs the board's exercise cases.
pub fn test(path: &Path, json: bool) -> anyhow::Result<Outcome> {
    let Some(board) = usable(load(path)?) else { return Ok(Outcome::Invalid) };
    let Some(exercise) = board.exercise.clone().filter(|e| !e.cases.is_empty()) else {
        eprintln!("{}: the board has no test cases (an `exercise` with `cases`)", path.display());
        return Ok(Outcome::Invalid);
    };
    let mut catalog = Catalog::builtin();
    load_modules(path, &board, &mut catalog);
    let Some(plan) = compile(path, &board, &catalog) else { return Ok(Outcome::Invalid) };
    let mut runner = Runner::new(&plan);
    let results: Vec<floe_engine::exercise::CaseResult> = exercise
        .cases
        .iter()
        .map(|case| {
            let opts =
                RunOptions { input: Value::from_json(&case.input), run_id: "test".into(), ..RunOptions::default() };
            runner.run_sync(&opts, &StdHost::default(), &mut (), &CancelToken::new());
            floe_engine::exercise::compare(case, &runner.record())
        })
        .collect();
    let passed = results.iter().filter(|r| r.passed).count();
    if json {
        println!("{}", serde_json::to_string_pretty(&results).context("cannot write the results")?);
    } else {
        for r in &results {
            println!("{} {}", if r.passed { "PASS" } else { "FAIL" }, r.name);
            if let Some(e) = &r.error {
                println!("     the run failed: {e}");
            }
            for d in &r.differences {
                println!("     {d}");
            }
        }
        println!("{}: {passed} of {} case(s) passed", path.display(), results.len());
    }
    Ok(if passed == results.len() { Outcome::Ok } else { Outcome::RunFailed })
}

/// `floe catalog`.
pub fn catalog(json: bool) -> anyhow::Result<Outcome> {
    let catalog = Catalog::builtin();
    let mut defs: Vec<&floe_engine::NodeDef> = catalog.defs().collect();
    defs.sort_by(|a, b| a.name.cmp(&b.name));
    if json {
        println!("{}", serde_json::to_string_pretty(&defs).context("cannot write the catalog")?);
        return Ok(Outcome::Ok);
    }
    for d in defs {
        let pins = |input: bool| -> String {
            d.pins
                .iter()
                .filter(|p| p.is_input() == input)
                .map(|p| format!("{} {}", p.name, p.ty()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!("{} ({}, {}): {}", d.name, d.friendly_name, d.category, d.description);
        println!("    in:  {}", pins(true));
        println!("    out: {}", pins(false));
        if !d.config.is_empty() {
            println!("    settings: {}", settings(d));
        }
    }
    Ok(Outcome::Ok)
}

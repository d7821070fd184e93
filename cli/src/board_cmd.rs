//! `floe run` and `floe check`.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use floe_engine::wasm::Modules;
use floe_engine::{
    Board, CancelToken, Catalog, Diagnostics, Plan, RunEvent, RunOptions, RunStatus, Severity, StdHost, Value,
    block_on, check as check_board,
};

use crate::Outcome;

/// Reads and parses a board, printing a located message when it cannot.
fn load(path: &Path) -> anyhow::Result<Result<Board, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Board::from_json(&text).map_err(|e| format!("{}: {e}", path.display())))
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
    let board = match load(path)? {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("{msg}");
            return Ok(Outcome::Invalid);
        }
    };
    let input = match parse_input(input)? {
        Ok(v) => v,
        Err(msg) => {
            eprintln!("{msg}");
            return Ok(Outcome::Invalid);
        }
    };
    let mut catalog = Catalog::builtin();
    let modules_ok = load_modules(path, &board, &mut catalog);
    let plan = match Plan::compile(&board, &catalog) {
        Ok(p) => Arc::new(p),
        Err(diags) => {
            print_diagnostics(path, &diags);
            eprintln!("{}: the board has errors and cannot run", path.display());
            return Ok(Outcome::Invalid);
        }
    };
    if !modules_ok {
        eprintln!("{}: some modules could not be loaded; running without them", path.display());
    }
    print_diagnostics(path, plan.warnings());
    let opts = RunOptions { input, seed, run_id: "cli".into(), ..RunOptions::default() };
    let mut runner = plan.runner();
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
    let board = match load(path)? {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("{msg}");
            return Ok(Outcome::Invalid);
        }
    };
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

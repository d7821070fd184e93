//! `floe run`, `floe check` and `floe test`.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use floe_engine::wasm::Modules;
use floe_engine::{
    Board, CancelToken, Catalog, Diagnostics, Plan, RunEvent, RunOptions, RunStatus, Runner, Severity, Value, block_on,
    validate,
};

use crate::Outcome;
use crate::net::{NetArgs, NetHost};
use floe_engine::http::Grants;

/// Reads and parses a board, printing a located message when it cannot.
fn load(path: &Path) -> anyhow::Result<Result<Board, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Board::from_json(&text).map_err(|e| format!("{}: {e}", path.display())))
}

/// The value, or `None` after printing why there is none (bad input: exit 2).
pub(crate) fn usable<T>(r: Result<T, String>) -> Option<T> {
    r.map_err(|msg| tell!("{msg}")).ok()
}

/// Compiles the board, or prints its errors and returns `None`.
fn compile(path: &Path, board: &Board, catalog: &Catalog) -> Option<Arc<Plan>> {
    match Plan::compile(board, catalog) {
        Ok(p) => Some(Arc::new(p)),
        Err(diags) => {
            print_diagnostics(path, &diags);
            tell!("{}: the board has errors and cannot run", path.display());
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
        tell!("{}: {d}", path.display());
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

/// What a run may use (`floe run`, `floe test`); every limit has a default.
#[derive(clap::Args, Debug)]
pub struct LimitArgs {
    /// Stop the run after this many seconds (0: never) [default: 600].
    #[arg(long)]
    timeout: Option<f64>,
    /// Stop after this many node executions [default: 100000000].
    #[arg(long)]
    max_steps: Option<u64>,
    /// The longest text a node may make, in bytes [default: 16 MiB].
    #[arg(long)]
    max_text_bytes: Option<usize>,
    /// The most items a list may hold [default: 1000000].
    #[arg(long)]
    max_list_len: Option<usize>,
    /// How deep lists and maps may nest (at most 512) [default: 128].
    #[arg(long)]
    max_depth: Option<usize>,
    /// The run's log, in bytes [default: 4 MiB].
    #[arg(long)]
    max_log_bytes: Option<usize>,
    /// Seconds one HTTP request (each redirect) may take [default: 30].
    #[arg(long)]
    http_timeout: Option<f64>,
    /// The largest HTTP response body a node may read, in bytes [default: 8 MiB].
    #[arg(long)]
    max_response_bytes: Option<usize>,
}

impl LimitArgs {
    /// Run options with these limits.
    fn options(&self) -> RunOptions {
        let mut o = RunOptions::default();
        let l = &mut o.limits;
        if let Some(t) = self.timeout {
            l.max_wall_ms = (t > 0.0).then_some(t * 1000.0);
        }
        o.max_steps = self.max_steps.unwrap_or(o.max_steps);
        l.max_text_bytes = self.max_text_bytes.unwrap_or(l.max_text_bytes);
        l.max_list_len = self.max_list_len.unwrap_or(l.max_list_len);
        l.max_depth = self.max_depth.unwrap_or(l.max_depth);
        l.max_log_bytes = self.max_log_bytes.unwrap_or(l.max_log_bytes);
        l.http_timeout_ms = self.http_timeout.map_or(l.http_timeout_ms, |s| s * 1000.0);
        l.max_response_bytes = self.max_response_bytes.unwrap_or(l.max_response_bytes);
        o
    }
}

/// The grants and the host the network flags give, or what is wrong with them.
fn net_of(net: &NetArgs) -> Result<(Arc<Grants>, NetHost), String> {
    let grants = net.grants().map_err(|e| format!("{e:#}"))?;
    let host = net.host().map_err(|e| format!("{e:#}"))?;
    Ok((Arc::new(grants), host))
}

/// The largest module file a board may name.
const MAX_MODULE_FILE: u64 = 64 * 1024 * 1024;

/// Reads the module file a board names as `rel`: only a regular file inside
/// the board's folder (`dir`), at most [`MAX_MODULE_FILE`] bytes. A refusal
/// says nothing about the file itself (whether it exists outside, what it holds).
fn read_module_file(dir: &Path, rel: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    use std::path::Component;
    let refuse = |why: &str| std::io::Error::other(why.to_owned());
    let outside = "module paths must be relative and stay inside the board's folder";
    let relative = Path::new(rel);
    if rel.is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(refuse(outside));
    }
    let base = dir.canonicalize()?;
    let full = base.join(relative).canonicalize()?;
    if !full.starts_with(&base) {
        return Err(refuse(outside)); // through a link that leads out
    }
    let meta = std::fs::metadata(&full)?;
    if !meta.is_file() {
        return Err(refuse("not a regular file"));
    }
    if meta.len() > MAX_MODULE_FILE {
        return Err(refuse(&format!("larger than {} MiB", MAX_MODULE_FILE >> 20)));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&full)?.take(MAX_MODULE_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_MODULE_FILE {
        return Err(refuse(&format!("larger than {} MiB", MAX_MODULE_FILE >> 20)));
    }
    Ok(bytes)
}

/// Loads the board's custom node modules (paths relative to the board file)
/// and registers them; prints each module problem. Returns whether all loaded.
fn load_modules(path: &Path, board: &Board, catalog: &mut Catalog) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    let mut modules = Modules::new();
    let problems = modules.load_board(board, &|p| read_module_file(&dir, p));
    for p in &problems {
        tell!("{}: {p}", path.display());
    }
    modules.register_into(catalog);
    problems.is_empty()
}

/// `floe run`.
pub fn run(
    path: &Path,
    input: Option<&str>,
    json: bool,
    seed: u64,
    limits: &LimitArgs,
    net: &NetArgs,
    listen: Option<&str>,
) -> anyhow::Result<Outcome> {
    let Some((grants, host)) = usable(net_of(net)) else { return Ok(Outcome::Invalid) };
    let Some(board) = usable(load(path)?) else { return Ok(Outcome::Invalid) };
    let Some(input) = usable(parse_input(input)?) else { return Ok(Outcome::Invalid) };
    let mut catalog = Catalog::builtin();
    let modules_ok = load_modules(path, &board, &mut catalog);
    let Some(plan) = compile(path, &board, &catalog) else { return Ok(Outcome::Invalid) };
    if !modules_ok {
        tell!("{}: some modules could not be loaded; running without them", path.display());
    }
    print_diagnostics(path, plan.warnings());
    let opts = RunOptions { input, seed, run_id: "cli".into(), grants, ..limits.options() };
    if let Some(addr) = listen {
        return crate::listen::listen(&board, plan, addr, opts, host);
    }
    let mut runner = Runner::new(&plan);
    let mut stderr = std::io::stderr();
    let mut sink = |e: RunEvent<'_>| {
        crate::guard::track(&e);
        if let RunEvent::Log(line) = e
            && !json
        {
            let node = line.node.as_ref().map(|n| n.as_str()).unwrap_or("-");
            let _ = writeln!(stderr, "[{:?}] {node}: {}", line.level, line.text);
        }
    };
    let summary = match crate::guard::guarded(|| block_on(runner.run(&opts, &host, &mut sink, &CancelToken::new()))) {
        Ok(summary) => summary,
        Err(crash) => {
            tell!("{}: {crash}", path.display());
            return Ok(Outcome::RunFailed);
        }
    };
    let record = runner.record();
    if json {
        crate::terminal::say_json(&record, crate::OUTPUT_LIMIT)?;
    } else {
        for (name, v) in &record.outputs {
            match v.json_len_within(crate::OUTPUT_LIMIT) {
                Some(_) => say!("{name} = {}", v.to_json()),
                None => say!("{name} = (not printed: more than {} MiB as JSON)", crate::OUTPUT_LIMIT >> 20),
            }
        }
        if let Some(e) = &record.error {
            tell!("{}: {}", path.display(), e.message);
        }
        tell!("{}: {:?} in {:.1} ms, {} node runs", path.display(), summary.status, summary.duration_ms, summary.steps);
    }
    Ok(if summary.status == RunStatus::Succeeded { Outcome::Ok } else { Outcome::RunFailed })
}

/// `floe check`.
pub fn check(path: &Path, json: bool) -> anyhow::Result<Outcome> {
    let Some(board) = usable(load(path)?) else { return Ok(Outcome::Invalid) };
    let mut catalog = Catalog::builtin();
    let modules_ok = load_modules(path, &board, &mut catalog);
    let diags = &validate(&board, &catalog);
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    if json {
        crate::terminal::say_json(diags, crate::OUTPUT_LIMIT)?;
    } else {
        for d in diags {
            say!("{}: {d}", path.display());
        }
        say!("{}: {errors} error(s), {} warning(s)", path.display(), diags.len() - errors);
    }
    Ok(if errors > 0 || !modules_ok { Outcome::Invalid } else { Outcome::Ok })
}

/// `floe test`: runs the board's exercise cases.
pub fn test(path: &Path, json: bool, limits: &LimitArgs, net: &NetArgs) -> anyhow::Result<Outcome> {
    let Some((grants, host)) = usable(net_of(net)) else { return Ok(Outcome::Invalid) };
    let Some(board) = usable(load(path)?) else { return Ok(Outcome::Invalid) };
    let Some(exercise) = board.exercise.clone().filter(|e| !e.cases.is_empty()) else {
        tell!("{}: the board has no test cases (an `exercise` with `cases`)", path.display());
        return Ok(Outcome::Invalid);
    };
    let mut catalog = Catalog::builtin();
    load_modules(path, &board, &mut catalog);
    let Some(plan) = compile(path, &board, &catalog) else { return Ok(Outcome::Invalid) };
    // A case for one subflow runs it on its own (its harness board).
    let subflows = floe_engine::exercise::subflow_plans(&board, &catalog, &exercise.cases);
    let mut results: Vec<floe_engine::exercise::CaseResult> = Vec::new();
    for case in &exercise.cases {
        let plan = match case.subflow.as_deref().map(|id| &subflows[id]) {
            None => &plan,
            Some(Ok(p)) => p,
            Some(Err(why)) => {
                results.push(floe_engine::exercise::not_run(case, why.clone()));
                continue;
            }
        };
        let mut runner = Runner::new(plan);
        let opts = RunOptions {
            input: Value::from_json(&case.input),
            run_id: "test".into(),
            grants: grants.clone(),
            ..limits.options()
        };
        let ran = crate::guard::guarded(|| {
            runner.run_sync(&opts, &host, &mut |e: RunEvent<'_>| crate::guard::track(&e), &CancelToken::new())
        });
        if let Err(crash) = ran {
            tell!("{}: case {}: {crash}", path.display(), case.name);
            return Ok(Outcome::RunFailed);
        }
        results.push(floe_engine::exercise::compare(case, &runner.record()));
    }
    let passed = results.iter().filter(|r| r.passed).count();
    if json {
        crate::terminal::say_json(&results, crate::OUTPUT_LIMIT)?;
    } else {
        for r in &results {
            say!("{} {}", if r.passed { "PASS" } else { "FAIL" }, r.name);
            if let Some(e) = &r.error {
                say!("     the run failed: {e}");
            }
            for d in &r.differences {
                say!("     {d}");
            }
        }
        say!("{}: {passed} of {} case(s) passed", path.display(), results.len());
    }
    Ok(if passed == results.len() { Outcome::Ok } else { Outcome::RunFailed })
}

/// `floe catalog`.
pub fn catalog(json: bool) -> anyhow::Result<Outcome> {
    let catalog = Catalog::builtin();
    let mut defs: Vec<&floe_engine::NodeDef> = catalog.defs().collect();
    defs.sort_by(|a, b| a.name.cmp(&b.name));
    if json {
        crate::terminal::say_json(&defs, crate::OUTPUT_LIMIT)?;
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
        say!("{} ({}, {}): {}", d.name, d.friendly_name, d.category, d.description);
        say!("    in:  {}", pins(true));
        say!("    out: {}", pins(false));
        if !d.config.is_empty() {
            say!("    settings: {}", settings(d));
        }
    }
    Ok(Outcome::Ok)
}

//! `floe node inspect` and `floe node run`: one custom node module, no board.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use floe_engine::wasm::{IoSchema, LoadedModule, ModuleKind, Modules};
use floe_engine::{Board, CancelToken, Catalog, DataType, Plan, RunEvent, RunOptions, RunStatus, Runner, StdHost};

use crate::Outcome;
use crate::board_cmd::{parse_input, print_diagnostics, settings, usable};

/// The io schema given, or `NAME.io.json` beside the module when present.
fn io_schema(module: &Path, io: Option<&Path>) -> anyhow::Result<Option<IoSchema>> {
    let beside = module.with_extension("io.json");
    let path: Option<PathBuf> = match io {
        Some(p) => Some(p.to_owned()),
        None if beside.exists() => Some(beside),
        None => None,
    };
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).map(Some).with_context(|| format!("{}: not an io schema", path.display()))
}

fn load(module: &Path, io: Option<&Path>) -> anyhow::Result<Result<(Modules, Arc<LoadedModule>), String>> {
    let bytes = std::fs::read(module).with_context(|| format!("cannot read {}", module.display()))?;
    let io = io_schema(module, io)?;
    let name = module.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut modules = Modules::new();
    Ok(match modules.load(&name, &bytes, io) {
        Ok(m) => Ok((modules, m)),
        Err(e) => Err(format!("{}: [{}] {e}", module.display(), e.code())),
    })
}

/// `floe node inspect`.
pub fn inspect(module: &Path, io: Option<&Path>, json: bool) -> anyhow::Result<Outcome> {
    let Some((_, m)) = usable(load(module, io)?) else { return Ok(Outcome::Invalid) };
    if json {
        let out = serde_json::json!({
            "hash": m.hash,
            "kind": m.kind,
            "node": m.node_name,
            "definition": m.def,
        });
        crate::terminal::say_json(&out, crate::OUTPUT_LIMIT)?;
        return Ok(Outcome::Ok);
    }
    let d = &m.def;
    let contract = match m.kind {
        ModuleKind::Floe => "a Floe ABI node",
        ModuleKind::Wasi => "a WASI stdio program (JSON on stdin, JSON on stdout)",
    };
    say!("{}: {contract}, {}", module.display(), m.hash);
    say!("  {} (`{}`), category {}", d.friendly_name, m.node_name, d.category);
    say!("  {}", d.description);
    let pins = |input: bool| -> Vec<String> {
        d.pins
            .iter()
            .filter(|p| p.is_input() == input)
            .map(|p| {
                let mut s = format!("{} {}", p.name, p.ty());
                if let Some(v) = &p.default {
                    s.push_str(&format!(" = {v}"));
                } else if p.optional {
                    s.push_str(" (optional)");
                }
                s
            })
            .collect()
    };
    say!("  inputs:   {}", pins(true).join(", "));
    say!("  outputs:  {}", pins(false).join(", "));
    let s = d.scores;
    say!(
        "  scores:   privacy {}, security {}, performance {}, governance {}, reliability {}, cost {}",
        s.privacy,
        s.security,
        s.performance,
        s.governance,
        s.reliability,
        s.cost
    );
    say!("  settings: {}", settings(d));
    if !d.capabilities.is_empty() {
        say!("  needs:    {} (only once granted)", floe_engine::http::describe(&d.capabilities));
    }
    Ok(Outcome::Ok)
}

/// `floe node run`.
pub fn run(
    module: &Path,
    input: Option<&str>,
    fuel: Option<u64>,
    memory: Option<u64>,
    io: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let Some((modules, m)) = usable(load(module, io)?) else { return Ok(Outcome::Invalid) };
    let Some(inputs) = usable(parse_input(input)?) else { return Ok(Outcome::Invalid) };
    let inputs = inputs.to_json();
    let inputs = match inputs {
        serde_json::Value::Null => serde_json::Map::new(),
        serde_json::Value::Object(o) => o,
        other => {
            tell!("--input: expected a JSON object of input values by pin name, got {other}");
            return Ok(Outcome::Invalid);
        }
    };
    let names: Vec<&str> = m
        .def
        .pins
        .iter()
        .filter(|p| p.is_input() && p.data_type != DataType::Execution)
        .map(|p| p.name.as_str())
        .collect();
    if let Some(unknown) = inputs.keys().find(|k| !names.contains(&k.as_str())) {
        tell!("--input: the node has no input `{unknown}`; its inputs are: {}", names.join(", "));
        return Ok(Outcome::Invalid);
    }
    let mut config = serde_json::Map::new();
    if let Some(f) = fuel {
        config.insert("fuel".into(), f.into());
    }
    if let Some(b) = memory {
        config.insert("memory_bytes".into(), b.into());
    }
    let board = Board::from_value(serde_json::json!({
        "format_version": 1,
        "nodes": [{"id": "node", "kind": m.def.name, "inputs": inputs, "config": config}]
    }))
    .context("building the one-node board")?;
    let mut catalog = Catalog::builtin();
    modules.register_into(&mut catalog);
    let plan = match Plan::compile(&board, &catalog) {
        Ok(p) => Arc::new(p),
        Err(diags) => {
            print_diagnostics(module, &diags);
            return Ok(Outcome::Invalid);
        }
    };
    let mut runner = Runner::new(&plan);
    let mut sink = |e: RunEvent<'_>| {
        if let RunEvent::Log(line) = e {
            tell!("[{:?}] {}", line.level, line.text);
        }
    };
    let summary = runner.run_sync(&RunOptions::default(), &StdHost::default(), &mut sink, &CancelToken::new());
    let record = runner.record();
    let node = &record.nodes[0];
    if summary.status != RunStatus::Succeeded {
        let e = node.error.as_ref().or(record.error.as_ref()).expect("a failed run has an error");
        tell!("{}: [{}] {}", module.display(), e.code, e.message);
        return Ok(Outcome::RunFailed);
    }
    crate::terminal::say_json(&node.outputs, crate::OUTPUT_LIMIT)?;
    if let Some(f) = node.fuel {
        tell!("{}: used {f} fuel", module.display());
    }
    Ok(Outcome::Ok)
}

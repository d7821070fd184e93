//! The worker's side of a session: modules compiled once per hash, runs
//! and exercise checks, with live events for the page.

use std::cell::RefCell;
use std::sync::Arc;

use floe_engine::exercise::{self, CaseResult};
use floe_engine::wasm::Modules;
use floe_engine::{
    Board, CancelToken, Catalog, Host, NodeId, NodeStatus, Plan, RunEvent, RunLimits, RunOptions, RunRecord, Runner,
    Value,
};

use crate::protocol::{Defined, Event};

/// The largest value (as JSON) a record carries to the page; larger ones
/// are sent as a preview.
pub const MAX_SENT_VALUE: usize = 1024 * 1024;
/// The deepest value a reply carries (lists and maps in one another).
pub const MAX_SENT_DEPTH: usize = 64;

thread_local! {
    /// The node running now, for the worker's last words if it panics.
    static RUNNING: RefCell<Option<NodeId>> = const { RefCell::new(None) };
}

/// The node running now (for a panic hook: never blocks, `None` if unsure).
pub fn running_node() -> Option<NodeId> {
    RUNNING.with(|r| r.try_borrow().ok().and_then(|n| n.clone()))
}

fn set_running(node: Option<&NodeId>) {
    RUNNING.with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            *r = node.cloned();
        }
    });
}

/// The worker's state: the modules compiled so far (by content hash).
#[derive(Default)]
pub struct Session {
    modules: Modules,
}

impl Session {
    /// A session with no modules yet.
    pub fn new() -> Self {
        Session::default()
    }

    /// Compiles `modules` (each once per hash) and reads their definitions.
    pub fn define(&mut self, modules: &[floe_engine::ModuleRef]) -> Vec<Defined> {
        let board = Board { modules: modules.to_vec(), ..Board::default() };
        let problems = self.modules.load_board(&board, &|path| {
            Err(std::io::Error::other(format!("`{path}` is a file beside the board; here, modules must be embedded")))
        });
        modules
            .iter()
            .map(|m| {
                let result = match problems.iter().find(|p| p.hash == m.hash && p.name == m.name) {
                    Some(p) => Err(match &p.reason {
                        floe_engine::wasm::ModuleFault::Load(e) => format!("[{}] {e}", e.code()),
                        other => other.to_string(),
                    }),
                    None => match self.modules.get(&m.hash) {
                        Some(loaded) => Ok(loaded.custom_def()),
                        None => Err("the module did not load".to_owned()),
                    },
                };
                Defined { hash: m.hash, name: m.name.clone(), result }
            })
            .collect()
    }

    /// The board's plan, with its modules loaded; or why it cannot run.
    pub fn plan(&mut self, board: &Board) -> Result<Arc<Plan>, String> {
        let problems = self.define(&board.modules);
        let mut catalog = Catalog::builtin();
        self.modules.register_into(&mut catalog);
        Plan::compile(board, &catalog).map(Arc::new).map_err(|d| {
            let errors: Vec<String> = d.errors().map(ToString::to_string).collect();
            let modules: Vec<String> = problems.into_iter().filter_map(|p| p.result.err()).collect();
            format!("the board cannot run: {}", modules.into_iter().chain(errors).collect::<Vec<_>>().join("; "))
        })
    }

    /// Runs `board` once (see [`run_plan`]).
    pub async fn run<H: Host + ?Sized>(
        &mut self,
        board: &Board,
        input: serde_json::Value,
        limits: RunLimits,
        host: &H,
        events: &mut dyn FnMut(Event),
    ) -> Result<RunRecord, String> {
        let plan = self.plan(board)?;
        Ok(run_plan(&plan, input, limits, host, events).await)
    }
}

/// Runs `plan` once, telling `events` what each node does; the record, its
/// values made sendable.
pub async fn run_plan<H: Host + ?Sized>(
    plan: &Arc<Plan>,
    input: serde_json::Value,
    limits: RunLimits,
    host: &H,
    events: &mut dyn FnMut(Event),
) -> RunRecord {
    let mut runner = Runner::new(plan);
    let opts = RunOptions { input: Value::from_json(&input), limits, ..RunOptions::default() };
    let mut sink = |e: RunEvent<'_>| {
        let event = match e {
            RunEvent::NodeStarted { node } => {
                set_running(Some(node));
                Event::Started { node: node.clone() }
            }
            RunEvent::NodeProgress { node, fuel } => Event::Progress { node: node.clone(), fuel },
            RunEvent::NodeFinished { node, status, duration_ms, error, .. } => {
                set_running(None);
                Event::Finished {
                    node: node.clone(),
                    failed: status == NodeStatus::Failed,
                    duration_ms,
                    error: error.map(ToString::to_string),
                }
            }
            RunEvent::NodeSkipped { node } => Event::Skipped { node: node.clone() },
            RunEvent::Log(line) => Event::Log(line.clone()),
            RunEvent::RunStarted { .. } | RunEvent::RunFinished { .. } => return,
        };
        events(event);
    };
    runner.run(&opts, host, &mut sink, &CancelToken::new()).await;
    set_running(None);
    sendable(runner.record())
}

/// Runs every case of `board`'s exercise with `plan` (the board's plan).
pub async fn check_plan<H: Host + ?Sized>(plan: &Arc<Plan>, board: &Board, host: &H) -> Vec<CaseResult> {
    let cases = board.exercise.as_ref().map(|e| e.cases.clone()).unwrap_or_default();
    let mut runner = Runner::new(plan);
    let mut results = Vec::with_capacity(cases.len());
    for case in &cases {
        let opts = RunOptions {
            input: Value::from_json(&case.input),
            run_id: format!("check {}", case.name).into(),
            ..RunOptions::default()
        };
        runner.run(&opts, host, &mut (), &CancelToken::new()).await;
        results.push(exercise::compare(case, &runner.record()));
    }
    results
}

/// The record with every value too large or too deep to send replaced by
/// its preview.
fn sendable(mut record: RunRecord) -> RunRecord {
    let shrink = |v: &mut Value| {
        if v.json_len_within(MAX_SENT_VALUE).is_none() {
            *v = Value::str(format!("(not shown: more than 1 MiB) {}", v.preview(200)));
        } else if v.deeper_than(MAX_SENT_DEPTH) {
            // The page reads replies with serde_json, which stops at 128 levels.
            *v = Value::str(format!("(not shown: nested more than {MAX_SENT_DEPTH} deep) {}", v.preview(200)));
        }
    };
    record.outputs.values_mut().for_each(shrink);
    record.variables.values_mut().for_each(shrink);
    for n in &mut record.nodes {
        n.inputs.values_mut().for_each(shrink);
        n.outputs.values_mut().for_each(shrink);
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use floe_engine::{ModuleRef, RunStatus, StdHost};

    const ADD_WAT: &str = include_str!("../../node-sdk/examples/wat/add.wat");

    fn board(json: serde_json::Value) -> Board {
        Board::from_value(json).unwrap()
    }

    #[test]
    fn definitions_come_back_in_order_with_their_problems() {
        let good = ModuleRef::embed("add.wat", ADD_WAT.as_bytes(), None);
        let mut lying = ModuleRef::embed("lie.wat", b"(module)", None);
        lying.hash = good.hash;
        lying.name = "lie.wat".into();
        let bad = ModuleRef::embed("bad.wat", b"(module (func", None);
        let defs = Session::new().define(&[good.clone(), bad, lying]);
        assert_eq!(defs.len(), 3);
        let def = defs[0].result.as_ref().unwrap();
        assert_eq!((def.hash, def.is_text, def.def.name.starts_with("wasm:")), (good.hash, true, true));
        assert!(defs[1].result.as_ref().unwrap_err().contains("invalid WebAssembly text"), "{:?}", defs[1]);
        assert!(defs[2].result.as_ref().unwrap_err().contains("hash to"), "{:?}", defs[2]);
    }

    #[test]
    fn a_run_reports_events_and_a_sendable_record() {
        let b = board(serde_json::json!({"format_version": 1,
            "nodes": [{"id": "s", "kind": "event.manual_start"},
                      {"id": "r", "kind": "data.range", "inputs": {"end": 900000}},
                      {"id": "j", "kind": "text.join"},
                      {"id": "out", "kind": "event.board_output", "config": {"name": "text"}}],
            "edges": [{"id": "e1", "from": {"node": "r", "pin": "values"}, "to": {"node": "j", "pin": "parts"}},
                      {"id": "e2", "from": {"node": "j", "pin": "text"}, "to": {"node": "out", "pin": "value"}},
                      {"id": "e3", "from": {"node": "s", "pin": "then"}, "to": {"node": "out", "pin": "exec"}}]}));
        let mut events = Vec::new();
        let record = pollster::block_on(Session::new().run(
            &b,
            serde_json::Value::Null,
            RunLimits::default(),
            &StdHost::default(),
            &mut |e| events.push(e),
        ))
        .unwrap();
        assert_eq!(record.status, RunStatus::Succeeded, "{:?}", record.error);
        assert!(events.iter().any(|e| matches!(e, Event::Started { node } if node.as_str() == "j")));
        let text = record.outputs["text"].to_string();
        assert!(text.starts_with("(not shown: more than 1 MiB) 0, 1, 2"), "{}", &text[..60]);
        assert!(serde_json::to_string(&record).unwrap().len() < 3 * MAX_SENT_VALUE);
        assert_eq!(running_node(), None);
    }

    #[test]
    fn a_board_with_errors_says_why_it_cannot_run() {
        let b = board(serde_json::json!({"format_version": 1, "nodes": [{"id": "x", "kind": "math.nope"}]}));
        let e = pollster::block_on(Session::new().run(
            &b,
            serde_json::Value::Null,
            RunLimits::default(),
            &StdHost::default(),
            &mut |_| {},
        ))
        .unwrap_err();
        assert!(e.starts_with("the board cannot run: error[unknown-node-kind]"), "{e}");
    }
}

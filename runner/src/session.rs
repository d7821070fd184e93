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
    /// The plan of the board last run, by its key.
    last: Option<((u64, u64), Arc<Plan>)>,
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

    /// The built-in kinds and the loaded modules' kinds.
    pub fn catalog(&self) -> Catalog {
        let mut catalog = Catalog::builtin();
        self.modules.register_into(&mut catalog);
        catalog
    }

    /// The board's plan, with its modules loaded; or why it cannot run.
    pub fn plan(&mut self, board: &Board) -> Result<Arc<Plan>, String> {
        let problems = self.define(&board.modules);
        let catalog = self.catalog();
        Plan::compile(board, &catalog).map(Arc::new).map_err(|d| {
            let errors: Vec<String> = d.errors().map(ToString::to_string).collect();
            let modules: Vec<String> = problems.into_iter().filter_map(|p| p.result.err()).collect();
            format!("the board cannot run: {}", modules.into_iter().chain(errors).collect::<Vec<_>>().join("; "))
        })
    }

    /// The plan of the board named `key`: `board`'s (compiled and kept), or
    /// with `None` the one kept for that key.
    pub fn plan_for(&mut self, key: (u64, u64), board: Option<&Board>) -> Result<Arc<Plan>, String> {
        match board {
            Some(board) => {
                self.last = None;
                let plan = self.plan(board)?;
                self.last = Some((key, plan.clone()));
                Ok(plan)
            }
            None => match &self.last {
                Some((k, plan)) if *k == key => Ok(plan.clone()),
                _ => Err("the runner no longer has this board; run it again".to_owned()),
            },
        }
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
        Ok(run_plan(&plan, input, limits, Arc::default(), host, events).await)
    }
}

/// Runs `plan` once with what the user granted its nodes, telling `events`
/// what each node does; the record, its values made sendable.
pub async fn run_plan<H: Host + ?Sized>(
    plan: &Arc<Plan>,
    input: serde_json::Value,
    limits: RunLimits,
    grants: Arc<floe_engine::http::Grants>,
    host: &H,
    events: &mut dyn FnMut(Event),
) -> RunRecord {
    let mut runner = Runner::new(plan);
    let opts = RunOptions { input: Value::from_json(&input), limits, grants, ..RunOptions::default() };
    let mut sink = |e: RunEvent<'_>| {
        let event = match e {
            RunEvent::NodeStarted { node } => {
                set_running(Some(node));
                Event::Started { node: node.clone() }
            }
            RunEvent::NodeProgress { node, fuel } => Event::Progress { node: node.clone(), fuel },
            RunEvent::NodeNative { node } => Event::Native { node: node.clone() },
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

/// A small board of common nodes (an event, arithmetic, text, the log)
/// the worker runs as it starts, so its code is compiled before the
/// user's first run.
pub const WARM_UP: &str = r#"{"format_version": 1,
  "nodes": [{"id": "s", "kind": "event.manual_start"},
            {"id": "a", "kind": "math.add", "inputs": {"a": 1, "b": 2}},
            {"id": "t", "kind": "convert.to_string"},
            {"id": "l", "kind": "output.debug_log"}],
  "edges": [{"id": "e1", "from": {"node": "s", "pin": "then"}, "to": {"node": "l", "pin": "exec"}},
            {"id": "e2", "from": {"node": "a", "pin": "result"}, "to": {"node": "t", "pin": "value"}},
            {"id": "e3", "from": {"node": "t", "pin": "value"}, "to": {"node": "l", "pin": "value"}}]}"#;

/// Adds `event` to a batch going to the page; a node that starts and
/// finishes within the batch is sent as finished only (nothing was drawn
/// in between, and a 1,000-node run sends half as much).
pub fn push_event(batch: &mut Vec<Event>, event: Event) {
    if let (Event::Finished { node, .. }, Some(Event::Started { node: started })) = (&event, batch.last())
        && node == started
    {
        batch.pop();
    }
    batch.push(event);
}

/// Runs every case of `board`'s exercise with `plan` (the board's plan).
pub async fn check_plan<H: Host + ?Sized>(
    plan: &Arc<Plan>,
    board: &Board,
    catalog: &Catalog,
    host: &H,
) -> Vec<CaseResult> {
    let cases = board.exercise.as_ref().map(|e| e.cases.clone()).unwrap_or_default();
    // A case for one subflow runs it on its own (its harness board).
    let subflows = exercise::subflow_plans(board, catalog, &cases);
    let mut results = Vec::with_capacity(cases.len());
    for case in &cases {
        let plan = match case.subflow.as_deref().map(|id| &subflows[id]) {
            None => plan,
            Some(Ok(p)) => p,
            Some(Err(why)) => {
                results.push(exercise::not_run(case, why.clone()));
                continue;
            }
        };
        let mut runner = Runner::new(plan);
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

    /// Runs `b` in a fresh session with the default limits: the record and the events sent.
    fn run(b: &Board) -> Result<(RunRecord, Vec<Event>), String> {
        let mut events = Vec::new();
        let record = pollster::block_on(Session::new().run(
            b,
            serde_json::Value::Null,
            RunLimits::default(),
            &StdHost::default(),
            &mut |e| events.push(e),
        ))?;
        Ok((record, events))
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
        let (record, events) = run(&b).unwrap();
        assert_eq!(record.status, RunStatus::Succeeded, "{:?}", record.error);
        assert!(events.iter().any(|e| matches!(e, Event::Started { node } if node.as_str() == "j")));
        let text = record.outputs["text"].to_string();
        assert!(text.starts_with("(not shown: more than 1 MiB) 0, 1, 2"), "{}", &text[..60]);
        assert!(serde_json::to_string(&record).unwrap().len() < 3 * MAX_SENT_VALUE);
        assert_eq!(running_node(), None);
    }

    #[test]
    fn a_node_started_and_finished_in_one_batch_is_sent_finished() {
        let id = |s: &str| NodeId::from(s);
        let finished = |n: &str| Event::Finished { node: id(n), failed: false, duration_ms: None, error: None };
        let mut batch = Vec::new();
        push_event(&mut batch, Event::Started { node: id("a") });
        push_event(&mut batch, finished("a"));
        push_event(&mut batch, Event::Started { node: id("b") });
        push_event(&mut batch, Event::Started { node: id("c") });
        push_event(&mut batch, finished("b"));
        assert_eq!(
            batch,
            vec![finished("a"), Event::Started { node: id("b") }, Event::Started { node: id("c") }, finished("b")]
        );
    }

    #[test]
    fn the_warm_up_board_runs() {
        let b = Board::from_json(WARM_UP).unwrap();
        let (record, _) = run(&b).unwrap();
        assert_eq!(record.status, RunStatus::Succeeded, "{:?}", record.error);
        assert_eq!(record.logs.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["3"]);
    }

    #[test]
    fn a_plan_is_kept_for_its_key_only() {
        let b = board(serde_json::json!({"format_version": 1, "nodes": [{"id": "s", "kind": "event.manual_start"}]}));
        let mut session = Session::new();
        let plan = session.plan_for((3, 1), Some(&b)).unwrap();
        assert!(Arc::ptr_eq(&plan, &session.plan_for((3, 1), None).unwrap()), "the same plan, not compiled again");
        assert_eq!(session.plan_for((4, 1), None).unwrap_err(), "the runner no longer has this board; run it again");
        let bad = board(serde_json::json!({"format_version": 1, "nodes": [{"id": "x", "kind": "math.nope"}]}));
        assert!(session.plan_for((5, 1), Some(&bad)).is_err());
        assert!(session.plan_for((3, 1), None).is_err(), "a board that did not compile replaces the kept plan");
    }

    #[test]
    fn a_board_with_errors_says_why_it_cannot_run() {
        let b = board(serde_json::json!({"format_version": 1, "nodes": [{"id": "x", "kind": "math.nope"}]}));
        let e = run(&b).unwrap_err();
        assert!(e.starts_with("the board cannot run: error[unknown-node-kind]"), "{e}");
    }
}

//! Executor behaviour: reuse, cancellation, yielding, events, limits, waits.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use floe_engine::exec::{HostFuture, RunError};
use floe_engine::{
    CancelToken, Host, NodeStatus, RunEvent, RunOptions, RunStatus, Runner, StdHost, Value, block_on, run_blocking,
};
use serde_json::json;

use crate::{edge, plan};

fn squares() -> serde_json::Value {
    json!({"format_version": 1, "nodes": [
        {"id": "s", "kind": "event.manual_start"},
        {"id": "fe", "kind": "flow.for_each"},
        {"id": "sq", "kind": "math.multiply"},
        {"id": "c", "kind": "flow.collect"},
        {"id": "out", "kind": "event.board_output"}
    ], "edges": [
        edge("e1", "s", "then", "fe", "exec"), edge("e2", "s", "payload", "fe", "array"),
        edge("e3", "fe", "item", "sq", "a"), edge("e4", "fe", "item", "sq", "b"),
        edge("e5", "fe", "body", "c", "exec"), edge("e6", "sq", "result", "c", "item"),
        edge("e7", "fe", "completed", "out", "exec"), edge("e8", "c", "items", "out", "value")
    ]})
}

#[test]
fn a_runner_is_reused_without_leaking_state_between_runs() {
    let p = plan(squares());
    let mut runner = Runner::new(&p);
    for input in [json!([1, 2, 3]), json!([4]), json!([])] {
        let opts = RunOptions { input: Value::from_json(&input), ..RunOptions::default() };
        let s = block_on(runner.run(&opts, &StdHost::default(), &mut (), &CancelToken::new()));
        assert_eq!(s.status, RunStatus::Succeeded);
        let expected: Vec<i64> = input.as_array().unwrap().iter().map(|v| v.as_i64().unwrap().pow(2)).collect();
        assert_eq!(runner.output("result").map(Value::to_json), Some(json!(expected)));
    }
}

fn timer_board(every_ms: u64, count: u64) -> serde_json::Value {
    json!({"format_version": 1, "nodes": [
        {"id": "iv", "kind": "event.interval", "config": {"every_ms": every_ms, "count": count}},
        {"id": "log", "kind": "output.debug_log"}
    ], "edges": [edge("e1", "iv", "then", "log", "exec"), edge("e2", "iv", "tick", "log", "value")]})
}

#[test]
fn cancelling_stops_a_long_run_promptly() {
    let p = plan(timer_board(20, 100_000));
    let cancel = CancelToken::new();
    let c2 = cancel.clone();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        c2.cancel();
    });
    let t0 = Instant::now();
    let mut runner = Runner::new(&p);
    let s = block_on(runner.run(&RunOptions::default(), &StdHost::default(), &mut (), &cancel));
    stopper.join().unwrap();
    assert_eq!(s.status, RunStatus::Cancelled);
    assert_eq!(s.error, Some(RunError::Cancelled));
    assert!(t0.elapsed() < Duration::from_millis(600), "took {:?}", t0.elapsed());
    let ticks = runner.record().nodes[1].runs;
    assert!((3..=10).contains(&ticks), "{ticks} ticks in ~150 ms at 20 ms");
}

/// A host that yields like a browser: `yield_now` is pending once, and every slice is 0 ms.
#[derive(Default)]
struct YieldingHost {
    inner: StdHost,
    yields: Cell<u32>,
}

struct PendingOnce(bool);

impl Future for PendingOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

impl Host for YieldingHost {
    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }
    fn monotonic_ms(&self) -> f64 {
        self.inner.monotonic_ms()
    }
    fn sleep(&self, ms: f64) -> HostFuture {
        self.inner.sleep(ms)
    }
    fn yield_now(&self) -> HostFuture {
        self.yields.set(self.yields.get() + 1);
        Box::pin(PendingOnce(false))
    }
    fn slice_ms(&self) -> f64 {
        0.0
    }
}

#[test]
fn the_executor_gives_the_thread_back_between_slices() {
    let p = plan(squares());
    let host = YieldingHost::default();
    let mut runner = Runner::new(&p);
    let items: Vec<i64> = (0..1000).collect();
    let opts = RunOptions { input: Value::from_json(&json!(items)), ..RunOptions::default() };
    let cancel = CancelToken::new();
    let mut sink = ();
    let fut = runner.run(&opts, &host, &mut sink, &cancel);
    let mut fut = std::pin::pin!(fut);
    let mut cx = Context::from_waker(std::task::Waker::noop());
    let mut pending = 0;
    let summary = loop {
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(s) => break s,
            Poll::Pending => pending += 1,
        }
    };
    assert_eq!(summary.status, RunStatus::Succeeded);
    // ~3000 node executions, a clock check every 32: about 90 slices.
    assert!(pending >= 50, "only {pending} yields");
    assert_eq!(host.yields.get(), pending);
}

#[test]
fn events_come_in_execution_order_with_outputs_and_logs() {
    let p = plan(json!({"format_version": 1, "nodes": [
        {"id": "s", "kind": "event.manual_start"},
        {"id": "a", "kind": "math.add", "inputs": {"a": 2, "b": 3}},
        {"id": "log", "kind": "output.debug_log", "config": {"label": "sum"}}
    ], "edges": [edge("e1", "s", "then", "log", "exec"), edge("e2", "a", "result", "log", "value")]}));
    let mut seen = Vec::new();
    let mut sink = |e: RunEvent<'_>| match e {
        RunEvent::RunStarted { .. } => seen.push("run started".to_owned()),
        RunEvent::NodeStarted { node } => seen.push(format!("start {node}")),
        RunEvent::NodeFinished { node, status, outputs, duration_ms, .. } => {
            assert!(duration_ms.is_some());
            let outs: Vec<String> = outputs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            seen.push(format!("finish {node} {status:?} [{}]", outs.join(",")));
        }
        RunEvent::Log(line) => seen.push(format!("log {}", line.text)),
        RunEvent::NodeSkipped { node } => seen.push(format!("skip {node}")),
        RunEvent::NodeProgress { node, fuel } => seen.push(format!("progress {node} {fuel}")),
        RunEvent::NodeNative { node } => seen.push(format!("native {node}")),
        RunEvent::RunFinished { status } => seen.push(format!("run {status:?}")),
    };
    let mut runner = Runner::new(&p);
    block_on(runner.run(&RunOptions::default(), &StdHost::default(), &mut sink, &CancelToken::new()));
    assert_eq!(
        seen,
        [
            "run started",
            "start s",
            "finish s Done [payload=null]",
            "start a",
            "finish a Done [result=5]",
            "start log",
            "log sum: 5",
            "finish log Done []",
            "run Succeeded",
        ]
    );
}

#[test]
fn the_step_limit_stops_a_long_run() {
    let p = plan(squares());
    let items: Vec<i64> = (0..100).collect();
    let opts = RunOptions { input: Value::from_json(&json!(items)), max_steps: 50, ..RunOptions::default() };
    let record = run_blocking(&p, &opts);
    assert_eq!(record.status, RunStatus::Failed);
    let e = record.error.unwrap();
    assert_eq!(e.code, "step-limit");
    assert_eq!(e.message, "run stopped after 50 node executions; is a loop running away?");
}

#[test]
fn waits_in_one_dataflow_layer_overlap() {
    let p = plan(json!({"format_version": 1, "nodes": [
        {"id": "d1", "kind": "flow.delay", "inputs": {"value": 1}, "config": {"ms": 120}},
        {"id": "d2", "kind": "flow.delay", "inputs": {"value": 2}, "config": {"ms": 120}},
        {"id": "sum", "kind": "math.add"}
    ], "edges": [edge("e1", "d1", "value", "sum", "a"), edge("e2", "d2", "value", "sum", "b")]}));
    let t0 = Instant::now();
    let record = run_blocking(&p, &RunOptions::default());
    let took = t0.elapsed();
    assert_eq!(record.node("sum").unwrap().outputs["result"], Value::Int(3));
    assert!(took >= Duration::from_millis(120) && took < Duration::from_millis(230), "two 120 ms waits took {took:?}");
}

#[test]
fn a_waiting_chain_does_not_block_timers() {
    let p = plan(json!({"format_version": 1, "nodes": [
        {"id": "s", "kind": "event.manual_start"},
        {"id": "d", "kind": "flow.delay", "config": {"ms": 150}},
        {"id": "late", "kind": "output.debug_log", "inputs": {"value": "late"}},
        {"id": "iv", "kind": "event.interval", "config": {"every_ms": 30, "count": 2}},
        {"id": "tick", "kind": "output.debug_log", "config": {"label": "tick"}}
    ], "edges": [
        edge("e1", "s", "then", "d", "exec"), edge("e2", "d", "then", "late", "exec"),
        edge("e3", "iv", "then", "tick", "exec"), edge("e4", "iv", "tick", "tick", "value")
    ]}));
    let record = run_blocking(&p, &RunOptions::default());
    let texts: Vec<&str> = record.logs.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["tick: 0", "tick: 1", "late"]);
    assert!(record.logs[2].at_ms >= 150.0, "{}", record.logs[2].at_ms);
}

#[test]
fn the_record_serialises_for_the_cli() {
    let p = plan(squares());
    let record =
        run_blocking(&p, &RunOptions { input: Value::from_json(&json!([3])), timing: false, ..RunOptions::default() });
    let j = serde_json::to_value(&record).unwrap();
    assert_eq!(j["status"], "succeeded");
    assert_eq!(j["outputs"], json!({"result": [9]}));
    let fe = j["nodes"].as_array().unwrap().iter().find(|n| n["id"] == "fe").unwrap();
    assert_eq!(fe["status"], "done");
    assert_eq!(fe["runs"], 2);
    assert_eq!(fe["duration_ms"], serde_json::Value::Null);
    assert_eq!(record.nodes.iter().filter(|n| n.status == NodeStatus::Done).count(), 5);
}

#[test]
fn variables_reset_at_every_run() {
    let p = plan(json!({"format_version": 1,
        "variables": [{"name": "n", "data_type": "Integer", "default": 10}],
        "nodes": [
            {"id": "s", "kind": "event.manual_start"},
            {"id": "g", "kind": "var.get", "config": {"name": "n"}},
            {"id": "inc", "kind": "math.add", "inputs": {"b": 1}},
            {"id": "set", "kind": "var.set", "config": {"name": "n"}}
        ], "edges": [edge("e1", "s", "then", "set", "exec"), edge("e2", "g", "value", "inc", "a"), edge("e3", "inc", "result", "set", "value")]}));
    let mut runner = Runner::new(&p);
    for _ in 0..3 {
        block_on(runner.run(&RunOptions::default(), &StdHost::default(), &mut (), &CancelToken::new()));
        assert_eq!(runner.record().variables["n"], Value::Int(11));
    }
    let _ = Arc::clone(&p);
}

#[test]
fn an_empty_loop_collects_an_empty_list() {
    let record =
        run_blocking(&plan(squares()), &RunOptions { input: Value::from_json(&json!([])), ..RunOptions::default() });
    assert_eq!(record.status, RunStatus::Succeeded, "{:?}", record.error);
    assert_eq!(record.outputs["result"].to_json(), json!([]));
}

/// A node kind from outside the engine: greets a `person` Struct whose input pin carries a schema.
struct Greeter {
    def: floe_engine::NodeDef,
}

impl Greeter {
    fn kind() -> Arc<dyn floe_engine::NodeKind> {
        use floe_engine::{DataType, NodeDef, PinDef, PinType};
        let def =
            NodeDef::new("test.greet", "Greet", "Test", "Greets a person given as a Struct with a name and an age.")
                .pin(PinDef::input("person", "Person", PinType::normal(DataType::Struct)).schema(json!({
                    "type": "object", "required": ["name", "age"],
                    "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}}
                })))
                .pin(PinDef::output("text", "Text", PinType::normal(DataType::String)));
        Arc::new(Greeter { def })
    }
}

impl floe_engine::NodeKind for Greeter {
    fn def(&self) -> &floe_engine::NodeDef {
        &self.def
    }

    fn build(
        &self,
        _: &floe_engine::catalog::BuildCx<'_>,
    ) -> Result<Box<dyn floe_engine::node::NodeImpl>, floe_engine::errors::ConfigError> {
        struct Run;
        impl floe_engine::node::NodeImpl for Run {
            fn run(
                &self,
                cx: &mut floe_engine::node::Cx<'_>,
            ) -> Result<floe_engine::node::Step, floe_engine::node::NodeError> {
                let name = cx.map(0)?["name"].to_string();
                cx.set(0, Value::from(format!("Hello, {name}!")));
                Ok(floe_engine::node::Step::Done)
            }
        }
        Ok(Box::new(Run))
    }
}

fn greeter_board(person: serde_json::Value) -> floe_engine::Board {
    floe_engine::Board::from_value(json!({"format_version": 1, "nodes": [
        {"id": "p", "kind": "value.constant", "config": {"value": person, "data_type": "Struct"}},
        {"id": "g", "kind": "test.greet"}
    ], "edges": [edge("e", "p", "value", "g", "person")]}))
    .unwrap()
}

#[test]
fn values_reaching_a_struct_input_are_checked_against_its_schema() {
    let mut catalog = floe_engine::Catalog::builtin();
    catalog.register(Greeter::kind());
    let ok = Arc::new(floe_engine::Plan::compile(&greeter_board(json!({"name": "Ada", "age": 36})), &catalog).unwrap());
    let record = run_blocking(&ok, &RunOptions::default());
    assert_eq!(record.node("g").unwrap().outputs["text"], Value::str("Hello, Ada!"));

    let bad =
        Arc::new(floe_engine::Plan::compile(&greeter_board(json!({"name": "Ada", "age": -1})), &catalog).unwrap());
    let record = run_blocking(&bad, &RunOptions::default());
    assert_eq!(record.status, RunStatus::Failed);
    let e = record.error.unwrap();
    assert_eq!(e.code, "bad-input");
    assert_eq!(e.pin.as_deref(), Some("person"));
    assert_eq!(
        e.message,
        "node `g` (test.greet) failed: input `person`: value violates the pin's schema: at /age: must be ≥ 0, got -1"
    );
}

/// The Add chain the hop benchmark runs (board input, `len` Adds, output).
fn add_chain(len: usize) -> Arc<floe_engine::Plan> {
    Arc::new(
        floe_engine::Plan::compile(&floe_engine::bench_boards::add_chain(len), &floe_engine::Catalog::builtin())
            .expect("the chain compiles"),
    )
}

#[test]
fn the_step_limit_holds_on_a_dataflow_run_to_the_step() {
    // A dataflow run counts its nodes in stretches between checkpoints
    // (every 32 steps); the limit still stops it at exactly its count.
    let p = add_chain(70);
    let mut runner = Runner::new(&p);
    for max_steps in [1, 5, 31, 32, 33, 64, 71] {
        let opts = RunOptions { input: Value::Int(0), max_steps, ..RunOptions::default() };
        let s = runner.run_sync(&opts, &StdHost::default(), &mut (), &CancelToken::new());
        assert_eq!(s.status, RunStatus::Failed, "max_steps {max_steps}");
        assert_eq!(s.error, Some(RunError::StepLimit { limit: max_steps }));
        let record = runner.record();
        let done = record.nodes.iter().filter(|n| n.status == NodeStatus::Done).count() as u64;
        assert_eq!(done, max_steps, "nodes run under a limit of {max_steps}");
        assert!(record.nodes.iter().all(|n| n.runs <= 1));
    }
    let opts = RunOptions { input: Value::Int(0), max_steps: 72, ..RunOptions::default() };
    let s = runner.run_sync(&opts, &StdHost::default(), &mut (), &CancelToken::new());
    assert_eq!(s.status, RunStatus::Succeeded);
    assert_eq!(s.steps, 72);
    assert_eq!(runner.output("result"), Some(&Value::Int(70)));
}

#[test]
fn a_run_cancelled_before_it_starts_runs_no_node() {
    let p = add_chain(10);
    let mut runner = Runner::new(&p);
    let cancel = CancelToken::new();
    cancel.cancel();
    let s = runner.run_sync(&RunOptions::default(), &StdHost::default(), &mut (), &cancel);
    assert_eq!(s.status, RunStatus::Cancelled);
    assert!(runner.record().nodes.iter().all(|n| n.runs == 0 && n.status == NodeStatus::Waiting));
}

#[test]
fn cancelling_from_inside_a_dataflow_run_stops_it_within_32_nodes() {
    // Cancellation is checked before the first step and at every checkpoint
    // (every 32nd step): an event sink that cancels at the 40th node start ends the run
    // by the 64th.
    let p = add_chain(200);
    let mut runner = Runner::new(&p);
    let cancel = CancelToken::new();
    let stop = cancel.clone();
    let mut started = 0;
    let mut sink = |e: RunEvent<'_>| {
        if let RunEvent::NodeStarted { .. } = e {
            started += 1;
            if started == 40 {
                stop.cancel();
            }
        }
    };
    let opts = RunOptions { input: Value::Int(0), ..RunOptions::default() };
    let s = runner.run_sync(&opts, &StdHost::default(), &mut sink, &cancel);
    assert_eq!(s.status, RunStatus::Cancelled);
    let ran = runner.record().nodes.iter().filter(|n| n.runs > 0).count();
    assert!((40..64).contains(&ran), "{ran} nodes ran");
    // Unwatched runs (no events) take the plain path; the same run without a
    // sink, cancelled up front, ends at once.
    let s = runner.run_sync(&opts, &StdHost::default(), &mut (), &cancel);
    assert_eq!(s.status, RunStatus::Cancelled);
    assert_eq!(runner.record().nodes.iter().filter(|n| n.runs > 0).count(), 0);
}

#[test]
fn a_failure_mid_chain_is_the_same_watched_or_not() {
    // The plain path (nobody watches) and the long way give the same record.
    let p = add_chain(40);
    let mut runner = Runner::new(&p);
    let opts = RunOptions { input: Value::Int(i64::MAX - 20), timing: false, ..RunOptions::default() };
    let plain = runner.run_sync(&opts, &StdHost::default(), &mut (), &CancelToken::new());
    let plain_record = runner.record();
    let mut events = 0;
    let watched = runner.run_sync(&opts, &StdHost::default(), &mut |_: RunEvent<'_>| events += 1, &CancelToken::new());
    let watched_record = runner.record();
    assert!(events > 40);
    assert_eq!(plain.status, RunStatus::Failed);
    assert_eq!(plain.error, watched.error);
    assert_eq!(plain.steps, watched.steps);
    assert_eq!(plain.steps, 22, "the input, then 21 Adds, the 21st overflowing");
    assert_eq!(
        serde_json::to_value(&plain_record.nodes).unwrap(),
        serde_json::to_value(&watched_record.nodes).unwrap()
    );
}

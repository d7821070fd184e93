//! [`Runner`]: runs one plan many times, keeping the per-run state between
//! runs; and [`run_blocking`], one run on a native thread.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::dataflow::{DataflowPos, Pause};
use super::event::EventSink;
use super::host::{CancelToken, Host, StdHost, block_on};
use super::options::{RunError, RunOptions, RunSummary};
use super::record::{ErrorInfo, NodeRecord, NodeStatus, RunRecord, RunStatus};
use super::state::{NodeRun, State};
use crate::flatten::PASS_KIND;
use crate::node::{NodeStates, Report};
use crate::plan::{Mode, Plan};
use crate::value::Value;

/// Runs a plan on a native thread and returns the full record.
pub fn run_blocking(plan: &Arc<Plan>, opts: &RunOptions) -> RunRecord {
    let mut runner = Runner::new(plan);
    runner.run_sync(opts, &StdHost::default(), &mut (), &CancelToken::new());
    runner.record()
}

/// Owns the per-run state of one plan; reuse it for many runs.
pub struct Runner {
    plan: Arc<Plan>,
    st: State,
}

impl Runner {
    /// A runner for `plan`, with the per-run state every run reuses.
    pub fn new(plan: &Arc<Plan>) -> Self {
        let plan = plan.clone();
        let n = plan.nodes.len();
        let st = State {
            slots: plan.slot_init.clone(),
            nodes: (0..n).map(|_| NodeRun::new()).collect(),
            states: NodeStates::new(n),
            vars: plan.var_init.clone(),
            logs: Vec::new(),
            steps: 0,
            check_at: 1,
            any_failed: false,
            started: 0.0,
            slice_start: 0.0,
            run_id: Arc::from(""),
            timed: false,
            summary: None,
            report: Report::default(),
            noted: false,
            pending: None,
        };
        Runner { plan, st }
    }

    /// The plan this runner runs.
    pub fn plan(&self) -> &Arc<Plan> {
        &self.plan
    }

    /// Runs the plan once. Afterwards [`Runner::record`] and [`Runner::output`]
    /// describe this run until the next one starts.
    pub async fn run<H: Host + ?Sized, S: EventSink>(
        &mut self,
        opts: &RunOptions,
        host: &H,
        sink: &mut S,
        cancel: &CancelToken,
    ) -> RunSummary {
        let plan: &Plan = &self.plan;
        let st = &mut self.st;
        let (mut cx, now) = st.begin(opts, host, sink, cancel, plan);
        let result = match plan.mode {
            _ if cancel.is_cancelled() => Err(RunError::Cancelled),
            Mode::Dataflow => st.run_dataflow(plan, &mut cx).await,
            // Boxed so the (larger) scheduler state does not weigh on dataflow runs.
            Mode::Control => Box::pin(st.run_control(plan, &mut cx)).await,
        };
        st.finish(result, &mut cx, now)
    }

    /// Runs the plan once on this thread without an async executor, for
    /// hosts whose `sleep` and `yield_now` complete at once (such as
    /// [`StdHost`]): the CLI, servers, tests. The same steps as [`Runner::run`].
    pub fn run_sync<H: Host + ?Sized, S: EventSink>(
        &mut self,
        opts: &RunOptions,
        host: &H,
        sink: &mut S,
        cancel: &CancelToken,
    ) -> RunSummary {
        let plan: &Plan = &self.plan;
        let st = &mut self.st;
        let (mut cx, now) = st.begin(opts, host, sink, cancel, plan);
        let result = match plan.mode {
            _ if cancel.is_cancelled() => Err(RunError::Cancelled),
            Mode::Dataflow => {
                let mut at = DataflowPos::default();
                loop {
                    match st.dataflow_steps(plan, &mut at, &mut cx) {
                        Ok(Pause::Done) => break Ok(()),
                        Ok(Pause::Yield) => {
                            if let Err(e) = block_on(st.yield_to_host(&mut cx)) {
                                break Err(e);
                            }
                        }
                        Ok(Pause::Wait(ms)) => {
                            if let Err(e) = block_on(st.sleep(ms as f64, &mut cx)) {
                                break Err(e);
                            }
                        }
                        Err(e) => break Err(e),
                    }
                }
            }
            Mode::Control => block_on(Box::pin(st.run_control(plan, &mut cx))),
        };
        st.finish(result, &mut cx, now)
    }

    /// The value of board output `name` in the last run, if it was written.
    pub fn output(&self, name: &str) -> Option<&Value> {
        self.output_at(self.plan.output_index(name)?)
    }

    /// The value of the board output at `index` (see [`Plan::output_index`])
    /// in the last run, if it was written; for callers reading one output
    /// after many runs.
    #[inline]
    pub fn output_at(&self, index: usize) -> Option<&Value> {
        let (_, node) = self.plan.outputs.get(index)?;
        self.output_of(*node as usize)
    }

    fn output_of(&self, node: usize) -> Option<&Value> {
        if self.st.nodes[node].status != NodeStatus::Done {
            return None;
        }
        // A board output node records its value; one that makes its own
        // (HTTP Response) its first data output.
        let io = &self.plan.nodes[node].io;
        let slot = *io.outs.first().or(io.ins.first())?;
        Some(&self.st.slots[slot as usize])
    }

    /// The full record of the last run.
    pub fn record(&self) -> RunRecord {
        let plan = &self.plan;
        let st = &self.st;
        let summary = st.summary.clone().unwrap_or(RunSummary {
            status: RunStatus::Succeeded,
            error: None,
            duration_ms: 0.0,
            steps: 0,
        });
        let mut outputs = BTreeMap::new();
        for (name, node) in &plan.outputs {
            if let Some(v) = self.output_of(*node as usize) {
                outputs.insert(name.clone(), v.clone());
            }
        }
        let nodes = plan
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let run = &st.nodes[i];
                // A subflow boundary never runs: it has passed on its values
                // when what feeds it is done.
                let status = match (&*node.kind, run.status) {
                    (PASS_KIND, NodeStatus::Waiting) => {
                        let of = |up: &crate::plan::Upstream| st.nodes[up.node as usize].status;
                        if node.upstream.iter().all(|up| of(up) == NodeStatus::Done) {
                            NodeStatus::Done
                        } else if node
                            .upstream
                            .iter()
                            .any(|up| matches!(of(up), NodeStatus::Failed | NodeStatus::Skipped))
                        {
                            NodeStatus::Skipped
                        } else {
                            NodeStatus::Waiting
                        }
                    }
                    (_, status) => status,
                };
                let ran = run.runs > 0 || (status == NodeStatus::Done && run.status == NodeStatus::Waiting);
                let pick = |names: &[crate::ids::PinId], slots: &[u32]| -> BTreeMap<String, Value> {
                    if !ran {
                        return BTreeMap::new();
                    }
                    names.iter().zip(slots).map(|(n, &s)| (n.to_string(), st.slots[s as usize].clone())).collect()
                };
                NodeRecord {
                    id: node.io.id.clone(),
                    kind: node.kind.to_string(),
                    status,
                    runs: run.runs,
                    duration_ms: st.timed.then_some(run.time),
                    fuel: run.fuel_now.map(|now| run.fuel_done + now),
                    path: run.path,
                    inputs: pick(&node.io.in_names, &node.io.ins),
                    outputs: pick(&node.io.out_names, &node.io.outs),
                    error: run.error.as_ref().map(|e| ErrorInfo {
                        node: Some(node.io.id.clone()),
                        code: e.code().to_owned(),
                        message: e.to_string(),
                        pin: e.pin().map(|p| p.to_string()),
                    }),
                }
            })
            .collect();
        RunRecord {
            run_id: st.run_id.to_string(),
            status: summary.status,
            error: summary.error.as_ref().map(RunError::info),
            outputs,
            nodes,
            variables: plan.var_names.iter().cloned().zip(st.vars.iter().cloned()).collect(),
            logs: st.logs.clone(),
            duration_ms: summary.duration_ms,
            steps: summary.steps,
        }
    }
}

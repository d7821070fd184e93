//! Dataflow runs: every node once, layer after layer; `Wait` steps within a
//! layer overlap. The stepper is synchronous: it returns to the async loop
//! only to yield or to wait.

use super::context::Ctx;
use super::event::EventSink;
use super::host::Host;
use super::record::NodeStatus;
use super::state::{Halt, State, Watch};
use crate::node::{Cx, Entry, Frame, NodeError, Step};
use crate::plan::Plan;

/// Where a dataflow run is: the next node (index into the plan's order),
/// the longest wait asked for in the current layer and where that layer
/// ends (only known once a node asked to wait).
pub(super) struct DataflowPos {
    pub(super) node: usize,
    pub(super) wait_ms: u64,
    /// The end of the layer whose nodes asked to wait; `usize::MAX` while none did.
    pub(super) wait_until: usize,
    /// The node before `node` yielded and continues next.
    pub(super) resume: bool,
}

impl Default for DataflowPos {
    fn default() -> Self {
        DataflowPos { node: 0, wait_ms: 0, wait_until: usize::MAX, resume: false }
    }
}

/// Why the synchronous part of a run stopped.
pub(super) enum Pause {
    Done,
    Yield,
    Wait(u64),
}

impl State {
    pub(super) async fn run_dataflow<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<(), Halt> {
        let mut at = DataflowPos::default();
        loop {
            match self.dataflow_steps(plan, &mut at, cx)? {
                Pause::Done => return Ok(()),
                Pause::Yield => self.yield_to_host(cx).await?,
                Pause::Wait(ms) => self.sleep(ms as f64, cx).await?,
            }
        }
    }

    /// Runs dataflow nodes from `at` until the run ends, the slice is used up,
    /// or a layer must wait. Synchronous: the per-node path has no await.
    /// Layers matter only when a node asks to wait: the run then pauses at
    /// the end of that node's layer.
    pub(super) fn dataflow_steps<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        at: &mut DataflowPos,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<Pause, Halt> {
        let mut scratch = Frame::default();
        let watch = Watch::of(self, cx);
        // Nobody watches (no events, no timing): plain nodes run in stretches.
        let plain = !watch.events && !watch.timed;
        let order = &plan.order[..];
        let mut pos = at.node;
        let mut entry = if std::mem::take(&mut at.resume) { Entry::Continue } else { Entry::Data };
        // Where to stop: the end of the run, or of a layer that waits.
        let mut stop = order.len().min(at.wait_until);
        while pos < stop {
            if plain {
                match self.run_plain(plan, &mut pos, stop, &mut entry, &mut scratch, cx) {
                    Plain::End => break,
                    Plain::Next => {}
                    Plain::Ran(i, result) => {
                        let result = self.after_exec(plan, i, result, 0.0, cx, watch);
                        if let Some(pause) = self.settle(plan, i, result, at, pos, &mut stop)? {
                            return Ok(pause);
                        }
                        continue;
                    }
                }
            }
            // One node the long way: a checkpoint is due, its inputs have
            // schemas, an input may be unavailable, or someone watches.
            let i = order[pos] as usize;
            pos += 1;
            let yield_due = self.count(cx)?;
            if self.any_failed && self.unavailable(plan, i).is_some() {
                self.skip(plan, i, cx);
            } else {
                let result = self.exec_one(plan, i, entry, &mut scratch, cx, watch);
                if let Some(pause) = self.settle(plan, i, result, at, pos, &mut stop)? {
                    return Ok(pause);
                }
            }
            entry = Entry::Data;
            if yield_due {
                at.node = pos;
                return Ok(Pause::Yield);
            }
        }
        at.node = pos;
        if pos == at.wait_until {
            at.wait_until = usize::MAX;
            return Ok(Pause::Wait(std::mem::take(&mut at.wait_ms)));
        }
        Ok(Pause::Done)
    }

    /// Runs plain nodes from `pos` (which is before `stop`) with one `Cx`
    /// for them all, until one needs more than a call (see [`Plain`]).
    /// Counts their steps; a checkpoint's step is left to the long way.
    #[inline(always)]
    fn run_plain<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        pos: &mut usize,
        stop: usize,
        entry: &mut Entry,
        frame: &mut Frame,
        cx: &mut Ctx<'_, H, S>,
    ) -> Plain {
        let State { slots, vars, report, states, nodes, steps, check_at, any_failed, .. } = self;
        if *any_failed || *steps + 1 >= *check_at {
            return Plain::Next;
        }
        let order = &plan.order[..stop];
        let nodes = &mut nodes[..plan.nodes.len()];
        let mut p = *pos;
        let first = order[p] as usize;
        let mut ncx = Cx {
            slots,
            node: &plan.nodes[first].io,
            entry: *entry,
            frame,
            states,
            index: first,
            vars,
            env: cx,
            report,
        };
        // The stretch ends at `stop` or where the next step is a checkpoint's.
        let start = p;
        let limit = stop.min(p.saturating_add((*check_at - 1 - *steps) as usize));
        let end = loop {
            let i = order[p] as usize;
            let node = &plan.nodes[i];
            if !node.in_schemas.is_empty() {
                break Plain::Next;
            }
            p += 1;
            ncx.node = &node.io;
            ncx.index = i;
            let result = node.imp.run(&mut ncx);
            ncx.entry = Entry::Data;
            if ncx.report.any || !matches!(result, Ok(Step::Done)) {
                break Plain::Ran(i, result);
            }
            let run = &mut nodes[i];
            run.runs += 1;
            run.status = NodeStatus::Done;
            if p == limit {
                break if p == stop { Plain::End } else { Plain::Next };
            }
        };
        *steps += (p - start) as u64;
        *entry = ncx.entry;
        *pos = p;
        end
    }

    /// Acts on what node `i` (just before `pos`) returned: a yield pauses
    /// the run there, a wait ends the layer with a pause, a failure goes to
    /// the error pin or ends the run.
    #[inline(always)]
    fn settle(
        &mut self,
        plan: &Plan,
        i: usize,
        result: Result<Step, NodeError>,
        at: &mut DataflowPos,
        pos: usize,
        stop: &mut usize,
    ) -> Result<Option<Pause>, Halt> {
        match result {
            Ok(Step::Yield) => {
                at.node = pos - 1;
                at.resume = true;
                return Ok(Some(Pause::Yield));
            }
            Ok(Step::Wait { ms, .. }) => {
                at.wait_ms = at.wait_ms.max(u64::from(ms));
                if at.wait_until == usize::MAX {
                    at.wait_until = layer_end(plan, pos - 1);
                    *stop = (*stop).min(at.wait_until);
                }
            }
            Ok(_) => {}
            Err(e) => {
                self.route_failure(plan, i, e)?;
            }
        }
        Ok(None)
    }
}

/// How a stretch of plain nodes ended.
enum Plain {
    /// At the end of the run or of a waiting layer.
    End,
    /// The next node goes the long way.
    Next,
    /// Node `i` returned more than `Done`, or reported something.
    Ran(usize, Result<Step, NodeError>),
}

/// The end of the layer holding the node at `pos` in the plan's order.
#[cold]
fn layer_end(plan: &Plan, pos: usize) -> usize {
    let k = plan.layers.partition_point(|l| l.end <= pos);
    plan.layers.get(k).map_or(plan.order.len(), |l| l.end)
}

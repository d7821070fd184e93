//! Dataflow runs: every node once, layer after layer; `Wait` steps within a
//! layer overlap. The stepper is synchronous: it returns to the async loop
//! only to yield or to wait.

use super::context::Ctx;
use super::event::EventSink;
use super::host::Host;
use super::state::{Halt, State, Watch};
use crate::node::{Entry, Frame, Step};
use crate::plan::Plan;

/// Where a dataflow run is: the layer, the next node (index into the
/// plan's order), and the longest wait asked for in the current layer.
#[derive(Default)]
pub(super) struct DataflowPos {
    pub(super) layer: usize,
    pub(super) node: usize,
    pub(super) wait_ms: u64,
    /// The node at `node` yielded and continues next.
    pub(super) resume: bool,
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
    pub(super) fn dataflow_steps<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        at: &mut DataflowPos,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<Pause, Halt> {
        let mut scratch = Frame::default();
        let watch = Watch::of(self, cx);
        while let Some(layer) = plan.layers.get(at.layer) {
            while at.node < layer.end {
                let i = plan.order[at.node] as usize;
                at.node += 1;
                let yield_due = self.count(cx)?;
                let entry = if at.resume { Entry::Continue } else { Entry::Data };
                at.resume = false;
                if self.any_failed && self.unavailable(plan, i).is_some() {
                    self.skip(plan, i, cx);
                } else {
                    match self.exec_one(plan, i, entry, &mut scratch, cx, watch) {
                        Ok(Step::Yield) => {
                            at.node -= 1;
                            at.resume = true;
                            return Ok(Pause::Yield);
                        }
                        Ok(Step::Wait { ms, .. }) => at.wait_ms = at.wait_ms.max(u64::from(ms)),
                        Ok(_) => {}
                        Err(e) => self.route_failure(plan, i, e)?,
                    }
                }
                if yield_due {
                    return Ok(Pause::Yield);
                }
            }
            at.layer += 1;
            if let Some(next) = plan.layers.get(at.layer) {
                at.node = next.start;
            }
            if at.wait_ms > 0 {
                return Ok(Pause::Wait(std::mem::take(&mut at.wait_ms)));
            }
        }
        Ok(Pause::Done)
    }
}

//! Boards with execution wires run as fibers: each event firing starts one;
//! a fiber follows execution wires depth-first (a stack of tasks), parks on
//! `Wait`, and timers start new fibers. Pure nodes are evaluated on demand
//! just before the node that needs them.

use std::collections::VecDeque;

use super::context::Ctx;
use super::event::EventSink;
use super::host::Host;
use super::options::RunError;
use super::record::NodeStatus;
use super::state::{Halt, State, Watch};
use crate::node::{Entry, Frame, Step};
use crate::plan::{ExecTarget, Plan};

enum Task {
    Run(u32, Entry, Frame),
    Fire(u32, usize),
}

/// Why a fiber stops running for now.
enum Park {
    /// Until this many milliseconds have passed.
    Sleep(u64),
    /// Until the host had the thread (a node is between fuel slices).
    Yield,
}

struct Fiber {
    stack: Vec<Task>,
    wake_at: f64,
}

impl State {
    pub(super) async fn run_control<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<(), Halt> {
        let mut ready: VecDeque<Fiber> = plan
            .starts
            .iter()
            .map(|&i| Fiber { stack: vec![Task::Run(i, Entry::Event(0), Frame::default())], wake_at: 0.0 })
            .collect();
        let mut parked: Vec<Fiber> = Vec::new();
        let t0 = cx.host.monotonic_ms();
        // (node, period, ticks left, next tick number, due time)
        let mut timers: Vec<(u32, u64, u64, u64, f64)> =
            plan.timers.iter().map(|&(i, every, count)| (i, every, count, 0, t0 + every as f64)).collect();
        loop {
            if let Some(mut fiber) = ready.pop_front() {
                while let Some(task) = fiber.stack.pop() {
                    match self.do_task(plan, task, &mut fiber.stack, cx).await? {
                        None => continue,
                        Some(Park::Sleep(ms)) => {
                            fiber.wake_at = cx.host.monotonic_ms() + ms as f64;
                            parked.push(fiber);
                        }
                        Some(Park::Yield) => {
                            // A fiber waiting for an HTTP answer goes on first
                            // once it is there (the answer is kept for its node).
                            if self.pending.is_some() {
                                ready.push_front(fiber);
                            } else {
                                ready.push_back(fiber);
                            }
                            self.yield_to_host(cx).await?;
                        }
                    }
                    break;
                }
                continue;
            }
            let next_fiber = parked.iter().map(|f| f.wake_at).fold(f64::INFINITY, f64::min);
            let next_timer = timers.iter().filter(|t| t.2 > 0).map(|t| t.4).fold(f64::INFINITY, f64::min);
            let next = next_fiber.min(next_timer);
            if !next.is_finite() {
                return Ok(());
            }
            let wait = next - cx.host.monotonic_ms();
            if wait > 0.0 {
                self.sleep(wait, cx).await?;
            }
            let now = cx.host.monotonic_ms();
            let mut woken: Vec<Fiber> = Vec::new();
            parked.retain_mut(|f| {
                if f.wake_at <= now {
                    woken.push(Fiber { stack: std::mem::take(&mut f.stack), wake_at: f.wake_at });
                    false
                } else {
                    true
                }
            });
            woken.sort_by(|a, b| a.wake_at.total_cmp(&b.wake_at));
            ready.extend(woken);
            for t in timers.iter_mut().filter(|t| t.2 > 0 && t.4 <= now) {
                ready.push_back(Fiber {
                    stack: vec![Task::Run(t.0, Entry::Event(t.3), Frame::default())],
                    wake_at: 0.0,
                });
                t.2 -= 1;
                t.3 += 1;
                t.4 += t.1 as f64;
            }
        }
    }

    /// Runs one task of a fiber; `Some` parks the fiber.
    async fn do_task<H: Host + ?Sized, S: EventSink>(
        &mut self,
        plan: &Plan,
        task: Task,
        stack: &mut Vec<Task>,
        cx: &mut Ctx<'_, H, S>,
    ) -> Result<Option<Park>, Halt> {
        let (i, entry, mut frame) = match task {
            Task::Fire(i, k) => {
                push_targets(stack, &plan.nodes[i as usize].exec_outs[k]);
                return Ok(None);
            }
            Task::Run(i, entry, frame) => (i as usize, entry, frame),
        };
        let node = &plan.nodes[i];
        let deps: &[u32] = if entry == Entry::Resume && !node.imp.pulls_on_resume() { &[] } else { &node.deps };
        for &d in deps {
            let d = d as usize;
            if self.count(cx)? {
                self.yield_to_host(cx).await?;
            }
            if self.unavailable(plan, d).is_some() {
                self.skip(plan, d, cx);
                continue;
            }
            let mut entry = Entry::Data;
            loop {
                match self.exec_one(plan, d, entry, &mut Frame::default(), cx, Watch::of(self, cx)) {
                    Ok(Step::Yield) => {
                        self.yield_to_host(cx).await?;
                        if cx.cancel.is_cancelled() {
                            return Err(RunError::Cancelled);
                        }
                        entry = Entry::Continue;
                    }
                    Ok(_) => break,
                    Err(e) => {
                        self.route_failure(plan, d, e)?;
                        break;
                    }
                }
            }
        }
        if self.count(cx)? {
            self.yield_to_host(cx).await?;
        }
        let result = match self.unavailable(plan, i) {
            Some(err) => {
                self.nodes[i].status = NodeStatus::Failed;
                self.nodes[i].error = Some(err.clone());
                self.noted = true;
                Err(err)
            }
            None => self.exec_one(plan, i, entry, &mut frame, cx, Watch::of(self, cx)),
        };
        match result {
            Ok(Step::Done) => {
                if let Some(first) = node.exec_outs.first() {
                    push_targets(stack, first);
                }
            }
            Ok(Step::Fire(k)) => push_targets(stack, &node.exec_outs[k as usize]),
            Ok(Step::Call(k)) => {
                stack.push(Task::Run(i as u32, Entry::Resume, frame));
                push_targets(stack, &node.exec_outs[k as usize]);
            }
            Ok(Step::Wait { ms, then }) => {
                if let Some(k) = then {
                    stack.push(Task::Fire(i as u32, k as usize));
                }
                return Ok(Some(Park::Sleep(u64::from(ms))));
            }
            Ok(Step::Yield) => {
                stack.push(Task::Run(i as u32, Entry::Continue, frame));
                return Ok(Some(Park::Yield));
            }
            Ok(Step::Stop) => {}
            Err(e) => {
                let caught = self.route_failure(plan, i, e)?;
                push_targets(stack, &plan.nodes[caught].on_error);
            }
        }
        Ok(None)
    }
}

fn push_targets(stack: &mut Vec<Task>, targets: &[ExecTarget]) {
    for t in targets.iter().rev() {
        stack.push(Task::Run(t.node, Entry::Exec(t.entry as usize), Frame::default()));
    }
}

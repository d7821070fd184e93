//! A checked board compiled for running: nodes in flat arrays, every data
//! pin a precomputed slot, execution wires as target lists, the dataflow order
//! and layers worked out once. A plan is immutable and reused across runs.

use std::ops::Range;

use rustc_hash::FxHashSet as HashSet;
use std::sync::Arc;

use crate::board::Board;
use crate::catalog::{Catalog, Config, ERROR_PIN, ON_ERROR_PIN};
use crate::def::Capabilities;
use crate::flatten::flatten;
use crate::graph;
use crate::ids::NodeId;
use crate::node::{NodeImpl, NodeIo, Trigger};
use crate::validate::{Analysis, Diagnostics, NO_GUARD, PinAt, check};
use crate::value::Value;

/// How a plan runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// No execution wires: every node runs once, in topological order.
    Dataflow,
    /// Execution wires drive the run from event nodes.
    Control,
}

/// `PlanNode::guard` of a node outside every subflow instance.
pub(crate) const NO_GUARD_U32: u32 = u32::MAX;

/// Where execution goes: a node and which of its execution inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ExecTarget {
    pub node: u32,
    pub entry: u16,
}

/// Where a data input's value comes from, for availability checks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Upstream {
    pub input: u16,
    pub node: u32,
    /// Wired to the source's `error` pin: available only when the source failed.
    pub via_error: bool,
}

/// One node of a plan, with its slots and wiring precomputed.
pub(crate) struct PlanNode {
    /// Its id, slots and pin names: what its [`Cx`](crate::node::Cx) sees.
    pub io: NodeIo,
    pub kind: Arc<str>,
    pub imp: Box<dyn NodeImpl>,
    pub in_schemas: Box<[(u16, Arc<serde_json::Value>)]>,
    pub exec_outs: Box<[Box<[ExecTarget]>]>,
    pub error_slot: u32,
    pub on_error: Box<[ExecTarget]>,
    pub handles_errors: bool,
    /// The subflow instance boundary its failures go to when it does not
    /// handle them itself (`NO_GUARD` outside subflows).
    pub guard: u32,
    /// Control mode: pure nodes to evaluate (in this order) before this node runs.
    pub deps: Box<[u32]>,
    pub upstream: Box<[Upstream]>,
    /// Its outputs have initial values, so they may be read before it runs.
    pub ready_before_run: bool,
}

/// A compiled board, ready to run many times.
pub struct Plan {
    pub(crate) nodes: Vec<PlanNode>,
    pub(crate) slot_init: Vec<Value>,
    pub(crate) mode: Mode,
    /// Dataflow mode: every node in dependency order, layer after layer.
    pub(crate) order: Vec<u32>,
    pub(crate) layers: Vec<Range<usize>>,
    /// Control mode: event nodes that fire at start, in board order.
    pub(crate) starts: Vec<u32>,
    /// Control mode: timer events (node, period ms, ticks).
    pub(crate) timers: Vec<(u32, u64, u64)>,
    pub(crate) var_names: Vec<String>,
    pub(crate) var_init: Vec<Value>,
    pub(crate) outputs: Vec<(String, u32)>,
    /// Slots whose initial value must be restored before every run.
    pub(crate) resets: Vec<u32>,
    warnings: Diagnostics,
    /// What its nodes declare they need from outside the sandbox.
    needs: Vec<Needs>,
}

/// One node's declared capabilities (only nodes that declare some).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Needs {
    /// The node (a path inside subflow instances).
    pub node: NodeId,
    /// Its kind (`wasm:<sha256>` for a custom node: a grant is tied to its bytes).
    pub kind: String,
    /// What it declares.
    pub capabilities: Capabilities,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("nodes", &self.nodes.len())
            .field("slots", &self.slot_init.len())
            .field("dataflow", &(self.mode == Mode::Dataflow))
            .field("layers", &self.layers.len())
            .finish()
    }
}

impl Plan {
    /// Validates `board` and compiles it, or returns every diagnostic if any is an error.
    ///
    /// ```
    /// use floe_engine::{Board, Catalog, Plan, RunOptions};
    /// let board = Board::from_json(r#"{"format_version": 1, "nodes": [
    ///   {"id": "sum", "kind": "math.add", "inputs": {"a": 2, "b": 3}},
    ///   {"id": "out", "kind": "event.board_output", "config": {"name": "total"}}],
    ///   "edges": [{"id": "e", "from": {"node": "sum", "pin": "result"}, "to": {"node": "out", "pin": "value"}}]}"#).unwrap();
    /// let plan = std::sync::Arc::new(Plan::compile(&board, &Catalog::builtin()).unwrap());
    /// let record = floe_engine::run_blocking(&plan, &RunOptions::default());
    /// assert_eq!(record.outputs["total"].to_string(), "5");
    /// ```
    pub fn compile(board: &Board, catalog: &Catalog) -> Result<Plan, Diagnostics> {
        let flat = flatten(board);
        let (analysis, diagnostics) = check(&flat, catalog).into_parts();
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let mut plan = build(analysis, diagnostics);
        for node in &flat.board.nodes {
            let Some(kind) = catalog.get(&node.kind) else { continue };
            let config = Config::new(node, kind.def(), &flat.board.variables);
            if let Ok(caps) = kind.capabilities(&config)
                && !caps.is_empty()
            {
                plan.needs.push(Needs {
                    node: node.id.clone(),
                    kind: node.kind.clone(),
                    capabilities: caps.into_owned(),
                });
            }
        }
        Ok(plan)
    }

    /// What the board's nodes declare they need (HTTP, secrets): what a
    /// host asks the user to grant before the run.
    pub fn needs(&self) -> &[Needs] {
        &self.needs
    }

    /// Warnings found while compiling.
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the plan has no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Whether the board runs as a dataflow graph (no execution wires).
    pub fn is_dataflow(&self) -> bool {
        self.mode == Mode::Dataflow
    }

    /// Dataflow mode: groups of node ids that do not depend on each other, in run order.
    pub fn layers(&self) -> Vec<Vec<&NodeId>> {
        self.layers
            .iter()
            .map(|r| self.order[r.clone()].iter().map(|&i| &self.nodes[i as usize].io.id).collect())
            .collect()
    }

    /// The position of run output `name` among [`Plan::output_names`].
    pub fn output_index(&self, name: &str) -> Option<usize> {
        self.outputs.iter().position(|(n, _)| n == name)
    }

    /// Names of the run outputs (board output nodes).
    pub fn output_names(&self) -> impl Iterator<Item = &str> {
        self.outputs.iter().map(|(n, _)| n.as_str())
    }
}

fn build(mut a: Analysis<'_>, warnings: Diagnostics) -> Plan {
    let n = a.nodes.len();
    let imps: Vec<Box<dyn NodeImpl>> =
        a.nodes.iter_mut().map(|info| info.imp.take().expect("a checked board has every node built")).collect();
    let a = &a;

    let mut slot_init: Vec<Value> = Vec::new();
    // Output slots first, so inputs can point at them.
    let mut out_slot: Vec<Vec<Option<u32>>> = a
        .nodes
        .iter()
        .map(|info| {
            info.pins
                .iter()
                .map(|p| {
                    (!p.is_input() && !p.is_exec()).then(|| {
                        slot_init.push(Value::Null);
                        (slot_init.len() - 1) as u32
                    })
                })
                .collect()
        })
        .collect();
    // For each pin, its position among its node's execution inputs.
    let exec_ordinal: Vec<Vec<u16>> = a
        .nodes
        .iter()
        .map(|info| {
            let mut k = 0u16;
            info.pins
                .iter()
                .map(|p| {
                    let here = k;
                    if p.is_input() && p.is_exec() {
                        k += 1;
                    }
                    here
                })
                .collect()
        })
        .collect();

    // Subflow boundaries never run: each output is the slot of what feeds
    // the input of its name through any boundaries before it, or a constant.
    let is_pass = &a.is_pass;
    for b in (0..n).filter(|&b| is_pass[b]) {
        for p in 0..a.nodes[b].own_pins {
            let pin = &a.nodes[b].pins[p];
            if pin.is_input() || pin.is_exec() {
                continue;
            }
            let mut at = PinAt { node: b, pin: p };
            for _ in 0..=n {
                if !is_pass[at.node] || a.is_error_pin(at) {
                    out_slot[b][p] = out_slot[at.node][at.pin];
                    break;
                }
                let input = a.twin(at).expect("a boundary has an input for each output");
                match a.incoming(at.node, input).next() {
                    Some((_, from)) => at = from,
                    None => {
                        let info = &a.nodes[at.node];
                        let name = info.pins[input].name.as_str();
                        let json = a.board.nodes[at.node].inputs.get(name).or(info.pins[input].default.as_ref());
                        let v = json.map(Value::from_json).unwrap_or(Value::Null);
                        slot_init.push(v.clone().coerce(info.types[input]).unwrap_or(v));
                        out_slot[b][p] = Some((slot_init.len() - 1) as u32);
                        break;
                    }
                }
            }
        }
    }
    let source = |from: PinAt| a.data_source(from);

    let mut nodes: Vec<PlanNode> = Vec::with_capacity(n);
    let mut resets = Vec::new();
    let mut kind_names: rustc_hash::FxHashMap<&str, Arc<str>> = Default::default();
    for (i, ((node, info), imp)) in a.board.nodes.iter().zip(&a.nodes).zip(imps).enumerate() {
        let data_ins = info.pins.iter().filter(|p| p.is_input() && !p.is_exec()).count();
        let data_outs = info.pins.iter().filter(|p| !p.is_input() && !p.is_exec()).count().saturating_sub(1);
        let mut ins = Vec::with_capacity(data_ins);
        let mut in_names = Vec::with_capacity(data_ins);
        let mut in_schemas = Vec::new();
        let mut upstream = Vec::new();
        let mut outs = Vec::with_capacity(data_outs);
        let mut out_names = Vec::with_capacity(data_outs);
        let mut exec_outs = Vec::new();
        let mut on_error: Box<[ExecTarget]> = Box::new([]);
        let mut error_slot = 0;
        let mut handles_errors = false;
        for (p, pin) in info.pins.iter().enumerate() {
            let implicit = p >= info.own_pins;
            match (pin.is_input(), pin.is_exec()) {
                (true, true) => {}
                (true, false) => {
                    let input = ins.len() as u16;
                    match a.incoming(i, p).next() {
                        Some((_, from)) => {
                            ins.push(out_slot[from.node][from.pin].expect("data outputs have slots"));
                            if let Some(from) = source(from) {
                                let via_error = a.is_error_pin(from);
                                upstream.push(Upstream { input, node: from.node as u32, via_error });
                            }
                        }
                        None => {
                            let json = node.inputs.get(pin.name.as_str()).or(pin.default.as_ref());
                            let v = json.map(Value::from_json).unwrap_or(Value::Null);
                            slot_init.push(v.clone().coerce(info.types[p]).unwrap_or(v));
                            ins.push((slot_init.len() - 1) as u32);
                        }
                    }
                    in_names.push(info.pin_ids[p].clone());
                    if let Some(s) = &pin.schema {
                        in_schemas.push((input, s.clone()));
                    }
                }
                (false, true) => {
                    let targets = exec_targets(a, PinAt { node: i, pin: p }, is_pass, &exec_ordinal);
                    if implicit && pin.name == ON_ERROR_PIN {
                        handles_errors |= !targets.is_empty();
                        on_error = targets;
                    } else {
                        exec_outs.push(targets);
                    }
                }
                (false, false) => {
                    let slot = out_slot[i][p].expect("data outputs have slots");
                    if implicit && pin.name == ERROR_PIN {
                        error_slot = slot;
                        handles_errors |= a.outgoing(i, p).next().is_some();
                    } else {
                        outs.push(slot);
                        out_names.push(info.pin_ids[p].clone());
                    }
                }
            }
        }
        let mut ready_before_run = false;
        for (k, &slot) in outs.iter().enumerate() {
            if let Some(v) = imp.initial_output(k) {
                slot_init[slot as usize] = v;
                resets.push(slot);
                ready_before_run = true;
            }
        }
        nodes.push(PlanNode {
            ready_before_run,
            io: NodeIo {
                id: node.id.clone(),
                ins: ins.into(),
                in_names: in_names.into(),
                outs: outs.into(),
                out_names: out_names.into(),
            },
            kind: kind_names.entry(node.kind.as_str()).or_insert_with(|| Arc::from(node.kind.as_str())).clone(),
            imp,
            in_schemas: in_schemas.into(),
            exec_outs: exec_outs.into(),
            error_slot,
            on_error,
            handles_errors,
            guard: if a.guard_of[i] == NO_GUARD { NO_GUARD_U32 } else { a.guard_of[i] as u32 },
            deps: Box::new([]),
            upstream: upstream.into(),
        });
    }

    // Data links as the run sees them (through boundaries); reading an
    // instance's `error` pin is ordered by the guard links instead.
    let data_links: Vec<(usize, usize)> = a.data_links().filter(|&(src, _)| !is_pass[src]).collect();
    let mut order = Vec::new();
    let mut layers = Vec::new();
    let mut starts = Vec::new();
    let mut timers = Vec::new();
    let mode = if a.exec_wires { Mode::Control } else { Mode::Dataflow };
    match mode {
        Mode::Dataflow => {
            let topo = a.data_order.as_deref().expect("a checked board has no data cycle");
            let mut links = data_links.clone();
            links.extend_from_slice(&a.guard_links);
            links.extend(
                a.data_links()
                    .filter(|&(src, _)| is_pass[src])
                    .filter_map(|(g, to)| a.guard_nodes.iter().position(|&x| x == g).map(|k| (n + k, to))),
            );
            for layer in graph::layers_in_order(n + a.guard_nodes.len(), &links, topo) {
                let begin = order.len();
                order.extend(layer.into_iter().filter(|&i| i < n && !is_pass[i]).map(|i| i as u32));
                if order.len() > begin {
                    layers.push(begin..order.len());
                }
            }
        }
        Mode::Control => {
            let mut data_prev: Vec<Vec<usize>> = vec![Vec::new(); n];
            for &(x, y) in &data_links {
                data_prev[y].push(x);
            }
            for (i, node) in nodes.iter_mut().enumerate() {
                if a.nodes[i].has_exec && !is_pass[i] {
                    node.deps = pure_deps(i, &data_prev, a).into();
                }
                match node.imp.trigger() {
                    Some(Trigger::Start) => starts.push(i as u32),
                    Some(Trigger::Interval { every_ms, count }) => timers.push((i as u32, every_ms, count)),
                    None => {}
                }
            }
        }
    }

    let outputs = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, node)| node.imp.board_output().map(|name| (name.to_owned(), i as u32)))
        .collect();

    Plan {
        nodes,
        slot_init,
        mode,
        order,
        layers,
        starts,
        timers,
        var_names: a.variables.iter().map(|v| v.name.clone()).collect(),
        var_init: a
            .variables
            .iter()
            .map(|v| {
                let raw = Value::from_json(&v.default);
                raw.clone().coerce(v.pin_type()).unwrap_or(raw)
            })
            .collect(),
        outputs,
        resets,
        warnings,
        needs: Vec::new(),
    }
}

/// Where execution leaving output `from` goes: its targets, with each
/// subflow boundary on the way replaced by where its output of the same
/// name leads, in wire order.
fn exec_targets(a: &Analysis<'_>, from: PinAt, is_pass: &[bool], exec_ordinal: &[Vec<u16>]) -> Box<[ExecTarget]> {
    let mut out = Vec::new();
    let mut seen = HashSet::default();
    let mut stack: Vec<PinAt> = a.outgoing(from.node, from.pin).map(|(_, to)| to).collect();
    stack.reverse();
    while let Some(to) = stack.pop() {
        if !is_pass[to.node] {
            out.push(ExecTarget { node: to.node as u32, entry: exec_ordinal[to.node][to.pin] });
            continue;
        }
        let info = &a.nodes[to.node];
        let name = &info.pins[to.pin].name;
        let Some(p) = (0..info.own_pins).find(|&q| !info.pins[q].is_input() && info.pins[q].name == *name) else {
            continue;
        };
        if seen.insert((to.node, p)) {
            let at = stack.len();
            stack.extend(a.outgoing(to.node, p).map(|(_, t)| t));
            stack[at..].reverse();
        }
    }
    out.into()
}

/// The pure nodes that `node` needs, directly or through other pure nodes,
/// in an order where each comes after the ones it needs.
fn pure_deps(node: usize, data_prev: &[Vec<usize>], a: &Analysis<'_>) -> Vec<u32> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    // Iterative post-order DFS: (node, next predecessor to visit).
    let mut stack: Vec<(usize, usize)> = vec![(node, 0)];
    while let Some(&mut (v, ref mut k)) = stack.last_mut() {
        if let Some(&p) = data_prev[v].get(*k) {
            *k += 1;
            if !a.nodes[p].has_exec && seen.insert(p) {
                stack.push((p, 0));
            }
        } else {
            stack.pop();
            if v != node {
                out.push(v as u32);
            }
        }
    }
    out
}

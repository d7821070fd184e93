//! Facts about a board that the rules and the planner share: each node's kind
//! and pins, each edge's resolved ends, generic types, whether execution
//! wires drive the run, and the built runtime nodes. Computing facts never
//! emits diagnostics; rules do.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::Arc;

use crate::board::{Board, PATH_SEP, Variable};
use crate::catalog::{BuildCx, Catalog, Config, ERROR_PIN, Role, with_implicit_pins};
use crate::def::PinDef;
use crate::ids::NodeId;
use crate::ids::PinId;
use crate::types::PinType;

use super::typing::{self, Typing};
use super::wiring::{EdgeState, End, NodeInfo, PinAt, PinEdges};

/// A kind's pins and their names as ids, shared by all its nodes.
type SharedPins = (Arc<[PinDef]>, Arc<[PinId]>);

pub(crate) struct Analysis<'a> {
    pub board: &'a Board,
    pub catalog: &'a Catalog,
    pub nodes: Vec<NodeInfo>,
    /// Parallel to `board.edges`.
    pub edges: Vec<EdgeState>,
    /// For each node and pin, the edges touching it (by index into `edges`).
    pub pin_edges: PinEdges,
    pub typing: Typing,
    /// Execution wires drive the run (else every node runs once, in data order).
    pub exec_wires: bool,
    /// Node indices in data-dependency order (with the guard links' extra
    /// nodes, numbered from `nodes.len()`), or `None` when data wires form a cycle.
    pub data_order: Option<Vec<usize>>,
    /// First variable of each name, in board order.
    pub variables: Vec<Variable>,
    /// For each node inside a subflow instance, the instance's boundary
    /// node (`subflow.pass` with the instance's id) that its failures go to
    /// when it does not handle them; `NO_GUARD` for the others.
    pub guard_of: Vec<usize>,
    /// Dataflow order beyond the wires: whatever reads an instance's
    /// `error` pin runs after every node inside it. Links through one
    /// extra node per such instance, numbered from `nodes.len()`.
    pub guard_links: Vec<(usize, usize)>,
    /// The boundary node each extra node stands for.
    pub guard_nodes: Vec<usize>,
    /// Which nodes are subflow boundaries (`subflow.pass`), wired through.
    pub is_pass: Vec<bool>,
    /// Data and execution links between nodes, through boundaries.
    data_links: Vec<(usize, usize)>,
    exec_links: Vec<(usize, usize)>,
}

/// No instance boundary catches this node's failures.
pub(crate) const NO_GUARD: usize = usize::MAX;

impl<'a> Analysis<'a> {
    pub fn new(board: &'a Board, catalog: &'a Catalog) -> Self {
        let mut by_id = HashMap::with_capacity_and_hasher(board.nodes.len(), Default::default());
        for (i, n) in board.nodes.iter().enumerate() {
            by_id.entry(&n.id).or_insert(i);
        }
        // Kinds whose pins do not depend on config share one pin list.
        let mut shared: HashMap<&str, SharedPins> = HashMap::default();
        let ids_of = |pins: &[PinDef]| -> Arc<[PinId]> { pins.iter().map(|p| PinId::from(p.name.as_str())).collect() };
        let mut nodes: Vec<NodeInfo> = board
            .nodes
            .iter()
            .map(|node| {
                let Some(kind) = catalog.get(&node.kind).cloned() else {
                    return NodeInfo {
                        kind: None,
                        role: Role::Plain,
                        pins: Arc::new([]),
                        pin_ids: Arc::new([]),
                        types: Vec::new(),
                        own_pins: 0,
                        config_error: None,
                        imp: None,
                        has_exec: false,
                    };
                };
                let config = Config::new(node, kind.def(), &board.variables);
                let ((pins, pin_ids), own_pins, config_error) = match kind.pins(&config) {
                    Ok(Cow::Borrowed(own)) => {
                        let shared = shared.entry(node.kind.as_str()).or_insert_with(|| {
                            let pins: Arc<[PinDef]> = with_implicit_pins(own).into();
                            let ids = ids_of(&pins);
                            (pins, ids)
                        });
                        (shared.clone(), own.len(), None)
                    }
                    Ok(Cow::Owned(own)) => {
                        let pins: Arc<[PinDef]> = with_implicit_pins(&own).into();
                        let ids = ids_of(&pins);
                        ((pins, ids), own.len(), None)
                    }
                    Err(e) => ((Arc::from([]), Arc::from([])), 0, Some(e)),
                };
                let has_exec = pins[..own_pins].iter().any(PinDef::is_exec);
                NodeInfo {
                    role: kind.role(),
                    kind: Some(kind),
                    pins,
                    pin_ids,
                    types: Vec::new(),
                    own_pins,
                    config_error,
                    imp: None,
                    has_exec,
                }
            })
            .collect();

        let edges: Vec<EdgeState> = board.edges.iter().map(|e| resolve_edge(e, &by_id, &nodes)).collect();
        let pin_edges = PinEdges::new(&nodes, &edges);
        let exec_wires = edges.iter().any(|e| match e {
            EdgeState::Ok { from, to } => {
                nodes[from.node].pins[from.pin].is_exec() && nodes[to.node].pins[to.pin].is_exec()
            }
            _ => false,
        });

        let mut typing = typing::resolve(&nodes, &edges, &pin_edges);
        for (info, types) in nodes.iter_mut().zip(std::mem::take(&mut typing.types)) {
            info.types = types;
        }

        let mut variables: Vec<Variable> = Vec::with_capacity(board.variables.len());
        for v in &board.variables {
            if !variables.iter().any(|w| w.name == v.name) {
                variables.push(v.clone());
            }
        }

        for (node, info) in board.nodes.iter().zip(nodes.iter_mut()) {
            let Some(kind) = info.kind.clone() else { continue };
            if info.config_error.is_some() {
                continue;
            }
            let cx = BuildCx {
                config: Config::new(node, kind.def(), &variables),
                pins: &info.pins[..info.own_pins],
                types: &info.types[..info.own_pins],
                variables: &variables,
            };
            match kind.build(&cx) {
                Ok(imp) => info.imp = Some(imp),
                Err(e) => info.config_error = Some(e),
            }
        }

        let mut analysis = Analysis {
            board,
            catalog,
            nodes,
            edges,
            pin_edges,
            typing,
            exec_wires,
            data_order: None,
            variables,
            guard_of: Vec::new(),
            guard_links: Vec::new(),
            guard_nodes: Vec::new(),
            is_pass: Vec::new(),
            data_links: Vec::new(),
            exec_links: Vec::new(),
        };
        analysis.is_pass = board.nodes.iter().map(|n| n.kind == crate::flatten::PASS_KIND).collect();
        analysis.link();
        analysis.find_guards();
        let n = analysis.nodes.len();
        analysis.data_order = crate::graph::topo_order(n + analysis.guard_nodes.len(), analysis.order_links());
        analysis
    }

    /// Data wires plus the guard links: what the dataflow order follows.
    pub fn order_links(&self) -> impl Iterator<Item = (usize, usize)> + Clone + '_ {
        self.data_links().chain(self.guard_links.iter().copied())
    }

    /// Node `i` of [`Analysis::order_links`] as a node of the board (an
    /// extra guard node as its instance's boundary).
    pub fn order_node(&self, i: usize) -> usize {
        if i < self.nodes.len() { i } else { self.guard_nodes[i - self.nodes.len()] }
    }

    fn find_guards(&mut self) {
        let n = self.nodes.len();
        self.guard_of = vec![NO_GUARD; n];
        let pass: HashMap<&str, usize> = self
            .board
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node.kind == crate::flatten::PASS_KIND)
            .map(|(i, node)| (node.id.as_str(), i))
            .collect();
        if pass.is_empty() {
            return;
        }
        for (i, node) in self.board.nodes.iter().enumerate() {
            let id = node.id.as_str();
            // The nearest enclosing instance: the longest prefix path that is a boundary.
            if let Some(&g) = id.rmatch_indices(PATH_SEP).find_map(|(at, _)| pass.get(&id[..at])) {
                self.guard_of[i] = g;
            }
        }
        if self.exec_wires {
            return;
        }
        let mut virtual_of: HashMap<usize, usize> = HashMap::default();
        for &g in pass.values() {
            let info = &self.nodes[g];
            if !info.pins[info.own_pins..].iter().any(|p| p.name == ERROR_PIN) {
                continue;
            }
            // Who reads it, through boundaries (an error wired into another instance).
            let readers: Vec<usize> = self.data_links.iter().filter(|&&(src, _)| src == g).map(|&(_, to)| to).collect();
            if readers.is_empty() {
                continue;
            }
            let v = n + self.guard_nodes.len();
            self.guard_nodes.push(g);
            virtual_of.insert(g, v);
            self.guard_links.extend(readers.into_iter().map(|r| (v, r)));
        }
        if virtual_of.is_empty() {
            return;
        }
        for i in 0..n {
            let mut g = self.guard_of[i];
            let mut hops = 0;
            while g != NO_GUARD && hops <= n {
                if let Some(&v) = virtual_of.get(&g) {
                    self.guard_links.push((i, v));
                }
                g = self.guard_of[g];
                hops += 1;
            }
        }
    }

    /// The edges ending at input `pin` of `node`.
    pub fn incoming(&self, node: usize, pin: usize) -> impl Iterator<Item = (usize, PinAt)> + '_ {
        self.pin_edges.of(node, pin).filter_map(move |e| match self.edges[e] {
            EdgeState::Ok { from, to } if to.node == node && to.pin == pin => Some((e, from)),
            _ => None,
        })
    }

    /// The edges leaving output `pin` of `node`.
    pub fn outgoing(&self, node: usize, pin: usize) -> impl Iterator<Item = (usize, PinAt)> + '_ {
        self.pin_edges.of(node, pin).filter_map(move |e| match self.edges[e] {
            EdgeState::Ok { from, to } if from.node == node && from.pin == pin => Some((e, to)),
            _ => None,
        })
    }

    /// Resolved edges between data pins, as node index pairs, with subflow
    /// boundaries wired through (an instance's pins are independent of each
    /// other, as its nodes were before they were wrapped); an instance's
    /// `error` pin is read from its boundary.
    pub fn data_links(&self) -> impl Iterator<Item = (usize, usize)> + Clone + '_ {
        self.data_links.iter().copied()
    }

    /// Resolved edges between execution pins, as node index pairs, with
    /// subflow boundaries wired through.
    pub fn exec_links(&self) -> impl Iterator<Item = (usize, usize)> + Clone + '_ {
        self.exec_links.iter().copied()
    }

    /// Where the value at output `at` comes from: `at` itself, or through
    /// boundaries the output that feeds it; `None` for a boundary's constant
    /// (an inline value, or nothing).
    pub fn data_source(&self, mut at: PinAt) -> Option<PinAt> {
        // Each step goes one boundary back; more steps than boundaries is a loop.
        for _ in 0..=self.nodes.len() {
            if !self.is_pass[at.node] || self.is_error_pin(at) {
                return Some(at);
            }
            let input = self.twin(at)?;
            at = self.incoming(at.node, input).next()?.1;
        }
        None
    }

    /// An implicit `error` output.
    pub fn is_error_pin(&self, at: PinAt) -> bool {
        at.pin >= self.nodes[at.node].own_pins && self.pin(at).name == ERROR_PIN
    }

    /// A boundary pin's pin of the same name on the other side.
    pub fn twin(&self, at: PinAt) -> Option<usize> {
        let info = &self.nodes[at.node];
        let me = &info.pins[at.pin];
        (0..info.own_pins).find(|&q| info.pins[q].is_input() != me.is_input() && info.pins[q].name == me.name)
    }

    fn link(&mut self) {
        let mut data = Vec::new();
        let mut exec = Vec::new();
        let mut back: Vec<PinAt> = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        for e in &self.edges {
            let EdgeState::Ok { from, to } = *e else { continue };
            if self.is_pass[to.node] {
                continue;
            }
            match (self.pin(from).is_exec(), self.pin(to).is_exec()) {
                (false, false) => {
                    if let Some(src) = self.data_source(from) {
                        data.push((src.node, to.node));
                    }
                }
                (true, true) => {
                    // Every node execution may come from, through boundaries.
                    back.clear();
                    seen.clear();
                    back.push(from);
                    while let Some(at) = back.pop() {
                        if !self.is_pass[at.node] {
                            exec.push((at.node, to.node));
                            continue;
                        }
                        let Some(input) = self.twin(at) else { continue };
                        if seen.insert((at.node, input)) {
                            back.extend(self.incoming(at.node, input).map(|(_, f)| f));
                        }
                    }
                }
                _ => {}
            }
        }
        self.data_links = data;
        self.exec_links = exec;
    }

    pub fn pin(&self, at: PinAt) -> &PinDef {
        &self.nodes[at.node].pins[at.pin]
    }

    /// A pin's type with generics resolved.
    pub fn ty(&self, at: PinAt) -> PinType {
        self.nodes[at.node].types[at.pin]
    }

    pub fn node_id(&self, i: usize) -> &'a NodeId {
        &self.board.nodes[i].id
    }
}

fn resolve_edge(e: &crate::board::Edge, by_id: &HashMap<&NodeId, usize>, nodes: &[NodeInfo]) -> EdgeState {
    let ends = [(End::From, &e.from, false), (End::To, &e.to, true)];
    let mut found = [0usize; 2];
    for (slot, (end, r, _)) in ends.iter().enumerate() {
        match by_id.get(&r.node) {
            Some(&n) => found[slot] = n,
            None => return EdgeState::MissingNode { end: *end },
        }
    }
    if found.iter().any(|&n| !nodes[n].known()) {
        return EdgeState::Unknown;
    }
    let mut at = [PinAt { node: 0, pin: 0 }; 2];
    for (slot, (end, r, want_input)) in ends.into_iter().enumerate() {
        let n = found[slot];
        let pins = &nodes[n].pins;
        match pins.iter().position(|p| p.is_input() == want_input && p.name == r.pin.as_str()) {
            Some(p) => at[slot] = PinAt { node: n, pin: p },
            None if pins.iter().any(|p| p.name == r.pin.as_str()) => return EdgeState::Direction { end },
            None => return EdgeState::MissingPin { end, node: n },
        }
    }
    EdgeState::Ok { from: at[0], to: at[1] }
}

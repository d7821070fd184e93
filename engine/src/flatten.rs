//! Flattening: a board with subflow instances becomes the board they stand
//! for, which validation and planning then treat like any other.
//!
//! Each instance `q` of a definition is replaced by the definition's nodes
//! with ids `q›inner` (nested instances the same way, `q›r›inner`), its
//! wires, and its variables (`q›name`, each instance its own). The
//! definition's `subflow.inputs` node becomes a `subflow.pass` node
//! `q›<its id>` that wires into instance `q`'s pins go to; its
//! `subflow.outputs` node becomes a `subflow.pass` node with the instance's
//! own id `q`, so wires out of the instance (and out of its `error` and
//! `on_error` pins, which catch what fails inside) need no change.
//! Parameter nodes take the instance's value.
//!
//! Nothing here recurses: instances are expanded from a work list, the
//! definitions' uses of each other are checked for loops first (a loop is a
//! problem, never an endless expansion), and the size of the result is
//! worked out from the definitions before anything is built, against the
//! budgets [`MAX_FLAT_NODES`], [`MAX_FLAT_ID_BYTES`] and [`MAX_DEPTH`].

use std::borrow::Cow;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::board::{
    Board, Edge, INPUTS_KIND, Interface, Node, OUTPUTS_KIND, PARAMETER_KIND, PATH_SEP, Subflow, Variable, subflow_of,
};
use crate::graph;
use crate::ids::{EdgeId, NodeId, PinId, PinRef};

/// The most nodes a flattened board may have.
pub const MAX_FLAT_NODES: u64 = 250_000;
/// The most bytes of node ids a flattened board may have (paths grow with nesting).
pub const MAX_FLAT_ID_BYTES: u64 = 64 << 20;
/// The deepest nesting of subflows.
pub const MAX_DEPTH: u32 = 32;

/// The kind instances' boundaries become.
pub const PASS_KIND: &str = "subflow.pass";

/// A board with its instances expanded, and what went wrong doing it.
pub struct Flat<'a> {
    /// The board to validate and plan (the original when it has no instances).
    pub board: Cow<'a, Board>,
    /// Problems with the definitions and instances.
    pub problems: Vec<Problem>,
    /// For each instance's inputs boundary (`q›<inputs node>`), the instance `q`.
    pub inputs_of: HashMap<NodeId, NodeId>,
}

/// What flattening found wrong; validation turns each into a diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// An instance names a definition the board does not have.
    UnknownSubflow {
        /// The instance (a path in the flattened board).
        node: NodeId,
        /// The definition it names.
        subflow: String,
    },
    /// Two definitions share an id.
    DuplicateSubflow {
        /// The id.
        subflow: String,
    },
    /// Definitions use each other in a loop.
    Recursion {
        /// The definitions on the loop, in order.
        cycle: Vec<String>,
    },
    /// A wire or an inline value on an instance names a pin its definition does not have.
    Interface {
        /// The instance.
        node: NodeId,
        /// The pin.
        pin: PinId,
        /// What is wrong.
        message: String,
    },
    /// An instance sets a parameter its definition does not have.
    UnknownParameter {
        /// The instance.
        node: NodeId,
        /// The setting.
        name: String,
    },
    /// The flattened board would pass a budget.
    TooLarge {
        /// Which budget, in words.
        message: String,
    },
}

/// Expands every instance of `board` (borrowing the board when it has none).
pub fn flatten(board: &Board) -> Flat<'_> {
    let uses_subflows = !board.subflows.is_empty() || board.nodes.iter().any(|n| subflow_of(&n.kind).is_some());
    if !uses_subflows {
        return Flat { board: Cow::Borrowed(board), problems: Vec::new(), inputs_of: HashMap::default() };
    }
    let mut problems = Vec::new();
    let defs = Defs::new(board, &mut problems);
    let mut flat = Board {
        format_version: board.format_version,
        meta: board.meta.clone(),
        variables: board.variables.clone(),
        modules: board.modules.clone(),
        ..Board::default()
    };
    let mut inputs_of = HashMap::default();

    // What the top level would expand to, against the budgets.
    let (mut count, mut bytes, mut depth) = (0u64, 0u64, 0u32);
    for n in &board.nodes {
        let len = n.id.as_str().len() as u64;
        match defs.usable(&n.kind) {
            Some(d) => {
                count = count.saturating_add(defs.count[d]);
                bytes = bytes.saturating_add(defs.count[d].saturating_mul(len + 1)).saturating_add(defs.bytes[d]);
                depth = depth.max(defs.depth[d]);
            }
            None => {
                count += 1;
                bytes += len;
            }
        }
    }
    let too_large = if count > MAX_FLAT_NODES {
        Some(format!("the subflows expand to {count} nodes; a board may have at most {MAX_FLAT_NODES}"))
    } else if bytes > MAX_FLAT_ID_BYTES {
        Some(format!("the subflows' node paths come to {bytes} bytes; at most {MAX_FLAT_ID_BYTES}"))
    } else if depth > MAX_DEPTH {
        Some(format!("subflows are nested {depth} deep; at most {MAX_DEPTH}"))
    } else {
        None
    };
    if let Some(message) = too_large {
        problems.push(Problem::TooLarge { message });
    }
    let expand = problems.iter().all(|p| !matches!(p, Problem::TooLarge { .. }));

    let mut work: Vec<Node> = Vec::new();
    for n in &board.nodes {
        match defs.usable(&n.kind) {
            Some(_) if expand => work.push(n.clone()),
            _ => {
                if let Some(id) = subflow_of(&n.kind)
                    && !defs.index.contains_key(id)
                {
                    problems.push(Problem::UnknownSubflow { node: n.id.clone(), subflow: id.to_owned() });
                }
                flat.nodes.push(n.clone());
            }
        }
    }
    flat.edges.extend(board.edges.iter().cloned());
    // Instance path → index of its definition.
    let mut expanded: HashMap<NodeId, usize> = HashMap::default();
    while let Some(inst) = work.pop() {
        let d = defs.usable(&inst.kind).expect("only usable instances are queued");
        let def = defs.list[d];
        let iface = &defs.interfaces[d];
        let q = inst.id.clone();
        expanded.insert(q.clone(), d);
        let path = |id: &str| NodeId::from(format!("{q}{PATH_SEP}{id}"));
        let inputs_at = def.nodes.iter().position(|m| m.kind == INPUTS_KIND);
        let outputs_at = def.nodes.iter().position(|m| m.kind == OUTPUTS_KIND);
        let own_id = |m: &Node| -> NodeId {
            if Some(m.id.as_str()) == outputs_at.map(|k| def.nodes[k].id.as_str()) {
                q.clone()
            } else {
                path(m.id.as_str())
            }
        };
        for key in inst.config.keys() {
            if !iface.parameters.iter().any(|p| &p.name == key) {
                problems.push(Problem::UnknownParameter { node: q.clone(), name: key.clone() });
            }
        }
        for (k, m) in def.nodes.iter().enumerate() {
            let mut node = m.clone();
            node.id = own_id(m);
            if Some(k) == inputs_at || Some(k) == outputs_at {
                node.kind = PASS_KIND.to_owned();
                node.config.retain(|key, _| key == "pins");
                let side = if Some(k) == inputs_at { "in" } else { "out" };
                node.config.insert("side".into(), side.into());
            }
            if Some(k) == inputs_at {
                node.inputs.clear();
                for (pin, value) in &inst.inputs {
                    if iface.inputs.iter().any(|p| p.name == pin.as_str()) {
                        node.inputs.insert(pin.clone(), value.clone());
                    } else {
                        problems.push(Problem::Interface {
                            node: q.clone(),
                            pin: pin.clone(),
                            message: "has a value for an input its subflow does not have".into(),
                        });
                    }
                }
                inputs_of.insert(node.id.clone(), q.clone());
            } else if m.kind == PARAMETER_KIND {
                let name = crate::board::Parameter::of(m).name;
                if let Some(v) = inst.config.get(&name) {
                    node.config.insert("default".into(), v.clone());
                }
            } else if crate::board::VARIABLE_KINDS.contains(&m.kind.as_str())
                && let Some(serde_json::Value::String(name)) = node.config.get_mut("name")
            {
                *name = format!("{q}{PATH_SEP}{name}");
            }
            match defs.usable(&node.kind) {
                Some(_) => work.push(node),
                None => {
                    if let Some(id) = subflow_of(&node.kind)
                        && !defs.index.contains_key(id)
                    {
                        problems.push(Problem::UnknownSubflow { node: node.id.clone(), subflow: id.to_owned() });
                    }
                    flat.nodes.push(node);
                }
            }
        }
        if outputs_at.is_none() {
            // Where the instance's error pins (and nothing else) are.
            let mut node = Node::new(q.clone(), PASS_KIND).with_config("side", "out".into());
            node.position = inst.position;
            flat.nodes.push(node);
        }
        let id_of = |r: &PinRef| -> NodeId {
            match def.nodes.iter().find(|m| m.id == r.node) {
                Some(m) => own_id(m),
                None => path(r.node.as_str()),
            }
        };
        // Wires to the outputs boundary end at `q` too, like wires into the
        // instance from outside; they are told apart by a mark until those
        // have been redirected.
        let inside = NodeId::from(format!("{q}{PATH_SEP}"));
        for e in &def.edges {
            let to = id_of(&e.to);
            flat.edges.push(Edge {
                id: EdgeId::from(format!("{q}{PATH_SEP}{}", e.id)),
                from: PinRef { node: id_of(&e.from), pin: e.from.pin.clone() },
                to: PinRef { node: if to == q { inside.clone() } else { to }, pin: e.to.pin.clone() },
            });
        }
        for v in &def.variables {
            flat.variables.push(Variable { name: format!("{q}{PATH_SEP}{}", v.name), ..v.clone() });
        }
    }

    // Wires into an instance go to its inputs boundary; wires naming a pin
    // the interface does not have are problems (and dropped, so validation
    // does not report them twice).
    let inputs_node: HashMap<&NodeId, NodeId> = inputs_of.iter().map(|(b, q)| (q, b.clone())).collect();
    flat.edges.retain_mut(|e| {
        if let Some(&d) = expanded.get(&e.to.node) {
            let iface = &defs.interfaces[d];
            if !iface.inputs.iter().any(|p| p.name == e.to.pin.as_str()) {
                problems.push(Problem::Interface {
                    node: e.to.node.clone(),
                    pin: e.to.pin.clone(),
                    message: "is wired, but its subflow has no such input".into(),
                });
                return false;
            }
            e.to.node = inputs_node[&e.to.node].clone();
        } else if let Some(q) = e.to.node.as_str().strip_suffix(PATH_SEP)
            && expanded.contains_key(q)
        {
            e.to.node = NodeId::from(q);
        }
        if let Some(&d) = expanded.get(&e.from.node) {
            let iface = &defs.interfaces[d];
            let pin = e.from.pin.as_str();
            if !iface.outputs.iter().any(|p| p.name == pin) && !matches!(pin, "error" | "on_error") {
                problems.push(Problem::Interface {
                    node: e.from.node.clone(),
                    pin: e.from.pin.clone(),
                    message: "is wired, but its subflow has no such output".into(),
                });
                return false;
            }
        }
        true
    });
    Flat { board: Cow::Owned(flat), problems, inputs_of }
}

/// Definitions by index, with what the budgets need.
struct Defs<'a> {
    list: Vec<&'a Subflow>,
    index: HashMap<&'a str, usize>,
    interfaces: Vec<Interface>,
    /// Definitions that may be expanded (known, not on a loop).
    usable: Vec<bool>,
    /// Nodes one instance expands to.
    count: Vec<u64>,
    /// Bytes of node ids one instance expands to, not counting its own path.
    bytes: Vec<u64>,
    /// Nesting depth of one instance (1 for a definition with no instances inside).
    depth: Vec<u32>,
}

impl<'a> Defs<'a> {
    fn new(board: &'a Board, problems: &mut Vec<Problem>) -> Self {
        let mut list = Vec::new();
        let mut index = HashMap::default();
        let mut seen = HashSet::default();
        for s in &board.subflows {
            if !seen.insert(s.id.as_str()) {
                problems.push(Problem::DuplicateSubflow { subflow: s.id.clone() });
                continue;
            }
            index.insert(s.id.as_str(), list.len());
            list.push(s);
        }
        let n = list.len();
        let mut links = Vec::new();
        for (d, s) in list.iter().enumerate() {
            for m in &s.nodes {
                if let Some(c) = subflow_of(&m.kind).and_then(|id| index.get(id)) {
                    links.push((d, *c));
                }
            }
        }
        let mut usable = vec![true; n];
        for cycle in graph::cycles(n, links.iter().copied()) {
            for &d in &cycle {
                usable[d] = false;
            }
            let mut names: Vec<String> = cycle.iter().map(|&d| list[d].id.clone()).collect();
            names.sort();
            problems.push(Problem::Recursion { cycle: names });
        }
        for &(d, c) in &links {
            if d == c && usable[d] {
                usable[d] = false;
                problems.push(Problem::Recursion { cycle: vec![list[d].id.clone()] });
            }
        }
        // A definition that uses one on a loop cannot be expanded either;
        // sizes are worked out children first.
        let acyclic = links.iter().filter(|&&(d, c)| usable[d] && usable[c]).map(|&(d, c)| (c, d));
        let order = graph::topo_order(n, acyclic).expect("links between definitions off every loop form no loop");
        let mut count = vec![0u64; n];
        let mut bytes = vec![0u64; n];
        let mut depth = vec![1u32; n];
        let interfaces = list.iter().map(|s| s.interface()).collect();
        let mut defs =
            Defs { list, index, interfaces, usable, count: Vec::new(), bytes: Vec::new(), depth: Vec::new() };
        for d in order {
            if !defs.usable[d] {
                continue;
            }
            let s = defs.list[d];
            let (mut c, mut b, mut deep) = (0u64, 0u64, 1u32);
            let mut has_outputs = false;
            for m in &s.nodes {
                has_outputs |= m.kind == OUTPUTS_KIND;
                let len = m.id.as_str().len() as u64 + 1;
                match subflow_of(&m.kind).and_then(|id| defs.index.get(id)).copied() {
                    Some(k) if !defs.usable[k] => {
                        defs.usable[d] = false;
                    }
                    Some(k) => {
                        c = c.saturating_add(count[k]);
                        b = b.saturating_add(count[k].saturating_mul(len + 1)).saturating_add(bytes[k]);
                        deep = deep.max(depth[k].saturating_add(1));
                    }
                    None => {
                        c = c.saturating_add(1);
                        b = b.saturating_add(len);
                    }
                }
            }
            if !has_outputs {
                c = c.saturating_add(1);
            }
            count[d] = c;
            bytes[d] = b;
            depth[d] = deep;
        }
        defs.count = count;
        defs.bytes = bytes;
        defs.depth = depth;
        defs
    }

    /// The definition an instance kind names, if it can be expanded.
    fn usable(&self, kind: &str) -> Option<usize> {
        let d = *self.index.get(subflow_of(kind)?)?;
        self.usable[d].then_some(d)
    }
}

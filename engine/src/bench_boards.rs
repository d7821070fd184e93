//! Board generators shared by the benchmarks (native and wasm32) and tests.
//!
//! Not part of the stable API; exposed so every benchmark measures the same shapes.

use serde_json::json;

use crate::Board;

fn edge(id: String, from: &str, fp: &str, to: &str, tp: &str) -> serde_json::Value {
    json!({"id": id, "from": {"node": from, "pin": fp}, "to": {"node": to, "pin": tp}})
}

/// `board_input x` → `len` nodes of `kind`, each feeding `output` into the next one's
/// `input` → `board_output result`. For custom nodes (`kind` = `wasm:<hash>`).
pub fn kind_chain(kind: &str, input: &str, output: &str, len: usize) -> Board {
    let mut nodes =
        vec![json!({"id": "in", "kind": "event.board_input", "config": {"name": "", "data_type": "Integer"}})];
    let mut edges = Vec::new();
    let mut prev = ("in".to_owned(), "value");
    for i in 0..len {
        let id = format!("n{i}");
        nodes.push(json!({"id": id, "kind": kind}));
        edges.push(edge(format!("e{i}"), &prev.0, prev.1, &id, input));
        prev = (id, output);
    }
    nodes.push(json!({"id": "out", "kind": "event.board_output"}));
    edges.push(edge("eout".into(), &prev.0, prev.1, "out", "value"));
    Board::from_value(json!({"format_version": 1, "nodes": nodes, "edges": edges}))
        .expect("generated board is valid JSON")
}

/// `board_input x` → `len` Add nodes (+1 each) → `board_output result`.
pub fn add_chain(len: usize) -> Board {
    let mut nodes =
        vec![json!({"id": "in", "kind": "event.board_input", "config": {"name": "", "data_type": "Integer"}})];
    let mut edges = Vec::new();
    let mut prev = ("in".to_owned(), "value");
    for i in 0..len {
        let id = format!("add{i}");
        nodes.push(json!({"id": id, "kind": "math.add", "inputs": {"b": 1}}));
        edges.push(edge(format!("e{i}"), &prev.0, prev.1, &id, "a"));
        prev = (id, "result");
    }
    nodes.push(json!({"id": "out", "kind": "event.board_output"}));
    edges.push(edge("eout".into(), &prev.0, prev.1, "out", "value"));
    Board::from_value(json!({"format_version": 1, "nodes": nodes, "edges": edges}))
        .expect("generated board is valid JSON")
}

/// A subflow `block` of `size` nodes (its inputs node, `size - 2` Add nodes
/// (+1 each) in a chain, its outputs node), and a board `board_input x` →
/// `instances` instances of it in a chain → `board_output result`:
/// `instances * size` nodes once flattened (plus the inputs and output).
pub fn subflow_chain(instances: usize, size: usize) -> Board {
    assert!(size >= 3, "a block has its inputs, an Add and its outputs at least");
    let pins = |name: &str| json!({"pins": [{"name": name, "data_type": "Integer"}]});
    let mut inner = vec![json!({"id": "in", "kind": "subflow.inputs", "config": pins("x")})];
    let mut inner_edges = Vec::new();
    let mut prev = ("in".to_owned(), "x");
    for i in 0..size - 2 {
        let id = format!("add{i}");
        inner.push(json!({"id": id, "kind": "math.add", "inputs": {"b": 1}}));
        inner_edges.push(edge(format!("e{i}"), &prev.0, prev.1, &id, "a"));
        prev = (id, "result");
    }
    inner.push(json!({"id": "out", "kind": "subflow.outputs", "config": pins("y")}));
    inner_edges.push(edge("eout".into(), &prev.0, prev.1, "out", "y"));
    let mut nodes =
        vec![json!({"id": "in", "kind": "event.board_input", "config": {"name": "", "data_type": "Integer"}})];
    let mut edges = Vec::new();
    let mut prev = ("in".to_owned(), "value");
    for i in 0..instances {
        let id = format!("b{i}");
        nodes.push(json!({"id": id, "kind": "subflow:block"}));
        edges.push(edge(format!("e{i}"), &prev.0, prev.1, &id, "x"));
        prev = (id, "y");
    }
    nodes.push(json!({"id": "out", "kind": "event.board_output"}));
    edges.push(edge("eout".into(), &prev.0, prev.1, "out", "value"));
    let block = json!({"id": "block", "name": "Block", "nodes": inner, "edges": inner_edges});
    Board::from_value(json!({"format_version": 2, "subflows": [block], "nodes": nodes, "edges": edges}))
        .expect("generated board is valid JSON")
}

/// `board_input x` → `width` parallel Add nodes (+i) → one `make_array` → `data.sum` → output.
pub fn fan_out(width: usize) -> Board {
    let mut nodes = vec![
        json!({"id": "in", "kind": "event.board_input", "config": {"name": "", "data_type": "Integer"}}),
        json!({"id": "join", "kind": "data.make_array", "config": {"count": width}}),
        json!({"id": "sum", "kind": "data.sum"}),
        json!({"id": "out", "kind": "event.board_output"}),
    ];
    let mut edges =
        vec![edge("ej".into(), "join", "items", "sum", "values"), edge("eo".into(), "sum", "total", "out", "value")];
    for i in 0..width {
        let id = format!("b{i}");
        nodes.push(json!({"id": id, "kind": "math.add", "inputs": {"b": i}}));
        edges.push(edge(format!("ei{i}"), "in", "value", &id, "a"));
        edges.push(edge(format!("ej{i}"), &id, "result", "join", &format!("item_{i}")));
    }
    Board::from_value(json!({"format_version": 1, "nodes": nodes, "edges": edges}))
        .expect("generated board is valid JSON")
}

/// A large mixed board: `n` nodes in layers of arithmetic, text and logic nodes,
/// each wired to one or two nodes of the previous layer (about 1.6 edges per node).
pub fn large(n: usize) -> Board {
    let width = 50.max((n as f64).sqrt() as usize);
    let mut nodes = Vec::with_capacity(n);
    let mut edges = Vec::with_capacity(n * 2);
    for i in 0..n {
        let layer = i / width;
        let col = i % width;
        let id = format!("n{i}");
        let pos = json!({"x": layer as f64 * 220.0, "y": col as f64 * 90.0});
        if layer == 0 {
            nodes.push(json!({"id": id, "kind": "value.constant", "position": pos, "config": {"value": i}}));
            continue;
        }
        let a = (layer - 1) * width + col;
        let b = (layer - 1) * width + (col * 7 + 3) % width;
        match i % 3 {
            0 => {
                nodes.push(json!({"id": id, "kind": "math.add", "position": pos}));
                edges.push(edge(format!("e{i}a"), &format!("n{a}"), out_pin(a, width), &id, "a"));
                edges.push(edge(format!("e{i}b"), &format!("n{b}"), out_pin(b, width), &id, "b"));
            }
            1 => {
                nodes.push(json!({"id": id, "kind": "math.min", "position": pos}));
                edges.push(edge(format!("e{i}a"), &format!("n{a}"), out_pin(a, width), &id, "a"));
                edges.push(edge(format!("e{i}b"), &format!("n{b}"), out_pin(b, width), &id, "b"));
            }
            _ => {
                nodes.push(json!({"id": id, "kind": "math.max", "position": pos, "inputs": {"b": 0}}));
                edges.push(edge(format!("e{i}a"), &format!("n{a}"), out_pin(a, width), &id, "a"));
            }
        }
    }
    Board::from_value(json!({"format_version": 1, "nodes": nodes, "edges": edges}))
        .expect("generated board is valid JSON")
}

fn out_pin(i: usize, width: usize) -> &'static str {
    if i < width { "value" } else { "result" }
}

/// The reference the benchmarks compare against: a minimal dispatcher with
/// boxed nodes and JSON messages on a FIFO queue (the shape of Node-RED's
/// routing, without its machinery).
pub mod baseline {
    use std::collections::VecDeque;

    /// A node of the reference dispatcher.
    pub trait Node {
        /// Handles one message and returns the message to pass on.
        fn on(&self, msg: serde_json::Value) -> serde_json::Value;
    }

    struct AddOne;

    impl Node for AddOne {
        fn on(&self, mut msg: serde_json::Value) -> serde_json::Value {
            let v = msg["payload"].as_i64().unwrap_or(0);
            msg["payload"] = (v + 1).into();
            msg
        }
    }

    /// A chain of boxed nodes fed through a queue.
    pub struct Dispatcher {
        nodes: Vec<Box<dyn Node>>,
        queue: VecDeque<(usize, serde_json::Value)>,
    }

    impl Dispatcher {
        /// `len` nodes that each add one to `payload`.
        pub fn chain(len: usize) -> Self {
            Dispatcher { nodes: (0..len).map(|_| Box::new(AddOne) as Box<dyn Node>).collect(), queue: VecDeque::new() }
        }

        /// Sends one message through the chain and returns the final payload.
        pub fn send(&mut self, payload: i64) -> i64 {
            self.queue.push_back((0, serde_json::json!({"topic": "t", "payload": payload})));
            let mut last = 0;
            while let Some((i, msg)) = self.queue.pop_front() {
                let out = self.nodes[i].on(msg);
                if i + 1 < self.nodes.len() {
                    self.queue.push_back((i + 1, out));
                } else {
                    last = out["payload"].as_i64().unwrap_or(0);
                }
            }
            last
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, Plan, validate};

    #[test]
    fn generated_boards_are_valid() {
        for board in [add_chain(10), fan_out(10), large(1000), subflow_chain(3, 5)] {
            let d = validate(&board, &Catalog::builtin());
            assert!(!d.has_errors(), "{d}");
            Plan::compile(&board, &Catalog::builtin()).unwrap();
        }
        let record = crate::run_blocking(
            &std::sync::Arc::new(Plan::compile(&large(1000), &Catalog::builtin()).unwrap()),
            &Default::default(),
        );
        assert_eq!(record.status, crate::RunStatus::Succeeded, "{:?}", record.error);
        let l = large(1000);
        assert_eq!(l.nodes.len(), 1000);
        assert_eq!(baseline::Dispatcher::chain(10).send(5), 15);
        assert!((1300..1700).contains(&l.edges.len()), "{} edges", l.edges.len());
    }

    #[test]
    fn a_chain_in_subflows_computes_what_the_chain_inline_does() {
        let run = |board: &Board| {
            let plan = std::sync::Arc::new(Plan::compile(board, &Catalog::builtin()).unwrap());
            let opts = crate::RunOptions { input: crate::Value::Int(5), ..Default::default() };
            let record = crate::run_blocking(&plan, &opts);
            (record.outputs["result"].to_json(), plan.len())
        };
        // 4 instances of 2 inputs/outputs + 3 Adds: 12 Adds, the same as inline.
        let (inline, _) = run(&add_chain(12));
        let (sub, nodes) = run(&subflow_chain(4, 5));
        assert_eq!(sub, inline);
        assert_eq!(sub, serde_json::json!(17));
        assert_eq!(nodes, 4 * 5 + 2);
        assert_eq!(subflow_chain(100, 100).nodes.len(), 102);
        let plan = Plan::compile(&subflow_chain(100, 100), &Catalog::builtin()).unwrap();
        assert_eq!(plan.len(), 100 * 100 + 2);
    }
}

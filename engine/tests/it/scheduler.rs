//! Property tests of the dataflow scheduler: for random DAG boards, every
//! node runs exactly once, after all of its inputs, and computes what a
//! straightforward reference evaluation computes.

use std::collections::HashMap;

use floe_engine::{CancelToken, RunEvent, RunOptions, Runner, StdHost, Value, block_on};
use proptest::prelude::*;
use serde_json::json;

use crate::{edge, plan};

/// A random DAG: node `i` may take each of its two inputs from an earlier node.
#[derive(Debug, Clone)]
struct Dag {
    /// For each node, its `a` and `b` sources (None = an inline constant).
    inputs: Vec<[Option<usize>; 2]>,
    /// Inline constants.
    consts: Vec<[i64; 2]>,
    /// The order nodes are written in the board (so board order ≠ dependency order).
    board_order: Vec<usize>,
}

fn dag() -> impl Strategy<Value = Dag> {
    (1usize..40).prop_flat_map(|n| {
        let inputs = (0..n)
            .map(|i| {
                let src = if i == 0 { Just(None).boxed() } else { prop::option::weighted(0.7, 0..i).boxed() };
                [src.clone(), src]
            })
            .collect::<Vec<_>>();
        let consts = prop::collection::vec([-5i64..5, -5i64..5], n);
        let order = Just((0..n).collect::<Vec<_>>()).prop_shuffle();
        (inputs, consts, order).prop_map(|(inputs, consts, board_order)| Dag { inputs, consts, board_order })
    })
}

fn board(d: &Dag) -> serde_json::Value {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for &i in &d.board_order {
        let mut inline = serde_json::Map::new();
        for (k, pin) in ["a", "b"].iter().enumerate() {
            match d.inputs[i][k] {
                Some(src) => {
                    edges.push(edge(&format!("e{i}{pin}"), &format!("n{src}"), "result", &format!("n{i}"), pin))
                }
                None => {
                    inline.insert((*pin).to_owned(), json!(d.consts[i][k]));
                }
            }
        }
        nodes.push(json!({"id": format!("n{i}"), "kind": "math.add", "inputs": inline}));
    }
    json!({"format_version": 1, "nodes": nodes, "edges": edges})
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_node_runs_once_after_its_inputs(d in dag()) {
        let p = plan(board(&d));
        let mut started: Vec<String> = Vec::new();
        let mut sink = |e: RunEvent<'_>| if let RunEvent::NodeStarted { node } = e { started.push(node.to_string()) };
        let mut runner = Runner::new(&p);
        block_on(runner.run(&RunOptions::default(), &StdHost::default(), &mut sink, &CancelToken::new()));
        let n = d.inputs.len();
        prop_assert_eq!(started.len(), n, "each node runs exactly once");
        let pos: HashMap<&str, usize> = started.iter().enumerate().map(|(k, id)| (id.as_str(), k)).collect();
        prop_assert_eq!(pos.len(), n, "no node runs twice");
        for i in 0..n {
            for src in d.inputs[i].iter().flatten() {
                prop_assert!(pos[format!("n{src}").as_str()] < pos[format!("n{i}").as_str()], "n{} ran before its input n{}", i, src);
            }
        }
        let mut expected: Vec<i64> = Vec::with_capacity(n);
        for (srcs, consts) in d.inputs.iter().zip(&d.consts) {
            let v = |k: usize| srcs[k].map(|s| expected[s]).unwrap_or(consts[k]);
            let sum = v(0) + v(1);
            expected.push(sum);
        }
        let record = runner.record();
        for (i, want) in expected.iter().enumerate() {
            let node = record.node(&format!("n{i}")).unwrap();
            prop_assert_eq!(&node.outputs["result"], &Value::Int(*want));
        }
    }

    #[test]
    fn layers_hold_only_independent_nodes(d in dag()) {
        let p = plan(board(&d));
        let layer_of: HashMap<String, usize> =
            p.layers().iter().enumerate().flat_map(|(l, ids)| ids.iter().map(move |id| (id.to_string(), l))).collect();
        prop_assert_eq!(layer_of.len(), d.inputs.len());
        for (i, srcs) in d.inputs.iter().enumerate() {
            for src in srcs.iter().flatten() {
                let (from, to) = (layer_of[&format!("n{src}")], layer_of[&format!("n{i}")]);
                prop_assert!(from < to, "n{} (layer {}) feeds n{} (layer {})", src, from, i, to);
            }
        }
    }
}

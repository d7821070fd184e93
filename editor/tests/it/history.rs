//! Undo/redo over random edit sequences (property test): every step undoes
//! to the exact board it started from, and redo replays to the exact end.

use floe_editor::{Command, Document};
use floe_engine::{Board, Edge, Node, PinRef, Position};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Add(u8),
    Remove(u8),
    Move(u8, i16, i16),
    Wire(u8, u8),
    Unwire(u8),
    SetInput(u8, i32),
    Label(u8, bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u8>().prop_map(Op::Add),
        any::<u8>().prop_map(Op::Remove),
        (any::<u8>(), any::<i16>(), any::<i16>()).prop_map(|(a, x, y)| Op::Move(a, x, y)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Wire(a, b)),
        any::<u8>().prop_map(Op::Unwire),
        (any::<u8>(), any::<i32>()).prop_map(|(a, v)| Op::SetInput(a, v)),
        (any::<u8>(), any::<bool>()).prop_map(|(a, b)| Op::Label(a, b)),
    ]
}

/// Turns an op into a command valid for `board` (or none).
fn command(board: &Board, op: &Op, counter: &mut u32) -> Option<Command> {
    let pick = |i: u8| board.nodes.get(i as usize % board.nodes.len().max(1)).map(|n| n.id.clone());
    Some(match *op {
        Op::Add(k) => {
            *counter += 1;
            let node = Node::new(format!("n{counter}"), "math.add").at(f64::from(k), 0.0);
            Command::AddNodes { nodes: vec![node], at: vec![] }
        }
        Op::Remove(i) => Command::RemoveNodes { ids: vec![pick(i)?] },
        Op::Move(i, x, y) => Command::MoveItems {
            nodes: vec![(pick(i)?, Position { x: f64::from(x), y: f64::from(y) })],
            comments: vec![],
        },
        Op::Wire(a, b) => {
            *counter += 1;
            let edge = Edge::new(format!("w{counter}"), PinRef::new(pick(a)?, "result"), PinRef::new(pick(b)?, "a"));
            Command::AddEdges { edges: vec![edge], at: vec![] }
        }
        Op::Unwire(i) => {
            Command::RemoveEdges { ids: vec![board.edges.get(i as usize % board.edges.len().max(1))?.id.clone()] }
        }
        Op::SetInput(i, v) => Command::SetInput { node: pick(i)?, pin: "b".into(), value: Some(v.into()) },
        Op::Label(i, set) => Command::SetLabel { node: pick(i)?, label: set.then(|| "named".to_owned()) },
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn undo_restores_every_intermediate_board(ops in proptest::collection::vec(op(), 1..40)) {
        let mut doc = Document::new(Board::named("p"));
        let mut states = vec![doc.board().clone()];
        let mut counter = 0;
        for op in &ops {
            if let Some(cmd) = command(doc.board(), op, &mut counter)
                && doc.apply(cmd).is_ok()
            {
                states.push(doc.board().clone());
            }
        }
        let end = doc.board().clone();
        for expected in states.iter().rev().skip(1) {
            doc.undo().expect("a step to undo").expect("undo applies");
            prop_assert_eq!(doc.board(), expected);
        }
        prop_assert!(doc.undo().is_none());
        for expected in states.iter().skip(1) {
            doc.redo().expect("a step to redo").expect("redo applies");
            prop_assert_eq!(doc.board(), expected);
        }
        prop_assert_eq!(doc.board(), &end);
    }
}

#[test]
fn a_new_edit_after_undo_drops_the_redo_steps() {
    let mut doc = Document::new(Board::named("h"));
    let add = |id: &str| Command::AddNodes { nodes: vec![Node::new(id, "math.add")], at: vec![] };
    doc.apply(add("a")).unwrap();
    doc.apply(add("b")).unwrap();
    doc.undo().unwrap().unwrap();
    assert_eq!(doc.history().redo_label(), Some("add node"));
    doc.apply(add("c")).unwrap();
    assert!(doc.redo().is_none());
    let log = doc.take_log();
    assert_eq!(log.len(), 4, "apply, apply, undo (as its inverse command), apply: {log:?}");
    assert!(doc.take_log().is_empty());
}

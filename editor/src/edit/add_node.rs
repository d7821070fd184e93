//! Add a node of a kind (palette click or drop, quick-add), in free space:
//! near where the person asked for it, beside the selection, or — for a
//! wire dropped on empty canvas — with the pin that takes the wire at the
//! wire's end; never on top of another node.

use floe_engine::{Catalog, CommentKind, Edge, Node, PinRef};

use super::{Edit, EditRefusal};
use crate::command::Command;
use crate::geometry::{self, NodeLayout, Point, Rect, snap};
use crate::gesture::{Scene, WireDrag};
use crate::ids;
use crate::search;
use crate::selection::Item;

/// Space kept free around a new node.
const MARGIN: f64 = 20.0;
/// Step between the spots tried.
const STEP: f64 = 20.0;
/// How many rings of spots are tried around the one asked for (then the
/// node goes below everything).
const RINGS: i32 = 60;
/// Gap between the selection and a node added beside it.
const BESIDE: f64 = 60.0;

/// Where a new node should go.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Anchor {
    /// Its top-left corner at this world point, or as near as is free (a
    /// double-click, a drop, `/` at the pointer); with a dropped wire, the
    /// wire's end.
    At(Point),
    /// To the right of the selected nodes, or with none selected centred
    /// on this world point (the middle of the view): a palette click.
    BesideSelection(Point),
}

/// Adds a node of `kind` at `anchor` in free space (snapped to the grid),
/// wired to `wire` when given (replacing the constant the wire makes
/// useless); one step, and the new node is selected.
pub fn add_node(
    scene: &Scene<'_>,
    catalog: &Catalog,
    kind: &str,
    anchor: Anchor,
    wire: Option<&WireDrag>,
) -> Result<Edit, EditRefusal> {
    let board = scene.board;
    let def = catalog.get(kind).map(|k| k.def()).ok_or_else(|| EditRefusal::UnknownKind(kind.to_owned()))?;
    let id = ids::node_id(board, &ids::base_for_kind(kind), &[]);
    let probe = Node::new(id.clone(), kind);
    let layout = geometry::layout_of(&probe, board, catalog);
    let fitting = match wire {
        Some(end) => Some(
            search::fitting_pin(def, end.filter())
                .ok_or_else(|| EditRefusal::NoFittingPin(def.friendly_name.clone()))?,
        ),
        None => None,
    };
    let wanted = match (anchor, wire.zip(fitting)) {
        (Anchor::At(p), Some((end, pin))) => beside_wire_end(&layout, p, end, pin),
        (Anchor::At(p), None) => p,
        (Anchor::BesideSelection(centre), _) => beside_selection(scene, centre, &layout),
    };
    let at = free_spot(scene, wanted, &layout);
    let node = probe.at(at.x, at.y);
    let mut commands = vec![Command::AddNodes { nodes: vec![node], at: vec![] }];
    if let (Some(end), Some(pin)) = (wire, fitting) {
        let new_pin = PinRef::new(id.clone(), pin);
        let (from, to) = if end.from_output { (end.pin.clone(), new_pin) } else { (new_pin, end.pin.clone()) };
        if board.node(&to.node).is_some_and(|n| n.inputs.contains_key(&to.pin)) {
            commands.push(Command::SetInput { node: to.node.clone(), pin: to.pin.clone(), value: None });
        }
        let edge_id = ids::edge_id(board, &[]);
        commands.push(Command::AddEdges { edges: vec![Edge::new(edge_id, from, to)], at: vec![] });
    }
    Ok(Edit {
        command: Command::batch(format!("add {}", def.friendly_name), commands),
        select: vec![Item::Node(id.into())],
    })
}

/// The top-left corner that puts the new node's pin `pin` at the dropped
/// wire's end `p`: its input just right of it for a wire from an output,
/// its output just left of it for a wire from an input.
fn beside_wire_end(layout: &NodeLayout, p: Point, end: &WireDrag, pin: &str) -> Point {
    let slot_y = layout.slot(pin, end.from_output).map_or(geometry::HEADER, |s| s.y);
    let x = if end.from_output { p.x + 10.0 } else { p.x - layout.width - 10.0 };
    Point { x, y: p.y - slot_y }
}

/// To the right of the selected nodes (top-aligned with them), or centred on
/// `centre` when no node is selected.
fn beside_selection(scene: &Scene<'_>, centre: Point, layout: &NodeLayout) -> Point {
    let selected = scene
        .board
        .nodes
        .iter()
        .filter(|n| scene.selection.contains(&Item::Node(n.id.clone())))
        .filter_map(|n| (scene.layouts)(&n.id).map(|l| l.rect(n.position)))
        .reduce(|a, b| a.union(&b));
    match selected {
        Some(r) => Point { x: r.x + r.w + BESIDE, y: r.y },
        None => Point { x: centre.x - layout.width / 2.0, y: centre.y - layout.height / 2.0 },
    }
}

/// The free spot nearest `wanted` (a top-left corner, snapped to the grid)
/// for a node laid out as `layout`: one that overlaps no node and no note
/// (groups may hold nodes), with a margin. Spots are tried ring by ring
/// around `wanted`, nearest first within a ring; past the last ring the
/// node goes below everything on the board.
pub fn free_spot(scene: &Scene<'_>, wanted: Point, layout: &NodeLayout) -> Point {
    let start = Point { x: snap(wanted.x, 10.0), y: snap(wanted.y, 10.0) };
    let (w, h) = (layout.width, layout.height);
    let reach = f64::from(RINGS) * STEP + MARGIN;
    let area = Rect { x: start.x - reach, y: start.y - reach, w: w + 2.0 * reach, h: h + 2.0 * reach };
    let all = obstacles(scene);
    let near: Vec<&Rect> = all.iter().filter(|r| r.intersects(&area)).collect();
    let free = |p: Point| {
        let r = Rect { x: p.x - MARGIN, y: p.y - MARGIN, w: w + 2.0 * MARGIN, h: h + 2.0 * MARGIN };
        !near.iter().any(|o| o.intersects(&r))
    };
    for ring in 0..=RINGS {
        let mut best: Option<(f64, Point)> = None;
        for (dx, dy) in ring_offsets(ring) {
            let p = Point { x: start.x + f64::from(dx) * STEP, y: start.y + f64::from(dy) * STEP };
            let d = f64::from(dx * dx + dy * dy);
            if best.is_none_or(|(bd, _)| d < bd) && free(p) {
                best = Some((d, p));
            }
        }
        if let Some((_, p)) = best {
            return p;
        }
    }
    let bottom = all.iter().map(|r| r.y + r.h).fold(start.y, f64::max);
    Point { x: start.x, y: snap(bottom + 2.0 * MARGIN, 10.0) }
}

/// The rectangles a new node must not cover: every node's and every note's.
fn obstacles(scene: &Scene<'_>) -> Vec<Rect> {
    let nodes = scene.board.nodes.iter().filter_map(|n| (scene.layouts)(&n.id).map(|l| l.rect(n.position)));
    let notes = scene.board.comments.iter().filter(|c| c.kind == CommentKind::Note).map(|c| Rect {
        x: c.position.x,
        y: c.position.y,
        w: c.size.width,
        h: c.size.height,
    });
    nodes.chain(notes).collect()
}

/// The grid offsets on the square ring `ring` steps from the centre.
fn ring_offsets(ring: i32) -> Vec<(i32, i32)> {
    if ring == 0 {
        return vec![(0, 0)];
    }
    let mut out = Vec::with_capacity(8 * ring as usize);
    for i in -ring..=ring {
        out.push((i, -ring));
        out.push((i, ring));
    }
    for i in (-ring + 1)..ring {
        out.push((-ring, i));
        out.push((ring, i));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::selection::Selection;
    use crate::viewport::Viewport;
    use floe_engine::{Board, DataType, NodeId, PinType, Position};

    fn add(board: &Board, kind: &str, anchor: Anchor, wire: Option<&WireDrag>, sel: &Selection) -> Edit {
        let catalog = Catalog::builtin();
        let layouts = geometry::layouts(board, &catalog);
        let get = |id: &NodeId| layouts.get(id);
        let scene = Scene { board, layouts: &get, viewport: Viewport::default(), selection: sel };
        add_node(&scene, &catalog, kind, anchor, wire).unwrap()
    }

    fn applied(board: &Board, edit: Edit) -> Board {
        let mut doc = Document::new(board.clone());
        doc.apply(edit.command).unwrap();
        doc.board().clone()
    }

    fn rects(board: &Board) -> Vec<(String, Rect)> {
        let layouts = geometry::layouts(board, &Catalog::builtin());
        board.nodes.iter().map(|n| (n.id.to_string(), layouts[&n.id].rect(n.position))).collect()
    }

    fn assert_no_overlap(board: &Board) {
        let r = rects(board);
        for (i, (a, ra)) in r.iter().enumerate() {
            for (b, rb) in &r[i + 1..] {
                assert!(!ra.intersects(rb), "{a} {ra:?} overlaps {b} {rb:?}");
            }
        }
    }

    #[test]
    fn nodes_added_one_after_another_never_cover_each_other() {
        let mut board = Board::default();
        let sel = Selection::new();
        for _ in 0..12 {
            let e = add(&board, "math.add", Anchor::BesideSelection(Point { x: 400.0, y: 300.0 }), None, &sel);
            board = applied(&board, e);
        }
        assert_eq!(board.nodes.len(), 12);
        assert_no_overlap(&board);
        let first = board.nodes[0].position;
        assert_eq!(first, Position { x: 300.0, y: 260.0 }, "the first is centred on the view");
        let far = board
            .nodes
            .iter()
            .map(|n| (n.position.x - 300.0).abs().max((n.position.y - 260.0).abs()))
            .fold(0.0, f64::max);
        assert!(far < 700.0, "they stay near the middle of the view: {far}");
    }

    #[test]
    fn a_node_lands_where_asked_when_that_is_free_and_beside_it_when_not() {
        let mut board = Board::default();
        board.nodes.push(Node::new("a", "math.add").at(100.0, 100.0));
        let sel = Selection::new();
        let free = add(&board, "math.add", Anchor::At(Point { x: 501.0, y: 99.0 }), None, &sel);
        assert_eq!(applied(&board, free).nodes[1].position, Position { x: 500.0, y: 100.0 });
        let onto = add(&board, "math.add", Anchor::At(Point { x: 110.0, y: 110.0 }), None, &sel);
        let b = applied(&board, onto);
        assert_no_overlap(&b);
        let p = b.nodes[1].position;
        assert!((p.x - 110.0).abs() + (p.y - 110.0).abs() < 320.0, "near where it was asked for: {p:?}");
    }

    #[test]
    fn a_palette_click_puts_the_node_beside_the_selection() {
        let mut board = Board::default();
        board.nodes.push(Node::new("a", "math.add").at(100.0, 100.0));
        let mut sel = Selection::new();
        sel.click(Item::Node("a".into()), false);
        let e = add(&board, "text.upper", Anchor::BesideSelection(Point { x: 2000.0, y: 2000.0 }), None, &sel);
        assert_eq!(e.select, [Item::Node("upper".into())]);
        let b = applied(&board, e);
        assert_eq!(b.nodes[1].position, Position { x: 360.0, y: 100.0 }, "right of the selected node");
    }

    #[test]
    fn a_node_added_from_a_dropped_wire_takes_it_beside_its_end() {
        let board = Board::from_value(serde_json::json!({"format_version": 1,
            "nodes": [{"id": "t", "kind": "text.upper", "position": {"x": 400, "y": 0}, "inputs": {"text": "x"}}]}))
        .unwrap();
        // Dragged from `t`'s text input to the left: the new node gives a String.
        let wire = WireDrag {
            pin: PinRef::new("t", "text"),
            from_output: false,
            ty: PinType::normal(DataType::String),
            detached: None,
        };
        let drop = Point { x: 300.0, y: 200.0 };
        let e = add(&board, "text.lower", Anchor::At(drop), Some(&wire), &Selection::new());
        assert_eq!(e.select, [Item::Node("lower".into())]);
        let mut doc = Document::new(board.clone());
        doc.apply(e.command).unwrap();
        let b = doc.board();
        let lower = b.node(&"lower".into()).unwrap();
        let layouts = geometry::layouts(b, &Catalog::builtin());
        let anchor = layouts[&lower.id].anchor(lower.position, "text", false).unwrap();
        assert!(
            (anchor.x - drop.x).abs() <= 15.0 && (anchor.y - drop.y).abs() <= 10.0,
            "its output is at the drop: {anchor:?}"
        );
        assert_eq!((b.edges[0].from.node.as_str(), b.edges[0].to.pin.as_str()), ("lower", "text"));
        assert!(b.node(&"t".into()).unwrap().inputs.is_empty(), "the constant the wire replaces is cleared");
        assert_eq!(doc.history().undo_label(), Some("add Lower case"));
        assert_no_overlap(b);

        let catalog = Catalog::builtin();
        let layouts = geometry::layouts(&board, &catalog);
        let get = |id: &NodeId| layouts.get(id);
        let sel = Selection::new();
        let scene = Scene { board: &board, layouts: &get, viewport: Viewport::default(), selection: &sel };
        assert_eq!(
            add_node(&scene, &catalog, "math.nope", Anchor::At(Point::default()), None),
            Err(EditRefusal::UnknownKind("math.nope".into()))
        );
        let e = add_node(&scene, &catalog, "logic.not", Anchor::At(drop), Some(&wire)).unwrap_err();
        assert!(matches!(e, EditRefusal::NoFittingPin(_)), "{e}");
    }

    #[test]
    fn a_crowded_board_sends_the_node_below_everything() {
        let mut board = Board::default();
        for i in 0..70 {
            for j in 0..70 {
                board
                    .nodes
                    .push(Node::new(format!("n{i}_{j}"), "math.add").at(f64::from(i) * 230.0, f64::from(j) * 100.0));
            }
        }
        let e = add(&board, "math.add", Anchor::At(Point { x: 3000.0, y: 3000.0 }), None, &Selection::new());
        let b = applied(&board, e);
        let p = b.nodes.last().unwrap().position;
        assert!(p.y >= 69.0 * 100.0 + 82.0, "below the last row: {p:?}");
    }
}

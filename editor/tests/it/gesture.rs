//! The canvas's gestures, natively: every gesture the browser tests drive
//! with a mouse (move one node or a selection, box select, pan, wire drags
//! with type and cycle refusal, re-routing, a wire dropped on empty canvas
//! opening a filtered quick-add, resizing a note, double-click quick-add).

use std::collections::HashMap;

use floe_editor::gesture::{Button, Gesture, Hit, Pointer, QuickAdd, Response, Scene, WireDrag};
use floe_editor::{Command, Document, Item, NodeLayout, Point, Rect, Selection, Viewport, search};
use floe_engine::{Board, Catalog, CommentId, NodeId, PinRef, Position, Size};

/// A board with a chain a → b (a.result → b.a), an upper-case node, a
/// start/log pair, a note, and a group framing `g1` and `g2`.
fn board() -> Board {
    Board::from_value(serde_json::json!({
        "format_version": 1,
        "nodes": [
            {"id": "a", "kind": "math.add", "position": {"x": 0, "y": 0}, "inputs": {"a": 1, "b": 2}},
            {"id": "b", "kind": "math.add", "position": {"x": 300, "y": 0}, "inputs": {"b": 5}},
            {"id": "t", "kind": "text.upper", "position": {"x": 0, "y": 200}},
            {"id": "g1", "kind": "math.add", "position": {"x": 1000, "y": 1000}},
            {"id": "g2", "kind": "math.add", "position": {"x": 1300, "y": 1000}}
        ],
        "edges": [{"id": "e1", "from": {"node": "a", "pin": "result"}, "to": {"node": "b", "pin": "a"}}],
        "comments": [
            {"id": "note", "text": "hi", "position": {"x": 600, "y": 0}, "size": {"width": 200, "height": 100}},
            {"id": "grp", "text": "G", "kind": "group", "position": {"x": 950, "y": 950}, "size": {"width": 700, "height": 300}}
        ]
    }))
    .unwrap()
}

/// A canvas: the document, editor state and a gesture, driven like a view
/// drives them (applying every response).
struct Canvas {
    doc: Document,
    layouts: HashMap<NodeId, NodeLayout>,
    viewport: Viewport,
    selection: Selection,
    gesture: Gesture,
    /// Positions shown live during a drag.
    live: HashMap<NodeId, Position>,
    messages: Vec<String>,
    quick_add: Option<QuickAdd>,
}

impl Canvas {
    fn new(board: Board) -> Self {
        let layouts = floe_editor::geometry::layouts(&board, &Catalog::builtin());
        Canvas {
            doc: Document::new(board),
            layouts,
            viewport: Viewport::default(),
            selection: Selection::new(),
            gesture: Gesture::default(),
            live: HashMap::new(),
            messages: Vec::new(),
            quick_add: None,
        }
    }

    fn with_scene<R>(&mut self, f: impl FnOnce(&mut Gesture, &Scene<'_>) -> R) -> R {
        let get = |id: &NodeId| self.layouts.get(id);
        let scene =
            Scene { board: self.doc.board(), layouts: &get, viewport: self.viewport, selection: &self.selection };
        f(&mut self.gesture, &scene)
    }

    fn apply(&mut self, r: Response) -> Response {
        if let Some(s) = &r.select {
            self.selection = s.clone();
        }
        if let Some(v) = r.viewport {
            self.viewport = v;
        }
        for (id, p) in &r.nodes_at {
            self.live.insert(id.clone(), *p);
        }
        if let Some(cmd) = &r.command {
            self.doc.apply(cmd.clone()).unwrap();
        }
        if let Some(m) = &r.message {
            self.messages.push(m.text.clone());
        }
        if r.quick_add.is_some() {
            self.quick_add = r.quick_add.clone();
        }
        r
    }

    fn down(&mut self, p: Pointer, hit: Hit) -> Response {
        let r = self.with_scene(|g, s| g.down(s, p, hit));
        self.apply(r)
    }

    fn drag_to(&mut self, x: f64, y: f64) -> Response {
        let r = self.gesture.moved(&self.viewport, Point { x, y });
        self.apply(r)
    }

    fn up(&mut self, x: f64, y: f64, hit: Hit) -> Response {
        let r = self.with_scene(|g, s| g.up(s, Point { x, y }, hit));
        self.apply(r)
    }

    fn pos(&self, id: &str) -> Position {
        self.doc.board().node(&id.into()).unwrap().position
    }

    fn selected(&self) -> Vec<Item> {
        let mut items: Vec<Item> = self.selection.nodes().cloned().map(Item::Node).collect();
        items.extend(self.selection.edges().cloned().map(Item::Edge));
        items.extend(self.selection.comments().cloned().map(Item::Comment));
        items
    }
}

fn at(x: f64, y: f64) -> Pointer {
    Pointer::primary(Point { x, y })
}

fn node(id: &str) -> Hit {
    Hit::Node(id.into())
}

fn pin(node: &str, pin: &str, output: bool) -> Hit {
    Hit::Pin { node: node.into(), pin: pin.into(), output }
}

#[test]
fn dragging_a_node_moves_it_live_and_commits_one_snapped_move() {
    let mut c = Canvas::new(board());
    c.viewport = Viewport { x: 0.0, y: 0.0, zoom: 2.0 };
    let r = c.down(at(20.0, 20.0), node("b"));
    assert!(r.claimed);
    assert_eq!(c.selected(), [Item::Node("b".into())]);
    let r = c.drag_to(70.0, 46.0);
    assert!(r.capture, "the first move captures the pointer");
    assert_eq!(r.nodes_at, [("b".into(), Position { x: 325.0, y: 13.0 })], "half the screen distance at 200 %");
    assert!(!c.drag_to(71.0, 47.0).capture, "only once");
    assert_eq!(c.pos("b"), Position { x: 300.0, y: 0.0 }, "the board changes only on release");
    let r = c.up(71.0, 47.0, node("b"));
    assert_eq!(
        r.command,
        Some(Command::MoveItems { nodes: vec![("b".into(), Position { x: 330.0, y: 10.0 })], comments: vec![] })
    );
    assert_eq!(c.pos("b"), Position { x: 330.0, y: 10.0 });
    assert_eq!(c.doc.history().undo_label(), Some("move item"));

    // A press and release without moving selects and changes nothing.
    let r = c.down(at(0.0, 0.0), node("a"));
    assert!(r.claimed);
    assert_eq!(c.up(0.0, 0.0, node("a")).command, None);
    assert_eq!(c.selected(), [Item::Node("a".into())]);
}

#[test]
fn box_select_then_drag_moves_the_selection_together_and_groups_bring_their_nodes() {
    let mut c = Canvas::new(board());
    // Shift-drag on the background draws a box over a, b and the note.
    c.down(Pointer { additive: true, ..at(-10.0, -10.0) }, Hit::Background);
    c.drag_to(700.0, 50.0);
    let rect = c.gesture.box_rect().unwrap();
    assert_eq!(rect, Rect { x: -10.0, y: -10.0, w: 710.0, h: 60.0 });
    c.up(700.0, 50.0, Hit::Background);
    assert!(c.gesture.box_rect().is_none());
    assert_eq!(
        c.selected(),
        [Item::Node("a".into()), Item::Node("b".into()), Item::Comment("note".into())],
        "nodes and comments the box touches"
    );
    // Pressing on a selected node keeps the selection: all three move.
    c.down(at(10.0, 10.0), node("a"));
    c.drag_to(110.0, 60.0);
    let r = c.up(110.0, 60.0, node("a"));
    let Some(Command::MoveItems { nodes, comments }) = r.command else { panic!("{r:?}") };
    assert_eq!(nodes, [("a".into(), Position { x: 100.0, y: 50.0 }), ("b".into(), Position { x: 400.0, y: 50.0 })]);
    assert_eq!(comments, [(CommentId::from("note"), Position { x: 700.0, y: 50.0 })]);
    // Shift-click toggles one out.
    c.down(Pointer { additive: true, ..at(0.0, 0.0) }, node("b"));
    c.up(0.0, 0.0, node("b"));
    assert_eq!(c.selected(), [Item::Node("a".into()), Item::Comment("note".into())]);

    // Dragging a group by its title moves the nodes inside its frame.
    c.down(at(960.0, 960.0), Hit::Comment("grp".into()));
    c.drag_to(1000.0, 960.0);
    let r = c.up(1000.0, 960.0, Hit::Comment("grp".into()));
    let Some(Command::MoveItems { nodes, comments }) = r.command else { panic!("{r:?}") };
    assert_eq!(nodes.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["g1", "g2"]);
    assert_eq!(comments, [(CommentId::from("grp"), Position { x: 990.0, y: 950.0 })]);
}

#[test]
fn a_click_on_the_background_deselects_and_a_drag_pans() {
    let mut c = Canvas::new(board());
    c.selection.click(Item::Node("a".into()), false);
    c.down(at(400.0, 400.0), Hit::Background);
    c.drag_to(402.0, 401.0); // within the click's slop
    c.up(402.0, 401.0, Hit::Background);
    assert!(c.selection.is_empty());
    assert_eq!(c.viewport, Viewport::default());

    c.selection.click(Item::Node("a".into()), false);
    c.down(at(400.0, 400.0), Hit::Background);
    c.drag_to(420.0, 400.0); // now a pan, from where the press began
    let r = c.drag_to(450.0, 380.0);
    assert_eq!(r.viewport, Some(Viewport { x: 50.0, y: -20.0, zoom: 1.0 }));
    c.up(450.0, 380.0, Hit::Background);
    assert_eq!(c.selected(), [Item::Node("a".into())], "a pan keeps the selection");

    // The middle button, or Space with the main button, pans even over a node.
    c.down(Pointer { button: Button::Middle, ..at(0.0, 0.0) }, node("a"));
    assert_eq!(c.drag_to(10.0, 10.0).viewport, Some(Viewport { x: 60.0, y: -10.0, zoom: 1.0 }));
    c.up(10.0, 10.0, node("a"));
    c.down(Pointer { space: true, ..at(0.0, 0.0) }, node("a"));
    assert!(c.drag_to(5.0, 0.0).viewport.is_some());
    assert_eq!(c.up(5.0, 0.0, node("a")).command, None, "nothing moved");
    // Other buttons start nothing.
    assert!(!c.down(Pointer { button: Button::Other, ..at(0.0, 0.0) }, node("a")).claimed);
}

#[test]
fn a_wire_dragged_from_an_output_connects_where_the_types_fit_and_is_refused_elsewhere() {
    let mut c = Canvas::new(board());
    c.down(at(200.0, 41.0), pin("b", "result", true));
    let accepting = c.gesture.accepting().unwrap();
    assert!(!accepting.ok.contains(&("t".into(), "text".into())), "a number does not fit a String input");
    assert!(accepting.ok.contains(&("g1".into(), "a".into())));
    assert!(!accepting.ok.contains(&("a".into(), "a".into())), "b depends on a: a cycle is dimmed too");
    let (from, _, exec) = c.gesture.wire_preview().unwrap();
    assert_eq!((from, exec), (Point { x: 500.0, y: 41.0 }, false), "the wire starts at b.result's anchor");
    c.drag_to(5.0, 230.0);
    assert_eq!(c.gesture.wire_preview().unwrap().1, Point { x: 5.0, y: 230.0 }, "the free end follows the pointer");

    // Dropped on a String input: refused, with the reason.
    let r = c.up(5.0, 230.0, pin("t", "text", false));
    assert_eq!(r.command, None);
    assert_eq!(c.messages.last().unwrap(), "Cannot connect: b.result takes Integer or Float, not String");
    assert!(c.gesture.accepting().is_none() && c.gesture.wire_preview().is_none(), "previews end with the drag");

    // Onto a's input: a cycle.
    c.down(at(200.0, 41.0), pin("b", "result", true));
    c.up(0.0, 41.0, pin("a", "a", false));
    assert_eq!(c.messages.last().unwrap(), "Cannot connect: this wire would make a cycle: `b` already depends on `a`");

    // Output to output.
    c.down(at(200.0, 41.0), pin("b", "result", true));
    c.up(0.0, 41.0, pin("a", "result", true));
    assert_eq!(c.messages.last().unwrap(), "connect an output to an input");

    // Onto g1.b: connected, one step.
    c.down(at(200.0, 41.0), pin("b", "result", true));
    let r = c.up(1000.0, 1063.0, pin("g1", "b", false));
    assert!(r.message.is_none(), "{r:?}");
    let e = c.doc.board().edges.last().unwrap();
    assert_eq!((&e.from, &e.to), (&PinRef::new("b", "result"), &PinRef::new("g1", "b")));
    assert_eq!(c.doc.history().undo_label(), Some("add wire"));
    // Onto a wired input with a constant: the old wire and the constant go, as one step.
    c.doc.apply(Command::SetInput { node: "g2".into(), pin: "a".into(), value: Some(serde_json::json!(3)) }).unwrap();
    c.down(at(200.0, 41.0), pin("b", "result", true));
    c.up(1300.0, 1041.0, pin("g2", "a", false));
    assert_eq!(c.doc.history().undo_label(), Some("connect"));
    assert!(c.doc.board().node(&"g2".into()).unwrap().inputs.is_empty());
}

#[test]
fn dragging_a_wired_input_picks_its_wire_up_to_reroute_or_delete_it() {
    let mut c = Canvas::new(board());
    // b.a is wired from a.result: pressing on b.a picks that wire up.
    c.down(at(300.0, 41.0), pin("b", "a", false));
    let (from, _, _) = c.gesture.wire_preview().unwrap();
    assert_eq!(from, Point { x: 200.0, y: 41.0 }, "the wire still starts at a.result");
    assert!(c.gesture.accepting().unwrap().ok.contains(&("b".into(), "a".into())), "it may go back where it was");
    // Dropped back on b.a: nothing changes.
    assert_eq!(c.up(300.0, 41.0, pin("b", "a", false)).command, None);
    // Re-routed to b.b: the old wire goes, the new one comes, one step.
    c.down(at(300.0, 41.0), pin("b", "a", false));
    c.up(300.0, 63.0, pin("b", "b", false));
    let b = c.doc.board();
    assert_eq!(b.edges.len(), 1);
    assert_eq!(b.edges[0].to, PinRef::new("b", "b"));
    assert!(
        !b.node(&"b".into()).unwrap().inputs.contains_key(&floe_engine::PinId::from("b")),
        "b.b's constant made way for the wire"
    );
    assert_eq!(c.doc.history().undo_label(), Some("re-route wire"));
    // Dropped on nothing: the wire is deleted.
    let wire = c.doc.board().edges[0].id.clone();
    c.down(at(300.0, 63.0), pin("b", "b", false));
    let r = c.up(800.0, 800.0, Hit::Background);
    assert_eq!(r.command, Some(Command::RemoveEdges { ids: vec![wire] }));
    assert!(c.doc.board().edges.is_empty());
    assert!(c.quick_add.is_none(), "a picked-up wire dropped on nothing opens no quick-add");
}

#[test]
fn a_wire_dropped_on_empty_canvas_opens_quick_add_for_the_nodes_that_take_it() {
    let mut c = Canvas::new(board());
    c.viewport = Viewport { x: 100.0, y: 0.0, zoom: 0.5 };
    c.down(at(100.0 + 100.0, 107.0), pin("t", "text", true));
    let r = c.up(500.0, 300.0, Hit::Background);
    let qa = r.quick_add.unwrap();
    assert_eq!(qa.screen, Point { x: 500.0, y: 300.0 });
    assert_eq!(qa.world, Point { x: 800.0, y: 600.0 });
    let wire = qa.wire.unwrap();
    assert_eq!(wire, WireDrag { pin: PinRef::new("t", "text"), from_output: true, ty: wire.ty, detached: None });
    let catalog = Catalog::builtin();
    let kinds: Vec<&str> =
        search::search(catalog.defs(), "", Some(wire.filter())).iter().map(|h| h.def.name.as_str()).collect();
    assert!(kinds.contains(&"text.lower") && kinds.contains(&"output.debug_log"));
    assert!(!kinds.contains(&"math.add") && !kinds.contains(&"event.manual_start"), "{kinds:?}");
    // Picking one adds it at the drop point, wired.
    let anchor = floe_editor::edit::Anchor::At(qa.world);
    let edit =
        c.with_scene(|_, s| floe_editor::edit::add_node(s, &catalog, "text.lower", anchor, Some(&wire))).unwrap();
    c.doc.apply(edit.command).unwrap();
    let e = c.doc.board().edges.last().unwrap();
    assert_eq!((e.from.node.as_str(), e.to.node.as_str(), e.to.pin.as_str()), ("t", "lower", "text"));
}

#[test]
fn resizing_a_note_follows_the_pointer_with_a_minimum_and_snaps_on_release() {
    let mut c = Canvas::new(board());
    c.down(at(800.0, 100.0), Hit::Resize("note".into()));
    let r = c.drag_to(500.0, 90.0);
    assert_eq!(r.comment_size, Some(("note".into(), Size { width: 80.0, height: 90.0 })), "never narrower than 80");
    c.drag_to(843.0, 127.0);
    let r = c.up(843.0, 127.0, Hit::Background);
    let Some(Command::EditComment { comment }) = r.command else { panic!("{r:?}") };
    assert_eq!(comment.size, Size { width: 240.0, height: 130.0 });
    assert_eq!(comment.text, "hi");
}

#[test]
fn double_click_on_empty_canvas_opens_quick_add_there() {
    let mut c = Canvas::new(board());
    c.viewport = Viewport { x: -100.0, y: 0.0, zoom: 1.0 };
    let qa = c.with_scene(|g, s| g.double_click(s, Point { x: 50.0, y: 60.0 }, &Hit::Background)).unwrap();
    assert_eq!((qa.screen, qa.world, qa.wire), (Point { x: 50.0, y: 60.0 }, Point { x: 150.0, y: 60.0 }, None));
    assert!(c.with_scene(|g, s| g.double_click(s, Point::default(), &node("a"))).is_none());
    assert!(c.with_scene(|g, s| g.double_click(s, Point::default(), &Hit::Comment("note".into()))).is_none());
    let centred = QuickAdd::centred(&Viewport::default(), 800.0, 600.0);
    assert_eq!((centred.screen, centred.world), (Point { x: 250.0, y: 200.0 }, Point { x: 400.0, y: 300.0 }));
}

#[test]
fn a_cancelled_drag_commits_nothing() {
    let mut c = Canvas::new(board());
    c.down(at(10.0, 10.0), node("a"));
    c.drag_to(300.0, 300.0);
    assert!(c.gesture.active());
    let r = c.gesture.cancel();
    assert_eq!(r.nodes_at, [("a".into(), Position { x: 0.0, y: 0.0 })], "what moved live goes back");
    assert!(!c.gesture.active());
    c.down(at(800.0, 100.0), Hit::Resize("note".into()));
    c.drag_to(900.0, 150.0);
    assert_eq!(c.gesture.cancel().comment_size, Some(("note".into(), Size { width: 200.0, height: 100.0 })));
    assert_eq!(c.up(300.0, 300.0, node("a")).command, None);
    assert_eq!(c.pos("a"), Position { x: 0.0, y: 0.0 });
}

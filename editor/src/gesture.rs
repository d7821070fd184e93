//! The canvas's pointer gestures as a state machine, free of the DOM: pan,
//! click, move a node or a selection (groups bring their nodes), box
//! select, drag a wire (dimming the pins it cannot reach, refusing bad
//! types and cycles, re-routing a picked-up wire), resize a comment, and
//! quick-add on a double-click or a wire dropped on empty canvas.
//!
//! The view says what was hit ([`Hit`]) and where ([`Pointer`]); the
//! machine answers with a [`Response`]: the selection, viewport and live
//! positions to show, a [`Command`] to apply, quick-add to open, a message.
//! Previews (the dragged wire, the selection box, the pins a wire may end
//! at) are read from the machine after each event.
//!
//! ```
//! use floe_editor::gesture::{Gesture, Hit, Pointer, Scene};
//! use floe_editor::{Point, Selection, Viewport};
//! use floe_engine::Board;
//!
//! let board = Board::default();
//! let layouts = |_: &floe_engine::NodeId| None;
//! let selection = Selection::new();
//! let scene = Scene { board: &board, layouts: &layouts, viewport: Viewport::default(), selection: &selection };
//! let mut g = Gesture::default();
//! g.down(&scene, Pointer::primary(Point { x: 10.0, y: 10.0 }), Hit::Background);
//! let r = g.moved(&scene.viewport, Point { x: 60.0, y: 10.0 }); // a drag on the background pans
//! let r2 = g.moved(&scene.viewport, Point { x: 80.0, y: 10.0 });
//! assert_eq!(r2.viewport.map(|v| v.x), Some(70.0), "panned by how far the pointer went");
//! assert!(r.capture);
//! ```

use std::collections::HashSet;
use std::sync::Arc;

use floe_engine::{Board, CommentId, CommentKind, EdgeId, NodeId, PinRef, PinType, Position, Size};

use crate::command::Command;
use crate::connect::Wiring;
use crate::geometry::{NodeLayout, Point, Rect, nodes_in, snap};
use crate::search;
use crate::selection::{Item, Selection};
use crate::viewport::Viewport;

/// How far (screen pixels) a press on the background may travel and still be a click.
const CLICK_SLOP: f64 = 3.0;
/// Smallest comment, when resizing.
const MIN_COMMENT: Size = Size { width: 80.0, height: 40.0 };
/// The grid positions snap to when a drag ends.
const GRID: f64 = 10.0;

/// What the board looks like to a gesture: the document, the node layouts,
/// and the editor state it may change.
pub struct Scene<'a> {
    /// The board.
    pub board: &'a Board,
    /// Each node's layout (size and pins).
    pub layouts: &'a dyn Fn(&NodeId) -> Option<&'a NodeLayout>,
    /// The view.
    pub viewport: Viewport,
    /// The selection.
    pub selection: &'a Selection,
}

impl Scene<'_> {
    fn world(&self, p: Point) -> Point {
        self.viewport.to_world(p)
    }
}

/// What the pointer is over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hit {
    /// Empty canvas.
    Background,
    /// A node (not one of its pins).
    Node(NodeId),
    /// A note or group.
    Comment(CommentId),
    /// A comment's resize handle.
    Resize(CommentId),
    /// A wire.
    Edge(EdgeId),
    /// A pin.
    Pin {
        /// Its node.
        node: NodeId,
        /// Its name.
        pin: String,
        /// Whether it is an output.
        output: bool,
    },
}

/// Which button was pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Button {
    /// The main button (left).
    Primary,
    /// The wheel button: pans.
    Middle,
    /// Anything else: ignored.
    Other,
}

/// A press: where (screen, relative to the canvas), which button, which modifiers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointer {
    /// Screen position.
    pub at: Point,
    /// The button.
    pub button: Button,
    /// Shift, Ctrl or Cmd: add to the selection, box-select.
    pub additive: bool,
    /// Space is held: a drag pans.
    pub space: bool,
}

impl Pointer {
    /// A plain press of the main button.
    pub fn primary(at: Point) -> Self {
        Pointer { at, button: Button::Primary, additive: false, space: false }
    }
}

/// One end of a wire being dragged.
#[derive(Clone, Debug, PartialEq)]
pub struct WireDrag {
    /// The pin the drag started at.
    pub pin: PinRef,
    /// Whether that pin is an output.
    pub from_output: bool,
    /// Its type.
    pub ty: PinType,
    /// A wire picked up from an input (re-routing): removed when the new one is made.
    pub detached: Option<EdgeId>,
}

impl WireDrag {
    /// The quick-add filter for this wire: nodes with a pin that takes it.
    pub fn filter(&self) -> search::WireEnd {
        search::WireEnd { ty: self.ty, from_output: self.from_output }
    }
}

/// Pins a dragged wire may end at (all others are dimmed).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Accepting {
    /// The dragged end.
    pub from: Option<PinRef>,
    /// `(node, pin)` pairs on the other side that fit.
    pub ok: HashSet<(NodeId, String)>,
}

/// Where quick-add opens, and for which dragged wire.
#[derive(Clone, Debug, PartialEq)]
pub struct QuickAdd {
    /// Screen position (relative to the canvas).
    pub screen: Point,
    /// World position for the new node.
    pub world: Point,
    /// A dragged wire the new node should take.
    pub wire: Option<WireDrag>,
}

impl QuickAdd {
    /// Quick-add from the keyboard: the box near the top middle of a
    /// `width` × `height` canvas, the node at the middle of the view.
    pub fn centred(viewport: &Viewport, width: f64, height: f64) -> Self {
        QuickAdd {
            screen: Point { x: width / 2.0 - 150.0, y: height / 3.0 },
            world: viewport.to_world(Point { x: width / 2.0, y: height / 2.0 }),
            wire: None,
        }
    }

    /// Quick-add from the keyboard with the pointer over the canvas at
    /// `pointer` (screen): the box and the node there; without a pointer,
    /// [`QuickAdd::centred`].
    pub fn at_pointer(viewport: &Viewport, pointer: Option<Point>, width: f64, height: f64) -> Self {
        match pointer {
            Some(p) if p.x >= 0.0 && p.y >= 0.0 && p.x <= width && p.y <= height => {
                QuickAdd { screen: p, world: viewport.to_world(p), wire: None }
            }
            _ => QuickAdd::centred(viewport, width, height),
        }
    }
}

/// A message for the person at the canvas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// What happened.
    pub text: String,
    /// Whether it is an error.
    pub error: bool,
}

/// What a view does after a pointer event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Response {
    /// The press starts a gesture: keep the browser from selecting text.
    pub claimed: bool,
    /// The gesture became a drag: capture the pointer.
    pub capture: bool,
    /// The new selection.
    pub select: Option<Selection>,
    /// The new view.
    pub viewport: Option<Viewport>,
    /// Where dragged nodes are now (shown live; committed on release).
    pub nodes_at: Vec<(NodeId, Position)>,
    /// Where dragged comments are now.
    pub comments_at: Vec<(CommentId, Position)>,
    /// A comment's size while it is resized.
    pub comment_size: Option<(CommentId, Size)>,
    /// The edit the gesture made (one undo step).
    pub command: Option<Command>,
    /// Open quick-add.
    pub quick_add: Option<QuickAdd>,
    /// Say something.
    pub message: Option<Message>,
}

/// What a pointer drag is doing.
#[derive(Clone, Debug)]
enum Drag {
    Pan {
        start: Point,
        from: Viewport,
    },
    /// A press on the background that may still become a click (clears the selection).
    Click {
        start: Point,
    },
    Move {
        start: Point,
        nodes: Vec<(NodeId, Position)>,
        comments: Vec<(CommentId, Position)>,
        moved: bool,
    },
    Box {
        start: Point,
        additive: bool,
        rect: Option<Rect>,
    },
    Wire {
        end: WireDrag,
        /// From the output's anchor to the input's anchor (one end follows the pointer).
        preview: (Point, Point),
        accepting: Arc<Accepting>,
    },
    Resize {
        id: CommentId,
        start: Point,
        from: Size,
        size: Size,
    },
}

/// The canvas's pointer state.
#[derive(Clone, Debug, Default)]
pub struct Gesture {
    drag: Option<Drag>,
    captured: bool,
}

impl Gesture {
    /// A press.
    pub fn down(&mut self, scene: &Scene<'_>, p: Pointer, hit: Hit) -> Response {
        let mut r = Response::default();
        let world = scene.world(p.at);
        let select = |r: &mut Response, f: &dyn Fn(&mut Selection)| {
            let mut s = scene.selection.clone();
            f(&mut s);
            r.select = Some(s);
        };
        self.drag = if p.button == Button::Middle || (p.button == Button::Primary && p.space) {
            Some(Drag::Pan { start: p.at, from: scene.viewport })
        } else if p.button != Button::Primary {
            None
        } else {
            match hit {
                Hit::Pin { node, pin, output } => start_wire(scene, node, &pin, output, world),
                Hit::Resize(id) => scene.board.comments.iter().find(|c| c.id == id).map(|c| Drag::Resize {
                    id: id.clone(),
                    start: world,
                    from: c.size,
                    size: c.size,
                }),
                Hit::Node(id) => {
                    select(&mut r, &|s| s.press(Item::Node(id.clone()), p.additive));
                    Some(start_move(scene, r.select.as_ref().expect("just set"), world))
                }
                Hit::Comment(id) => {
                    select(&mut r, &|s| s.press(Item::Comment(id.clone()), p.additive));
                    Some(start_move(scene, r.select.as_ref().expect("just set"), world))
                }
                Hit::Edge(id) => {
                    select(&mut r, &|s| s.click(Item::Edge(id.clone()), p.additive));
                    None
                }
                Hit::Background if p.additive => Some(Drag::Box { start: world, additive: true, rect: None }),
                Hit::Background => Some(Drag::Click { start: p.at }),
            }
        };
        // Captured on the first move, so clicks and double-clicks still reach their element.
        self.captured = false;
        r.claimed = self.drag.is_some();
        r
    }

    /// The pointer moved (to `at`, screen) in `viewport`. Cheap: it needs
    /// no board, so a view can call it on every pointer move.
    pub fn moved(&mut self, viewport: &Viewport, at: Point) -> Response {
        let mut r = Response::default();
        let Some(drag) = self.drag.as_mut() else { return r };
        if !self.captured {
            self.captured = true;
            r.capture = true;
        }
        let world = viewport.to_world(at);
        match drag {
            Drag::Pan { start, from } => {
                let mut v = *from;
                v.pan(at.x - start.x, at.y - start.y);
                r.viewport = Some(v);
            }
            Drag::Click { start } => {
                if (at.x - start.x).hypot(at.y - start.y) > CLICK_SLOP {
                    *drag = Drag::Pan { start: *start, from: *viewport };
                }
            }
            Drag::Move { start, nodes, comments, moved } => {
                let (dx, dy) = (world.x - start.x, world.y - start.y);
                let by = |p: &Position| Position { x: p.x + dx, y: p.y + dy };
                r.nodes_at = nodes.iter().map(|(id, p)| (id.clone(), by(p))).collect();
                r.comments_at = comments.iter().map(|(id, p)| (id.clone(), by(p))).collect();
                *moved = true;
            }
            Drag::Box { start, rect, .. } => *rect = Some(Rect::from_corners(*start, world)),
            Drag::Wire { end, preview, .. } => {
                if end.from_output {
                    preview.1 = world;
                } else {
                    preview.0 = world;
                }
            }
            Drag::Resize { id, start, from, size } => {
                *size = Size {
                    width: (from.width + world.x - start.x).max(MIN_COMMENT.width),
                    height: (from.height + world.y - start.y).max(MIN_COMMENT.height),
                };
                r.comment_size = Some((id.clone(), *size));
            }
        }
        r
    }

    /// The press ended at `at` (screen), over `hit`.
    pub fn up(&mut self, scene: &Scene<'_>, at: Point, hit: Hit) -> Response {
        let mut r = Response::default();
        let Some(drag) = self.drag.take() else { return r };
        let world = scene.world(at);
        match drag {
            Drag::Pan { .. } => {}
            Drag::Click { .. } => r.select = Some(Selection::new()),
            Drag::Move { start, nodes, comments, moved } => {
                if moved {
                    let (dx, dy) = (world.x - start.x, world.y - start.y);
                    let to = |p: &Position| Position { x: snap(p.x + dx, GRID), y: snap(p.y + dy, GRID) };
                    r.command = Some(Command::MoveItems {
                        nodes: nodes.iter().map(|(id, p)| (id.clone(), to(p))).collect(),
                        comments: comments.iter().map(|(id, p)| (id.clone(), to(p))).collect(),
                    });
                }
            }
            Drag::Box { additive, rect, .. } => {
                if let Some(area) = rect {
                    let mut items: Vec<Item> =
                        nodes_in(scene.board, &area, scene.layouts).into_iter().map(Item::Node).collect();
                    items.extend(
                        scene
                            .board
                            .comments
                            .iter()
                            .filter(|c| area.intersects(&comment_rect(c)))
                            .map(|c| Item::Comment(c.id.clone())),
                    );
                    let mut s = scene.selection.clone();
                    s.set_box(items, additive);
                    r.select = Some(s);
                }
            }
            Drag::Wire { end, .. } => finish_wire(scene, end, hit, at, world, &mut r),
            Drag::Resize { id, size, .. } => {
                if let Some(c) = scene.board.comments.iter().find(|c| c.id == id) {
                    let mut comment = c.clone();
                    comment.size = Size { width: snap(size.width, GRID), height: snap(size.height, GRID) };
                    r.command = Some(Command::EditComment { comment });
                }
            }
        }
        r
    }

    /// The browser took the pointer away: the gesture ends, changing
    /// nothing; the response puts back what was moved or resized live.
    pub fn cancel(&mut self) -> Response {
        let mut r = Response::default();
        match self.drag.take() {
            Some(Drag::Move { nodes, comments, .. }) => {
                r.nodes_at = nodes;
                r.comments_at = comments;
            }
            Some(Drag::Resize { id, from, .. }) => r.comment_size = Some((id, from)),
            _ => {}
        }
        r
    }

    /// A double-click at `at` (screen): quick-add there, unless it was on a node or comment.
    pub fn double_click(&self, scene: &Scene<'_>, at: Point, hit: &Hit) -> Option<QuickAdd> {
        matches!(hit, Hit::Background | Hit::Edge(_)).then(|| QuickAdd {
            screen: at,
            world: scene.world(at),
            wire: None,
        })
    }

    /// Whether a press is being tracked.
    pub fn active(&self) -> bool {
        self.drag.is_some()
    }

    /// The wire being dragged: output end, input end, whether it carries execution.
    pub fn wire_preview(&self) -> Option<(Point, Point, bool)> {
        match &self.drag {
            Some(Drag::Wire { end, preview, .. }) => Some((preview.0, preview.1, end.ty.is_exec())),
            _ => None,
        }
    }

    /// The selection box being drawn (world).
    pub fn box_rect(&self) -> Option<Rect> {
        match &self.drag {
            Some(Drag::Box { rect, .. }) => *rect,
            _ => None,
        }
    }

    /// While a wire is dragged: the pins it may end at.
    pub fn accepting(&self) -> Option<Arc<Accepting>> {
        match &self.drag {
            Some(Drag::Wire { accepting, .. }) => Some(accepting.clone()),
            _ => None,
        }
    }
}

fn comment_rect(c: &floe_engine::Comment) -> Rect {
    Rect { x: c.position.x, y: c.position.y, w: c.size.width, h: c.size.height }
}

/// Starts moving the selected nodes and comments (groups bring the nodes inside them).
fn start_move(scene: &Scene<'_>, selection: &Selection, start: Point) -> Drag {
    let b = scene.board;
    let mut ids: Vec<NodeId> = selection.nodes().cloned().collect();
    let comments: Vec<(CommentId, Position)> = b
        .comments
        .iter()
        .filter(|c| selection.comments().any(|id| id == &c.id))
        .map(|c| (c.id.clone(), c.position))
        .collect();
    for c in b.comments.iter().filter(|c| c.kind == CommentKind::Group && selection.comments().any(|id| id == &c.id)) {
        let frame = comment_rect(c);
        for n in &b.nodes {
            if !ids.contains(&n.id) && (scene.layouts)(&n.id).is_some_and(|l| frame.contains_rect(&l.rect(n.position)))
            {
                ids.push(n.id.clone());
            }
        }
    }
    let nodes = b.nodes.iter().filter(|n| ids.contains(&n.id)).map(|n| (n.id.clone(), n.position)).collect();
    Drag::Move { start, nodes, comments, moved: false }
}

/// Starts dragging a wire from a pin. Dragging from a wired data input picks
/// its wire up (re-route it, or drop it on nothing to delete it).
fn start_wire(scene: &Scene<'_>, node: NodeId, pin: &str, from_output: bool, at: Point) -> Option<Drag> {
    let b = scene.board;
    let position = b.node(&node)?.position;
    let layout = (scene.layouts)(&node)?;
    let slot = layout.slot(pin, !from_output)?;
    let anchor = layout.anchor(position, pin, !from_output)?;
    let picked = if from_output || slot.ty.is_exec() {
        None
    } else {
        b.edges.iter().find(|e| e.to.node == node && e.to.pin.as_str() == pin)
    };
    let (end, preview) = match picked {
        Some(edge) => {
            let src = b.node(&edge.from.node)?;
            let src_layout = (scene.layouts)(&edge.from.node)?;
            let ty = src_layout.slot(edge.from.pin.as_str(), false)?.ty;
            let a = src_layout.anchor(src.position, edge.from.pin.as_str(), false)?;
            (WireDrag { pin: edge.from.clone(), from_output: true, ty, detached: Some(edge.id.clone()) }, (a, at))
        }
        None => {
            let preview = if from_output { (anchor, at) } else { (at, anchor) };
            (WireDrag { pin: PinRef::new(node, pin), from_output, ty: slot.ty, detached: None }, preview)
        }
    };
    let accepting = Arc::new(accepting(scene, &end));
    Some(Drag::Wire { end, preview, accepting })
}

/// The board without the wire a drag picked up (it may go back where it was).
fn without(board: &Board, detached: Option<&EdgeId>) -> Option<Board> {
    detached.map(|id| {
        let mut b = board.clone();
        b.edges.retain(|e| &e.id != id);
        b
    })
}

/// Every pin a dragged wire may end at.
fn accepting(scene: &Scene<'_>, end: &WireDrag) -> Accepting {
    let owned = without(scene.board, end.detached.as_ref());
    let board = owned.as_ref().unwrap_or(scene.board);
    let wiring = Wiring::new(board, scene.layouts);
    let mut ok = HashSet::new();
    for n in &board.nodes {
        let Some(layout) = (scene.layouts)(&n.id) else { continue };
        let slots = if end.from_output { &layout.inputs } else { &layout.outputs };
        for s in slots {
            if wiring.accepts(&end.pin, end.from_output, &n.id, &s.name) {
                ok.insert((n.id.clone(), s.name.clone()));
            }
        }
    }
    Accepting { from: Some(end.pin.clone()), ok }
}

/// Ends a wire drag: connect to the pin under the pointer, or open quick-add
/// on empty canvas (a picked-up wire dropped on nothing is deleted).
fn finish_wire(scene: &Scene<'_>, end: WireDrag, hit: Hit, at: Point, world: Point, r: &mut Response) {
    let Hit::Pin { node, pin, output } = hit else {
        match end.detached {
            Some(id) => r.command = Some(Command::RemoveEdges { ids: vec![id] }),
            None => r.quick_add = Some(QuickAdd { screen: at, world, wire: Some(end) }),
        }
        return;
    };
    if output == end.from_output {
        r.message = Some(Message { text: "connect an output to an input".into(), error: true });
        return;
    }
    let other = PinRef::new(node, pin);
    let (from, to) = if end.from_output { (end.pin.clone(), other) } else { (other, end.pin.clone()) };
    if end.detached.as_ref().is_some_and(|id| scene.board.edges.iter().any(|e| &e.id == id && e.to == to)) {
        return; // dropped back where it was
    }
    match connect(scene.board, scene.layouts, &from, &to, end.detached) {
        Ok(cmd) => r.command = Some(cmd),
        Err(refusal) => r.message = Some(Message { text: format!("Cannot connect: {refusal}"), error: true }),
    }
}

/// The command that wires `from` → `to` as one step, dropping a wire picked
/// up for re-routing.
pub fn connect<'a>(
    board: &'a Board,
    layouts: &'a dyn Fn(&NodeId) -> Option<&'a NodeLayout>,
    from: &PinRef,
    to: &PinRef,
    detached: Option<EdgeId>,
) -> Result<Command, crate::Refusal> {
    let owned = without(board, detached.as_ref());
    let cmd = Wiring::new(owned.as_ref().unwrap_or(board), layouts).connect(from, to)?;
    Ok(match detached {
        Some(id) => Command::batch("re-route wire", vec![Command::RemoveEdges { ids: vec![id] }, cmd]),
        None => cmd,
    })
}

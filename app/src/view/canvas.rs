//! The canvas: pan, zoom, nodes, wires, comments, box selection and wire
//! dragging. Pointer input is handled here, on the canvas element, with
//! pointer capture; the pieces (nodes, wires, comments) only render.

use std::collections::HashSet;

use floe_editor::geometry::{Point, Rect, snap};
use floe_editor::{Command, Item, Viewport, Wiring};
use floe_engine::{CommentId, EdgeId, NodeId, PinRef, Position};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::comment::CommentView;
use super::node::NodeView;
use super::quick_add::QuickAddPopup;
use super::wire::{WirePreview, WireView};
use crate::state::{Editor, QuickAdd, WireEnd};

/// What a pointer drag is doing.
#[derive(Clone, Debug)]
enum Drag {
    Pan {
        start: Point,
        from: Viewport,
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
    },
    Wire(WireEnd),
    Resize {
        id: CommentId,
        start: Point,
        from: floe_engine::Size,
    },
    /// A press on the background that may still become a click (clears the selection).
    Click {
        start: Point,
    },
}

/// Pins a dragged wire may end at (all others are dimmed).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Accepting {
    /// The dragged end.
    pub from: Option<PinRef>,
    /// `(node, pin)` pairs on the other side that fit.
    pub ok: HashSet<(NodeId, String)>,
}

/// Shared canvas UI state the pieces read.
#[derive(Clone, Copy)]
pub struct CanvasUi {
    /// While a wire is dragged: the pins it may end at.
    pub accepting: RwSignal<Option<std::sync::Arc<Accepting>>>,
    /// The wire being dragged: start, end, whether it is an execution wire.
    pub preview: RwSignal<Option<(Point, Point, bool)>>,
    /// A value shown under the pointer (screen position, text).
    pub hover: RwSignal<Option<(Point, String)>>,
    /// Input pins with a wire, for showing constants only where they apply.
    pub wired: Memo<HashSet<(NodeId, String)>>,
    /// Whether nodes show their pins (zoomed out far, they show only their title).
    pub detail: Memo<bool>,
}

/// Below this zoom, nodes are drawn as titled boxes (pins are too small to use).
pub const DETAIL_ZOOM: f64 = 0.45;

/// The nodes and wires near the visible part of the canvas: only these are in
/// the page, so a large board costs what its visible part costs. The area is
/// the view grown by half its size on each side and snapped to tiles, so the
/// lists change only when the view moves a good way, not on every frame.
fn visible_items(editor: Editor) -> (Vec<NodeId>, Vec<EdgeId>) {
    let v = editor.viewport.get();
    let (w, h) = editor.canvas_size.get();
    let view = v.visible(w.max(1.0), h.max(1.0));
    let tile = (view.w.max(view.h) / 2.0).max(100.0);
    let snap_down = |x: f64| (x / tile).floor() * tile;
    let snap_up = |x: f64| (x / tile).ceil() * tile;
    let (x0, y0) = (snap_down(view.x - view.w / 2.0), snap_down(view.y - view.h / 2.0));
    let (x1, y1) = (snap_up(view.x + view.w * 1.5), snap_up(view.y + view.h * 1.5));
    let area = Rect { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    let ids = editor.nodes.get();
    let mut rects = std::collections::HashMap::with_capacity(ids.len());
    let mut nodes = Vec::new();
    for id in &ids {
        let Some(ui) = editor.node(id) else { continue };
        let r = ui.look.with(|l| l.layout.rect(ui.pos.get()));
        if r.intersects(&area) {
            nodes.push(id.clone());
        }
        rects.insert(id.clone(), r);
    }
    let edges = editor
        .edges
        .get()
        .into_iter()
        .filter(|id| {
            editor.edge(id).is_some_and(|e| match (rects.get(&e.from.node), rects.get(&e.to.node)) {
                (Some(a), Some(b)) => a.union(b).intersects(&area),
                _ => false,
            })
        })
        .collect();
    (nodes, edges)
}

fn event_point(canvas: &web_sys::HtmlElement, x: i32, y: i32) -> Point {
    let r = canvas.get_bounding_client_rect();
    Point { x: f64::from(x) - r.left(), y: f64::from(y) - r.top() }
}

fn closest(target: &Option<web_sys::EventTarget>, selector: &str) -> Option<web_sys::Element> {
    target.as_ref()?.dyn_ref::<web_sys::Element>()?.closest(selector).ok().flatten()
}

/// The canvas.
#[component]
pub fn Canvas() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let canvas_ref: NodeRef<html::Div> = NodeRef::new();
    let drag: StoredValue<Option<Drag>> = StoredValue::new(None);
    let captured = StoredValue::new(false);
    let space = StoredValue::new(false);
    let box_rect: RwSignal<Option<Rect>> = RwSignal::new(None);
    let edges = editor.edges;
    let wired = Memo::new(move |_| {
        edges.track();
        editor.with_board(|b| b.edges.iter().map(|e| (e.to.node.clone(), e.to.pin.to_string())).collect())
    });
    let ui = CanvasUi {
        accepting: RwSignal::new(None),
        preview: RwSignal::new(None),
        hover: RwSignal::new(None),
        wired,
        detail: Memo::new(move |_| editor.viewport.with(|v| v.zoom >= DETAIL_ZOOM)),
    };
    let visible = Memo::new(move |_| visible_items(editor));
    provide_context(ui);

    // Keep the canvas size known (fit, centring new nodes).
    Effect::new(move |_| {
        if let Some(el) = canvas_ref.get() {
            let r = el.get_bounding_client_rect();
            editor.canvas_size.set((r.width(), r.height()));
        }
    });
    let resize = window_event_listener(ev::resize, move |_| {
        if let Some(el) = canvas_ref.get_untracked() {
            let r = el.get_bounding_client_rect();
            editor.canvas_size.set((r.width(), r.height()));
        }
    });
    let keydown = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.code() == "Space" && !crate::keys::typing(&e) {
            space.set_value(true);
        }
    });
    let keyup = window_event_listener(ev::keyup, move |e: web_sys::KeyboardEvent| {
        if e.code() == "Space" {
            space.set_value(false);
        }
    });
    on_cleanup(move || {
        resize.remove();
        keydown.remove();
        keyup.remove();
    });

    let world = move |p: Point| editor.viewport.get_untracked().to_world(p);

    let on_pointerdown = move |e: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let target = e.target();
        // Controls inside nodes (inline editors) keep their own pointer behaviour.
        if closest(&target, "input, textarea, select, button, .no-drag").is_some() {
            return;
        }
        editor.quick_add.set(None);
        // The canvas takes the press (no text selection), so a field being edited must let go
        // here: its change commits.
        if let Some(active) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element())
            && let Some(el) = active.dyn_ref::<web_sys::HtmlElement>()
            && matches!(el.tag_name().to_ascii_lowercase().as_str(), "input" | "textarea" | "select")
        {
            let _ = el.blur();
        }
        let p = event_point(&canvas, e.client_x(), e.client_y());
        let additive = e.shift_key() || e.meta_key() || e.ctrl_key();
        let next = if e.button() == 1 || (e.button() == 0 && space.get_value()) {
            Some(Drag::Pan { start: p, from: editor.viewport.get_untracked() })
        } else if e.button() != 0 {
            None
        } else if let Some(pin) = closest(&target, "[data-pin]") {
            start_wire(editor, ui, &pin, world(p))
        } else if let Some(handle) = closest(&target, "[data-resize]") {
            let id: CommentId = handle.get_attribute("data-resize").unwrap_or_default().into();
            editor.comment(&id).map(|c| Drag::Resize { id, start: world(p), from: c.data.get_untracked().size })
        } else if let Some(node) = closest(&target, "[data-node]") {
            let id: NodeId = node.get_attribute("data-node").unwrap_or_default().into();
            editor.selection.update(|s| s.press(Item::Node(id), additive));
            Some(start_move(editor, world(p)))
        } else if let Some(c) = closest(&target, "[data-comment]") {
            let id: CommentId = c.get_attribute("data-comment").unwrap_or_default().into();
            editor.selection.update(|s| s.press(Item::Comment(id), additive));
            Some(start_move(editor, world(p)))
        } else if let Some(w) = closest(&target, "[data-edge]") {
            let id: EdgeId = w.get_attribute("data-edge").unwrap_or_default().into();
            editor.selection.update(|s| s.click(Item::Edge(id), additive));
            None
        } else if additive {
            Some(Drag::Box { start: world(p), additive: true })
        } else {
            Some(Drag::Click { start: p })
        };
        if next.is_some() {
            // Captured on the first move, so clicks and double-clicks still reach their element.
            captured.set_value(false);
            e.prevent_default();
        }
        drag.set_value(next);
    };

    let on_pointermove = move |e: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let p = event_point(&canvas, e.client_x(), e.client_y());
        let Some(d) = drag.get_value() else { return };
        if !captured.get_value() {
            captured.set_value(true);
            let _ = canvas.set_pointer_capture(e.pointer_id());
        }
        match d {
            Drag::Pan { start, from } => {
                let mut v = from;
                v.pan(p.x - start.x, p.y - start.y);
                editor.viewport.set(v);
            }
            Drag::Click { start } => {
                if (p.x - start.x).hypot(p.y - start.y) > 3.0 {
                    drag.set_value(Some(Drag::Pan { start, from: editor.viewport.get_untracked() }));
                }
            }
            Drag::Move { start, ref nodes, ref comments, .. } => {
                let w = world(p);
                let (dx, dy) = (w.x - start.x, w.y - start.y);
                for (id, from) in nodes {
                    if let Some(n) = editor.node(id) {
                        n.pos.set(Position { x: from.x + dx, y: from.y + dy });
                    }
                }
                for (id, from) in comments {
                    if let Some(c) = editor.comment(id) {
                        c.data.update(|c| c.position = Position { x: from.x + dx, y: from.y + dy });
                    }
                }
                drag.update_value(|d| {
                    if let Some(Drag::Move { moved, .. }) = d {
                        *moved = true;
                    }
                });
            }
            Drag::Box { start, .. } => box_rect.set(Some(Rect::from_corners(start, world(p)))),
            Drag::Wire(ref end) => {
                let at = world(p);
                ui.preview.update(|pv| {
                    if let Some((a, b, _)) = pv {
                        if end.from_output {
                            *b = at;
                        } else {
                            *a = at;
                        }
                    }
                });
            }
            Drag::Resize { ref id, start, from } => {
                let w = world(p);
                if let Some(c) = editor.comment(id) {
                    c.data.update(|c| {
                        c.size.width = (from.width + w.x - start.x).max(80.0);
                        c.size.height = (from.height + w.y - start.y).max(40.0);
                    });
                }
            }
        }
    };

    let on_pointerup = move |e: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let _ = canvas.release_pointer_capture(e.pointer_id());
        let p = event_point(&canvas, e.client_x(), e.client_y());
        let Some(d) = drag.get_value() else { return };
        drag.set_value(None);
        match d {
            Drag::Pan { .. } => {}
            Drag::Click { .. } => editor.selection.update(|s| s.clear()),
            Drag::Move { start, nodes, comments, moved } => {
                if !moved {
                    return;
                }
                let w = world(p);
                let (dx, dy) = (w.x - start.x, w.y - start.y);
                let to = |from: &Position| Position { x: snap(from.x + dx, 10.0), y: snap(from.y + dy, 10.0) };
                let cmd = Command::MoveItems {
                    nodes: nodes.iter().map(|(id, from)| (id.clone(), to(from))).collect(),
                    comments: comments.iter().map(|(id, from)| (id.clone(), to(from))).collect(),
                };
                editor.apply(cmd);
            }
            Drag::Box { additive, .. } => {
                if let Some(area) = box_rect.get_untracked() {
                    let layouts = editor.layouts();
                    let hits = editor.with_board(|b| {
                        let mut items: Vec<Item> =
                            floe_editor::geometry::nodes_in(b, &area, |id| layouts.get(id).map(|l| &**l))
                                .into_iter()
                                .map(Item::Node)
                                .collect();
                        items.extend(
                            b.comments
                                .iter()
                                .filter(|c| {
                                    area.intersects(&Rect {
                                        x: c.position.x,
                                        y: c.position.y,
                                        w: c.size.width,
                                        h: c.size.height,
                                    })
                                })
                                .map(|c| Item::Comment(c.id.clone())),
                        );
                        items
                    });
                    editor.selection.update(|s| s.set_box(hits, additive));
                }
                box_rect.set(None);
            }
            Drag::Wire(end) => {
                finish_wire(editor, ui, end, &e, p);
            }
            Drag::Resize { id, .. } => {
                if let Some(c) = editor.comment(&id) {
                    let mut comment = c.data.get_untracked();
                    comment.size.width = snap(comment.size.width, 10.0);
                    comment.size.height = snap(comment.size.height, 10.0);
                    editor.apply(Command::EditComment { comment });
                }
            }
        }
    };

    let on_wheel = move |e: web_sys::WheelEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        if closest(&e.target(), ".scrolls").is_some() {
            return;
        }
        e.prevent_default();
        let p = event_point(&canvas, e.client_x(), e.client_y());
        let (dx, dy) = match e.delta_mode() {
            1 => (e.delta_x() * 16.0, e.delta_y() * 16.0),
            2 => (e.delta_x() * 400.0, e.delta_y() * 400.0),
            _ => (e.delta_x(), e.delta_y()),
        };
        editor.viewport.update(|v| {
            if e.ctrl_key() || e.meta_key() {
                // Pinch on a trackpad, or Ctrl + wheel: zoom to the cursor.
                v.zoom_at(p, Viewport::wheel_factor(dy));
            } else {
                v.pan(-dx, -dy);
            }
        });
    };

    // Tooltips for pins and wires (one listener for the whole canvas).
    let on_pointerover = move |e: web_sys::PointerEvent| {
        if drag.with_value(Option::is_some) {
            return;
        }
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let p = event_point(&canvas, e.client_x(), e.client_y());
        let text = if let Some(pin) = closest(&e.target(), "[data-pin]") {
            let node: NodeId = pin.get_attribute("data-node").unwrap_or_default().into();
            let name = pin.get_attribute("data-pin").unwrap_or_default();
            let input = pin.get_attribute("data-side").as_deref() == Some("in");
            super::node::pin_tip(editor, &node, &name, input)
        } else if let Some(w) = closest(&e.target(), "[data-edge]") {
            let id: EdgeId = w.get_attribute("data-edge").unwrap_or_default().into();
            editor.edge(&id).and_then(|edge| {
                let v = editor.run.pin_value(&edge.from.node, edge.from.pin.as_str(), false)?;
                Some(format!("{}.{}: {}", edge.from.node, edge.from.pin, super::node::value_text(&v)))
            })
        } else {
            None
        };
        ui.hover.set(text.map(|t| (p, t)));
    };

    let on_dblclick = move |e: web_sys::MouseEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        if closest(&e.target(), "[data-node], [data-comment], input, textarea").is_some() {
            return;
        }
        let p = event_point(&canvas, e.client_x(), e.client_y());
        editor.quick_add.set(Some(QuickAdd { screen: p, world: world(p), wire: None }));
    };

    // Nodes dragged from the palette.
    let on_dragover = move |e: web_sys::DragEvent| {
        if e.data_transfer().is_some_and(|d| d.types().includes(&"application/x-floe-kind".into(), 0)) {
            e.prevent_default();
        }
    };
    let on_drop = move |e: web_sys::DragEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let Some(kind) =
            e.data_transfer().and_then(|d| d.get_data("application/x-floe-kind").ok()).filter(|k| !k.is_empty())
        else {
            return;
        };
        e.prevent_default();
        e.stop_propagation();
        let p = event_point(&canvas, e.client_x(), e.client_y());
        crate::view::palette::add_node(editor, &kind, world(p), None);
    };

    view! {
        <div
            class="canvas"
            node_ref=canvas_ref
            data-testid="canvas"
            tabindex="-1"
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=move |_| {
                drag.set_value(None);
                box_rect.set(None);
                ui.preview.set(None);
                ui.accepting.set(None);
            }
            on:wheel=on_wheel
            on:pointerover=on_pointerover
            on:pointerleave=move |_| ui.hover.set(None)
            on:dblclick=on_dblclick
            on:dragover=on_dragover
            on:drop=on_drop
            on:contextmenu=move |e| e.prevent_default()
        >
            <div
                class="grid"
                style:background-position=move || {
                    let v = editor.viewport.get();
                    format!("{}px {}px", v.x, v.y)
                }
                style:background-size=move || {
                    let s = 20.0 * editor.viewport.get().zoom;
                    format!("{s}px {s}px")
                }
            ></div>
            <div class="world" style:transform=move || editor.viewport.get().css()>
                <div class="layer comments">
                    <For each=move || editor.comments.get() key=|id| id.clone() let:id>
                        <CommentView id=id />
                    </For>
                </div>
                <svg class="layer wires" width="1" height="1">
                    <For each=move || visible.with(|v| v.1.clone()) key=|id| id.clone() let:id>
                        <WireView id=id />
                    </For>
                    <WirePreview />
                </svg>
                <div class="layer nodes">
                    <For each=move || visible.with(|v| v.0.clone()) key=|id| id.clone() let:id>
                        <NodeView id=id />
                    </For>
                </div>
                {move || {
                    box_rect.get().map(|r| {
                        view! {
                            <div
                                class="box-select"
                                style:left=format!("{}px", r.x)
                                style:top=format!("{}px", r.y)
                                style:width=format!("{}px", r.w)
                                style:height=format!("{}px", r.h)
                            ></div>
                        }
                    })
                }}
            </div>
            <ZoomControls />
            <QuickAddPopup />
            {move || {
                ui.hover.get().map(|(p, text)| {
                    view! {
                        <div class="hover-value" style:left=format!("{}px", p.x + 14.0) style:top=format!("{}px", p.y + 14.0)>
                            {text}
                        </div>
                    }
                })
            }}
            <Show when=move || editor.nodes.with(Vec::is_empty)>
                <div class="empty-hint">
                    <p>"Double-click the canvas (or press /) to add a node, or drag one from the palette."</p>
                    <p>"Drop a .wasm or .wat file anywhere to add a custom node."</p>
                </div>
            </Show>
        </div>
    }
}

/// Starts moving the selected nodes and comments (groups bring the nodes inside them).
fn start_move(editor: Editor, start: Point) -> Drag {
    let sel = editor.selection.get_untracked();
    let layouts = editor.layouts();
    let (nodes, comments) = editor.with_board(|b| {
        let mut ids: Vec<NodeId> = sel.nodes().cloned().collect();
        let comments: Vec<(CommentId, Position)> = b
            .comments
            .iter()
            .filter(|c| sel.comments().any(|id| id == &c.id))
            .map(|c| (c.id.clone(), c.position))
            .collect();
        for c in b
            .comments
            .iter()
            .filter(|c| c.kind == floe_engine::CommentKind::Group && sel.comments().any(|id| id == &c.id))
        {
            let frame = Rect { x: c.position.x, y: c.position.y, w: c.size.width, h: c.size.height };
            for n in &b.nodes {
                if !ids.contains(&n.id) && layouts.get(&n.id).is_some_and(|l| frame.contains_rect(&l.rect(n.position)))
                {
                    ids.push(n.id.clone());
                }
            }
        }
        let nodes = b.nodes.iter().filter(|n| ids.contains(&n.id)).map(|n| (n.id.clone(), n.position)).collect();
        (nodes, comments)
    });
    Drag::Move { start, nodes, comments, moved: false }
}

/// Starts dragging a wire from a pin element (`data-node`, `data-pin`, `data-side`).
fn start_wire(editor: Editor, ui: CanvasUi, el: &web_sys::Element, at: Point) -> Option<Drag> {
    let node: NodeId = el.get_attribute("data-node")?.into();
    let pin = el.get_attribute("data-pin")?;
    let from_output = el.get_attribute("data-side").as_deref() == Some("out");
    let n = editor.node(&node)?;
    let layout = n.look.with_untracked(|l| l.layout.clone());
    let slot = layout.slot(&pin, !from_output)?;
    let anchor = layout.anchor(n.pos.get_untracked(), &pin, !from_output)?;
    // Dragging from a wired data input picks its wire up (re-route it, or drop it to delete).
    let picked = if from_output || slot.ty.is_exec() {
        None
    } else {
        editor.with_board(|b| b.edges.iter().find(|e| e.to.node == node && e.to.pin.as_str() == pin).cloned())
    };
    let end = match picked {
        Some(edge) => {
            let src = editor.node(&edge.from.node)?;
            let src_layout = src.look.with_untracked(|l| l.layout.clone());
            let ty = src_layout.slot(edge.from.pin.as_str(), false).map(|s| s.ty)?;
            let a = src_layout.anchor(src.pos.get_untracked(), edge.from.pin.as_str(), false)?;
            ui.preview.set(Some((a, at, ty.is_exec())));
            WireEnd { pin: edge.from.clone(), from_output: true, ty, detached: Some(edge.id.clone()) }
        }
        None => {
            ui.preview.set(Some(if from_output {
                (anchor, at, slot.ty.is_exec())
            } else {
                (at, anchor, slot.ty.is_exec())
            }));
            WireEnd { pin: PinRef::new(node, pin), from_output, ty: slot.ty, detached: None }
        }
    };
    ui.accepting.set(Some(std::sync::Arc::new(accepting(editor, &end))));
    Some(Drag::Wire(end))
}

/// Every pin a dragged wire may end at.
fn accepting(editor: Editor, end: &WireEnd) -> Accepting {
    let layouts = editor.layouts();
    editor.with_board(|b| {
        let get = |id: &NodeId| layouts.get(id).map(|l| &**l);
        // A picked-up wire no longer counts (it may go back where it was).
        let mut board;
        let b = match &end.detached {
            Some(id) => {
                board = b.clone();
                board.edges.retain(|e| &e.id != id);
                &board
            }
            None => b,
        };
        let wiring = Wiring::new(b, &get);
        let mut ok = HashSet::new();
        for (id, layout) in &layouts {
            let slots = if end.from_output { &layout.inputs } else { &layout.outputs };
            for s in slots {
                if wiring.accepts(&end.pin, end.from_output, id, &s.name) {
                    ok.insert((id.clone(), s.name.clone()));
                }
            }
        }
        Accepting { from: Some(end.pin.clone()), ok }
    })
}

/// Ends a wire drag: connect to the pin under the pointer, or open quick-add
/// on empty canvas (a picked-up wire dropped on nothing is deleted).
fn finish_wire(editor: Editor, ui: CanvasUi, end: WireEnd, e: &web_sys::PointerEvent, p: Point) {
    ui.preview.set(None);
    ui.accepting.set(None);
    let under = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.element_from_point(e.client_x() as f32, e.client_y() as f32));
    let pin = under.as_ref().and_then(|el| el.closest("[data-pin]").ok().flatten());
    let world = editor.viewport.get_untracked().to_world(p);
    match pin {
        Some(el) => {
            let node: NodeId = el.get_attribute("data-node").unwrap_or_default().into();
            let pin_name = el.get_attribute("data-pin").unwrap_or_default();
            let target_is_output = el.get_attribute("data-side").as_deref() == Some("out");
            if target_is_output == end.from_output {
                editor.notify("connect an output to an input", true);
                return;
            }
            let (from, to) = if end.from_output {
                (end.pin.clone(), PinRef::new(node, pin_name))
            } else {
                (PinRef::new(node, pin_name), end.pin.clone())
            };
            if end.detached.is_some()
                && editor.with_board(|b| b.edges.iter().any(|x| Some(&x.id) == end.detached.as_ref() && x.to == to))
            {
                return; // dropped back where it was
            }
            connect(editor, &from, &to, end.detached.clone());
        }
        None => match end.detached {
            Some(id) => {
                editor.apply(Command::RemoveEdges { ids: vec![id] });
            }
            None => editor.quick_add.set(Some(QuickAdd { screen: p, world, wire: Some(end) })),
        },
    }
}

/// Wires `from` → `to` as one step (dropping a wire picked up for re-routing).
pub fn connect(editor: Editor, from: &PinRef, to: &PinRef, detached: Option<EdgeId>) -> bool {
    let layouts = editor.layouts();
    let result = editor.with_board(|b| {
        let get = |id: &NodeId| layouts.get(id).map(|l| &**l);
        let mut board;
        let b = match &detached {
            Some(id) => {
                board = b.clone();
                board.edges.retain(|e| &e.id != id);
                &board
            }
            None => b,
        };
        Wiring::new(b, &get).connect(from, to)
    });
    match result {
        Ok(cmd) => {
            let cmd = match detached {
                Some(id) => Command::batch("re-route wire", vec![Command::RemoveEdges { ids: vec![id] }, cmd]),
                None => cmd,
            };
            editor.apply(cmd)
        }
        Err(refusal) => {
            editor.notify(format!("Cannot connect: {refusal}"), true);
            false
        }
    }
}

#[component]
fn ZoomControls() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let zoom = move |f: f64| {
        let (w, h) = editor.canvas_size.get_untracked();
        editor.viewport.update(|v| v.zoom_at(Point { x: w / 2.0, y: h / 2.0 }, f));
    };
    view! {
        <div class="zoom no-drag">
            <button title="Zoom out (Ctrl+-)" on:click=move |_| zoom(1.0 / 1.2)>"−"</button>
            <button class="zoom-level" data-testid="zoom-level" title="Reset to 100% (Ctrl+0)" on:click=move |_| {
                let (w, h) = editor.canvas_size.get_untracked();
                editor.viewport.update(|v| v.zoom_at(Point { x: w / 2.0, y: h / 2.0 }, 1.0 / v.zoom));
            }>{move || format!("{}%", editor.viewport.get().percent())}</button>
            <button title="Zoom in (Ctrl+=)" on:click=move |_| zoom(1.2)>"+"</button>
            <button title="Fit to content (Shift+1)" data-testid="fit" on:click=move |_| editor.fit()>"Fit"</button>
        </div>
    }
}

impl Editor {
    /// Zooms and pans so everything on the board is visible.
    pub fn fit(&self) {
        let layouts = self.layouts();
        let bounds = self.with_board(|b| floe_editor::geometry::content_bounds(b, |id| layouts.get(id).map(|l| &**l)));
        let (w, h) = self.canvas_size.get_untracked();
        match bounds {
            Some(r) => self.viewport.set(Viewport::fit(r, w, h, 60.0)),
            None => self.viewport.set(Viewport::default()),
        }
    }

    /// The world point at the centre of the canvas.
    pub fn centre(&self) -> Point {
        let (w, h) = self.canvas_size.get_untracked();
        self.viewport.get_untracked().to_world(Point { x: w / 2.0, y: h / 2.0 })
    }
}

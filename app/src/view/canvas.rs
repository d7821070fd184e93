//! The canvas: pan, zoom, nodes, wires, comments, box selection and wire
//! dragging. Pointer input arrives here, on the canvas element, with
//! pointer capture; this view only says what was hit and where, and
//! applies what `floe_editor::gesture` answers. The pieces (nodes, wires,
//! comments) only render.

use std::collections::HashSet;
use std::sync::Arc;

use floe_editor::Viewport;
use floe_editor::geometry::{Point, Rect};
use floe_editor::gesture::{Accepting, Button, Gesture, Hit, Pointer, Response};
use floe_engine::{CommentId, EdgeId, NodeId};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::comment::CommentView;
use super::node::{NodeBubble, NodeView};
use super::quick_add::QuickAddPopup;
use super::wire::{WirePreview, WireView};
use crate::state::Editor;

/// Shared canvas UI state the pieces read.
#[derive(Clone, Copy)]
pub struct CanvasUi {
    /// While a wire is dragged: the pins it may end at.
    pub accepting: RwSignal<Option<Arc<Accepting>>>,
    /// The wire being dragged: start, end, whether it is an execution wire.
    pub preview: RwSignal<Option<(Point, Point, bool)>>,
    /// A tooltip by the pointer (screen position, text, whether it opens to
    /// the left: an input pin's, so it covers neither the node nor the text
    /// under it).
    pub hover: RwSignal<Option<(Point, String, bool)>>,
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
    let gesture: StoredValue<Gesture> = StoredValue::new(Gesture::default());
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

    // Keep the canvas size known (opening a board readably, fit, centring
    // new nodes): the window and the panels around it change it.
    let observer: StoredValue<Option<web_sys::ResizeObserver>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(el) = canvas_ref.get() else { return };
        let r = el.get_bounding_client_rect();
        editor.canvas_resized(r.width(), r.height());
        let on_resize =
            wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
                if let Some(el) = canvas_ref.get_untracked() {
                    let r = el.get_bounding_client_rect();
                    editor.canvas_resized(r.width(), r.height());
                }
            });
        if let Ok(o) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            o.observe(&el);
            observer.set_value(Some(o));
        }
        on_resize.forget();
    });
    let resize = window_event_listener(ev::resize, move |_| {
        if let Some(el) = canvas_ref.get_untracked() {
            let r = el.get_bounding_client_rect();
            editor.canvas_resized(r.width(), r.height());
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
        if let Some(o) = observer.try_get_value().flatten() {
            o.disconnect();
        }
        resize.remove();
        keydown.remove();
        keyup.remove();
    });

    let world = move |p: Point| editor.viewport.get_untracked().to_world(p);

    // What a gesture answers: shown live, applied to the board, or said.
    let respond = move |r: Response| {
        if let Some(s) = r.select {
            editor.selection.set(s);
        }
        if let Some(v) = r.viewport {
            editor.viewport.set(v);
        }
        for (id, p) in r.nodes_at {
            if let Some(n) = editor.node(&id) {
                n.pos.set(p);
            }
        }
        for (id, p) in r.comments_at {
            if let Some(c) = editor.comment(&id) {
                c.data.update(|c| c.position = p);
            }
        }
        if let Some((id, size)) = r.comment_size
            && let Some(c) = editor.comment(&id)
        {
            c.data.update(|c| c.size = size);
        }
        if let Some(cmd) = r.command {
            editor.apply(cmd);
        }
        if let Some(qa) = r.quick_add {
            editor.quick_add.set(Some(qa));
        }
        if let Some(m) = r.message {
            editor.notify(m.text, m.error);
        }
        // The previews the gesture holds.
        let (wire, rect, accepting) = gesture.with_value(|g| (g.wire_preview(), g.box_rect(), g.accepting()));
        if ui.preview.get_untracked() != wire {
            ui.preview.set(wire);
        }
        if box_rect.get_untracked() != rect {
            box_rect.set(rect);
        }
        let same = match (ui.accepting.get_untracked(), &accepting) {
            (Some(a), Some(b)) => Arc::ptr_eq(&a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        if !same {
            ui.accepting.set(accepting);
        }
    };

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
        let pointer = Pointer {
            at: event_point(&canvas, e.client_x(), e.client_y()),
            button: match e.button() {
                0 => Button::Primary,
                1 => Button::Middle,
                _ => Button::Other,
            },
            additive: e.shift_key() || e.meta_key() || e.ctrl_key(),
            space: space.get_value(),
        };
        let hit = hit_of(&target);
        let r = editor
            .with_scene(|scene| gesture.try_update_value(|g| g.down(scene, pointer, hit)))
            .expect("the gesture lives as long as the canvas");
        if r.claimed {
            e.prevent_default();
        }
        respond(r);
    };

    let on_pointermove = move |e: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let p = event_point(&canvas, e.client_x(), e.client_y());
        editor.pointer.set_value(Some(p));
        if !gesture.with_value(Gesture::active) {
            return;
        }
        let viewport = editor.viewport.get_untracked();
        let r = gesture.try_update_value(|g| g.moved(&viewport, p)).expect("the gesture lives as long as the canvas");
        if r.capture {
            let _ = canvas.set_pointer_capture(e.pointer_id());
        }
        respond(r);
    };

    let on_pointerup = move |e: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let _ = canvas.release_pointer_capture(e.pointer_id());
        if !gesture.with_value(Gesture::active) {
            return;
        }
        let p = event_point(&canvas, e.client_x(), e.client_y());
        // With the pointer captured, the event's target is the canvas: ask what is under it.
        let under = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.element_from_point(e.client_x() as f32, e.client_y() as f32));
        let hit = hit_of(&under.map(Into::into));
        let r = editor
            .with_scene(|scene| gesture.try_update_value(|g| g.up(scene, p, hit)))
            .expect("the gesture lives as long as the canvas");
        respond(r);
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
        if gesture.with_value(Gesture::active) {
            return;
        }
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let p = event_point(&canvas, e.client_x(), e.client_y());
        let mut left = false;
        let text = if let Some(pin) = closest(&e.target(), "[data-pin]") {
            let node: NodeId = pin.get_attribute("data-node").unwrap_or_default().into();
            let name = pin.get_attribute("data-pin").unwrap_or_default();
            let input = pin.get_attribute("data-side").as_deref() == Some("in");
            left = input;
            super::node::pin_tip(editor, &node, &name, input)
        } else if let Some(w) = closest(&e.target(), "[data-edge]") {
            let id: EdgeId = w.get_attribute("data-edge").unwrap_or_default().into();
            editor.edge(&id).and_then(|edge| {
                let v = editor.pin_value(&edge.from.node, edge.from.pin.as_str(), false)?;
                Some(format!("{}.{}: {}", edge.from.node, edge.from.pin, super::node::value_text(&v)))
            })
        } else {
            None
        };
        ui.hover.set(text.map(|t| (p, t, left)));
    };

    let on_dblclick = move |e: web_sys::MouseEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        if closest(&e.target(), "input, textarea").is_some() {
            return;
        }
        let p = event_point(&canvas, e.client_x(), e.client_y());
        let hit = hit_of(&e.target());
        // A subflow instance opens.
        if let Hit::Node(id) = &hit
            && editor.node(id).is_some_and(|ui| ui.look.with_untracked(|l| l.kind.starts_with("subflow:")))
        {
            editor.open_instance(id);
            return;
        }
        if let Some(qa) = editor.with_scene(|scene| gesture.with_value(|g| g.double_click(scene, p, &hit))) {
            editor.quick_add.set(Some(qa));
        }
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
        editor.add_node(&kind, floe_editor::edit::Anchor::At(world(p)), None);
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
                let r = gesture.try_update_value(Gesture::cancel).unwrap_or_default();
                respond(r);
            }
            on:wheel=on_wheel
            on:pointerover=on_pointerover
            on:pointerleave=move |_| {
                ui.hover.set(None);
                editor.pointer.set_value(None);
            }
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
            <Breadcrumb />
            <div class="world" style:transform=move || editor.viewport.get().css()>
                <div class="layer comments">
                    <For each=move || editor.comments.get() key=|id| id.clone() let:id>
                        <CommentView id=id />
                    </For>
                </div>
                <svg class="layer wires" width="1" height="1">
                    // Keyed by the ends too: a wire id may come back joining other
                    // nodes (another subflow opened, a version restored).
                    <For each=move || visible.with(|v| v.1.clone()) key=move |id| (id.clone(), editor.edge(id).map(|e| (e.from, e.to))) let:id>
                        <WireView id=id />
                    </For>
                    <WirePreview />
                </svg>
                <div class="layer nodes">
                    <For each=move || visible.with(|v| v.0.clone()) key=|id| id.clone() let:id>
                        <NodeView id=id />
                    </For>
                </div>
                <div class="layer bubbles">
                    <For each=move || visible.with(|v| v.0.clone()) key=|id| id.clone() let:id>
                        <NodeBubble id=id />
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
            <CanvasNotices />
            <QuickAddPopup />
            {move || {
                ui.hover.get().map(|(p, text, left)| {
                    // Above the pointer, on the side away from the node.
                    let w = editor.canvas_size.get_untracked().0;
                    let (left_css, right_css) =
                        if left { ("auto".to_owned(), format!("{}px", w - p.x + 14.0)) } else { (format!("{}px", p.x + 14.0), "auto".to_owned()) };
                    view! {
                        <div class="hover-value" data-testid="hover-value" role="tooltip" style:left=left_css style:right=right_css
                            style:top=format!("{}px", p.y - 12.0) style:transform="translateY(-100%)">
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

/// What an event target is (the element or the nearest one up that means something).
fn hit_of(target: &Option<web_sys::EventTarget>) -> Hit {
    if let Some(pin) = closest(target, "[data-pin]") {
        return Hit::Pin {
            node: pin.get_attribute("data-node").unwrap_or_default().into(),
            pin: pin.get_attribute("data-pin").unwrap_or_default(),
            output: pin.get_attribute("data-side").as_deref() == Some("out"),
        };
    }
    let attr = |el: web_sys::Element, name: &str| el.get_attribute(name).unwrap_or_default();
    if let Some(el) = closest(target, "[data-resize]") {
        Hit::Resize(CommentId::from(attr(el, "data-resize")))
    } else if let Some(el) = closest(target, "[data-node]") {
        Hit::Node(NodeId::from(attr(el, "data-node")))
    } else if let Some(el) = closest(target, "[data-comment]") {
        Hit::Comment(CommentId::from(attr(el, "data-comment")))
    } else if let Some(el) = closest(target, "[data-edge]") {
        Hit::Edge(EdgeId::from(attr(el, "data-edge")))
    } else {
        Hit::Background
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

/// The notices, over the canvas: in its bottom-left corner, or its top-left
/// when the selected node (what a notice is most often about) is down
/// there — so they never cover a panel, the WAT editor, or that node.
#[component]
fn CanvasNotices() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let at_top = Memo::new(move |_| {
        let (w, h) = editor.canvas_size.get();
        let zone = Rect { x: 0.0, y: h - 160.0, w: w.min(560.0), h: 160.0 };
        let v = editor.viewport.get();
        editor.selection.with(|s| s.only_node().cloned()).and_then(|id| editor.node(&id)).is_some_and(|ui| {
            let r = ui.look.with(|l| l.layout.rect(ui.pos.get()));
            let a = v.to_screen(Point { x: r.x, y: r.y });
            Rect { x: a.x, y: a.y, w: r.w * v.zoom, h: r.h * v.zoom }.intersects(&zone)
        })
    });
    view! {
        <Show when=move || editor.visible.get()>
            <div class="canvas-notices no-drag" class:at-top=at_top>
                <NoticeList class="notices" />
            </div>
        </Show>
    }
}

/// The notices in the order they came.
#[component]
pub fn NoticeList(class: &'static str) -> impl IntoView {
    let editor = expect_context::<Editor>();
    view! {
        <div class=class data-testid="notices" role="status" aria-live="polite">
            {move || editor.notices.get().into_iter().map(|n| {
                let has_details = n.details.is_some();
                view! {
                    <div class="notice" class:error=n.error class:has-details=has_details>
                        {n.text}
                        {n.details.map(|d| view! { <details><summary>"Details"</summary><pre>{d}</pre></details> })}
                    </div>
                }
            }).collect::<Vec<_>>()}
        </div>
    }
}

/// Where the canvas is: the board, or a subflow opened in it (each step
/// back a button).
#[component]
fn Breadcrumb() -> impl IntoView {
    let editor = expect_context::<Editor>();
    move || {
        let steps = editor.breadcrumb();
        (!steps.is_empty()).then(|| {
            let last = steps.len() - 1;
            view! {
                <nav class="breadcrumb" data-testid="breadcrumb" aria-label="Where you are" on:pointerdown=|e| e.stop_propagation()>
                    {steps
                        .into_iter()
                        .enumerate()
                        .map(|(i, (name, back))| {
                            if i == last {
                                view! { <span class="here" data-testid="breadcrumb-here">{name}</span> }.into_any()
                            } else {
                                view! {
                                    <button data-testid="breadcrumb-back" on:click=move |_| editor.close_subflow(back)>{name}</button>
                                    <span class="sep">" › "</span>
                                }
                                .into_any()
                            }
                        })
                        .collect::<Vec<_>>()}
                </nav>
            }
        })
    }
}

//! The palette: every node kind by category, with fuzzy search over names
//! and descriptions. Drag a kind onto the canvas or click it to add it.

use floe_editor::geometry::{Point, snap};
use floe_editor::search::{self, WireEnd as SearchEnd};
use floe_editor::{Command, ids};
use floe_engine::{Edge, Node, PinRef};
use leptos::prelude::*;

use crate::state::{Editor, WireEnd};

/// A spot near `at` that no node starts at (nodes added one after another cascade).
pub fn free_spot(editor: Editor, at: Point) -> Point {
    let mut p = Point { x: snap(at.x, 10.0), y: snap(at.y, 10.0) };
    editor.with_board(|b| {
        while b.nodes.iter().any(|n| (n.position.x - p.x).abs() < 20.0 && (n.position.y - p.y).abs() < 20.0) {
            p.x += 30.0;
            p.y += 30.0;
        }
    });
    p
}

/// Adds a node of `kind` at `at` (world), wired to `wire` when given; one undo step.
pub fn add_node(editor: Editor, kind: &str, at: Point, wire: Option<&WireEnd>) -> bool {
    let Some(def) = editor.catalog.with_value(|c| c.get(kind).map(|k| k.def().clone())) else {
        editor.notify(format!("unknown node kind `{kind}`"), true);
        return false;
    };
    let id = editor.with_board(|b| ids::node_id(b, &ids::base_for_kind(kind), &[]));
    let node = Node::new(id.clone(), kind).at(snap(at.x, 10.0), snap(at.y, 10.0));
    let mut commands = vec![Command::AddNodes { nodes: vec![node], at: vec![] }];
    if let Some(end) = wire {
        let Some(pin) = search::fitting_pin(&def, SearchEnd { ty: end.ty, from_output: end.from_output }) else {
            editor.notify(format!("{} has no pin that fits this wire", def.friendly_name), true);
            return false;
        };
        let new_pin = PinRef::new(id.clone(), pin);
        let (from, to) = if end.from_output { (end.pin.clone(), new_pin) } else { (new_pin, end.pin.clone()) };
        let had_constant = editor.with_board(|b| b.node(&to.node).is_some_and(|n| n.inputs.contains_key(&to.pin)));
        if had_constant {
            commands.push(Command::SetInput { node: to.node.clone(), pin: to.pin.clone(), value: None });
        }
        let edge_id = editor.with_board(|b| ids::edge_id(b, &[]));
        commands.push(Command::AddEdges { edges: vec![Edge::new(edge_id, from, to)], at: vec![] });
    }
    let ok = editor.apply(Command::batch(format!("add {}", def.friendly_name), commands));
    if ok {
        editor.select_nodes([id.into()]);
    }
    ok
}

/// The palette sidebar.
#[component]
pub fn Palette() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let query = RwSignal::new(String::new());
    let open_cats = RwSignal::new(std::collections::HashSet::<String>::new());
    let hits = Memo::new(move |_| {
        editor.catalog_rev.track();
        let q = query.get();
        editor.catalog.with_value(|c| {
            search::search(c.defs(), &q, None)
                .into_iter()
                .map(|h| {
                    (h.def.name.clone(), h.def.friendly_name.clone(), h.def.category.clone(), h.def.description.clone())
                })
                .collect::<Vec<_>>()
        })
    });
    let cats = Memo::new(move |_| {
        editor.catalog_rev.track();
        editor.catalog.with_value(|c| search::categories(c.defs()))
    });
    let item = move |(kind, friendly, category, description): (String, String, String, String)| {
        let k1 = kind.clone();
        let k2 = kind.clone();
        view! {
            <li
                class="palette-item"
                draggable="true"
                data-kind=kind.clone()
                data-testid=format!("palette-{kind}")
                title=format!("{description}\n\n{kind} · {category}\nClick to add, or drag onto the canvas.")
                style=format!("--hue: {}", super::node::category_hue(search::top_category(&category)))
                on:dragstart=move |e: web_sys::DragEvent| {
                    if let Some(dt) = e.data_transfer() {
                        let _ = dt.set_data("application/x-floe-kind", &k1);
                        dt.set_effect_allowed("copy");
                    }
                }
                on:click=move |_| {
                    let c = editor.centre();
                    add_node(editor, &k2, free_spot(editor, Point { x: c.x - 100.0, y: c.y - 40.0 }), None);
                }
            >
                <span class="swatch"></span>
                <span class="palette-name">{friendly}</span>
            </li>
        }
    };
    view! {
        <aside class="palette">
            <input
                class="palette-search"
                type="search"
                placeholder="Search nodes…"
                data-testid="palette-search"
                prop:value=move || query.get()
                on:input=move |e| query.set(event_target_value(&e))
                on:keydown=move |e: web_sys::KeyboardEvent| {
                    if e.key() == "Enter" && let Some(first) = hits.with_untracked(|h| h.first().map(|x| x.0.clone())) {
                        let c = editor.centre();
                        add_node(editor, &first, free_spot(editor, Point { x: c.x - 100.0, y: c.y - 40.0 }), None);
                    }
                }
            />
            <div class="palette-list scrolls">
                {move || {
                    if query.with(|q| !q.trim().is_empty()) {
                        let items = hits.get().into_iter().map(item).collect::<Vec<_>>();
                        let empty = items.is_empty();
                        view! {
                            <ul class="palette-hits">{items}</ul>
                            {empty.then(|| view! { <p class="muted">"No node matches."</p> })}
                        }
                        .into_any()
                    } else {
                        cats.get()
                            .into_iter()
                            .map(|cat| {
                                let c1 = cat.clone();
                                let c2 = cat.clone();
                                let c3 = cat.clone();
                                let n = hits.with(|h| h.iter().filter(|h| search::top_category(&h.2) == cat).count());
                                view! {
                                    <section class="palette-cat">
                                        <h3 on:click=move |_| open_cats.update(|o| if !o.remove(&c1) { o.insert(c1.clone()); })>
                                            <span class="caret">{move || if open_cats.with(|o| o.contains(&c2)) { "▸" } else { "▾" }}</span>
                                            {cat.clone()}
                                            <span class="count">{n}</span>
                                        </h3>
                                        {move || (!open_cats.with(|o| o.contains(&c3))).then(|| {
                                            let items = hits
                                                .get()
                                                .into_iter()
                                                .filter(|h| search::top_category(&h.2) == c3)
                                                .map(item)
                                                .collect::<Vec<_>>();
                                            view! { <ul>{items}</ul> }
                                        })}
                                    </section>
                                }
                            })
                            .collect::<Vec<_>>()
                            .into_any()
                    }
                }}
            </div>
        </aside>
    }
}

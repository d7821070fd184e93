//! The palette: every node kind by category, with fuzzy search over names
//! and descriptions. Drag a kind onto the canvas or click it to add it.

use floe_editor::panels::Side;
use floe_editor::search;
use leptos::prelude::*;

use crate::state::Editor;

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
        let label = format!("Add {friendly}");
        let k1 = kind.clone();
        let k2 = kind.clone();
        view! {
            <li>
                <button
                    class="palette-item"
                    aria-label=label
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
                        editor.add_node_in_view(&k2);
                    }
                >
                    <span class="swatch"></span>
                    <span class="palette-name">{friendly}</span>
                </button>
            </li>
        }
    };
    let open = Memo::new(move |_| editor.panels.with(|p| p.palette));
    view! {
        <aside class="palette" class:collapsed=move || !open.get() data-testid="palette" aria-label="Nodes">
            <super::side::SideToggle side=Side::Palette name="node palette" />
            <div class="side-body" class:hidden=move || !open.get()>
            <input
                aria-label="Search nodes"
                class="palette-search"
                type="search"
                placeholder="Search nodes…"
                data-testid="palette-search"
                prop:value=move || query.get()
                on:input=move |e| query.set(event_target_value(&e))
                on:keydown=move |e: web_sys::KeyboardEvent| {
                    if e.key() == "Enter" && let Some(first) = hits.with_untracked(|h| h.first().map(|x| x.0.clone())) {
                        editor.add_node_in_view(&first);
                    }
                }
            />
            <div class="palette-list scrolls">
                <LibraryList />
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
                                let c4 = cat.clone();
                                let n = hits.with(|h| h.iter().filter(|h| search::top_category(&h.2) == cat).count());
                                view! {
                                    <section class="palette-cat">
                                        <h2>
                                            <button class="cat-toggle"
                                                aria-expanded=move || if open_cats.with(|o| o.contains(&c4)) { "false" } else { "true" }
                                                on:click=move |_| open_cats.update(|o| if !o.remove(&c1) { o.insert(c1.clone()); })>
                                                <span class="caret" aria-hidden="true">{move || if open_cats.with(|o| o.contains(&c2)) { "▸" } else { "▾" }}</span>
                                                {cat.clone()}
                                                <span class="count">{n}</span>
                                            </button>
                                        </h2>
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
            </div>
        </aside>
    }
}

/// The subflows saved in this browser's library (the newest version of
/// each): click one to add it to the board.
#[component]
fn LibraryList() -> impl IntoView {
    let lib = expect_context::<crate::state::library::Library>();
    move || {
        let items: Vec<(String, String, String)> = lib.subflow_library.with(|entries| {
            floe_editor::library::latest(entries)
                .into_iter()
                .map(|e| (e.hash.clone(), e.subflow.name.clone(), e.subflow.description.clone()))
                .collect()
        });
        (!items.is_empty()).then(|| {
            view! {
                <section class="palette-cat" data-testid="subflow-library">
                    <h2><span class="cat-title">"Your subflow library"</span></h2>
                    <ul>
                        {items
                            .into_iter()
                            .map(|(hash, name, description)| {
                                let h = hash.clone();
                                view! {
                                    <li>
                                        <button class="palette-item" data-testid="library-item" data-hash=hash title=format!("{description}\n\nClick to add it to this board.")
                                            style="--hue: 260" on:click=move |_| lib.add_from_library(&h)>
                                            <span class="swatch"></span>
                                            <span class="palette-name">{name}</span>
                                        </button>
                                    </li>
                                }
                            })
                            .collect::<Vec<_>>()}
                    </ul>
                </section>
            }
        })
    }
}

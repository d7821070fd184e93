//! Quick-add: a search box at the pointer (double-click, `/`, or a wire
//! dropped on empty canvas, which filters to nodes that fit the wire).

use floe_editor::search;
use leptos::html;
use leptos::prelude::*;

use crate::state::Editor;

/// The popup (rendered when `Editor::quick_add` is set).
#[component]
pub fn QuickAddPopup() -> impl IntoView {
    let editor = expect_context::<Editor>();
    view! {
        {move || editor.quick_add.get().map(|qa| view! { <QuickAddBox qa=qa /> })}
    }
}

#[component]
fn QuickAddBox(qa: crate::state::QuickAdd) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let input: NodeRef<html::Input> = NodeRef::new();
    let end = qa.wire.as_ref().map(|w| w.filter());
    let hits = Memo::new(move |_| {
        editor.catalog_rev.track();
        let q = query.get();
        editor.catalog.with_value(|c| {
            search::search(c.defs(), &q, end)
                .into_iter()
                .take(60)
                .map(|h| {
                    (h.def.name.clone(), h.def.friendly_name.clone(), h.def.category.clone(), h.def.description.clone())
                })
                .collect::<Vec<_>>()
        })
    });
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    let qa2 = qa.clone();
    let choose = move |kind: String| {
        editor.add_node(&kind, floe_editor::edit::Anchor::At(qa2.world), qa2.wire.as_ref());
        editor.quick_add.set(None);
    };
    let choose2 = choose.clone();
    let title = if let Some(w) = &qa.wire {
        format!("Add a node that {} {}", if w.from_output { "takes" } else { "gives" }, w.ty)
    } else {
        "Add a node".to_owned()
    };
    view! {
        <div
            class="quick-add no-drag"
            data-testid="quick-add"
            style:left=move || format!("{}px", qa.screen.x.min(editor.canvas_size.get().0 - 310.0).max(4.0))
            style:top=move || format!("{}px", qa.screen.y.min(editor.canvas_size.get().1 - 370.0).max(4.0))
            on:pointerdown=move |e| e.stop_propagation()
        >
            <div class="quick-add-title">{title}</div>
            <input
                node_ref=input
                type="search"
                placeholder="Search…"
                data-testid="quick-add-search"
                prop:value=move || query.get()
                on:input=move |e| {
                    query.set(event_target_value(&e));
                    active.set(0);
                }
                on:keydown=move |e: web_sys::KeyboardEvent| match e.key().as_str() {
                    "ArrowDown" => {
                        e.prevent_default();
                        active.update(|a| *a = (*a + 1).min(hits.with_untracked(|h| h.len().saturating_sub(1))));
                    }
                    "ArrowUp" => {
                        e.prevent_default();
                        active.update(|a| *a = a.saturating_sub(1));
                    }
                    "Enter" => {
                        if let Some(k) = hits.with_untracked(|h| h.get(active.get_untracked()).map(|x| x.0.clone())) {
                            choose2(k);
                        }
                    }
                    "Escape" => editor.quick_add.set(None),
                    _ => {}
                }
            />
            <ul class="quick-add-list scrolls">
                {move || {
                    let choose = choose.clone();
                    hits.get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, (kind, friendly, category, description))| {
                            let choose = choose.clone();
                            let k = kind.clone();
                            view! {
                                <li
                                    class:active=move || active.get() == i
                                    data-kind=kind.clone()
                                    title=description
                                    on:click=move |_| choose(k.clone())
                                    on:pointerenter=move |_| active.set(i)
                                >
                                    <span class="qa-name">{friendly}</span>
                                    <span class="qa-cat">{category}</span>
                                </li>
                            }
                        })
                        .collect::<Vec<_>>()
                }}
                {move || hits.with(Vec::is_empty).then(|| view! { <li class="muted">"No node fits."</li> })}
            </ul>
        </div>
    }
}

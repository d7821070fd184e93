//! A drop-down menu for the toolbar: a button that opens a list of actions.
//! Keyboard: Enter, Space or ArrowDown open it with the first item focused;
//! ArrowUp/ArrowDown move, Escape closes (focus back on the button), Tab
//! leaves; a click outside closes it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One action in a menu.
pub struct MenuItem {
    /// What it says.
    pub label: &'static str,
    /// Its tooltip.
    pub title: &'static str,
    /// The test id of its button.
    pub testid: &'static str,
    /// Whether it can be used now.
    pub enabled: Signal<bool>,
    /// What it does.
    pub run: Callback<()>,
}

fn items_of(list: &web_sys::HtmlElement) -> Vec<web_sys::HtmlElement> {
    let Ok(nodes) = list.query_selector_all("[role=menuitem]:not(:disabled)") else { return Vec::new() };
    (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).collect()
}

/// Moves the focus `by` items along (wrapping), or to the first item.
fn move_focus(list: &web_sys::HtmlElement, by: i32) {
    let items = items_of(list);
    if items.is_empty() {
        return;
    }
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let at = items.iter().position(|el| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>()));
    let n = items.len() as i32;
    let next = match at {
        Some(i) => (i as i32 + by).rem_euclid(n),
        None if by < 0 => n - 1,
        None => 0,
    };
    let _ = items[next as usize].focus();
}

/// The menu.
#[component]
pub fn Menu(label: &'static str, title: &'static str, testid: &'static str, items: Vec<MenuItem>) -> impl IntoView {
    let open = RwSignal::new(false);
    let button: NodeRef<html::Button> = NodeRef::new();
    let list: NodeRef<html::Div> = NodeRef::new();
    let close = move |refocus: bool| {
        open.set(false);
        if refocus && let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    // A press anywhere outside closes it.
    let outside = window_event_listener(leptos::ev::pointerdown, move |e: web_sys::PointerEvent| {
        if !open.get_untracked() {
            return;
        }
        let inside = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".menu").ok().flatten())
            .is_some_and(|m| m.get_attribute("data-menu").as_deref() == Some(testid));
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    let on_key = move |e: web_sys::KeyboardEvent| {
        let Some(el) = list.get_untracked() else { return };
        let el: &web_sys::HtmlElement = &el;
        match e.key().as_str() {
            "ArrowDown" => {
                e.prevent_default();
                move_focus(el, 1);
            }
            "ArrowUp" => {
                e.prevent_default();
                move_focus(el, -1);
            }
            // Only an open menu takes Escape (a closed one leaves it to dialogs and the editor).
            "Escape" if open.get_untracked() => {
                e.prevent_default();
                e.stop_propagation();
                close(true);
            }
            "Tab" => open.set(false),
            _ => {}
        }
    };
    let open_with_focus = move || {
        open.set(true);
        request_animation_frame(move || {
            if let Some(el) = list.get_untracked() {
                move_focus(&el, 1);
            }
        });
    };
    let buttons = items
        .into_iter()
        .map(|item| {
            let MenuItem { label, title, testid, enabled, run } = item;
            view! {
                <button role="menuitem" class="menu-item" title=title data-testid=testid
                    disabled=move || !enabled.get()
                    on:click=move |_| {
                        close(true);
                        run.run(());
                    }>{label}</button>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="menu" data-menu=testid on:keydown=on_key>
            <button
                node_ref=button
                class="menu-button"
                title=title
                data-testid=testid
                aria-haspopup="menu"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| if open.get_untracked() { open.set(false) } else { open.set(true) }
                on:keydown=move |e: web_sys::KeyboardEvent| {
                    if e.key() == "ArrowDown" && !open.get_untracked() {
                        e.prevent_default();
                        // The menu's own handler would move the focus once more.
                        e.stop_propagation();
                        open_with_focus();
                    }
                }
            >{label}" ▾"</button>
            <div class="menu-list" role="menu" aria-label=label node_ref=list class:hidden=move || !open.get()>
                {buttons}
            </div>
        </div>
    }
}

//! A side panel's button that closes it to a rail and opens it again, and
//! the rail's label.

use floe_editor::panels::Side;
use leptos::prelude::*;

use crate::state::Editor;

/// The toggle and, while closed, the rail's label (`name`: what the panel is).
#[component]
pub fn SideToggle(side: Side, name: &'static str) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let open = Memo::new(move |_| {
        editor.panels.with(|p| match side {
            Side::Palette => p.palette,
            Side::Inspector => p.inspector,
        })
    });
    // The arrow points where the panel goes.
    let (hide, show) = match side {
        Side::Palette => ("‹", "›"),
        Side::Inspector => ("›", "‹"),
    };
    let testid = match side {
        Side::Palette => "palette-toggle",
        Side::Inspector => "inspector-toggle",
    };
    let label = move || if open.get() { format!("Hide the {name}") } else { format!("Show the {name}") };
    view! {
        <button class="icon side-toggle" data-testid=testid
            aria-label=label
            aria-expanded=move || if open.get() { "true" } else { "false" }
            title=label
            on:click=move |_| editor.panels_do(|p| p.toggle_side(side))>
            {move || if open.get() { hide } else { show }}
        </button>
        <Show when=move || !open.get()>
            <span class="rail-label" aria-hidden="true">{name}</span>
        </Show>
    }
}

//! Wires: an SVG curve per edge, recomputed only when one of its two nodes
//! moves or changes, and the preview while a wire is dragged.

use floe_editor::Item;
use floe_editor::geometry::wire_path;
use floe_engine::EdgeId;
use leptos::prelude::*;

use super::canvas::CanvasUi;
use crate::state::Editor;

/// One wire.
#[component]
pub fn WireView(id: EdgeId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let Some(edge) = editor.edge(&id) else { return ().into_any() };
    let (from, to) = (editor.node(&edge.from.node), editor.node(&edge.to.node));
    let (from_pin, to_pin) = (edge.from.pin.to_string(), edge.to.pin.to_string());
    let ends = Memo::new(move |_| {
        let (f, t) = (from?, to?);
        let a = f.look.with(|l| l.layout.anchor(f.pos.get(), &from_pin, false))?;
        let b = t.look.with(|l| l.layout.anchor(t.pos.get(), &to_pin, true))?;
        let exec = f.look.with(|l| l.layout.slot(&from_pin, false).is_some_and(|s| s.ty.is_exec()));
        let data = f.look.with(|l| l.layout.slot(&from_pin, false).map(|s| s.ty.data.name().to_lowercase()));
        Some((wire_path(a, b), exec, data.unwrap_or_default()))
    });
    let item = Item::Edge(id.clone());
    let selected = editor.selected.watch(item.clone());
    view! {
        <g
            class="wire"
            data-t=move || ends.with(|e| e.as_ref().map(|e| e.2.clone()).unwrap_or_default())
            class:exec=move || ends.with(|e| e.as_ref().is_some_and(|e| e.1))
            class:selected=move || selected.get()
            data-edge=id.to_string()
        >
            <path class="wire-hit" d=move || ends.with(|e| e.as_ref().map(|e| e.0.clone()).unwrap_or_default()) />
            <path class="wire-line" d=move || ends.with(|e| e.as_ref().map(|e| e.0.clone()).unwrap_or_default()) />
        </g>
    }
    .into_any()
}

/// The wire following the pointer while dragging.
#[component]
pub fn WirePreview() -> impl IntoView {
    let canvas = expect_context::<CanvasUi>();
    view! {
        {move || {
            canvas.preview.get().map(|(a, b, exec)| {
                view! { <path class="wire-preview" class:exec=exec d=wire_path(a, b) /> }
            })
        }}
    }
}

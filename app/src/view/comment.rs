//! Notes and groups. A group is a frame behind nodes (dragging its title
//! moves the nodes inside it); a note is a sticky. Text is always text.

use floe_editor::{Command, Item};
use floe_engine::{CommentId, CommentKind};
use leptos::prelude::*;

use crate::state::Editor;

/// One comment.
#[component]
pub fn CommentView(id: CommentId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let Some(ui) = editor.comment(&id) else { return ().into_any() };
    let item = Item::Comment(id.clone());
    let selected = editor.selected.watch(item.clone());
    let editing = RwSignal::new(false);
    let commit = move |text: String| {
        editing.set(false);
        let mut c = ui.data.get_untracked();
        if c.text != text {
            c.text = text;
            editor.apply(Command::EditComment { comment: c });
        }
    };
    let sid = id.to_string();
    view! {
        <div
            class="comment"
            class:group=move || ui.data.with(|c| c.kind == CommentKind::Group)
            class:selected=move || selected.get()
            data-comment=sid.clone()
            data-testid=format!("comment-{sid}")
            style:transform=move || ui.data.with(|c| format!("translate({}px, {}px)", c.position.x, c.position.y))
            style:width=move || ui.data.with(|c| format!("{}px", c.size.width))
            style:height=move || ui.data.with(|c| format!("{}px", c.size.height))
            style:border-color=move || ui.data.with(|c| c.color.clone().unwrap_or_default())
        >
            <div
                class="comment-head"
                title="Drag to move; double-click to edit"
                on:dblclick=move |e| {
                    e.stop_propagation();
                    editing.set(true);
                }
            >
                {move || {
                    ui.data.with(|c| if c.kind == CommentKind::Group { c.text.lines().next().unwrap_or("").to_owned() } else { "Note".into() })
                }}
            </div>
            {move || {
                if editing.get() {
                    let text = ui.data.with_untracked(|c| c.text.clone());
                    view! {
                        <textarea
                            class="comment-edit"
                            prop:value=text
                            autofocus=true
                            on:blur=move |e| commit(event_target_value(&e))
                            on:keydown=move |e: web_sys::KeyboardEvent| {
                                if e.key() == "Escape" {
                                    editing.set(false);
                                }
                            }
                        ></textarea>
                    }
                    .into_any()
                } else {
                    view! {
                        <div class="comment-body" on:dblclick=move |e| {
                            e.stop_propagation();
                            editing.set(true);
                        }>
                            {move || ui.data.with(|c| if c.kind == CommentKind::Group { c.text.lines().skip(1).collect::<Vec<_>>().join("\n") } else { c.text.clone() })}
                        </div>
                    }
                    .into_any()
                }
            }}
            <div class="comment-resize" data-resize=sid.clone() title="Drag to resize"></div>
        </div>
    }
    .into_any()
}

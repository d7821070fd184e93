//! The share dialog: the link (the whole board in the URL fragment), its
//! size, what did not fit, and a copy button.

use leptos::prelude::*;

use crate::state::Editor;
use crate::state::library::Library;

/// The dialog (shown while `Library::share` holds a link).
#[component]
pub fn ShareDialog() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lib = expect_context::<Library>();
    let close = move |_| lib.share.set(None);
    // Escape closes it, wherever the focus is.
    let escape = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" && lib.share.with_untracked(Option::is_some) {
            e.prevent_default();
            lib.share.set(None);
        }
    });
    on_cleanup(move || escape.remove());
    let has_exercise =
        move || editor.with_document(|b| b.exercise.as_ref().is_some_and(|e| !e.locked && !e.cases.is_empty()));
    view! {
        {move || lib.share.get().map(|link| {
            let url = Library::share_url(&link);
            let len = url.len();
            let copy_url = url.clone();
            let copy = move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.navigator().clipboard().write_text(&copy_url);
                    editor.notify("Link copied", false);
                }
            };
            view! {
                <div class="overlay" on:click=close>
                    <div class="dialog share" data-testid="share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title"
                        on:click=|e| e.stop_propagation()>
                        <h2 id="share-title">"Share this board"</h2>
                        <p class="hint">"Anyone with the link sees the board, read-only, and can save their own copy. The board travels inside the link: no server keeps it."</p>
                        <textarea readonly=true class="share-link" data-testid="share-link" prop:value=url.clone()></textarea>
                        <p class="hint" data-testid="share-size">{format!("{len} characters")}
                            {(len > 8000).then_some(" — long links work in browsers, but some chat apps cut them; export the board as a file instead if it gets cut.")}
                        </p>
                        {has_exercise().then(|| view! {
                            <label class="share-students">
                                <input type="checkbox" data-testid="share-students"
                                    prop:checked=move || lib.share_for_students.get()
                                    on:change=move |e| {
                                        lib.share_for_students.set(event_target_checked(&e));
                                        lib.make_share_link();
                                    } />
                                " As an exercise for students: they cannot change the instructions or your test cases (they may add their own)"
                            </label>
                        })}
                        {(!link.omitted_modules.is_empty()).then(|| view! {
                            <p class="input-error" data-testid="share-omitted">
                                {format!("Left out to keep the link short (export the board as a file to send them): {}", link.omitted_modules.join(", "))}
                            </p>
                        })}
                        <div class="dialog-buttons">
                            <button class="primary" data-testid="share-copy" autofocus=true on:click=copy>"Copy link"</button>
                            <button on:click=close>"Close"</button>
                        </div>
                    </div>
                </div>
            }
        })}
    }
}

//! The share dialog: the link (the whole board in the URL fragment), its
//! size, what did not fit, and a copy button; and with a server, a short
//! link through it (update, delete).

use leptos::prelude::*;

use crate::state::Editor;
use crate::state::library::Library;
use crate::state::server::Server;

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
            // Empty while the worker packs it (a few milliseconds).
            let ready = !link.fragment.is_empty();
            let url = if ready { Library::share_url(&link) } else { String::new() };
            let len = url.len();
            let copy_url = url.clone();
            let copy = move |_| copy_link(editor, &copy_url);
            view! {
                <div class="overlay" on:click=close>
                    <div class="dialog share" data-testid="share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title"
                        on:click=|e| e.stop_propagation()>
                        <h2 id="share-title">"Share this board"</h2>
                        <p class="hint">"Anyone with the link sees the board, read-only, and can save their own copy. The board travels inside the link: no server keeps it."</p>
                        <textarea readonly=true class="share-link" data-testid="share-link" aria-label="The link, with the whole board in it" prop:value=url.clone()></textarea>
                        <p class="hint" data-testid="share-size">{if ready { format!("{len} characters") } else { "Making the link…".into() }}
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
                        <ServerShare />
                        <div class="dialog-buttons">
                            <button class="primary" data-testid="share-copy" autofocus=true disabled=!ready on:click=copy>"Copy link"</button>
                            <button on:click=close>"Close"</button>
                        </div>
                    </div>
                </div>
            }
        })}
    }
}

/// The share dialog's server part: set one up, link through it, or the
/// board's link through it with Update and Delete.
#[component]
fn ServerShare() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lib = expect_context::<Library>();
    let server = expect_context::<Server>();
    let busy = move || lib.server_link.with(|s| s.busy);
    let part = move || {
        match (server.address.get(), lib.server_link.with(|s| s.shared.clone())) {
        (None, None) => view! {
            <p class="hint">"Want a short link, whatever the board's size? "
                <button class="link" data-testid="share-server-setup" on:click=move |_| server.dialog.set(true)>"Use a Floe server"</button>
            </p>
        }
        .into_any(),
        (Some(address), None) => view! {
            <p class="hint">{format!("Or a short link through {}: the board is encrypted in this browser first; the server keeps only what it cannot read.", address.trim_end_matches('/'))}</p>
            <button data-testid="share-server" disabled=busy on:click=move |_| lib.link_through_server()>"Link through the server"</button>
        }
        .into_any(),
        (_, Some(shared)) => {
            let url = shared.url();
            let copy_url = url.clone();
            view! {
                <p class="hint">"Through the server (the key is in the link, after #: the server never sees it):"</p>
                <input type="text" readonly=true class="share-link short" data-testid="share-server-link" aria-label="The short link through the server" prop:value=url.clone() />
                <QrImage text=url />
                <div class="dialog-buttons left">
                    <button data-testid="share-server-copy" on:click=move |_| copy_link(editor, &copy_url)>"Copy short link"</button>
                    <button data-testid="share-server-update" disabled=busy title="The link shows the board as it is now"
                        on:click=move |_| lib.update_server_link()>"Update the shared board"</button>
                    <button data-testid="share-server-delete" disabled=busy title="Remove it from the server: the link opens nothing"
                        on:click=move |_| lib.delete_server_link()>"Delete it"</button>
                </div>
            }
            .into_any()
        }
    }
    };
    view! {
        <div class="share-server">
            {part}
            {move || lib.server_link.with(|s| s.message.clone()).map(|(text, bad)| view! {
                <p class:input-error=bad class:hint=!bad data-testid="share-server-message" role="status">{text}</p>
            })}
        </div>
    }
}

/// Puts `url` on the clipboard and says so.
pub fn copy_link(editor: Editor, url: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(url);
        editor.notify("Link copied", false);
    }
}

/// A QR code of `text` (drawn by the run worker as an image; shown here).
#[component]
pub fn QrImage(text: String, #[prop(default = "share-server-qr")] testid: &'static str) -> impl IntoView {
    use floe_runner::protocol::{Reply, Request};
    let runner = expect_context::<Editor>().runner;
    let code = RwSignal::new(None);
    runner.send(
        |id| Request::Qr { id, text },
        true,
        move |reply| {
            let Reply::Qr { id, code: c } = reply else { return };
            runner.done(id);
            code.try_set(Some(c));
        },
        |_| {},
    );
    move || {
        code.get().map(|c| match c {
            Ok(src) => view! { <img class="qr" data-testid=testid src=src alt="QR code of the link" /> }.into_any(),
            Err(e) => view! { <p class="hint">{e}</p> }.into_any(),
        })
    }
}

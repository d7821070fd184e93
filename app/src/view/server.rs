//! The server setting (Board → Server…) and its status in the top bar.

use floe_editor::sealed;
use leptos::prelude::*;

use crate::state::Editor;
use crate::state::library::Library;
use crate::state::server::{Server, Status, own_base};
use crate::view::share::{QrImage, copy_link};

/// The top bar's word on the server (only when one is chosen); a click
/// opens the setting. The home screen's (`home`) and the editor's are
/// never there at once.
#[component]
pub fn ServerStatus(#[prop(optional)] home: bool) -> impl IntoView {
    let server = expect_context::<Server>();
    let lib = expect_context::<Library>();
    let conflicts = lib.space.conflicts;
    let word = move || match server.status.get() {
        _ if lib.route.with(|r| (*r == crate::state::library::Route::Home) != home) => None,
        _ if conflicts.with(|c| !c.is_empty()) => {
            Some(("Conflict", "offline", "Boards changed in two places: click to see what was kept".to_owned()))
        }
        Status::None => None,
        Status::Checking => Some(("Server…", "checking", "Asking the server".to_owned())),
        Status::Online => Some(("Online", "online", "The server answers".to_owned())),
        Status::Syncing => Some(("Syncing…", "checking", "Sending the server an encrypted board".to_owned())),
        Status::Offline(why) => Some(("Offline", "offline", why)),
    };
    move || {
        word().map(|(text, class, title)| {
            view! {
                <button class=format!("server-status {class}") data-testid="server-status"
                    title=title on:click=move |_| server.dialog.set(true)>{text}</button>
            }
        })
    }
}

/// Settings → Server: none, or an address.
#[component]
pub fn ServerDialog() -> impl IntoView {
    let server = expect_context::<Server>();
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if server.dialog.get() {
            typed.set(server.address.get_untracked().unwrap_or_default());
            problem.set(None);
        }
    });
    let close = move || server.dialog.set(false);
    // Escape closes it, wherever the focus is (a button it re-drew took it away).
    let escape = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" && server.dialog.get_untracked() {
            e.prevent_default();
            close();
        }
    });
    on_cleanup(move || escape.remove());
    let save = move || match sealed::server_base(&typed.get_untracked()) {
        Ok(base) => {
            server.choose(Some(base));
            close();
        }
        Err(e) => problem.set(Some(e.to_string())),
    };
    view! {
        {move || server.dialog.get().then(|| view! {
            <div class="overlay" on:click=move |_| close()>
                <div class="dialog" data-testid="server-dialog" role="dialog" aria-modal="true" aria-labelledby="server-title"
                    on:click=|e| e.stop_propagation()>
                    <h2 id="server-title">"Server"</h2>
                    <p class="hint">"Floe works without one. A Floe server (floe serve) gives short links for boards of any size. Boards are encrypted in this browser; the server keeps only what it cannot read."</p>
                    <label>"Address "
                        <input type="text" class="server-address" data-testid="server-address" autofocus=true placeholder="none — e.g. http://192.168.1.20:8080"
                            prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e))
                            on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Enter" { save() } />
                    </label>
                    {move || problem.get().map(|p| view! { <p class="input-error" data-testid="server-problem">{p}</p> })}
                    <p class="hint" data-testid="server-state">{move || match server.status.get() {
                        Status::None => "No server: everything stays in this browser.".to_owned(),
                        Status::Checking => "Asking the server…".to_owned(),
                        Status::Online | Status::Syncing => "The server answers.".to_owned(),
                        Status::Offline(why) => format!("Offline: {why}."),
                    }}</p>
                    <SyncPart />
                    <div class="dialog-buttons">
                        {own_base().map(|own| view! {
                            <button title="The address this app was loaded from" on:click=move |_| typed.set(own.clone())>"This app's address"</button>
                        })}
                        <button data-testid="server-none" on:click=move |_| { server.choose(None); close(); }>"No server"</button>
                        <button class="primary" data-testid="server-save" on:click=move |_| save()>"Use this server"</button>
                        <button data-testid="server-close" on:click=move |_| close()>"Close"</button>
                    </div>
                </div>
            </div>
        })}
    }
}

/// The Server dialog's sync part: connect a space's link, make a space, or show this browser's.
#[component]
fn SyncPart() -> impl IntoView {
    let (lib, server, editor) = (expect_context::<Library>(), expect_context::<Server>(), expect_context::<Editor>());
    let space = lib.space;
    let pending = move || {
        space.pending.get().map(|_| {
            let other = space.joined.with(Option::is_some);
            view! {
                <p data-testid="space-pending">{if other {
                    "This link connects to another synced space; this browser is synced with one already. Disconnect it first."
                } else {
                    "This link connects this browser to a synced space: its boards will appear here, and this browser's boards will be added to it. Connect only to a space you trust."
                }}</p>
                <div class="dialog-buttons left">
                    <button class="primary" data-testid="space-connect" disabled=other on:click=move |_| lib.accept_space()>"Connect this browser"</button>
                    <button on:click=move |_| space.pending.set(None)>"Not now"</button>
                </div>
            }
        })
    };
    let joined = move || {
        match space.joined.get() {
        None => view! {
            <p class="hint">"Sync this browser: the same boards in every browser you connect, encrypted here (the link holds the key)."</p>
            <button data-testid="space-create" disabled=move || server.address.with(Option::is_none)
                on:click=move |_| lib.create_space()>"Sync this browser"</button>
        }
        .into_any(),
        Some(j) => {
            let (url, copy_url) = (j.url(), j.url());
            view! {
                <label>"This browser syncs as "
                    <input type="text" data-testid="space-device" prop:value=j.device.clone()
                        on:change=move |e| lib.rename_device(event_target_value(&e)) />
                </label>
                <p class="hint">"Open this link in another browser to sync it too. It opens and changes every board here: give it only to yourself."</p>
                <input type="text" readonly=true class="share-link short" data-testid="space-link" aria-label="The link that connects another browser" prop:value=url.clone() />
                <QrImage text=url testid="space-qr" />
                <div class="dialog-buttons left">
                    <button data-testid="space-copy" on:click=move |_| copy_link(editor, &copy_url)>"Copy link"</button>
                    <button data-testid="space-leave" title="The boards stay in this browser" on:click=move |_| lib.leave_space()>"Disconnect this browser"</button>
                </div>
            }
            .into_any()
        }
    }
    };
    view! {
        <h3>"Sync"</h3>
        {pending}
        {joined}
        {move || space.problem.get().map(|p| view! { <p class="input-error" data-testid="space-problem">{p}</p> })}
        {move || space.conflicts.with(|c| (!c.is_empty()).then(|| view! {
            <ul data-testid="space-conflicts">{c.iter().map(|t| view! { <li>{t.clone()}</li> }).collect::<Vec<_>>()}</ul>
            <button data-testid="space-conflicts-seen" on:click=move |_| space.conflicts.set(Vec::new())>"Seen"</button>
        }))}
    }
}

//! The server setting (Board → Server…) and its status in the top bar.

use floe_editor::sealed;
use leptos::prelude::*;

use crate::state::server::{Server, Status, own_base};

/// The top bar's word on the server (only when one is chosen); a click opens the setting.
#[component]
pub fn ServerStatus() -> impl IntoView {
    let server = expect_context::<Server>();
    let word = move || match server.status.get() {
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
                    on:click=|e| e.stop_propagation()
                    on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Escape" { close() }>
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
                    <div class="dialog-buttons">
                        {own_base().map(|own| view! {
                            <button title="The address this app was loaded from" on:click=move |_| typed.set(own.clone())>"This app's address"</button>
                        })}
                        <button data-testid="server-none" on:click=move |_| { server.choose(None); close(); }>"No server"</button>
                        <button class="primary" data-testid="server-save" on:click=move |_| save()>"Use this server"</button>
                        <button on:click=move |_| close()>"Close"</button>
                    </div>
                </div>
            </div>
        })}
    }
}

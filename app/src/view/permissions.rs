//! Consent before a board's first run that needs the network, and Board →
//! Permissions and secrets…: what this board was granted (revoke), and the
//! browser's secrets (save, rename, delete; a value is never shown again).
//! The worker decides what to ask and keeps both; this only shows its
//! words and passes the user's answers. One dialog for both.

use floe_runner::protocol::{Reply, Request, SecretOp};
use leptos::prelude::*;

use crate::state::Editor;

/// The consent question (when a run asked) or the permissions and secrets.
#[component]
pub fn PermissionsDialog() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let (consent, open) = (editor.run.consent, editor.run.permissions);
    let lines = RwSignal::new(Vec::<String>::new());
    let names = RwSignal::new(Vec::<String>::new());
    let problem = RwSignal::new(None::<String>);
    let (name, value, chosen) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (passphrase, locked) = (RwSignal::new(String::new()), RwSignal::new(None::<bool>));
    let ask = move |request: Box<dyn FnOnce(u64) -> Request>, into: RwSignal<Vec<String>>| {
        editor.runner.send(
            request,
            false,
            move |reply| {
                if let Reply::Listed { id, items, problem: p, locked: l } = reply {
                    editor.runner.done(id);
                    if into == names {
                        locked.set(l);
                    }
                    into.set(items);
                    problem.set(p);
                }
            },
            |_| {},
        );
    };
    let grants = move |revoke: bool| {
        let board_id = editor.board_id.get_untracked().unwrap_or_default();
        ask(Box::new(move |id| Request::Permissions { id, board_id, revoke }), lines);
    };
    let secrets = move |op: SecretOp| ask(Box::new(move |id| Request::Secrets { id, op }), names);
    Effect::new(move |_| {
        if open.get() {
            lines.set(vec!["…".to_owned()]);
            grants(false);
            secrets(SecretOp::List);
        }
    });
    let close = move || {
        consent.set(None);
        open.set(false);
    };
    let escape = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" && (consent.with_untracked(Option::is_some) || open.get_untracked()) {
            e.prevent_default();
            close();
        }
    });
    on_cleanup(move || escape.remove());
    let save = move || {
        let op = SecretOp::Put { name: name.get_untracked().trim().to_owned(), value: value.get_untracked() };
        value.set(String::new());
        secrets(op);
    };
    // The passphrase button: protect, unlock or lock, as the vault is.
    let vault = move |remove: bool| {
        let p = std::mem::take(&mut *passphrase.write());
        secrets(match (remove, locked.get_untracked()) {
            (true, _) => SecretOp::Protect { passphrase: None },
            (false, None) => SecretOp::Protect { passphrase: Some(p) },
            (false, Some(true)) => SecretOp::Unlock { passphrase: p },
            (false, Some(false)) => SecretOp::Lock,
        })
    };
    let rename = move || {
        let from = chosen.get_untracked();
        let to = web_sys::window().and_then(|w| w.prompt_with_message(&format!("New name for {from}")).ok().flatten());
        if let Some(to) = to {
            secrets(SecretOp::Rename { from, to: to.trim().to_owned() });
        }
    };
    let shell = move |title: &'static str, testid: &'static str, body: AnyView| {
        view! {
            <div class="overlay" on:click=move |_| close()>
                <div class="dialog" data-testid=testid role="dialog" aria-modal="true" aria-label=title on:click=|e| e.stop_propagation()>
                    <h2>{title}</h2>
                    {body}
                </div>
            </div>
        }
    };
    move || {
        if let Some((asks, grant)) = consent.get() {
            let body = view! {
                <p class="hint">"Its nodes ask for this. Allow it only if you expect this board to do it: the permission is kept for this board in this browser (Board → Permissions and secrets… revokes it), never in a link or an export, and asked again when a node changes."</p>
                <p class="lines" data-testid="consent-asks">{asks.join("\n")}</p>
                <div class="dialog-buttons">
                    <button data-testid="consent-cancel" on:click=move |_| close()>"Don't allow"</button>
                    <button class="primary" data-testid="consent-allow" autofocus=true on:click=move |_| editor.run_approved(grant.clone())>"Allow and run"</button>
                </div>
            };
            return Some(shell("Allow this board to reach the network?", "consent-dialog", body.into_any()));
        }
        open.get().then(|| {
            let body = view! {
                <h3>"This board may"</h3>
                <p class="lines" data-testid="permissions-list">{move || {
                    let l = lines.get();
                    if l.is_empty() { "Nothing: a board asks before its first run that needs the network.".to_owned() } else { l.join("\n") }
                }}</p>
                <button data-testid="permissions-revoke" on:click=move |_| grants(true)>"Revoke all"</button>
                <h3>"Secrets in this browser"</h3>
                <p class="hint">"Kept encrypted here under a key no code can read. A node that declares a secret and was granted it sends it as {{secret:NAME}} to a granted origin and never sees it; nor can you, once saved (save a name again to replace its value)."</p>
                <div class="dialog-buttons left">
                    <select data-testid="secret-list" aria-label="Secrets" size="4" on:change=move |e| chosen.set(event_target_value(&e))>
                        {move || names.get().into_iter().map(|n| view! { <option>{n}</option> }).collect_view()}
                    </select>
                    <button data-testid="secret-rename" on:click=move |_| rename()>"Rename"</button>
                    <button data-testid="secret-delete" on:click=move |_| secrets(SecretOp::Delete { name: chosen.get_untracked() })>"Delete"</button>
                </div>
                <div class="dialog-buttons left">
                    <input type="text" data-testid="secret-name" aria-label="Secret name" placeholder="NAME"
                        prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) />
                    <input type="password" autocomplete="off" data-testid="secret-value" aria-label="Secret value" placeholder="value"
                        prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
                    <button data-testid="secret-save" on:click=move |_| save()>"Save secret"</button>
                </div>
                <div class="dialog-buttons left">
                    <input type="password" autocomplete="off" data-testid="vault-passphrase" aria-label="Passphrase" placeholder="passphrase (optional)"
                        prop:value=move || passphrase.get() on:input=move |e| passphrase.set(event_target_value(&e)) />
                    <button data-testid="vault-action" on:click=move |_| vault(false)>{move || match locked.get() {
                        None => "Protect with a passphrase",
                        Some(true) => "Unlock",
                        Some(false) => "Lock",
                    }}</button>
                    <button data-testid="vault-remove" disabled=move || locked.get() != Some(false) on:click=move |_| vault(true)>"Remove passphrase"</button>
                </div>
                <p class="input-error" data-testid="permissions-problem">{move || problem.get()}</p>
                <div class="dialog-buttons">
                    <button class="primary" data-testid="permissions-close" on:click=move |_| close()>"Close"</button>
                </div>
            };
            shell("Permissions and secrets", "permissions-dialog", body.into_any())
        })
    }
}

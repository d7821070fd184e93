//! The version panel: the board's automatic and named versions, newest
//! first; name the current state, or restore an older one.

use leptos::prelude::*;

use crate::state::library::{Library, version_time};

/// The panel (a drawer on the right).
#[component]
pub fn VersionsPanel() -> impl IntoView {
    let lib = expect_context::<Library>();
    let label = RwSignal::new(String::new());
    let save = move || {
        let l = label.get_untracked().trim().to_owned();
        lib.name_version(if l.is_empty() { "Named version".into() } else { l });
        label.set(String::new());
    };
    // Escape closes the drawer, like every dialog.
    let escape = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" && lib.versions_open.get_untracked() {
            lib.versions_open.set(false);
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <Show when=move || lib.versions_open.get()>
            <aside class="versions" data-testid="versions">
                <div class="versions-head">
                    <h2>"Versions"</h2>
                    <button title="Close" on:click=move |_| lib.versions_open.set(false)>"×"</button>
                </div>
                <p class="hint">"Floe keeps a version when you open a board and every 10 minutes while you edit. Name one to keep it for good."</p>
                <Show when=move || lib.open_error.with(Option::is_none)>
                    <div class="name-version">
                        <input placeholder="Name this version" data-testid="version-label"
                            prop:value=move || label.get()
                            on:input=move |e| label.set(event_target_value(&e))
                            on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Enter" { save() } />
                        <button data-testid="save-version" on:click=move |_| save()>"Save version"</button>
                    </div>
                </Show>
                <ul class="version-list">
                    {move || lib.versions.get().into_iter().map(|v| {
                        let title = v.label.clone().unwrap_or_else(|| "Automatic".into());
                        let info = format!("{} · {} node{}", version_time(&v), v.nodes, if v.nodes == 1 { "" } else { "s" });
                        let named = !v.auto;
                        view! {
                            <li data-testid="version" class:named=named>
                                <span class="version-title">{title}</span>
                                <span class="version-info">{info}</span>
                                <button data-testid="restore-version" title="Put this version back (the current board is kept as a version first)"
                                    on:click=move |_| lib.restore_version(v.clone())>"Restore"</button>
                            </li>
                        }
                    }).collect::<Vec<_>>()}
                    {move || lib.versions.with(Vec::is_empty).then(|| view! { <li class="muted">"No versions yet."</li> })}
                </ul>
            </aside>
        </Show>
    }
}

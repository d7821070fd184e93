//! The strip above the canvas saying what this board is: a shared link
//! (read-only, "Save a copy"), a board another tab is editing ("Edit here"),
//! a link or record that cannot be opened, or storage that does not work.

use leptos::prelude::*;

use crate::state::Editor;
use crate::state::library::{Library, Lock, Route, SaveState};

/// The banners.
#[component]
pub fn Banners() -> impl IntoView {
    let lib = expect_context::<Library>();
    let shared = move || {
        lib.route.with(|r| matches!(r, Route::Shared(_))) && lib.open_error.with(Option::is_none) && !lib.fetching.get()
    };
    let editor = expect_context::<Editor>();
    view! {
        <StorageErrorBanner />
        {move || editor.runner.crashed.get().map(|c| view! {
            <div class="banner error" data-testid="runner-crashed">
                <span>{c.message}</span>
                <button class="primary" data-testid="run-again" on:click=move |_| {
                    editor.runner.crashed.set(None);
                    editor.start_run();
                }>"Run again"</button>
                <button data-testid="dismiss-crash" on:click=move |_| editor.runner.crashed.set(None)>"Dismiss"</button>
            </div>
        })}
        {move || editor.runner.silent.get().then(|| view! {
            <div class="banner error" data-testid="runner-silent">
                <span>"The run has not answered for 10 seconds. Stop ends it; your board is unchanged."</span>
                <button data-testid="stop-silent" on:click=move |_| editor.stop_run()>"Stop"</button>
            </div>
        })}
        {move || match lib.save.get() {
            // No storage at all: the banner above already says so.
            SaveState::Failed(e) if lib.store_error.with(Option::is_none) => Some(view! {
                <div class="banner error" data-testid="save-error" role="alert">{floe_editor::explain::sentence(&format!("Not saved: {e}"))}</div>
            }),
            _ => None,
        }}
        {move || lib.open_error.get().map(|e| view! {
            <div class="banner error" data-testid="open-error" role="alert">
                <span>
                    {e.text}
                    {e.details.map(|d| view! { <details class="problem-details"><summary>"Details"</summary><pre>{d}</pre></details> })}
                </span>
                <a href="#/" data-testid="go-home">"Go to your boards"</a>
            </div>
        })}
        {move || lib.fetching.get().then(|| view! {
            <div class="banner info" data-testid="fetching-banner" role="status">"Fetching the shared board from the server and decrypting it…"</div>
        })}
        {move || shared().then(|| view! {
            <div class="banner info" data-testid="shared-banner">
                <span>"A shared board, read-only. Run it as it is, or save a copy to edit it (the link never changes your boards)."</span>
                <button class="primary" data-testid="save-copy" on:click=move |_| lib.save_copy()>"Save a copy"</button>
            </div>
        })}
        {move || match lib.lock.get() {
            Lock::Mine => None,
            lock => Some(view! {
                <div class="banner info" data-testid="lock-banner">
                    <span>{if lock == Lock::Elsewhere {
                        "This board is open in another tab, which is editing it; this tab follows its changes live."
                    } else {
                        "The tab that was editing this board closed."
                    }}</span>
                    <button data-testid="edit-here" on:click=move |_| lib.take_over()>"Edit here"</button>
                </div>
            })
        }}
    }
}

/// Why boards cannot be stored in this browser, if they cannot.
#[component]
pub fn StorageErrorBanner() -> impl IntoView {
    let lib = expect_context::<Library>();
    move || {
        lib.store_error.get().map(|e| {
            let e = crate::state::library::storage_problem(&e);
            view! {
                <div class="banner error" data-testid="storage-error" role="alert">
                    <span>
                        {e.text}
                        {e.details.map(|d| view! { <details class="problem-details"><summary>"Details"</summary><pre>{d}</pre></details> })}
                    </span>
                </div>
            }
        })
    }
}

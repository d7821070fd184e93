//! Floe in the browser: the editor. State lives in `state` (outside any
//! view); `view` renders it; `keys` and `files` turn input into actions.

mod files;
mod host;
mod keys;
mod state;
mod view;

use floe_engine::Board;
use leptos::prelude::*;

use state::Editor;
use view::canvas::Canvas;
use view::inspector::Inspector;
use view::palette::Palette;
use view::panel::BottomPanel;
use view::toolbar::{Help, Toolbar};
use view::wat_editor::WatEditor;

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let editor = Editor::new(Board::named(""));
    provide_context(editor);
    keys::install(editor);
    let prefers_dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    editor.dark.set(prefers_dark);
    Effect::new(move |_| {
        let dark = editor.dark.get();
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
        }
    });
    let on_dragover = move |e: web_sys::DragEvent| {
        if e.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0)) {
            e.prevent_default();
        }
    };
    let on_drop = move |e: web_sys::DragEvent| {
        let files = files::list(e.data_transfer().and_then(|d| d.files()));
        if !files.is_empty() {
            e.prevent_default();
            leptos::task::spawn_local(files::handle(editor, files));
        }
    };
    view! {
        <div class="app" data-testid="app" on:dragover=on_dragover on:drop=on_drop>
            <Toolbar />
            <div class="main">
                <Palette />
                <div class="centre">
                    <Canvas />
                    <BottomPanel />
                </div>
                <Inspector />
            </div>
            <WatEditor />
            <Help />
            <div class="notices" data-testid="notices">
                {move || editor.notices.get().into_iter().map(|n| view! {
                    <div class="notice" class:error=n.error>{n.text}</div>
                }).collect::<Vec<_>>()}
            </div>
        </div>
    }
}

//! Floe in the browser: the editor. State lives in `state` (outside any
//! view); `view` renders it; `keys` and `files` turn input into actions.

mod files;
mod keys;
mod state;
mod view;

use floe_engine::Board;
use leptos::prelude::*;

use state::Editor;
use state::library::{Library, Route};
use view::banner::Banners;
use view::canvas::Canvas;
use view::home::Home;
use view::inspector::Inspector;
use view::palette::Palette;
use view::panel::BottomPanel;
use view::share::ShareDialog;
use view::toolbar::{Help, Toolbar};
use view::versions::VersionsPanel;
use view::wat_editor::WatEditor;

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let editor = Editor::new(Board::named(""));
    provide_context(editor);
    let server = state::server::Server::install();
    provide_context(server);
    let lib = Library::install(editor, server);
    provide_context(lib);
    keys::install(editor);
    register_service_worker();
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
            leptos::task::spawn_local(files::handle(editor, lib, files));
        }
    };
    let home = move || lib.route.with(|r| *r == Route::Home);
    view! {
        <Show when=home>
            <Home />
        </Show>
        <div class="app" class:hidden=home data-testid="app" on:dragover=on_dragover on:drop=on_drop>
            <Toolbar />
            <Banners />
            <main class="main">
                <Palette />
                <div class="centre">
                    <Canvas />
                    <BottomPanel />
                </div>
                <WatEditor />
                <Inspector />
                <VersionsPanel />
            </main>
            <ShareDialog />
            <view::permissions::PermissionsDialog />
            <Help />
        </div>
        <HomeNotices />
        <view::server::ServerDialog />
    }
}

/// Brief messages on the home screen (the editor shows its own over the
/// canvas: `view::canvas::CanvasNotices`).
#[component]
fn HomeNotices() -> impl IntoView {
    let lib = expect_context::<Library>();
    view! {
        <Show when=move || lib.route.with(|r| *r == Route::Home)>
            <view::canvas::NoticeList class="notices home-notices" />
        </Show>
    }
}

/// Registers the service worker (`public/sw.js`) that keeps the app working
/// offline; tells the user when a new version is ready (it is used from the
/// next load, never in the middle of a session).
fn register_service_worker() {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let had_worker = container.controller().is_some();
    let _ = container.register("sw.js");
    if had_worker {
        let on_change = wasm_bindgen::prelude::Closure::<dyn FnMut()>::new(move || {
            if let Some(editor) = use_context::<Editor>() {
                editor.notify("A new version of Floe is ready; it is used the next time you open Floe.", false);
            }
        });
        container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
    }
}

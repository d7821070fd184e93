//! The top bar: board name, run and stop, undo and redo (with what they
//! would do), files, custom nodes, theme and help.

use floe_engine::Board;
use leptos::html;
use leptos::prelude::*;

use crate::state::Editor;
use crate::state::library::{Library, Route, SaveState};

/// A template for a new hand-written node (the typed ABI, like `node-sdk/examples/wat/add.wat`).
pub const WAT_TEMPLATE: &str = include_str!("../../../node-sdk/examples/wat/add.wat");

/// The bar.
#[component]
pub fn Toolbar() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lib = expect_context::<Library>();
    let file_input: NodeRef<html::Input> = NodeRef::new();
    let labels = Memo::new(move |_| editor.history_labels());
    let name = Memo::new(move |_| {
        editor.revision.track();
        editor.with_board(|b| b.meta.name.clone())
    });
    let new_wat = move |_| {
        crate::files::add_module(editor, "my_node.wat", WAT_TEMPLATE.as_bytes(), None, move |kind| {
            editor.add_node_in_view(kind);
            editor.wat_open.set(floe_engine::module::ModuleHash::from_kind(kind));
        });
    };
    view! {
        <header class="toolbar">
            <a class="logo" href="#/" data-testid="home-link" title="Your boards">"◂ Floe"</a>
            <span class="board-name" title="The board's name (edit it in the inspector with nothing selected)">
                {move || { let n = name.get(); if n.trim().is_empty() { "Untitled board".to_owned() } else { n } }}
            </span>
            <span class="save-state" data-testid="save-state" title="Boards are saved in this browser as you edit">{move || match lib.save.get() {
                SaveState::Idle => match lib.route.get() { Route::Shared(_) => "Shared · read-only".to_owned(), _ => String::new() },
                SaveState::Saved => "Saved".to_owned(),
                SaveState::Saving => "Saving…".to_owned(),
                SaveState::Failed(_) => "Not saved".to_owned(),
            }}</span>
            <div class="group">
                <button
                    class="run"
                    data-testid="run"
                    title="Run the board (Ctrl+Enter)"
                    disabled=move || editor.run.running.get()
                    on:click=move |_| editor.start_run()
                >"▶ Run"</button>
                <button
                    class="stop"
                    data-testid="stop"
                    title="Stop the run (Ctrl+.)"
                    disabled=move || !editor.run.running.get()
                    on:click=move |_| editor.stop_run()
                >"■ Stop"</button>
            </div>
            <div class="group">
                <button
                    data-testid="undo"
                    disabled=move || labels.with(|l| l.0.is_none())
                    title=move || labels.with(|l| l.0.as_ref().map(|s| format!("Undo {s} (Ctrl+Z)")).unwrap_or_else(|| "Nothing to undo (Ctrl+Z)".into()))
                    on:click=move |_| editor.undo()
                >"↶ Undo"</button>
                <button
                    data-testid="redo"
                    disabled=move || labels.with(|l| l.1.is_none())
                    title=move || labels.with(|l| l.1.as_ref().map(|s| format!("Redo {s} (Ctrl+Shift+Z)")).unwrap_or_else(|| "Nothing to redo (Ctrl+Shift+Z)".into()))
                    on:click=move |_| editor.redo()
                >"↷ Redo"</button>
            </div>
            <div class="group">
                <button title="Start a new, empty board (this one stays saved)" data-testid="new" on:click=move |_| lib.create(Board::named(""))>"New"</button>
                <button title="Open a board (.json) or add custom nodes (.wasm, .wat)" data-testid="open-file" on:click=move |_| {
                    if let Some(i) = file_input.get_untracked() { i.click(); }
                }>"Open…"</button>
                <button title="Download this board as a .json file (with its custom nodes)" data-testid="export" on:click=move |_| crate::files::export(editor)>"Export"</button>
                <input
                    type="file"
                    class="hidden"
                    multiple=true
                    accept=".wasm,.wat,.json"
                    data-testid="file-input"
                    node_ref=file_input
                    on:change=move |e| {
                        use wasm_bindgen::JsCast;
                        let input: web_sys::HtmlInputElement = e.target().unwrap().unchecked_into();
                        let files = crate::files::list(input.files());
                        input.set_value("");
                        leptos::task::spawn_local(crate::files::handle(editor, lib, files));
                    }
                />
            </div>
            <div class="group">
                <button title="Add a custom node from a URL (.wasm or .wat)" data-testid="from-url" on:click=move |_| {
                    let url = web_sys::window().and_then(|w| w.prompt_with_message("URL of a .wasm or .wat node").ok().flatten());
                    if let Some(url) = url.filter(|u| !u.trim().is_empty()) {
                        leptos::task::spawn_local(crate::files::from_url(editor, url.trim().to_owned()));
                    }
                }>"Node from URL…"</button>
                <button title="Write a custom node in WebAssembly text, in the tab" data-testid="new-wat" on:click=new_wat>"New WAT node"</button>
            </div>
            <span class="spacer"></span>
            <button title="The board's versions: automatic and named; restore one" data-testid="versions-button"
                disabled=move || lib.current.with(Option::is_none)
                on:click=move |_| lib.toggle_versions()>"Versions"</button>
            <button class="primary" title="A link with the whole board in it" data-testid="share" on:click=move |_| lib.open_share()>"Share"</button>
            <ThemeButton />
            <button title="Keyboard shortcuts (?)" data-testid="help" on:click=move |_| editor.help_open.update(|h| *h = !*h)>"?"</button>
        </header>
    }
}

/// Switches between the light and dark themes.
#[component]
pub fn ThemeButton() -> impl IntoView {
    let editor = expect_context::<Editor>();
    view! {
        <button title="Light or dark theme" data-testid="theme" on:click=move |_| editor.dark.update(|d| *d = !*d)>
            {move || if editor.dark.get() { "☀ Light" } else { "☾ Dark" }}
        </button>
    }
}

/// The keyboard shortcut overlay.
#[component]
pub fn Help() -> impl IntoView {
    let editor = expect_context::<Editor>();
    view! {
        <Show when=move || editor.help_open.get()>
            <div class="overlay" on:click=move |_| editor.help_open.set(false)>
                <div class="help" data-testid="help-overlay" on:click=move |e| e.stop_propagation()>
                    <h2>"Keyboard and mouse"</h2>
                    <table>
                        {crate::keys::SHORTCUTS.iter().map(|(k, what)| view! { <tr><th><kbd>{*k}</kbd></th><td>{*what}</td></tr> }).collect::<Vec<_>>()}
                    </table>
                    <p class="hint">"Hover a pin or wire after a run to see its last value. Drop a .wasm or .wat file anywhere to add a custom node."</p>
                    <button on:click=move |_| editor.help_open.set(false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}

//! The top bar: board name, run and stop, undo and redo (with what they
//! would do), files, custom nodes, theme and help.

use floe_engine::Board;
use leptos::html;
use leptos::prelude::*;

use floe_editor::panels::Tab;

use super::menu::{Menu, MenuItem};
use crate::state::Editor;
use crate::state::library::{Library, Route, SaveState};

/// A template for a new hand-written node (the typed ABI, like `node-sdk/examples/wat/add.wat`).
pub const WAT_TEMPLATE: &str = include_str!("../../../node-sdk/examples/wat/add.wat");

/// The bar: one line at any width (the board's name and the run summary
/// give way first; file and custom-node actions live in two menus).
#[component]
pub fn Toolbar() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lib = expect_context::<Library>();
    let server = expect_context::<crate::state::server::Server>();
    let file_input: NodeRef<html::Input> = NodeRef::new();
    let module_input: NodeRef<html::Input> = NodeRef::new();
    let labels = Memo::new(move |_| editor.history_labels());
    let name = Memo::new(move |_| {
        editor.revision.track();
        editor.with_document(|b| b.meta.name.clone())
    });
    let new_wat = move || {
        crate::files::add_module(editor, "my_node.wat", WAT_TEMPLATE.as_bytes(), None, move |kind| {
            editor.add_node_in_view(kind);
            editor.wat_open.set(floe_engine::module::ModuleHash::from_kind(kind));
        });
    };
    let always = Signal::derive(|| true);
    let board_menu = vec![
        MenuItem {
            label: "New board",
            title: "Start a new, empty board (this one stays saved)",
            testid: "new",
            enabled: always,
            run: Callback::new(move |()| lib.create(Board::named(""))),
        },
        MenuItem {
            label: "Open…",
            title: "Open a board (.json) as a new board, or add custom nodes (.wasm, .wat)",
            testid: "open-file",
            enabled: always,
            run: Callback::new(move |()| {
                if let Some(i) = file_input.get_untracked() {
                    i.click();
                }
            }),
        },
        MenuItem {
            label: "Export",
            title: "Download this board as a .json file (with its custom nodes)",
            testid: "export",
            enabled: always,
            run: Callback::new(move |()| crate::files::export(editor)),
        },
        MenuItem {
            label: "Versions",
            title: "The board's versions: automatic and named; restore one",
            testid: "versions-button",
            enabled: Signal::derive(move || lib.current.with(Option::is_some)),
            run: Callback::new(move |()| lib.toggle_versions()),
        },
        MenuItem {
            label: "Permissions and secrets…",
            title: "What this board may reach (revoke), and the secrets kept in this browser",
            testid: "permissions",
            enabled: always,
            run: Callback::new(move |()| editor.run.permissions.set(true)),
        },
        MenuItem {
            label: "Server and sync…",
            title: "None, or a Floe server: short links, and the same boards in every browser",
            testid: "server-settings",
            enabled: always,
            run: Callback::new(move |()| server.dialog.set(true)),
        },
    ];
    let node_menu = vec![
        MenuItem {
            label: "Add a .wasm or .wat file…",
            title: "Add custom nodes from WebAssembly files on this computer",
            testid: "add-module-file",
            enabled: always,
            run: Callback::new(move |()| {
                if let Some(i) = module_input.get_untracked() {
                    i.click();
                }
            }),
        },
        MenuItem {
            label: "Node from URL…",
            title: "Add a custom node from a URL (.wasm or .wat)",
            testid: "from-url",
            enabled: always,
            run: Callback::new(move |()| {
                let url =
                    web_sys::window().and_then(|w| w.prompt_with_message("URL of a .wasm or .wat node").ok().flatten());
                if let Some(url) = url.filter(|u| !u.trim().is_empty()) {
                    leptos::task::spawn_local(crate::files::from_url(editor, url.trim().to_owned()));
                }
            }),
        },
        MenuItem {
            label: "New WAT node",
            title: "Write a custom node in WebAssembly text, in the tab",
            testid: "new-wat",
            enabled: always,
            run: Callback::new(move |()| new_wat()),
        },
    ];
    let on_files = move |e: web_sys::Event| {
        use wasm_bindgen::JsCast;
        let input: web_sys::HtmlInputElement = e.target().unwrap().unchecked_into();
        let files = crate::files::list(input.files());
        input.set_value("");
        leptos::task::spawn_local(crate::files::handle(editor, lib, files));
    };
    view! {
        <header class="toolbar" aria-label="Board">
            <h1 class="sr-only">{move || { let n = name.get(); if n.trim().is_empty() { "Untitled board".to_owned() } else { n } }}</h1>
            <a class="logo" href="#/" data-testid="home-link" title="Your boards" aria-label="Floe: your boards">"◂ Floe"</a>
            <span class="board-name" data-testid="toolbar-board-name" title=move || {
                let n = name.get();
                format!("{} (edit the name in the inspector with nothing selected)", if n.trim().is_empty() { "Untitled board" } else { &n })
            }>
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
                    aria-keyshortcuts="Control+Enter"
                    disabled=move || editor.run.running.get()
                    on:click=move |_| editor.start_run()
                >"▶ Run"</button>
                <button
                    class="stop"
                    data-testid="stop"
                    title="Stop the run (Ctrl+.)"
                    aria-keyshortcuts="Control+."
                    disabled=move || !editor.run.running.get()
                    on:click=move |_| editor.stop_run()
                >"■ Stop"</button>
            </div>
            <RunSummary />
            <div class="group">
                <button
                    class="icon"
                    data-testid="undo"
                    disabled=move || labels.with(|l| l.0.is_none())
                    aria-label=move || labels.with(|l| l.0.as_ref().map(|s| format!("Undo {s}")).unwrap_or_else(|| "Undo".into()))
                    title=move || labels.with(|l| l.0.as_ref().map(|s| format!("Undo {s} (Ctrl+Z)")).unwrap_or_else(|| "Nothing to undo (Ctrl+Z)".into()))
                    on:click=move |_| editor.undo()
                >"↶"</button>
                <button
                    class="icon"
                    data-testid="redo"
                    disabled=move || labels.with(|l| l.1.is_none())
                    aria-label=move || labels.with(|l| l.1.as_ref().map(|s| format!("Redo {s}")).unwrap_or_else(|| "Redo".into()))
                    title=move || labels.with(|l| l.1.as_ref().map(|s| format!("Redo {s} (Ctrl+Shift+Z)")).unwrap_or_else(|| "Nothing to redo (Ctrl+Shift+Z)".into()))
                    on:click=move |_| editor.redo()
                >"↷"</button>
            </div>
            <Menu label="Board" title="New, open, export, versions" testid="board-menu" items=board_menu />
            <Menu label="Custom node" title="Add a node written in WebAssembly" testid="node-menu" items=node_menu />
            <input type="file" class="hidden" multiple=true accept=".wasm,.wat,.json" data-testid="file-input" node_ref=file_input on:change=on_files />
            <input type="file" class="hidden" multiple=true accept=".wasm,.wat,.io.json" data-testid="module-input" node_ref=module_input on:change=on_files />
            <span class="spacer"></span>
            <super::server::ServerStatus />
            <button class="primary" title="A link with the whole board in it" data-testid="share" on:click=move |_| lib.open_share()>"Share"</button>
            <ThemeButton />
            <button class="icon" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" data-testid="help" on:click=move |_| editor.help_open.update(|h| *h = !*h)>"?"</button>
        </header>
    }
}

/// The last run in a word: running, ran (with time and outputs), failed or
/// stopped; a click shows its results.
#[component]
fn RunSummary() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let text = move || {
        let s = editor.run.summary.get();
        if s.is_empty() { "Not run yet".to_owned() } else { s }
    };
    view! {
        <button
            class="run-summary"
            data-testid="run-summary"
            class:bad=move || editor.run.failed.get()
            class:idle=move || editor.run.summary.with(String::is_empty)
            title=move || format!("{} — show the results", text())
            aria-label=move || format!("Last run: {}. Show the results", text())
            on:click=move |_| editor.panels_do(|p| p.show(Tab::Results))
        >
            <span class="summary-text">{move || editor.run.summary.get()}</span>
            {move || editor.run.summary.with(String::is_empty).then(|| view! { <span class="muted">"Not run yet"</span> })}
        </button>
    }
}

/// Switches between the light and dark themes.
#[component]
pub fn ThemeButton() -> impl IntoView {
    let editor = expect_context::<Editor>();
    view! {
        <button class="icon" data-testid="theme"
            title=move || if editor.dark.get() { "Light theme" } else { "Dark theme" }
            aria-label=move || if editor.dark.get() { "Light theme" } else { "Dark theme" }
            on:click=move |_| editor.dark.update(|d| *d = !*d)>
            {move || if editor.dark.get() { "☀" } else { "☾" }}
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
                <div class="help" data-testid="help-overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" on:click=move |e| e.stop_propagation()>
                    <h2 id="help-title">"Keyboard and mouse"</h2>
                    <table>
                        {crate::keys::SHORTCUTS.iter().map(|(k, what)| view! { <tr><th><kbd>{*k}</kbd></th><td>{*what}</td></tr> }).collect::<Vec<_>>()}
                    </table>
                    <p class="hint">"Hover a pin or wire after a run to see its last value. Drop a .wasm or .wat file anywhere to add a custom node."</p>
                    <button autofocus=true on:click=move |_| editor.help_open.set(false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}

//! The home screen: the boards kept in this browser (new, open, rename,
//! duplicate, delete with undo, search by name, import), and the examples.

use floe_engine::Board;
use floe_storage::Entry;
use leptos::html;
use leptos::prelude::*;

use floe_runner::protocol::{Example, Reply, Request};

use crate::state::Editor;
use crate::state::library::{Library, Route};

fn when(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    String::from(d.to_locale_string("default", &js_sys::Object::new()))
}

/// The screen.
#[component]
pub fn Home() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lib = expect_context::<Library>();
    // The gallery's cards come from the run worker, which holds the boards
    // (the first paint does not carry them); asked again if it restarts.
    let cards = RwSignal::new(Vec::<Example>::new());
    editor.runner.send(
        |id| Request::Examples { id },
        true,
        move |reply| {
            if let Reply::Examples { id, cards: c } = reply {
                editor.runner.done(id);
                cards.set(c);
            }
        },
        |_| {},
    );
    let open_example = move |file: String| {
        editor.runner.send(
            |id| Request::Example { id, file },
            false,
            move |reply| {
                if let Reply::Board { id, board } = reply {
                    editor.runner.done(id);
                    if let Some(board) = board {
                        lib.create(*board);
                    }
                }
            },
            |_| {},
        );
    };
    let search = RwSignal::new(String::new());
    let renaming = RwSignal::new(None::<String>);
    let file_input: NodeRef<html::Input> = NodeRef::new();
    let shown = Memo::new(move |_| {
        let q = search.get().to_lowercase();
        lib.entries
            .get()
            .into_iter()
            .filter(|e| q.is_empty() || e.name.to_lowercase().contains(&q))
            .collect::<Vec<Entry>>()
    });
    let row = move |e: Entry| {
        let id = e.id.clone();
        let name = if e.name.trim().is_empty() { "Untitled board".to_owned() } else { e.name.clone() };
        let (i1, i2, i3, e4) = (id.clone(), id.clone(), id.clone(), e.clone());
        let editing = {
            let id = id.clone();
            move || renaming.get().as_deref() == Some(id.as_str())
        };
        let open = move |_| lib.go(Route::Board(i1.clone()));
        view! {
            <li class="board-row" data-testid="board-row" class:damaged=e.damaged.is_some()>
                <Show when=editing.clone() fallback=move || {
                    let open = open.clone();
                    view! { <a class="board-title" href=format!("#/b/{}", i2) data-testid="board-open" on:click=open>{name.clone()}</a> }
                }>
                    <input
                        class="rename"
                        data-testid="rename-input"
                        value=e.name.clone()
                        autofocus=true
                        on:keydown={ let id = i3.clone(); move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                lib.rename(id.clone(), event_target_value(&ev));
                                renaming.set(None);
                            } else if ev.key() == "Escape" {
                                renaming.set(None);
                            }
                        }}
                        on:blur={ let id = i3.clone(); move |ev| {
                            if renaming.get_untracked().as_deref() == Some(id.as_str()) {
                                lib.rename(id.clone(), event_target_value(&ev));
                                renaming.set(None);
                            }
                        }}
                    />
                </Show>
                <span class="board-info">
                    {match &e.damaged {
                        Some(why) => format!("cannot be read: {why}"),
                        None => format!("{} node{} · changed {}", e.nodes, if e.nodes == 1 { "" } else { "s" }, when(e.modified_ms)),
                    }}
                </span>
                <span class="board-actions">
                    <button title="Rename" data-testid="board-rename" on:click={ let id = id.clone(); move |_| renaming.set(Some(id.clone())) }>"Rename"</button>
                    <button title="Make a copy" data-testid="board-duplicate" on:click={ let id = id.clone(); move |_| lib.duplicate(id.clone()) }>"Duplicate"</button>
                    <button title="Delete (you can undo)" data-testid="board-delete" on:click=move |_| lib.delete(e4.clone())>"Delete"</button>
                </span>
            </li>
        }
    };
    let server = expect_context::<crate::state::server::Server>();
    view! {
        <div class="home" data-testid="home">
            <header class="toolbar">
                <h1 class="logo">"Floe"</h1>
                <span class="board-name">"Your boards"</span>
                <span class="spacer"></span>
                <crate::view::server::ServerStatus home=true />
                <button data-testid="home-server" title="None, or a Floe server: short links, and the same boards in every browser"
                    on:click=move |_| server.dialog.set(true)>"Server and sync…"</button>
                <crate::view::toolbar::ThemeButton />
            </header>
            <crate::view::banner::StorageErrorBanner />
            <div class="home-body scrolls">
                <section class="home-boards" aria-label="Your boards">
                    <div class="home-bar">
                        <button class="primary" data-testid="new-board" on:click=move |_| lib.create(Board::named(""))>"+ New board"</button>
                        <button data-testid="import" title="Open a board file (.json, with its custom nodes) as a new board" on:click=move |_| {
                            if let Some(i) = file_input.get_untracked() { i.click(); }
                        }>"Import…"</button>
                        <input type="file" class="hidden" accept=".json" multiple=true data-testid="import-input" node_ref=file_input
                            on:change=move |e| {
                                use wasm_bindgen::JsCast;
                                let input: web_sys::HtmlInputElement = e.target().unwrap().unchecked_into();
                                let files = crate::files::list(input.files());
                                input.set_value("");
                                leptos::task::spawn_local(crate::files::handle(editor, lib, files));
                            } />
                        <input class="search" type="search" placeholder="Search boards by name" aria-label="Search boards by name" data-testid="board-search"
                            prop:value=move || search.get() on:input=move |e| search.set(event_target_value(&e)) />
                    </div>
                    {move || lib.deleted.get().map(|d| view! {
                        <div class="undo-bar" data-testid="undo-delete-bar">
                            {format!("Deleted “{}”.", if d.name.is_empty() { "Untitled board" } else { &d.name })}
                            <button data-testid="undo-delete" on:click=move |_| lib.undo_delete()>"Undo"</button>
                        </div>
                    })}
                    <ul class="board-list" data-testid="board-list">
                        {move || shown.get().into_iter().map(row).collect::<Vec<_>>()}
                    </ul>
                    {move || (lib.entries.with(Vec::is_empty) && lib.store_error.with(Option::is_none)).then(|| view! {
                        <p class="muted">"No boards yet. Start a new one, import a file, or open one of the examples. Boards are kept in this browser and saved as you edit."</p>
                    })}
                    {move || (!lib.entries.with(Vec::is_empty) && shown.with(Vec::is_empty)).then(|| view! {
                        <p class="muted">"No board's name matches."</p>
                    })}
                </section>
                <section class="gallery" aria-labelledby="examples-title">
                    <h2 id="examples-title">"Examples"</h2>
                    <div class="cards">
                        {move || cards.get().into_iter().map(|Example { file, name, description, badge }| {
                            // An exercise to finish (a locked copy for students), or a finished board with tests.
                            let badge = match badge {
                                1 => Some(("exercise", "An exercise to finish: Check tells you when it is right")),
                                2 => Some(("with tests", "A finished board with test cases: Check runs them")),
                                _ => None,
                            };
                            let chosen = file.clone();
                            view! {
                                <button class="card" data-testid="example" data-example=file on:click=move |_| open_example(chosen.clone())>
                                    <strong>{name}</strong>
                                    {badge.map(|(b, title)| view! { <span class="badge" data-testid="example-badge" title=title>{b}</span> })}
                                    <span>{description}</span>
                                </button>
                            }
                        }).collect::<Vec<_>>()}
                    </div>
                </section>
            </div>
        </div>
    }
}

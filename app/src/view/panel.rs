//! The bottom panel: a strip of tabs that is always there (with counts and
//! badges) and, when open, the tab's body — the last run's results, the
//! console (log lines), the problems list (click to focus the node), the
//! run's input payload, and an exercise's Check. Its height is dragged at
//! its top edge; which tab shows and when it opens by itself is
//! `floe_editor::panels`.

use floe_editor::panels::Tab;
use floe_engine::{NodeId, Severity};
use leptos::prelude::*;

use crate::state::Editor;

/// Height of the tab strip (CSS pixels).
pub const STRIP: f64 = 32.0;

/// Selects node `id` and pans it into the middle of the canvas.
pub fn focus_node(editor: Editor, id: &NodeId) {
    let Some(ui) = editor.node(id) else { return };
    editor.select_nodes([id.clone()]);
    let (w, h) = editor.canvas_size.get_untracked();
    let p = ui.pos.get_untracked();
    let size = ui.look.with_untracked(|l| (l.layout.width, l.layout.height));
    editor.viewport.update(|v| {
        v.x = w / 2.0 - (p.x + size.0 / 2.0) * v.zoom;
        v.y = h / 2.0 - (p.y + size.1 / 2.0) * v.zoom;
    });
}

/// The panel.
#[component]
pub fn BottomPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let panels = editor.panels;
    let tab = Memo::new(move |_| panels.with(|p| p.tab));
    let open = Memo::new(move |_| panels.with(|p| p.bottom));
    let errors =
        Memo::new(move |_| editor.diagnostics.with(|d| d.iter().filter(|x| x.severity == Severity::Error).count()));
    let warnings =
        Memo::new(move |_| editor.diagnostics.with(|d| d.iter().filter(|x| x.severity == Severity::Warning).count()));
    let tab_button = move |t: Tab, label: &'static str, testid: &'static str| {
        view! {
            <button class="tab" role="tab" class:active=move || open.get() && tab.get() == t data-testid=testid
                aria-selected=move || if open.get() && tab.get() == t { "true" } else { "false" }
                on:click=move |_| editor.panels_do(|p| p.show(t))>
                {label}
                {move || match t {
                    Tab::Results => {
                        let n = editor.run.record.with(|r| r.as_ref().map_or(0, |r| r.outputs.len()));
                        let unseen = panels.with(|p| p.unseen);
                        let failed = editor.run.failed.get() && editor.run.record.with(Option::is_some);
                        let class = if failed { "count bad" } else if unseen { "count new" } else { "count" };
                        let text = if failed { "!".to_owned() } else { n.to_string() };
                        (failed || n > 0).then(|| view! { <span class=class data-testid="results-badge" data-unseen=unseen.to_string()>{text}</span> }.into_any())
                    }
                    Tab::Problems => {
                        let (e, w) = (errors.get(), warnings.get());
                        let class = if e > 0 { "count bad" } else { "count" };
                        (e + w > 0).then(|| view! { <span class=class>{e + w}</span> }.into_any())
                    }
                    Tab::Check => editor.check.results.with(|r| match r {
                        Some(Ok(rs)) => {
                            let pass = rs.iter().filter(|r| r.passed).count();
                            let class = if pass == rs.len() { "count good" } else { "count bad" };
                            Some(view! { <span class=class>{format!("{pass}/{}", rs.len())}</span> }.into_any())
                        }
                        _ => None,
                    }),
                    Tab::Console => {
                        let n = editor.run.console.with(Vec::len);
                        (n > 0).then(|| view! { <span class="count">{n}</span> }.into_any())
                    }
                    Tab::Input => None,
                }}
            </button>
        }
    };
    // Dragging the top edge sets the height.
    let resizing = StoredValue::new(false);
    let on_move = window_event_listener(leptos::ev::pointermove, move |e: web_sys::PointerEvent| {
        if !resizing.get_value() {
            return;
        }
        let window = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(800.0);
        editor.panels_do(|p| p.resize(window - f64::from(e.client_y()) - STRIP, window));
    });
    let on_up = window_event_listener(leptos::ev::pointerup, move |_| resizing.set_value(false));
    on_cleanup(move || {
        on_move.remove();
        on_up.remove();
    });
    view! {
        <section class="bottom-panel" class:open=open data-testid="bottom-panel"
            style:height=move || if open.get() { format!("{}px", panels.with(|p| p.height) + STRIP) } else { format!("{STRIP}px") }>
            <div class="panel-resize" class:hidden=move || !open.get() title="Drag to resize" aria-hidden="true"
                on:pointerdown=move |e| {
                    e.prevent_default();
                    resizing.set_value(true);
                }></div>
            <div class="tabs">
                <div class="tab-list" role="tablist" aria-label="Run, problems and checks">
                    {tab_button(Tab::Results, "Results", "tab-outputs")}
                    {tab_button(Tab::Console, "Console", "tab-console")}
                    {tab_button(Tab::Problems, "Problems", "tab-problems")}
                    {tab_button(Tab::Input, "Run input", "tab-input")}
                    {tab_button(Tab::Check, "Check", "tab-check")}
                </div>
                <span class="spacer"></span>
                <button class="icon panel-toggle" data-testid="panel-toggle"
                    aria-label=move || if open.get() { "Close the bottom panel" } else { "Open the bottom panel" }
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    title=move || if open.get() { "Close the panel" } else { "Open the panel" }
                    on:click=move |_| editor.panels_do(|p| p.toggle_bottom())>
                    {move || if open.get() { "▾" } else { "▴" }}
                </button>
            </div>
            <Show when=move || open.get()>
                <div class="panel-body scrolls" role="tabpanel">
                    {move || match tab.get() {
                        Tab::Results => view! { <Results /> }.into_any(),
                        Tab::Console => view! { <Console /> }.into_any(),
                        Tab::Problems => view! { <Problems /> }.into_any(),
                        Tab::Input => view! { <RunInput /> }.into_any(),
                        Tab::Check => view! { <crate::view::check::CheckTab /> }.into_any(),
                    }}
                </div>
            </Show>
        </section>
    }
}

/// The last run: how it ended, what failed (a link to the node), and the
/// board outputs it set.
#[component]
fn Results() -> impl IntoView {
    let editor = expect_context::<Editor>();
    view! {
        <div class="results" data-testid="results">
            <p class="results-summary" class:bad=move || editor.run.failed.get()>{move || {
                let s = editor.run.summary.get();
                if s.is_empty() { "Run the board (▶ Run, or Ctrl+Enter) to see its results here.".to_owned() } else { s }
            }}</p>
            {move || editor.run.record.get().and_then(|r| r.error.clone()).map(|e| {
                let node = e.node.clone();
                view! {
                    <p class="results-error" data-testid="results-error">
                        {node.clone().map(|n| {
                            let n2 = n.clone();
                            view! { <a class="log-node" href="#" on:click=move |ev| { ev.prevent_default(); focus_node(editor, &n2) }>{format!("node {n}")}</a>": " }
                        })}
                        {format!("[{}] {}", e.code, e.message)}
                    </p>
                }
            })}
            <table class="outputs" data-testid="outputs">
                {move || editor.run.record.get().map(|r| r.outputs.iter().map(|(k, v)| view! {
                    <tr><th scope="row">{k.clone()}</th><td><code>{super::node::value_text(v)}</code></td></tr>
                }).collect::<Vec<_>>())}
            </table>
            {move || editor.run.record.with(|r| r.as_ref().is_some_and(|r| r.outputs.is_empty() && r.error.is_none())).then(|| view! {
                <p class="muted">"This run set no board outputs. Add a Board output node to see a value here (Display nodes show theirs on the canvas)."</p>
            })}
        </div>
    }
}

#[component]
fn Console() -> impl IntoView {
    let editor = expect_context::<Editor>();
    view! {
        <ul class="console" data-testid="console">
            {move || editor.run.console.get().into_iter().map(|l| {
                let node = l.node.clone();
                view! {
                    <li class=format!("log-{}", l.level)>
                        <span class="level">{l.level}</span>
                        {node.clone().map(|n| {
                            let n2 = n.clone();
                            view! { <a class="log-node" href="#" on:click=move |ev| { ev.prevent_default(); focus_node(editor, &n2) }>{n.to_string()}</a> }
                        })}
                        <span class="log-text">{l.text}</span>
                    </li>
                }
            }).collect::<Vec<_>>()}
            {move || editor.run.console.with(Vec::is_empty).then(|| view! { <li class="muted">"Log lines from Debug log nodes and custom nodes appear here."</li> })}
        </ul>
    }
}

#[component]
fn Problems() -> impl IntoView {
    let editor = expect_context::<Editor>();
    view! {
        <ul class="problems" data-testid="problems">
            {move || editor.diagnostics.get().iter().map(|d| {
                let node = d.target.node().cloned();
                let sev = if d.severity == Severity::Error { "error" } else { "warning" };
                view! {
                    <li class=format!("problem {sev}")>
                        <button class="problem-link" on:click=move |_| if let Some(n) = &node { focus_node(editor, n) }>
                            <span class="level">{sev}</span>
                            <span class="code">{d.code.as_str()}</span>
                            <span>{d.message.clone()}</span>
                        </button>
                    </li>
                }
            }).collect::<Vec<_>>()}
            {move || editor.diagnostics.with(|d| d.is_empty()).then(|| view! { <li class="muted">"No problems."</li> })}
        </ul>
    }
}

#[component]
fn RunInput() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let input_error = Memo::new(move |_| {
        editor.run.input.with(|t| serde_json::from_str::<serde_json::Value>(t).err().map(|e| e.to_string()))
    });
    view! {
        <div class="run-input">
            <label class="hint" for="run-input">"The payload a run starts with (JSON): what Start's Payload and Board input nodes read."</label>
            <textarea
                id="run-input"
                data-testid="run-input"
                spellcheck="false"
                class:invalid=move || input_error.with(Option::is_some)
                prop:value=move || editor.run.input.get()
                on:input=move |e| editor.run.input.set(event_target_value(&e))
            ></textarea>
            {move || input_error.get().map(|e| view! { <p class="input-error">{format!("Not JSON: {e}")}</p> })}
        </div>
    }
}

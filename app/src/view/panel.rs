//! The bottom panel: the console (log lines), the problems list (click to
//! focus the node), the run's input payload, and the board's outputs.

use floe_engine::{NodeId, Severity};
use leptos::prelude::*;

use crate::state::Editor;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Console,
    Problems,
    Input,
    Outputs,
    Check,
}

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
    let tab = RwSignal::new(Tab::Console);
    // A board with test cases opens on its Check tab.
    Effect::new(move |_| {
        editor.opened.track();
        let has_cases = editor.with_board(|b| b.exercise.as_ref().is_some_and(|e| !e.cases.is_empty()));
        tab.set(if has_cases { Tab::Check } else { Tab::Console });
    });
    let errors =
        Memo::new(move |_| editor.diagnostics.with(|d| d.iter().filter(|x| x.severity == Severity::Error).count()));
    let warnings =
        Memo::new(move |_| editor.diagnostics.with(|d| d.iter().filter(|x| x.severity == Severity::Warning).count()));
    let input_error = Memo::new(move |_| {
        editor.run.input.with(|t| serde_json::from_str::<serde_json::Value>(t).err().map(|e| e.to_string()))
    });
    let tab_button = move |t: Tab, label: &'static str, testid: &'static str| {
        view! {
            <button class="tab" class:active=move || tab.get() == t data-testid=testid on:click=move |_| tab.set(t)>
                {label}
                {move || match t {
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
                    _ => None,
                }}
            </button>
        }
    };
    view! {
        <section class="bottom-panel">
            <div class="tabs">
                {tab_button(Tab::Console, "Console", "tab-console")}
                {tab_button(Tab::Problems, "Problems", "tab-problems")}
                {tab_button(Tab::Input, "Run input", "tab-input")}
                {tab_button(Tab::Outputs, "Outputs", "tab-outputs")}
                {tab_button(Tab::Check, "Check", "tab-check")}
                <span class="run-summary" class:bad=move || editor.run.failed.get() data-testid="run-summary">
                    {move || editor.run.summary.get()}
                </span>
            </div>
            <div class="panel-body scrolls">
                {move || match tab.get() {
                    Tab::Console => view! {
                        <ul class="console" data-testid="console">
                            {move || editor.run.console.get().into_iter().map(|l| {
                                let node = l.node.clone();
                                view! {
                                    <li class=format!("log-{}", l.level)>
                                        <span class="level">{l.level}</span>
                                        {node.clone().map(|n| {
                                            let n2 = n.clone();
                                            view! { <a class="log-node" on:click=move |_| focus_node(editor, &n2)>{n.to_string()}</a> }
                                        })}
                                        <span class="log-text">{l.text}</span>
                                    </li>
                                }
                            }).collect::<Vec<_>>()}
                            {move || editor.run.console.with(Vec::is_empty).then(|| view! { <li class="muted">"Log lines from Debug log nodes and custom nodes appear here."</li> })}
                        </ul>
                    }.into_any(),
                    Tab::Problems => view! {
                        <ul class="problems" data-testid="problems">
                            {move || editor.diagnostics.get().iter().map(|d| {
                                let node = d.target.node().cloned();
                                let sev = if d.severity == Severity::Error { "error" } else { "warning" };
                                view! {
                                    <li class=format!("problem {sev}") on:click=move |_| if let Some(n) = &node { focus_node(editor, n) }>
                                        <span class="level">{sev}</span>
                                        <span class="code">{d.code.as_str()}</span>
                                        <span>{d.message.clone()}</span>
                                    </li>
                                }
                            }).collect::<Vec<_>>()}
                            {move || editor.diagnostics.with(|d| d.is_empty()).then(|| view! { <li class="muted">"No problems."</li> })}
                        </ul>
                    }.into_any(),
                    Tab::Input => view! {
                        <div class="run-input">
                            <p class="hint">"The payload a run starts with (JSON): what Start's Payload and Board input nodes read."</p>
                            <textarea
                                data-testid="run-input"
                                spellcheck="false"
                                class:invalid=move || input_error.with(Option::is_some)
                                prop:value=move || editor.run.input.get()
                                on:input=move |e| editor.run.input.set(event_target_value(&e))
                            ></textarea>
                            {move || input_error.get().map(|e| view! { <p class="input-error">{format!("Not JSON: {e}")}</p> })}
                        </div>
                    }.into_any(),
                    Tab::Outputs => view! {
                        <table class="outputs" data-testid="outputs">
                            {move || editor.run.record.get().map(|r| r.outputs.iter().map(|(k, v)| view! {
                                <tr><th>{k.clone()}</th><td><code>{serde_json::to_string(&v.to_json()).unwrap_or_default()}</code></td></tr>
                            }).collect::<Vec<_>>())}
                        </table>
                        {move || editor.run.record.with(|r| r.as_ref().is_none_or(|r| r.outputs.is_empty())).then(|| view! { <p class="muted">"Board output nodes show their values here after a run."</p> })}
                    }.into_any(),
                    Tab::Check => view! { <crate::view::check::CheckTab /> }.into_any(),
                }}
            </div>
        </section>
    }
}

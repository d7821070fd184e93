//! Editing a custom node's WebAssembly text in the tab: compile errors show
//! within a moment of typing (in red, with line and column), Apply replaces
//! the module for every node that uses it, Run applies and runs.

use floe_editor::Command;
use floe_engine::ModuleRef;
use leptos::prelude::*;

use crate::state::Editor;

/// The result of compiling the text.
#[derive(Clone, Debug, PartialEq)]
enum Check {
    Pending,
    Ok(String),
    Err(String),
}

/// The panel (open while `Editor::wat_open` is set).
#[component]
pub fn WatEditor() -> impl IntoView {
    let editor = expect_context::<Editor>();
    view! {
        {move || editor.wat_open.get().map(|hash| view! { <WatPanel hash=hash /> })}
    }
}

#[component]
fn WatPanel(hash: floe_engine::module::ModuleHash) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let name = editor
        .with_document(|b| b.modules.iter().find(|m| m.hash == hash).map(|m| m.name.clone()))
        .unwrap_or_else(|| "node.wat".into());
    let text = RwSignal::new(editor.module_text(&hash).unwrap_or_default());
    let check = RwSignal::new(Check::Pending);
    let generation = StoredValue::new(0u64);
    let current = StoredValue::new(hash);
    // Compiled in the run worker; only the newest text's answer counts.
    let compile = move |src: String, then: Option<Box<dyn Fn(bool)>>| {
        let g = generation.get_value();
        check.set(Check::Pending);
        editor.check_module("edit.wat", src.as_bytes(), None, move |result| {
            if generation.get_value() != g {
                return;
            }
            let ok = result.is_ok();
            check.set(match result {
                Ok(d) => {
                    let ins = d.def.pins.iter().filter(|p| p.is_input()).count();
                    let outs = d.def.pins.len() - ins;
                    Check::Ok(format!("compiles: {} ({ins} input(s), {outs} output(s))", d.def.friendly_name))
                }
                Err(e) => Check::Err(e),
            });
            if let Some(then) = &then {
                then(ok);
            }
        });
    };
    compile(text.get_untracked(), None);
    let on_input = move |src: String| {
        text.set(src);
        check.set(Check::Pending);
        let g = generation.get_value() + 1;
        generation.set_value(g);
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(250).await;
            if generation.get_value() == g {
                compile(text.get_untracked(), None);
            }
        });
    };
    let name2 = name.clone();
    // Compiles the text; when it compiles, replaces the module for every node
    // that uses it, then calls `then` (with whether it applied).
    let apply = move |then: Box<dyn Fn(bool)>| {
        let src = text.get_untracked();
        let name2 = name2.clone();
        let after = move |ok: bool| {
            if !ok {
                return then(false);
            }
            let old = current.get_value();
            let new = ModuleRef::embed(&name2, src.as_bytes(), None);
            if new.hash == old {
                return then(true);
            }
            let applied = editor.apply(Command::ReplaceModule { old, new: new.clone() });
            if applied {
                current.set_value(new.hash);
                editor.notify(format!("{name2}: applied"), false);
            }
            then(applied);
        };
        compile(text.get_untracked(), Some(Box::new(after)));
    };
    let apply2 = apply.clone();
    view! {
        <div class="wat-editor no-drag" data-testid="wat-editor">
            <div class="wat-head">
                <b>{format!("{name} — WebAssembly text")}</b>
                <span class="spacer"></span>
                <button data-testid="wat-apply" title="Replace the module for every node that uses it" on:click=move |_| apply(Box::new(|_| {}))>"Apply"</button>
                <button data-testid="wat-run" title="Apply and run the board" on:click=move |_| apply2(Box::new(move |ok| if ok { editor.start_run() }))>"Run"</button>
                <button title="Close (Escape)" on:click=move |_| editor.wat_open.set(None)>"Close"</button>
            </div>
            <textarea
                class="wat-text"
                data-testid="wat-text"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |e| on_input(event_target_value(&e))
            ></textarea>
            <div
                class="wat-status"
                data-testid="wat-status"
                class:bad=move || matches!(check.get(), Check::Err(_))
                class:good=move || matches!(check.get(), Check::Ok(_))
            >
                {move || match check.get() {
                    Check::Pending => "checking…".to_owned(),
                    Check::Ok(s) | Check::Err(s) => s,
                }}
            </div>
        </div>
    }
}

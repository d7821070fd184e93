//! Editing a custom node's WebAssembly text in the tab: compile errors show
//! within a moment of typing (in red, with line and column), Apply replaces
//! the module for every node that uses it, Run applies and runs.

use floe_editor::Command;
use floe_engine::ModuleRef;
use floe_engine::wasm::Modules;
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
fn WatPanel(hash: floe_engine::wasm::ModuleHash) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let name = editor
        .with_board(|b| b.modules.iter().find(|m| m.hash == hash).map(|m| m.name.clone()))
        .unwrap_or_else(|| "node.wat".into());
    let text = RwSignal::new(editor.module_text(&hash).unwrap_or_default());
    let check = RwSignal::new(Check::Pending);
    let generation = StoredValue::new(0u64);
    let current = StoredValue::new(hash);
    let compile = move |src: String| match Modules::new().load("edit.wat", src.as_bytes(), None) {
        Ok(m) => {
            let ins = m.def.pins.iter().filter(|p| p.is_input()).count();
            let outs = m.def.pins.len() - ins;
            Check::Ok(format!("compiles: {} ({ins} input(s), {outs} output(s))", m.def.friendly_name))
        }
        Err(e) => Check::Err(format!("[{}] {e}", e.code())),
    };
    check.set(compile(text.get_untracked()));
    let on_input = move |src: String| {
        text.set(src);
        check.set(Check::Pending);
        let g = generation.get_value() + 1;
        generation.set_value(g);
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(250).await;
            if generation.get_value() == g {
                check.set(compile(text.get_untracked()));
            }
        });
    };
    let name2 = name.clone();
    let apply = move || -> bool {
        let src = text.get_untracked();
        let result = compile(src.clone());
        check.set(result.clone());
        if let Check::Err(_) = result {
            return false;
        }
        let old = current.get_value();
        let new = ModuleRef::embed(&name2, src.as_bytes(), None);
        if new.hash == old {
            return true;
        }
        let ok = editor.apply(Command::ReplaceModule { old, new: new.clone() });
        if ok {
            current.set_value(new.hash);
            editor.notify(format!("{name2}: applied"), false);
        }
        ok
    };
    let apply2 = apply.clone();
    view! {
        <div class="wat-editor no-drag" data-testid="wat-editor">
            <div class="wat-head">
                <b>{format!("{name} — WebAssembly text")}</b>
                <span class="spacer"></span>
                <button data-testid="wat-apply" title="Replace the module for every node that uses it" on:click=move |_| { apply(); }>"Apply"</button>
                <button data-testid="wat-run" title="Apply and run the board" on:click=move |_| if apply2() { editor.start_run() }>"Run"</button>
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

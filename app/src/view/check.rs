//! The Check tab: an exercise's instructions, "Check" (run every test case
//! in the tab, pass or fail with the difference), and authoring: add a case
//! from the last run, edit a case's name, input and expected outputs.

use floe_engine::exercise::{Exercise, TestCase};
use leptos::prelude::*;

use crate::state::Editor;

fn pretty(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The tab's body.
#[component]
pub fn CheckTab() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let exercise = Memo::new(move |_| editor.exercise());
    let edit = move |f: &dyn Fn(&mut Exercise)| {
        let mut e = editor.exercise();
        f(&mut e);
        editor.set_exercise(e);
    };
    let add_from_run = move |_| match editor.case_from_last_run() {
        Ok(case) => edit(&|e| e.cases.push(case.clone())),
        Err(why) => editor.notify(why, true),
    };
    let case_view = move |(i, case): (usize, TestCase)| {
        // The list is rebuilt whenever the exercise changes, so the name is this case's.
        let name = case.name.clone();
        let result = Memo::new(move |_| {
            editor.check.results.with(|r| match r {
                Some(Ok(results)) => results.iter().find(|x| x.name == name).cloned(),
                _ => None,
            })
        });
        let field_error = RwSignal::new(None::<String>);
        let set_json = move |which: &'static str, text: String| match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => {
                if which == "expect" {
                    let Some(map) = v.as_object() else {
                        field_error.set(Some("Expected outputs must be an object: {\"output name\": value}".into()));
                        return;
                    };
                    let map = map.clone();
                    edit(&|e| {
                        if let Some(c) = e.cases.get_mut(i) {
                            c.expect = map.clone().into_iter().collect()
                        }
                    });
                } else {
                    edit(&|e| {
                        if let Some(c) = e.cases.get_mut(i) {
                            c.input = v.clone()
                        }
                    });
                }
                field_error.set(None);
            }
            Err(err) => field_error.set(Some(format!("Not JSON ({which}): {err}"))),
        };
        let input_text = pretty(&case.input);
        let expect_text = pretty(&case.expect);
        let use_input = pretty(&case.input);
        view! {
            <li class="case" data-testid="case"
                class:pass=move || result.get().is_some_and(|r| r.passed)
                class:fail=move || result.get().is_some_and(|r| !r.passed)>
                <div class="case-head">
                    <span class="verdict" data-testid="case-verdict">{move || match result.get() {
                        Some(r) if r.passed => "✔ pass",
                        Some(_) => "✘ fail",
                        None => "·",
                    }}</span>
                    <input class="case-name" data-testid="case-name" value=case.name.clone()
                        on:change=move |e| { let n = event_target_value(&e); edit(&|x| if let Some(c) = x.cases.get_mut(i) { c.name = n.clone() }) } />
                    <button title="Put this case's input in Run input" on:click=move |_| editor.run.input.set(use_input.clone())>"Use as run input"</button>
                    <button title="Remove this case" data-testid="case-remove" on:click=move |_| edit(&|e| { if i < e.cases.len() { e.cases.remove(i); } })>"Remove"</button>
                </div>
                {move || result.get().filter(|r| !r.passed).map(|r| view! {
                    <ul class="differences" data-testid="case-differences">
                        {r.error.map(|e| view! { <li>{format!("The run failed: {e}")}</li> })}
                        {r.differences.iter().map(|d| view! { <li>{d.to_string()}</li> }).collect::<Vec<_>>()}
                    </ul>
                })}
                <details>
                    <summary>"Input and expected outputs"</summary>
                    <div class="case-fields">
                        <label>"Run input (JSON)"<textarea spellcheck="false" prop:value=input_text on:change=move |e| set_json("input", event_target_value(&e))></textarea></label>
                        <label>"Expected outputs (JSON object)"<textarea spellcheck="false" prop:value=expect_text on:change=move |e| set_json("expect", event_target_value(&e))></textarea></label>
                    </div>
                    {move || field_error.get().map(|e| view! { <p class="input-error">{e}</p> })}
                </details>
            </li>
        }
    };
    view! {
        <div class="check" data-testid="check-panel">
            <div class="check-bar">
                <button class="primary" data-testid="check" disabled=move || editor.check.running.get() on:click=move |_| editor.check()>"✔ Check"</button>
                <span class="check-summary" data-testid="check-summary">{move || editor.check.results.with(|r| match r {
                    None if editor.check.running.get() => "Checking…".to_owned(),
                    None => format!("{} test case(s)", exercise.with(|e| e.cases.len())),
                    Some(Err(e)) => e.clone(),
                    Some(Ok(rs)) => format!("{} of {} passed", rs.iter().filter(|r| r.passed).count(), rs.len()),
                })}</span>
                <span class="spacer"></span>
                <button data-testid="case-from-run" title="A new case: the current run input, expecting the outputs of the last run" on:click=add_from_run>"+ Case from last run"</button>
            </div>
            <textarea class="instructions" data-testid="instructions" placeholder="Instructions for whoever solves this board (optional)"
                prop:value=move || exercise.with(|e| e.instructions.clone())
                on:change=move |e| { let t = event_target_value(&e); edit(&|x| x.instructions = t.clone()) }></textarea>
            <ul class="cases">
                {move || exercise.get().cases.into_iter().enumerate().map(case_view).collect::<Vec<_>>()}
            </ul>
            {move || exercise.with(|e| e.cases.is_empty()).then(|| view! {
                <p class="muted">"No test cases. Run the board with an input, then “+ Case from last run” to make one; Check then runs every case and shows what differs."</p>
            })}
        </div>
    }
}

//! The Check tab: an exercise's instructions, Run and Check side by side
//! (Check runs every test case in the run worker; pass or fail with the
//! difference, the first failure scrolled into view), and authoring: add a
//! case from the last run, edit a case's name, input and expected outputs.
//! In a student's copy (a locked exercise) the instructions and the
//! teacher's cases are read-only; students may add cases of their own. The
//! edits themselves are `floe_editor::edit::exercise`.

use floe_editor::edit::exercise::{self, CaseEdit};
use floe_engine::exercise::TestCase;
use leptos::html;
use leptos::prelude::*;

use crate::state::Editor;

fn pretty(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The tab's body.
#[component]
pub fn CheckTab() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let ex = Memo::new(move |_| editor.exercise());
    let locked = Memo::new(move |_| ex.with(|e| e.locked));
    let list: NodeRef<html::Ul> = NodeRef::new();
    let edit_case =
        move |i: usize, e: CaseEdit| editor.exercise_edit(editor.with_document(|b| exercise::edit_case(b, i, e)));
    // After a check, the first failing case's difference is brought into view.
    Effect::new(move |_| {
        let failed = editor.check.results.with(|r| matches!(r, Some(Ok(rs)) if rs.iter().any(|c| !c.passed)));
        if !failed {
            return;
        }
        request_animation_frame(move || {
            let Some(list) = list.get_untracked() else { return };
            if let Ok(Some(el)) = list.query_selector(".case.fail") {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });
    let case_view = move |(i, case): (usize, TestCase)| {
        // The list is rebuilt whenever the exercise changes, so the name is this case's.
        let name = case.name.clone();
        let teachers = case.locked;
        let result = Memo::new(move |_| {
            editor.check.results.with(|r| match r {
                Some(Ok(results)) => results.iter().find(|x| x.name == name).cloned(),
                _ => None,
            })
        });
        let input_text = pretty(&case.input);
        let expect_text = pretty(&case.expect);
        let use_input = pretty(&case.input);
        let read_only = move || teachers || editor.read_only.get();
        view! {
            <li class="case" data-testid="case" data-teacher=teachers.to_string()
                class:pass=move || result.get().is_some_and(|r| r.passed)
                class:fail=move || result.get().is_some_and(|r| !r.passed)>
                <div class="case-head">
                    <span class="verdict" data-testid="case-verdict">{move || match result.get() {
                        Some(r) if r.passed => "✔ pass",
                        Some(_) => "✘ fail",
                        None => "·",
                    }}</span>
                    <input class="case-name" data-testid="case-name" value=case.name.clone() aria-label="Test case name"
                        readonly=read_only
                        on:change=move |e| { edit_case(i, CaseEdit::Name(event_target_value(&e))); } />
                    {teachers.then(|| view! { <span class="tag" title="The teacher's case: it cannot be changed">"teacher's"</span> })}
                    <button title="Put this case's input in Run input" on:click=move |_| editor.run.input.set(use_input.clone())>"Use as run input"</button>
                    <Show when=move || !read_only()>
                        <button title="Remove this case" data-testid="case-remove" on:click=move |_| { edit_case(i, CaseEdit::Remove); }>"Remove"</button>
                    </Show>
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
                        <label>"Run input (JSON)"<textarea spellcheck="false" readonly=read_only prop:value=input_text
                            on:change=move |e| { edit_case(i, CaseEdit::Input(event_target_value(&e))); }></textarea></label>
                        <label>"Expected outputs (JSON object)"<textarea spellcheck="false" readonly=read_only prop:value=expect_text
                            on:change=move |e| { edit_case(i, CaseEdit::Expect(event_target_value(&e))); }></textarea></label>
                    </div>
                </details>
            </li>
        }
    };
    view! {
        <div class="check" data-testid="check-panel">
            {move || if locked.get() || editor.read_only.get() {
                let text = ex.with(|e| e.instructions.clone());
                (!text.trim().is_empty()).then(|| view! { <p class="instructions read" data-testid="instructions">{text}</p> }).into_any()
            } else {
                view! {
                    <textarea class="instructions" data-testid="instructions" aria-label="Instructions"
                        placeholder="Instructions for whoever solves this board (optional)"
                        prop:value=move || ex.with(|e| e.instructions.clone())
                        on:change=move |e| { editor.exercise_edit(editor.with_document(|b| exercise::set_instructions(b, &event_target_value(&e)))); }></textarea>
                }.into_any()
            }}
            <div class="check-bar">
                <button class="run" data-testid="check-run" title="Run the board once with the run input (Ctrl+Enter)"
                    disabled=move || editor.run.running.get() on:click=move |_| editor.start_run()>"▶ Run"</button>
                <button class="primary" data-testid="check" title="Run every test case"
                    disabled=move || editor.check.running.get() on:click=move |_| editor.check()>"✔ Check"</button>
                <span class="check-summary" data-testid="check-summary" role="status">{move || editor.check.results.with(|r| match r {
                    None if editor.check.running.get() => "Checking…".to_owned(),
                    None => format!("{} test case(s)", ex.with(|e| e.cases.len())),
                    Some(Err(e)) => e.clone(),
                    Some(Ok(rs)) => format!("{} of {} passed", rs.iter().filter(|r| r.passed).count(), rs.len()),
                })}</span>
                <span class="spacer"></span>
                <button data-testid="case-from-run" title="A new case: the current run input, expecting the outputs of the last run"
                    on:click=move |_| editor.case_from_last_run()>"+ Case from last run"</button>
            </div>
            <ul class="cases" node_ref=list>
                {move || ex.get().cases.into_iter().enumerate().map(case_view).collect::<Vec<_>>()}
            </ul>
            {move || ex.with(|e| e.cases.is_empty()).then(|| view! {
                <p class="muted">"No test cases. Run the board with an input, then “+ Case from last run” to make one; Check then runs every case and shows what differs."</p>
            })}
        </div>
    }
}

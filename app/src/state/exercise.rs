//! "Check": runs the board's test cases in the run worker (like a run)
//! and keeps each case's result; authoring edits go through
//! `Command::SetExercise`, so they undo, autosave and travel in links.

use floe_editor::Command;
use floe_engine::exercise::{CaseResult, Exercise};
use floe_runner::protocol::{Reply, Request};
use leptos::prelude::*;

use super::Editor;

/// The check's state.
#[derive(Clone, Copy)]
pub struct CheckState {
    /// A check is running.
    pub running: RwSignal<bool>,
    /// The last check's results, one per case (or why it could not run).
    pub results: RwSignal<Option<Result<Vec<CaseResult>, String>>>,
}

impl CheckState {
    pub(crate) fn new() -> Self {
        CheckState { running: RwSignal::new(false), results: RwSignal::new(None) }
    }
}

impl Editor {
    /// The board's exercise (empty when it has none).
    pub fn exercise(&self) -> Exercise {
        self.revision.track();
        self.with_document(|b| b.exercise.clone().unwrap_or_default())
    }

    /// Adds a case from the last run: its input, and the outputs it produced.
    pub fn case_from_last_run(&self) {
        let input = self.run.input.get_untracked();
        let made = self.run.record.with_untracked(|r| {
            self.with_document(|b| {
                floe_editor::edit::exercise::case_from_run(b, &input, r.as_ref().map(|r| &r.outputs))
            })
        });
        self.exercise_edit(made);
    }

    /// Applies an exercise edit, or says why it was refused.
    pub fn exercise_edit(&self, edit: Result<Command, floe_editor::edit::exercise::ExerciseRefusal>) -> bool {
        match edit {
            Ok(cmd) => self.apply(cmd),
            Err(e) => {
                self.notify(floe_editor::explain::sentence(&e.to_string()), true);
                false
            }
        }
    }

    /// Runs every case and shows which pass.
    pub fn check(&self) {
        let editor = *self;
        self.when_modules_loaded(move || editor.check_now());
    }

    fn check_now(&self) {
        if self.check.running.get_untracked() {
            return;
        }
        let cases = self.with_document(|b| b.exercise.clone().map(|e| e.cases).unwrap_or_default());
        if cases.is_empty() {
            self.check.results.set(Some(Err("This board has no test cases yet.".into())));
            return;
        }
        // Validation is enough here (the worker plans); the page never links the planner.
        let diags = self.catalog.with_value(|c| self.with_document(|b| floe_engine::validate(b, c)));
        if diags.has_errors() {
            self.validate();
            let n = diags.errors().count();
            self.check
                .results
                .set(Some(Err(format!("The board has {n} error(s) (see Problems), so no case can run."))));
            return;
        }
        self.check.running.set(true);
        self.check.results.set(None);
        let board = Box::new(self.with_document(floe_engine::Board::clone));
        let editor = *self;
        self.runner.send(
            |id| Request::Check { id, board },
            false,
            move |reply| {
                let Reply::Checked { id, results } = reply else { return };
                editor.runner.done(id);
                editor.check.results.set(Some(results));
                editor.check.running.set(false);
                editor.panels_do(|p| p.after_check());
            },
            move |lost| {
                editor.check.results.set(Some(Err(format!("The check stopped: {}", lost.message))));
                editor.check.running.set(false);
            },
        );
    }
}

//! "Check": runs the board's test cases in the run worker (like a run)
//! and keeps each case's result; authoring edits go through
//! `Command::SetExercise`, so they undo, autosave and travel in links.

use floe_editor::Command;
use floe_engine::Plan;
use floe_engine::exercise::{CaseResult, Exercise, TestCase};
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
        self.with_board(|b| b.exercise.clone().unwrap_or_default())
    }

    /// Replaces the exercise as one undoable edit (`None` when it is empty).
    pub fn set_exercise(&self, e: Exercise) -> bool {
        let e = (!e.cases.is_empty() || !e.instructions.trim().is_empty()).then_some(e);
        if self.with_board(|b| b.exercise == e) {
            return true;
        }
        self.apply(Command::SetExercise { exercise: e })
    }

    /// A new case from the last run: its input, and the outputs it produced.
    pub fn case_from_last_run(&self) -> Result<TestCase, String> {
        let record = self.run.record.get_untracked().ok_or("run the board first; the case takes that run's outputs")?;
        let input: serde_json::Value = serde_json::from_str(&self.run.input.get_untracked())
            .map_err(|e| format!("the run input is not JSON: {e}"))?;
        if record.outputs.is_empty() {
            return Err(
                "the last run set no board outputs; add Board output nodes for what the case should check".into()
            );
        }
        let taken = self.exercise();
        let name =
            (1..).map(|i| format!("case {i}")).find(|n| !taken.cases.iter().any(|c| &c.name == n)).unwrap_or_default();
        Ok(TestCase { name, input, expect: record.outputs.iter().map(|(k, v)| (k.clone(), v.to_json())).collect() })
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
        let cases = self.with_board(|b| b.exercise.clone().map(|e| e.cases).unwrap_or_default());
        if cases.is_empty() {
            self.check.results.set(Some(Err("This board has no test cases yet.".into())));
            return;
        }
        if let Err(diags) = self.catalog.with_value(|c| self.with_board(|b| Plan::compile(b, c))) {
            self.validate();
            let n = diags.errors().count();
            self.check
                .results
                .set(Some(Err(format!("The board has {n} error(s) (see Problems), so no case can run."))));
            return;
        }
        self.check.running.set(true);
        self.check.results.set(None);
        let board = Box::new(self.with_board(floe_engine::Board::clone));
        let editor = *self;
        self.runner.send(
            |id| Request::Check { id, board },
            false,
            move |reply| {
                let Reply::Checked { id, results } = reply else { return };
                editor.runner.done(id);
                editor.check.results.set(Some(results));
                editor.check.running.set(false);
            },
            move |lost| {
                editor.check.results.set(Some(Err(format!("The check stopped: {}", lost.message))));
                editor.check.running.set(false);
            },
        );
    }
}

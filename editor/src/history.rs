//! Undo and redo: each step keeps the command that was applied and the
//! command that reverses it.

use floe_engine::Board;

use crate::command::{Change, Command, CommandError};

/// One undoable step.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    label: String,
    forward: Command,
    inverse: Command,
}

/// The undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    limit: usize,
}

impl History {
    /// Empty, keeping at most `limit` steps (the oldest go first).
    pub fn new(limit: usize) -> Self {
        History { done: Vec::new(), undone: Vec::new(), limit: limit.max(1) }
    }

    /// Records a step that was just applied; clears the redo stack.
    pub fn record(&mut self, forward: Command, inverse: Command) {
        self.undone.clear();
        self.done.push(Step { label: forward.label(), forward, inverse });
        if self.done.len() > self.limit {
            let excess = self.done.len() - self.limit;
            self.done.drain(..excess);
        }
    }

    /// Undoes the last step; returns the command applied and what changed.
    pub fn undo(&mut self, board: &mut Board) -> Option<Result<(Command, Vec<Change>), CommandError>> {
        let step = self.done.pop()?;
        Some(match step.inverse.apply(board) {
            Ok((forward, changes)) => {
                let applied = step.inverse.clone();
                self.undone.push(Step { label: step.label, forward, inverse: step.inverse });
                Ok((applied, changes))
            }
            Err(e) => {
                // The document no longer matches the step (should not happen): drop the history.
                self.done.clear();
                self.undone.clear();
                Err(e)
            }
        })
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, board: &mut Board) -> Option<Result<(Command, Vec<Change>), CommandError>> {
        let step = self.undone.pop()?;
        Some(match step.forward.apply(board) {
            Ok((inverse, changes)) => {
                let applied = step.forward.clone();
                self.done.push(Step { label: step.label, forward: step.forward, inverse });
                Ok((applied, changes))
            }
            Err(e) => {
                self.done.clear();
                self.undone.clear();
                Err(e)
            }
        })
    }

    /// What undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|s| s.label.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|s| s.label.as_str())
    }

    /// Forgets everything (a different board was opened).
    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
    }
}

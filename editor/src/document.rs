//! The board being edited, with its history: the only way to change it is
//! [`Document::apply`] (or undo/redo), so every change is a [`Command`].

use floe_engine::Board;

use crate::command::{Change, Command, CommandError};
use crate::history::History;

/// A board under edit.
#[derive(Clone, Debug)]
pub struct Document {
    board: Board,
    history: History,
    revision: u64,
    log: Vec<Command>,
}

impl Document {
    /// Opens `board` with an empty history.
    pub fn new(board: Board) -> Self {
        Document { board, history: History::new(500), revision: 0, log: Vec::new() }
    }

    /// The board as it is now.
    pub fn board(&self) -> &Board {
        &self.board
    }

    /// Grows by one with every change (apply, undo, redo).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Applies `cmd` as one undo step.
    pub fn apply(&mut self, cmd: Command) -> Result<Vec<Change>, CommandError> {
        let (inverse, changes) = cmd.apply(&mut self.board)?;
        self.log.push(cmd.clone());
        self.history.record(cmd, inverse);
        self.revision += 1;
        Ok(changes)
    }

    /// Undoes the last step, if any.
    pub fn undo(&mut self) -> Option<Result<Vec<Change>, CommandError>> {
        let r = self.history.undo(&mut self.board)?;
        Some(self.settle(r))
    }

    /// Redoes the last undone step, if any.
    pub fn redo(&mut self) -> Option<Result<Vec<Change>, CommandError>> {
        let r = self.history.redo(&mut self.board)?;
        Some(self.settle(r))
    }

    fn settle(&mut self, r: Result<(Command, Vec<Change>), CommandError>) -> Result<Vec<Change>, CommandError> {
        let (applied, changes) = r?;
        self.log.push(applied);
        self.revision += 1;
        Ok(changes)
    }

    /// What undo and redo would do, for their buttons.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The commands applied since the last call (for autosave and sync), oldest first.
    pub fn take_log(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.log)
    }

    /// Replaces the whole board (opening another one); the history is cleared.
    pub fn replace(&mut self, board: Board) {
        self.board = board;
        self.history.clear();
        self.log.clear();
        self.revision += 1;
    }
}

//! Autosave: every document change of an editable stored board is saved at
//! once (one save in flight, the next coalesced), and what is not yet saved
//! is flushed before leaving the board or the page.

use floe_engine::Board;
use leptos::prelude::*;

use super::Library;
use super::versions::AUTO_VERSION_MS;

/// What autosave is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Nothing to save (a shared link, or the home screen).
    Idle,
    /// Every change is stored.
    Saved,
    /// A save is in flight.
    Saving,
    /// The last save failed (the message says why and what to do).
    Failed(String),
}

impl Library {
    pub(super) fn save_soon(&self) {
        if self.in_flight.get_value() {
            self.again.set_value(true);
            return;
        }
        let Some(id) = self.current.get_untracked() else { return };
        self.in_flight.set_value(true);
        self.save.set(SaveState::Saving);
        let lib = *self;
        leptos::task::spawn_local(async move {
            loop {
                // Stop if the board on screen is no longer this one.
                if lib.current.get_untracked().as_deref() != Some(&id) || lib.editor.read_only.get_untracked() {
                    break;
                }
                let rev = lib.editor.revision.get_untracked();
                let board = lib.editor.with_document(Board::clone);
                match lib
                    .with_store(|s| {
                        let id = id.clone();
                        async move { s.save(&id, &board).await }
                    })
                    .await
                {
                    Ok(_) => {
                        lib.saved_revision.set_value(rev);
                        lib.post("saved", &id);
                        lib.sync_soon();
                        if floe_storage::now_ms() - lib.last_auto_version.get_value() > AUTO_VERSION_MS {
                            let board = lib.editor.with_document(Board::clone);
                            lib.auto_version(&id, &board).await;
                        }
                    }
                    Err(e) => {
                        lib.save.set(SaveState::Failed(e.to_string()));
                        lib.in_flight.set_value(false);
                        lib.again.set_value(false);
                        return;
                    }
                }
                if !lib.again.get_value() {
                    break;
                }
                lib.again.set_value(false);
            }
            lib.in_flight.set_value(false);
            if lib.saved_revision.get_value() == lib.editor.revision.get_untracked() {
                lib.save.set(SaveState::Saved);
            }
        });
    }

    /// Whether the board on screen has edits not stored yet (or a save under way).
    pub(super) fn unsaved(&self) -> bool {
        self.saved_revision.get_value() != self.editor.revision.get_untracked() || self.in_flight.get_value()
    }

    /// Starts saving now anything not yet saved (before leaving the board or the page).
    pub fn flush(&self) {
        let Some(id) = self.current.get_untracked() else { return };
        if self.editor.read_only.get_untracked()
            || self.saved_revision.get_value() == self.editor.revision.get_untracked()
        {
            return;
        }
        let board = self.editor.with_document(Board::clone);
        self.saved_revision.set_value(self.editor.revision.get_untracked());
        if let Some(store) = self.store.get_value() {
            leptos::task::spawn_local(async move {
                let _ = store.save(&id, &board).await;
            });
        }
    }
}

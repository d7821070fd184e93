//! The personal subflow library: subflows saved in this browser (by
//! content hash, in IndexedDB), added to other boards from the palette;
//! a board that uses an older version is offered the newer one, with what
//! differs in its interface.

use floe_editor::Command;
use floe_editor::library::{self, LibraryEntry};
use leptos::prelude::*;

use super::Library;

impl Library {
    /// Reads the library (entries that do not read are left out and counted).
    pub(crate) async fn load_subflow_library(&self) {
        let Ok(texts) = self.with_store(|s| async move { s.library().await }).await else { return };
        // An entry must read and hash to its key's content (nothing else is trusted).
        let entries: Vec<LibraryEntry> = texts
            .iter()
            .filter_map(|t| floe_engine::board::read_located::<LibraryEntry>(t).ok())
            .filter(|e| library::content_hash(&e.subflow) == e.hash)
            .collect();
        let damaged = texts.len() - entries.len();
        if damaged > 0 {
            self.editor.notify(format!("{damaged} saved subflow(s) of your library could not be read"), true);
        }
        self.subflow_library.set(entries);
    }

    /// Saves subflow `id` of the open board to the library; the board then
    /// names that version (so a newer one is offered to it later).
    pub fn save_subflow(&self, id: String) {
        let lib = *self;
        let Some(entry) = self.editor.with_document(|b| library::to_entry(b, &id, floe_storage::now_ms())) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let json = serde_json::to_string(&entry).expect("an entry serialises");
            let hash = entry.hash.clone();
            match lib.with_store(|s| async move { s.put_library(&hash, &json).await }).await {
                Ok(()) => {
                    let def = entry.subflow.clone();
                    let mine = lib.editor.with_document(|b| b.subflow(&id).cloned());
                    if let Some(mine) = mine.filter(|m| m.library != def.library) {
                        lib.editor.apply(Command::SetSubflow {
                            subflow: Box::new(floe_engine::Subflow { library: def.library.clone(), ..mine }),
                            at: None,
                        });
                    }
                    lib.editor.notify(format!("Saved “{}” to your library", def.name), false);
                    lib.load_subflow_library().await;
                }
                Err(e) => lib.editor.tell(super::storage_problem(&e)),
            }
        });
    }

    /// Adds the library's subflow `hash` to the open board, near the middle of the view.
    pub fn add_from_library(&self, hash: &str) {
        let Some(entry) = self.subflow_library.with_untracked(|l| l.iter().find(|e| e.hash == hash).cloned()) else {
            return;
        };
        let at = self.editor.centre();
        let edit =
            self.editor.with_document(|b| library::add_to_board(b, &entry, floe_engine::Position { x: at.x, y: at.y }));
        self.editor.apply_edit(edit);
    }

    /// Replaces subflow `id` of the open board by the library's newer version `hash`.
    pub fn update_subflow(&self, id: &str, hash: &str) {
        let Some(entry) = self.subflow_library.with_untracked(|l| l.iter().find(|e| e.hash == hash).cloned()) else {
            return;
        };
        match self.editor.with_document(|b| library::update_from(b, id, &entry)) {
            Ok(edit) => {
                self.editor.apply_edit(edit);
            }
            Err(e) => self.editor.notify(e.to_string(), true),
        }
    }
}

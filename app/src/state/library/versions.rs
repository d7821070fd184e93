//! Versions: one when a board is opened and every 10 minutes while it is
//! edited (the newest 20 automatic ones kept), named ones kept for good,
//! and restoring one as an ordinary, undoable edit.

use floe_engine::Board;
use floe_storage::Version;
use leptos::prelude::*;

use super::{Library, SaveState};

/// Automatic versions are taken at most this often while editing.
pub(super) const AUTO_VERSION_MS: f64 = 10.0 * 60.0 * 1000.0;

impl Library {
    pub(super) async fn auto_version(&self, id: &str, board: &Board) {
        self.last_auto_version.set_value(floe_storage::now_ms());
        let (a, b) = (id.to_owned(), board.clone());
        let _ = self.with_store(|s| async move { s.auto_version(&a, &b, None).await }).await;
    }

    /// Loads the versions of board `id` for the panel.
    pub async fn load_versions(&self, id: &str) {
        let id = id.to_owned();
        match self.with_store(|s| async move { s.versions(&id).await }).await {
            Ok(v) => self.versions.set(v),
            Err(e) => self.editor.notify(e.to_string(), true),
        }
    }

    /// Opens or closes the version panel.
    pub fn toggle_versions(&self) {
        let open = !self.versions_open.get_untracked();
        self.versions_open.set(open);
        if open && let Some(id) = self.current.get_untracked() {
            let lib = *self;
            leptos::task::spawn_local(async move { lib.load_versions(&id).await });
        }
    }

    /// Keeps the board on screen as a named version.
    pub fn name_version(&self, label: String) {
        let Some(id) = self.current.get_untracked() else { return };
        let board = self.editor.with_document(Board::clone);
        let lib = *self;
        leptos::task::spawn_local(async move {
            let (a, l) = (id.clone(), label.clone());
            match lib.with_store(|s| async move { s.snapshot(&a, &board, Some(&l), false).await }).await {
                Ok(_) => lib.editor.notify(format!("Saved version “{label}”"), false),
                Err(e) => lib.editor.notify(e.to_string(), true),
            }
            lib.load_versions(&id).await;
        });
    }

    /// Puts a version back on screen as one undoable edit (autosaved); the
    /// board as it was is also kept as a version. For a damaged board, the
    /// version replaces the stored one.
    pub fn restore_version(&self, version: Version) {
        let Some(id) = self.current.get_untracked() else { return };
        let lib = *self;
        leptos::task::spawn_local(async move {
            let key = version.key.clone();
            let old = match lib.with_store(|s| async move { s.load_version(&key).await }).await {
                Ok(b) => b,
                Err(e) => return lib.editor.notify(e.to_string(), true),
            };
            if lib.open_error.get_untracked().is_none() {
                let now = lib.editor.with_document(Board::clone);
                let a = id.clone();
                let _ = lib
                    .with_store(|s| async move { s.snapshot(&a, &now, Some("before restoring"), false).await })
                    .await;
                // An ordinary edit: autosaved, and Ctrl+Z takes it back.
                if lib.editor.apply(floe_editor::Command::ReplaceBoard { board: Box::new(old) }) {
                    let when = version_time(&version);
                    lib.editor.notify(format!("Restored the version of {when} (Ctrl+Z undoes it)"), false);
                }
                lib.load_versions(&id).await;
                return;
            }
            // The stored board is damaged: the version replaces it.
            let (a, b) = (id.clone(), old.clone());
            if let Err(e) = lib.with_store(|s| async move { s.save(&a, &b).await.map(|_| ()) }).await {
                return lib.editor.notify(e.to_string(), true);
            }
            lib.open_error.set(None);
            lib.show(old, false, "");
            lib.current.set(Some(id.clone()));
            lib.save.set(SaveState::Saved);
            lib.post("saved", &id);
            lib.editor.notify(format!("Restored the version of {}", version_time(&version)), false);
            lib.load_versions(&id).await;
        });
    }
}

/// "14:05:09, 21 Nov" in the browser's time zone.
pub fn version_time(v: &Version) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(v.at_ms));
    let opts = js_sys::Object::new();
    for (k, val) in
        [("hour", "2-digit"), ("minute", "2-digit"), ("second", "2-digit"), ("day", "numeric"), ("month", "short")]
    {
        let _ = js_sys::Reflect::set(&opts, &k.into(), &val.into());
    }
    d.to_locale_string("default", &opts).into()
}

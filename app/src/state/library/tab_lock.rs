//! The tab lock: one tab edits a board, the others follow it live,
//! read-only, over the `floe` BroadcastChannel; "Edit here" hands editing
//! over; if two tabs both edited, the losing tab's board is kept as a version.

use floe_engine::Board;
use leptos::prelude::*;

use super::{Library, Route};

/// The board being edited lives in another tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lock {
    /// This tab edits the board.
    Mine,
    /// Another tab does; this one follows it live, read-only.
    Elsewhere,
    /// The tab that was editing closed.
    Released,
}

/// A message between tabs (JSON on the `floe` BroadcastChannel).
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct TabMessage {
    /// `hello` (I opened it), `owner` (I edit it), `saved`, `take` (I edit it now), `bye` (I closed it),
    /// `renamed` (renamed from the home screen), `pulled` (sync stored another device's version).
    pub(super) kind: String,
    pub(super) board: String,
    pub(super) tab: String,
    /// The new name, for `renamed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<String>,
}

impl Library {
    /// This tab edits the board from now on (the other tab follows).
    pub fn take_over(&self) {
        let Some(id) = self.current.get_untracked() else { return };
        self.post("take", &id);
        self.lock.set(Lock::Mine);
        self.editor.read_only.set(false);
        self.saved_revision.set_value(self.editor.revision.get_untracked());
    }

    pub(super) fn post(&self, kind: &str, board: &str) {
        self.send(TabMessage { kind: kind.into(), board: board.into(), tab: self.tab.get_value(), name: None });
    }

    pub(super) fn send(&self, m: TabMessage) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let _ = c.post_message(&serde_json::to_string(&m).unwrap_or_default().into());
            }
        });
    }

    pub(super) fn on_tab_message(&self, m: TabMessage) {
        if m.tab == self.tab.get_value() || self.current.get_untracked().as_deref() != Some(&m.board) {
            if (m.kind == "saved" || m.kind == "pulled") && self.route.get_untracked() == Route::Home {
                let lib = *self;
                leptos::task::spawn_local(async move { lib.refresh().await });
            }
            return;
        }
        let mine = self.lock.get_untracked() == Lock::Mine;
        match m.kind.as_str() {
            "hello" if mine => self.post("owner", &m.board),
            "renamed" if mine => {
                let description = self.editor.with_document(|b| b.meta.description.clone());
                let name = m.name.unwrap_or_default();
                self.editor.apply(floe_editor::Command::SetMeta { name, description });
            }
            "renamed" => {
                let lib = *self;
                leptos::task::spawn_local(async move { lib.reload_from_store().await });
            }
            "owner" if mine => self.follow_other_tab(),
            "take" => self.follow_other_tab(),
            "saved" if mine => {
                // Both tabs thought they edited it: keep this tab's board as a
                // version, then follow the other one. Nothing is lost.
                self.follow_other_tab();
                let (lib, id, board) = (*self, m.board.clone(), self.editor.with_document(Board::clone));
                leptos::task::spawn_local(async move {
                    let _ = lib
                        .with_store(|s| async move { s.snapshot(&id, &board, Some("from another tab"), false).await })
                        .await;
                    lib.reload_from_store().await;
                });
                self.editor.notify("Another tab changed this board too; this tab's version is kept in Versions", true);
            }
            "saved" => {
                let lib = *self;
                leptos::task::spawn_local(async move { lib.reload_from_store().await });
            }
            "bye" if !mine => self.lock.set(Lock::Released),
            // Another tab's sync round stored a newer version: shown unless
            // edited here meanwhile (then this edit goes on top, a conflict).
            "pulled" if !self.unsaved() => {
                let lib = *self;
                leptos::task::spawn_local(async move { lib.reload_from_store().await });
            }
            _ => {}
        }
    }

    pub(super) fn follow_other_tab(&self) {
        self.flush();
        self.lock.set(Lock::Elsewhere);
        self.editor.read_only.set(true);
        self.editor
            .read_only_reason
            .set("it is being edited in another tab; use “Edit here” to edit it in this one".into());
    }

    pub(super) async fn reload_from_store(&self) {
        let Some(id) = self.current.get_untracked() else { return };
        let a = id.clone();
        if let Ok(board) = self.with_store(|s| async move { s.load(&a).await }).await {
            let viewport = self.editor.viewport.get_untracked();
            self.editor.open(board);
            self.editor.viewport.set(viewport);
            self.saved_revision.set_value(self.editor.revision.get_untracked());
        }
    }
}

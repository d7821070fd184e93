//! The boards kept in this browser, and where the app is: the home screen,
//! a stored board, or a shared link. Owns autosave (every revision, saved at
//! once, coalesced while a save is in flight, flushed when the page hides),
//! automatic versions, and the tab lock: two tabs on one board never write
//! over each other, because only one edits and the others follow it live.

use std::rc::Rc;

use floe_editor::share;
use floe_engine::Board;
use floe_storage::{Entry, StorageError, Store, Version};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::Editor;

/// Automatic versions are taken at most this often while editing.
const AUTO_VERSION_MS: f64 = 10.0 * 60.0 * 1000.0;
/// How many automatic versions a board keeps (named ones are all kept).
const AUTO_VERSIONS_KEPT: usize = 20;
/// Deleted boards are purged from the bin after this long.
const BIN_DAYS: f64 = 30.0;

/// Where the app is, from the URL's fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/` (or nothing): the list of boards.
    Home,
    /// `#/b/<id>`: a stored board, editable.
    Board(String),
    /// `#b=1.…`: a shared board, read-only.
    Shared(String),
}

impl Route {
    /// Reads a fragment (with or without its `#`).
    pub fn parse(hash: &str) -> Route {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        if let Some(id) = h.strip_prefix("/b/").filter(|id| !id.is_empty()) {
            Route::Board(id.to_owned())
        } else if !h.is_empty() && !h.starts_with('/') {
            // Anything else is meant as a share link (`b=1.…`); a bad one gets a clear message.
            Route::Shared(h.to_owned())
        } else {
            Route::Home
        }
    }

    /// The fragment for this place.
    pub fn hash(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Board(id) => format!("#/b/{id}"),
            Route::Shared(f) => format!("#{f}"),
        }
    }
}

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

/// The library's handles (`Copy`).
#[derive(Clone, Copy)]
pub struct Library {
    editor: Editor,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    /// Why boards cannot be stored in this browser (shown as a banner).
    pub store_error: RwSignal<Option<StorageError>>,
    /// Where the app is.
    pub route: RwSignal<Route>,
    /// The home screen's list.
    pub entries: RwSignal<Vec<Entry>>,
    /// The stored board being edited.
    pub current: RwSignal<Option<String>>,
    /// Autosave's state.
    pub save: RwSignal<SaveState>,
    /// Why the board in the URL could not be shown (a bad link, a damaged record).
    pub open_error: RwSignal<Option<String>>,
    /// The last board sent to the bin (for undo).
    pub deleted: RwSignal<Option<Entry>>,
    /// Whether another tab edits the current board.
    pub lock: RwSignal<Lock>,
    /// The share dialog's link, when it is open.
    pub share: RwSignal<Option<share::Link>>,
    /// The version panel is open.
    pub versions_open: RwSignal<bool>,
    /// The current board's versions, newest first.
    pub versions: RwSignal<Vec<Version>>,
    saved_revision: StoredValue<u64>,
    in_flight: StoredValue<bool>,
    again: StoredValue<bool>,
    last_auto_version: StoredValue<f64>,
    tab: StoredValue<String>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
}

/// A message between tabs (JSON on the `floe` BroadcastChannel).
#[derive(serde::Serialize, serde::Deserialize)]
struct TabMessage {
    /// `hello` (I opened it), `owner` (I edit it), `saved`, `take` (I edit it now), `bye` (I closed it),
    /// `renamed` (renamed from the home screen).
    kind: String,
    board: String,
    tab: String,
    /// The new name, for `renamed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// Where the URL points now.
fn current_route() -> Route {
    Route::parse(&location().and_then(|l| l.hash().ok()).unwrap_or_default())
}

impl Library {
    /// Opens the database, follows the URL, and keeps saving.
    pub fn install(editor: Editor) -> Library {
        let lib = Library {
            editor,
            store: StoredValue::new_local(None),
            store_error: RwSignal::new(None),
            route: RwSignal::new(current_route()),
            entries: RwSignal::new(Vec::new()),
            current: RwSignal::new(None),
            save: RwSignal::new(SaveState::Idle),
            open_error: RwSignal::new(None),
            deleted: RwSignal::new(None),
            lock: RwSignal::new(Lock::Mine),
            share: RwSignal::new(None),
            versions_open: RwSignal::new(false),
            versions: RwSignal::new(Vec::new()),
            saved_revision: StoredValue::new(0),
            in_flight: StoredValue::new(false),
            again: StoredValue::new(false),
            last_auto_version: StoredValue::new(0.0),
            tab: StoredValue::new(floe_storage::new_id()),
            channel: StoredValue::new_local(web_sys::BroadcastChannel::new("floe").ok()),
        };
        lib.listen();
        leptos::task::spawn_local(async move {
            match Store::open().await {
                Ok(store) => {
                    lib.store.set_value(Some(Rc::new(store)));
                    let _ = lib
                        .with_store(|s| async move { s.purge(floe_storage::now_ms() - BIN_DAYS * 86_400_000.0).await })
                        .await;
                }
                Err(e) => lib.store_error.set(Some(e)),
            }
            lib.follow(lib.route.get_untracked()).await;
        });
        // Autosave: every document change of an editable stored board.
        Effect::new(move |_| {
            let rev = editor.revision.get();
            if lib.current.get_untracked().is_some()
                && !editor.read_only.get_untracked()
                && rev != lib.saved_revision.get_value()
            {
                lib.save_soon();
            }
        });
        lib
    }

    async fn with_store<F, Fut, T>(&self, f: F) -> Result<T, StorageError>
    where
        F: FnOnce(Rc<Store>) -> Fut,
        Fut: Future<Output = Result<T, StorageError>>,
    {
        let store = self.store.get_value().ok_or_else(|| {
            self.store_error
                .get_untracked()
                .unwrap_or_else(|| StorageError::Unavailable("storage is still opening".into()))
        })?;
        f(store).await
    }

    /// Goes somewhere (through the URL, so Back works).
    pub fn go(&self, route: Route) {
        if let Some(l) = location() {
            let _ = l.set_hash(&route.hash());
        }
    }

    fn listen(&self) {
        let lib = *self;
        let on_hash = Closure::<dyn FnMut()>::new(move || {
            let route = current_route();
            if route != lib.route.get_untracked() {
                leptos::task::spawn_local(async move { lib.follow(route).await });
            }
        });
        let on_hide = Closure::<dyn FnMut()>::new(move || {
            lib.flush();
            if lib.lock.get_untracked() == Lock::Mine
                && let Some(id) = lib.current.get_untracked()
            {
                lib.post("bye", &id);
            }
        });
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
            let _ = w.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        }
        on_hash.forget();
        on_hide.forget();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(m) = e.data().as_string().and_then(|t| serde_json::from_str::<TabMessage>(&t).ok()) {
                lib.on_tab_message(m);
            }
        });
        self.channel.with_value(|c| {
            if let Some(c) = c {
                c.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            }
        });
        on_message.forget();
    }

    /// Shows `route`: saving what is open first, touching nothing on failure.
    pub async fn follow(&self, route: Route) {
        self.flush();
        self.route.set(route.clone());
        self.open_error.set(None);
        self.share.set(None);
        self.versions_open.set(false);
        if let Some(old) = self.current.get_untracked()
            && self.lock.get_untracked() == Lock::Mine
            && route != Route::Board(old.clone())
        {
            self.post("bye", &old);
        }
        self.current.set(None);
        self.lock.set(Lock::Mine);
        self.save.set(SaveState::Idle);
        self.editor.visible.set(route != Route::Home);
        match route {
            Route::Home => {
                self.show(Board::named(""), true, "this is the home screen");
                self.refresh().await;
            }
            Route::Board(id) => match self
                .with_store(|s| {
                    let id = id.clone();
                    async move { s.load(&id).await }
                })
                .await
            {
                Ok(board) => {
                    self.show(board.clone(), false, "");
                    self.current.set(Some(id.clone()));
                    self.save.set(SaveState::Saved);
                    self.editor.fit();
                    self.post("hello", &id);
                    // A version of the board as it was opened (if it changed since the last one).
                    let newest = self
                        .with_store(|s| {
                            let id = id.clone();
                            async move { s.versions(&id).await }
                        })
                        .await;
                    let newest_at = newest.ok().and_then(|v| v.first().map(|v| v.at_ms)).unwrap_or(0.0);
                    self.last_auto_version.set_value(newest_at);
                    if floe_storage::now_ms() - newest_at > AUTO_VERSION_MS && !board.nodes.is_empty() {
                        self.auto_version(&id, &board).await;
                    }
                }
                Err(e) => {
                    self.show(Board::named(""), true, "the board could not be opened");
                    self.open_error.set(Some(e.to_string()));
                    self.current.set(None);
                    if matches!(e, StorageError::Damaged { .. }) {
                        // Offer the versions: the last good one can be restored.
                        self.load_versions(&id).await;
                        self.current.set(Some(id));
                        self.versions_open.set(true);
                    }
                }
            },
            Route::Shared(fragment) => match share::open(&fragment) {
                Ok(board) => {
                    self.show(board, true, "it was opened from a link; use “Save a copy” to edit it");
                    self.editor.fit();
                }
                Err(e) => {
                    self.show(Board::named(""), true, "the link could not be opened");
                    self.open_error.set(Some(format!("This share link cannot be opened: {e}. Nothing was changed.")));
                }
            },
        }
    }

    fn show(&self, board: Board, read_only: bool, why: &str) {
        self.editor.read_only.set(read_only);
        self.editor.read_only_reason.set(why.to_owned());
        self.editor.open(board);
        self.saved_revision.set_value(self.editor.revision.get_untracked());
    }

    /// Reloads the home screen's list.
    pub async fn refresh(&self) {
        match self.with_store(|s| async move { s.list().await }).await {
            Ok(list) => self.entries.set(list),
            Err(e) => self.store_error.set(Some(e)),
        }
    }

    fn save_soon(&self) {
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
                let board = lib.editor.with_board(Board::clone);
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
                        if floe_storage::now_ms() - lib.last_auto_version.get_value() > AUTO_VERSION_MS {
                            let board = lib.editor.with_board(Board::clone);
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

    /// Starts saving now anything not yet saved (before leaving the board or the page).
    pub fn flush(&self) {
        let Some(id) = self.current.get_untracked() else { return };
        if self.editor.read_only.get_untracked()
            || self.saved_revision.get_value() == self.editor.revision.get_untracked()
        {
            return;
        }
        let board = self.editor.with_board(Board::clone);
        self.saved_revision.set_value(self.editor.revision.get_untracked());
        if let Some(store) = self.store.get_value() {
            leptos::task::spawn_local(async move {
                let _ = store.save(&id, &board).await;
            });
        }
    }

    async fn auto_version(&self, id: &str, board: &Board) {
        self.last_auto_version.set_value(floe_storage::now_ms());
        let (a, b) = (id.to_owned(), board.clone());
        let _ = self.with_store(|s| async move { s.snapshot(&a, &b, None, true).await }).await;
        let a = id.to_owned();
        let _ = self.with_store(|s| async move { s.prune_auto_versions(&a, AUTO_VERSIONS_KEPT).await }).await;
    }

    /// A new empty board, stored and opened.
    /// When the browser gives Floe no storage at all, the board still opens,
    /// unsaved, with a banner saying so (export keeps it).
    pub fn create(&self, board: Board) {
        let lib = *self;
        leptos::task::spawn_local(async move {
            let copy = board.clone();
            match lib.with_store(|s| async move { s.create(&copy).await }).await {
                Ok(e) => lib.go(Route::Board(e.id)),
                Err(e @ StorageError::Unavailable(_)) => {
                    lib.route.set(Route::Board(String::new()));
                    lib.show(board, false, "");
                    lib.editor.visible.set(true);
                    lib.editor.fit();
                    lib.save.set(SaveState::Failed(e.to_string()));
                }
                Err(e) => lib.editor.notify(e.to_string(), true),
            }
        });
    }

    /// Renames a stored board.
    pub fn rename(&self, id: String, name: String) {
        let lib = *self;
        leptos::task::spawn_local(async move {
            let (a, n) = (id.clone(), name.clone());
            match lib.with_store(|s| async move { s.rename(&a, &n).await }).await {
                // A tab editing the board takes the name too (else its next save would undo it).
                Ok(_) => lib.send(TabMessage {
                    kind: "renamed".into(),
                    board: id,
                    tab: lib.tab.get_value(),
                    name: Some(name),
                }),
                Err(e) => lib.editor.notify(e.to_string(), true),
            }
            lib.refresh().await;
        });
    }

    /// Copies a stored board.
    pub fn duplicate(&self, id: String) {
        let lib = *self;
        leptos::task::spawn_local(async move {
            if let Err(e) = lib.with_store(|s| async move { s.duplicate(&id).await }).await {
                lib.editor.notify(e.to_string(), true);
            }
            lib.refresh().await;
        });
    }

    /// Sends a board to the bin (undo brings it back).
    pub fn delete(&self, entry: Entry) {
        let lib = *self;
        leptos::task::spawn_local(async move {
            let id = entry.id.clone();
            match lib.with_store(|s| async move { s.delete(&id).await }).await {
                Ok(()) => lib.deleted.set(Some(entry)),
                Err(e) => lib.editor.notify(e.to_string(), true),
            }
            lib.refresh().await;
        });
    }

    /// Brings back the last deleted board.
    pub fn undo_delete(&self) {
        let Some(entry) = self.deleted.get_untracked() else { return };
        let lib = *self;
        leptos::task::spawn_local(async move {
            let id = entry.id.clone();
            match lib.with_store(|s| async move { s.restore(&id).await }).await {
                Ok(()) => lib.deleted.set(None),
                Err(e) => lib.editor.notify(e.to_string(), true),
            }
            lib.refresh().await;
        });
    }

    /// Stores the board on screen (a shared one) as a new board and opens it.
    pub fn save_copy(&self) {
        let board = self.editor.with_board(Board::clone);
        self.create(board);
    }

    /// Opens the share dialog with a link to the board on screen.
    pub fn open_share(&self) {
        let link = self.editor.with_board(share::share);
        self.share.set(Some(link));
    }

    /// The full URL of a share link.
    pub fn share_url(link: &share::Link) -> String {
        let base = location()
            .map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default()))
            .unwrap_or_default();
        format!("{base}#{}", link.fragment)
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
        let board = self.editor.with_board(Board::clone);
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
                let now = lib.editor.with_board(Board::clone);
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

    /// This tab edits the board from now on (the other tab follows).
    pub fn take_over(&self) {
        let Some(id) = self.current.get_untracked() else { return };
        self.post("take", &id);
        self.lock.set(Lock::Mine);
        self.editor.read_only.set(false);
        self.saved_revision.set_value(self.editor.revision.get_untracked());
    }

    fn post(&self, kind: &str, board: &str) {
        self.send(TabMessage { kind: kind.into(), board: board.into(), tab: self.tab.get_value(), name: None });
    }

    fn send(&self, m: TabMessage) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let _ = c.post_message(&serde_json::to_string(&m).unwrap_or_default().into());
            }
        });
    }

    fn on_tab_message(&self, m: TabMessage) {
        if m.tab == self.tab.get_value() || self.current.get_untracked().as_deref() != Some(&m.board) {
            if m.kind == "saved" && self.route.get_untracked() == Route::Home {
                let lib = *self;
                leptos::task::spawn_local(async move { lib.refresh().await });
            }
            return;
        }
        let mine = self.lock.get_untracked() == Lock::Mine;
        match m.kind.as_str() {
            "hello" if mine => self.post("owner", &m.board),
            "renamed" if mine => {
                let description = self.editor.with_board(|b| b.meta.description.clone());
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
                let (lib, id, board) = (*self, m.board.clone(), self.editor.with_board(Board::clone));
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
            _ => {}
        }
    }

    fn follow_other_tab(&self) {
        self.flush();
        self.lock.set(Lock::Elsewhere);
        self.editor.read_only.set(true);
        self.editor
            .read_only_reason
            .set("it is being edited in another tab; use “Edit here” to edit it in this one".into());
    }

    async fn reload_from_store(&self) {
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

/// A message as a sentence (errors are written to be embedded, in lower case).
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_become_sentences() {
        assert_eq!(sentence("the browser's storage is full"), "The browser's storage is full");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn fragments_name_places() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("#/b/abc123"), Route::Board("abc123".into()));
        assert_eq!(Route::parse("#/b/"), Route::Home);
        assert_eq!(Route::parse("#b=1.eJx"), Route::Shared("b=1.eJx".into()));
        // A damaged link is still a link (the app says what is wrong with it).
        assert_eq!(Route::parse("#b"), Route::Shared("b".into()));
        for r in [Route::Home, Route::Board("x1".into()), Route::Shared("b=1.abc".into())] {
            assert_eq!(Route::parse(&r.hash()), r);
        }
    }
}

//! The boards kept in this browser, and where the app is: the home screen,
//! a stored board, or a shared link. The parts, a file each: `route.rs`
//! (the URL fragment), `autosave.rs` (every revision saved at once,
//! coalesced while a save is in flight, flushed when the page hides),
//! `versions.rs` (automatic and named versions, restore) and `tab_lock.rs`
//! (two tabs on one board never write over each other: only one edits, the
//! others follow it live).

mod autosave;
mod route;
mod server_link;
mod subflows;
mod sync;
mod tab_lock;
mod versions;

use std::rc::Rc;

use floe_editor::explain::{self, Explained};
use floe_editor::{ids, share};
use floe_engine::Board;
use floe_storage::{Entry, StorageError, Store, Version};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::Editor;
pub use autosave::SaveState;
pub use route::Route;
pub use server_link::ServerLinkState;
pub use tab_lock::Lock;
use tab_lock::TabMessage;
use versions::AUTO_VERSION_MS;
pub use versions::version_time;

/// Deleted boards are purged from the bin after this long.
const BIN_DAYS: f64 = 30.0;

/// The library's handles (`Copy`).
#[derive(Clone, Copy)]
pub struct Library {
    editor: Editor,
    server: crate::state::server::Server,
    /// The synced space (Board → Server…).
    pub space: crate::state::space::Space,
    sync: StoredValue<sync::SyncLoop, LocalStorage>,
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
    pub open_error: RwSignal<Option<Explained>>,
    /// The last board sent to the bin (for undo).
    pub deleted: RwSignal<Option<Entry>>,
    /// Whether another tab edits the current board.
    pub lock: RwSignal<Lock>,
    /// The share dialog's link, when it is open.
    pub share: RwSignal<Option<share::Link>>,
    /// The share dialog makes a locked copy for students (an exercise).
    pub share_for_students: RwSignal<bool>,
    /// The share dialog's link through a server.
    pub server_link: RwSignal<ServerLinkState>,
    /// A board shared through a server is being fetched.
    pub fetching: RwSignal<bool>,
    /// The version panel is open.
    pub versions_open: RwSignal<bool>,
    /// The current board's versions, newest first.
    pub versions: RwSignal<Vec<Version>>,
    /// The personal subflow library (every saved version).
    pub subflow_library: RwSignal<Vec<floe_editor::library::LibraryEntry>>,
    saved_revision: StoredValue<u64>,
    in_flight: StoredValue<bool>,
    again: StoredValue<bool>,
    last_auto_version: StoredValue<f64>,
    tab: StoredValue<String>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
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
    pub fn install(editor: Editor, server: crate::state::server::Server) -> Library {
        let lib = Library {
            editor,
            server,
            space: crate::state::space::Space::install(),
            sync: StoredValue::new_local(sync::SyncLoop::default()),
            store: StoredValue::new_local(None),
            store_error: RwSignal::new(None),
            route: RwSignal::new(current_route()),
            entries: RwSignal::new(Vec::new()),
            current: editor.board_id,
            save: RwSignal::new(SaveState::Idle),
            open_error: RwSignal::new(None),
            share_for_students: RwSignal::new(false),
            deleted: RwSignal::new(None),
            lock: RwSignal::new(Lock::Mine),
            share: RwSignal::new(None),
            server_link: RwSignal::new(ServerLinkState::default()),
            fetching: RwSignal::new(false),
            versions_open: RwSignal::new(false),
            versions: RwSignal::new(Vec::new()),
            subflow_library: RwSignal::new(Vec::new()),
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
                    lib.load_subflow_library().await;
                }
                Err(e) => lib.store_error.set(Some(e)),
            }
            // The address as it is now, not the route read at start: a board
            // opened while storage was opening has already changed it, and
            // following the stale home route here would flip the editor away
            // and back under the board just opened (a suspect for double-clicks
            // that opened nothing on a new board in full browser-test runs).
            lib.follow(current_route()).await;
            lib.start_sync();
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

    /// Waits (up to 5 s) while storage is still opening, so a board created
    /// in the first moments is stored, not opened unsaved.
    async fn store_opened(&self) {
        for _ in 0..250 {
            if self.store.with_value(Option::is_some) || self.store_error.with_untracked(Option::is_some) {
                return;
            }
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
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
        self.fetching.set(false);
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
                    self.editor.open_view();
                    self.post("hello", &id);
                    self.sync_now();
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
                    self.open_error.set(Some(storage_problem(&e)));
                    self.current.set(None);
                    if matches!(e, StorageError::Damaged { .. }) {
                        // Offer the versions: the last good one can be restored.
                        self.load_versions(&id).await;
                        self.current.set(Some(id));
                        self.versions_open.set(true);
                    }
                }
            },
            Route::Shared(fragment) if fragment.starts_with(floe_editor::sealed::KEY) => {
                self.open_server_link(fragment);
            }
            Route::Shared(fragment) if fragment.starts_with(floe_editor::space::KEY) => {
                // Nothing happens until the user says so (Server dialog: Connect).
                match floe_editor::space::SpaceLink::parse(&fragment) {
                    Ok(link) => {
                        self.space.pending.set(Some(link));
                        self.server.dialog.set(true);
                        self.go(Route::Home);
                    }
                    Err(e) => self.show_shared(Err(explain::server_link(&e))),
                }
            }
            Route::Shared(fragment) => {
                self.show(Board::named(""), true, "the link is being opened");
                let lib = *self;
                let asked = fragment.clone();
                self.open_link(asked, None, move |opened| {
                    if lib.route.get_untracked() != Route::Shared(fragment.clone()) {
                        return; // the user went elsewhere meanwhile
                    }
                    lib.show_shared(opened.map_err(|e| match e {
                        floe_editor::sealed::SealedError::Board(e) => explain::share_link(&e),
                        other => explain::server_link(&other),
                    }))
                });
            }
        }
    }

    /// Shows a board opened from a link, read-only, or why it cannot be.
    fn show_shared(&self, opened: Result<Board, Explained>) {
        match opened {
            Ok(board) => {
                self.show(board, true, "it was opened from a link; use “Save a copy” to edit it");
                self.editor.open_view();
            }
            Err(e) => {
                self.show(Board::named(""), true, "the link could not be opened");
                self.open_error.set(Some(e));
            }
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

    /// A new empty board, stored and opened.
    /// When the browser gives Floe no storage at all, the board still opens,
    /// unsaved, with a banner saying so (export keeps it).
    pub fn create(&self, board: Board) {
        let lib = *self;
        leptos::task::spawn_local(async move {
            lib.store_opened().await;
            let mut board = board;
            // A second copy of an example (or of an imported board) gets a name of its own.
            if !board.meta.name.trim().is_empty()
                && let Ok(list) = lib.with_store(|s| async move { s.list().await }).await
            {
                board.meta.name = ids::distinct_name(&board.meta.name, list.iter().map(|e| e.name.as_str()));
            }
            let copy = board.clone();
            match lib.with_store(|s| async move { s.create(&copy).await }).await {
                Ok(e) => {
                    lib.go(Route::Board(e.id));
                    lib.sync_soon();
                }
                Err(e @ StorageError::Unavailable(_)) => {
                    lib.route.set(Route::Board(String::new()));
                    lib.show(board, false, "");
                    lib.editor.visible.set(true);
                    lib.editor.open_view();
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
            lib.sync_soon();
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
            lib.sync_soon();
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
            lib.sync_soon();
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
            lib.sync_soon();
        });
    }

    /// Stores the board on screen (a shared one) as a new board and opens it.
    pub fn save_copy(&self) {
        let board = self.editor.with_document(Board::clone);
        self.create(board);
    }

    /// Opens the share dialog with a link to the board on screen.
    pub fn open_share(&self) {
        self.share_for_students.set(false);
        self.server_link.set(ServerLinkState {
            shared: self.current.get_untracked().and_then(|id| crate::state::server::Server::shared(&id)),
            ..Default::default()
        });
        self.make_share_link();
    }

    /// Makes the share link again: as the board is, or as a locked copy for
    /// students. The dialog opens at once; the worker packs the link.
    pub fn make_share_link(&self) {
        self.share.set(Some(share::Link { fragment: String::new(), omitted_modules: Vec::new() }));
        let share = self.share;
        self.pack(false, move |link| {
            if share.with_untracked(Option::is_some) {
                share.set(Some(link));
            }
        });
    }

    /// The board as the share dialog shares it (as it is, or as a locked
    /// copy for students), packed into a link by the worker.
    fn pack(&self, whole: bool, then: impl Fn(share::Link) + 'static) {
        let students = self.share_for_students.get_untracked();
        let board = self.editor.with_document(|b| if students { share::students_copy(b) } else { b.clone() });
        let runner = self.editor.runner;
        runner.send(
            |id| floe_runner::protocol::Request::Pack { id, board: Box::new(board), whole },
            true,
            move |reply| {
                let floe_runner::protocol::Reply::Packed { id, fragment, omitted } = reply else { return };
                runner.done(id);
                then(share::Link { fragment, omitted_modules: omitted });
            },
            |_| {},
        );
    }

    /// The full URL of a share link.
    pub fn share_url(link: &share::Link) -> String {
        let base = location()
            .map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default()))
            .unwrap_or_default();
        format!("{base}#{}", link.fragment)
    }
}

/// A storage failure, explained: what happened and what to do, with what
/// the browser said apart.
pub fn storage_problem(e: &StorageError) -> Explained {
    Explained::new(e.to_string(), e.details())
}

//! When this browser syncs with its space: the rounds themselves run in the
//! worker (`floe_runner::sync`: it reads and writes IndexedDB and talks to
//! the server), so the page only decides when. One round at a time (asked
//! for again meanwhile: one more after it); half a second after each save
//! (edits closer together go as one), when a board is opened, when the tab
//! regains focus or the network, live when the space's index changes (its
//! server-sent events), and after a failure with backoff (2 s doubling to
//! a minute). Pulled boards are reloaded if on screen and not being edited.

use floe_editor::space::Joined;
use floe_runner::protocol::{Reply, Request};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::{Library, Route};
use crate::state::server::Status;
use crate::state::space::Space;

/// How soon after a save its board is sent (edits closer together go as one).
const PUSH_AFTER_MS: u32 = 500;
/// The longest wait between retries while the server cannot be reached.
const MAX_BACKOFF_MS: u32 = 60_000;

/// The sync loop's own state (one per page).
#[derive(Default)]
pub struct SyncLoop {
    running: bool,
    again: bool,
    timer: Option<gloo_timers::callback::Timeout>,
    backoff_ms: u32,
    events: Option<(String, web_sys::EventSource)>,
}

impl Library {
    /// Starts syncing when this browser is in a space; listens for focus and the network.
    pub(super) fn start_sync(&self) {
        let lib = *self;
        for event in ["focus", "online"] {
            let on = Closure::<dyn FnMut()>::new(move || lib.sync_now());
            if let Some(w) = web_sys::window() {
                let _ = w.add_event_listener_with_callback(event, on.as_ref().unchecked_ref());
            }
            on.forget();
        }
        self.sync_now();
    }

    /// A round soon; rounds asked for meanwhile are one.
    pub fn sync_soon(&self) {
        if self.space.joined.with_untracked(Option::is_some) {
            self.sync_after(PUSH_AFTER_MS);
        }
    }

    fn sync_after(&self, ms: u32) {
        let lib = *self;
        let timer = gloo_timers::callback::Timeout::new(ms, move || lib.sync_now());
        self.sync.update_value(|s| s.timer = Some(timer));
    }

    /// A round now (or right after the one running).
    pub fn sync_now(&self) {
        let Some(joined) = self.space.joined.get_untracked() else { return };
        let busy = self.sync.try_update_value(|s| {
            s.timer = None;
            s.again |= s.running;
            std::mem::replace(&mut s.running, true)
        });
        if busy != Some(false) {
            return;
        }
        self.listen_to_index(&joined);
        // The board on screen with edits not yet saved is not pulled now.
        let busy = self.current.get_untracked().filter(|_| self.unsaved());
        self.server.status.set(Status::Syncing);
        let (lib, runner, sent) = (*self, self.editor.runner, joined.clone());
        runner.send(
            |id| Request::Sync { id, space: sent.url(), device: sent.device, busy },
            true,
            move |reply| {
                let Reply::Synced { id, pulled, conflicts, problem, offline } = reply else { return };
                runner.done(id);
                lib.synced(&joined, &pulled, conflicts, problem, offline);
            },
            |_| {},
        );
    }

    /// A round's end: what it did, shown; the next one if asked for, or a retry later.
    fn synced(
        &self,
        joined: &Joined,
        pulled: &[String],
        conflicts: Vec<String>,
        problem: Option<String>,
        offline: bool,
    ) {
        self.server.status.set(match &problem {
            Some(why) if offline => Status::Offline(why.clone()),
            _ => Status::Online,
        });
        self.space.problem.set(problem.filter(|_| !offline));
        self.pulled(pulled, conflicts);
        let (again, wait) = self
            .sync
            .try_update_value(|s| {
                s.running = false;
                s.backoff_ms = if offline { (s.backoff_ms * 2).clamp(2_000, MAX_BACKOFF_MS) } else { 0 };
                (std::mem::take(&mut s.again), s.backoff_ms)
            })
            .unwrap_or_default();
        if self.space.joined.get_untracked().as_ref() != Some(joined) {
            self.sync_now(); // the space changed meanwhile
        } else if again && !offline {
            self.sync_now();
        } else if offline {
            self.sync_after(wait);
        }
    }

    /// Shows what came from the space: the board on screen reloaded (unless
    /// edited since: then its edit goes on top, the space's is in Versions),
    /// the home list refreshed, conflicts told.
    fn pulled(&self, pulled: &[String], conflicts: Vec<String>) {
        if let Some(last) = conflicts.last() {
            self.editor.notify(last.clone(), true);
            self.space.conflicts.update(|all| all.extend(conflicts));
        }
        // The other tabs of this browser show what this one's worker stored.
        for id in pulled {
            self.post("pulled", id);
        }
        let lib = *self;
        let current = self.current.get_untracked().filter(|c| pulled.contains(c));
        leptos::task::spawn_local(async move {
            if let Some(id) = current {
                let clean = !lib.unsaved();
                let a = id.clone();
                let gone =
                    lib.with_store(|s| async move { s.entry(&a).await }).await.is_ok_and(|e| e.deleted_ms.is_some());
                if gone {
                    lib.editor.notify("This board was deleted on another device: it is in the bin", true);
                    lib.go(Route::Home);
                } else if clean {
                    lib.reload_from_store().await;
                } else {
                    lib.editor.notify(
                        "This board changed on another device while you edited it: your edit is on top, theirs is in Versions",
                        true,
                    );
                }
            }
            if lib.route.get_untracked() == Route::Home {
                lib.refresh().await;
            }
        });
    }

    /// Hears the index change (server-sent events; the browser reconnects by itself).
    fn listen_to_index(&self, joined: &Joined) {
        let url = format!("{}v1/blobs/{}/events", joined.server, joined.link.index);
        if self.sync.with_value(|s| s.events.as_ref().is_some_and(|(u, _)| *u == url)) {
            return;
        }
        self.stop_listening();
        let Ok(source) = web_sys::EventSource::new(&url) else { return };
        let lib = *self;
        let on = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| lib.sync_now());
        for event in ["revision", "resync"] {
            let _ = source.add_event_listener_with_callback(event, on.as_ref().unchecked_ref());
        }
        on.forget();
        self.sync.update_value(|s| s.events = Some((url, source)));
    }

    fn stop_listening(&self) {
        if let Some((_, old)) = self.sync.try_update_value(|s| s.events.take()).flatten() {
            old.close();
        }
    }

    /// Makes a space on the server for this browser's boards, and syncs them to it.
    pub fn create_space(&self) {
        let Some(server) = self.server.address.get_untracked() else { return };
        let (lib, runner, sent) = (*self, self.editor.runner, server.clone());
        self.space.problem.set(None);
        runner.send(
            |id| Request::NewSpace { id, server: sent },
            true,
            move |reply| {
                let Reply::NewSpace { id, space } = reply else { return };
                runner.done(id);
                match space.and_then(|url| Joined::parse(&url, &Space::default_device()).map_err(|e| e.to_string())) {
                    Ok(joined) => lib.join(joined),
                    Err(why) => lib.space.problem.set(Some(why)),
                }
            },
            |_| {},
        );
    }

    /// Connects this browser to the space a link named (the user said yes).
    /// The server is the one the app came from (it served the link).
    pub fn accept_space(&self) {
        let (Some(link), Some(server)) = (self.space.pending.get_untracked(), crate::state::server::own_base()) else {
            return;
        };
        self.space.pending.set(None);
        if self.server.address.get_untracked().is_none() {
            self.server.choose(Some(server.clone()));
        }
        self.join(Joined { server, link, device: Space::default_device() });
    }

    fn join(&self, joined: Joined) {
        let lib = *self;
        leptos::task::spawn_local(async move {
            // What this browser agreed with another space means nothing in this one.
            let _ = lib.with_store(|s| async move { s.clear_synced().await }).await;
            lib.space.conflicts.set(Vec::new());
            lib.space.keep(Some(joined));
            lib.sync_now();
        });
    }

    /// Disconnects this browser from its space: its boards stay here, as they are.
    pub fn leave_space(&self) {
        self.stop_listening();
        self.space.keep(None);
        self.space.conflicts.set(Vec::new());
        self.space.problem.set(None);
        self.server.check();
    }

    /// Renames this browser as other devices see it.
    pub fn rename_device(&self, name: String) {
        if let Some(mut j) = self.space.joined.get_untracked() {
            j.device = floe_editor::space::device_name(&name);
            self.space.keep(Some(j));
        }
    }
}

//! The server this browser uses (Board → Server…): none, the default, or
//! a `floe serve` address. When nothing was ever chosen and the app itself
//! came from a `floe serve` (its `v1/health` answers), that server is
//! filled in. With no server, nothing here makes a request anywhere but
//! the app's own address, and only that one question.
//!
//! Boards shared through the server are remembered per stored board
//! (`floe.shared.<id>` in localStorage: the link and the write token that
//! lets this browser update or delete it).

use floe_editor::sealed::{self, SealedError, Shared};
use leptos::prelude::*;

/// Where the chosen server is kept ("" = none chosen on purpose).
const SETTING: &str = "floe.server";
/// The prefix of a stored board's shared-through-server record.
const SHARED: &str = "floe.shared.";
/// Checks closer together than this are skipped (focus, online events).
const RECHECK_MS: f64 = 10_000.0;

/// The server as the top bar shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// No server chosen.
    None,
    /// Asking it.
    Checking,
    /// It answers.
    Online,
    /// Sending it a board (or taking one away).
    Syncing,
    /// It does not (why, in words).
    Offline(String),
}

/// The server setting and its status (`Copy`: handles).
#[derive(Clone, Copy)]
pub struct Server {
    /// The chosen server (a `sealed::server_base`).
    pub address: RwSignal<Option<String>>,
    /// Whether it answers.
    pub status: RwSignal<Status>,
    /// The settings dialog is open.
    pub dialog: RwSignal<bool>,
    last_check: StoredValue<f64>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The address the app was loaded from (its directory), as a server base.
pub fn own_base() -> Option<String> {
    let l = web_sys::window()?.location();
    let (origin, path) = (l.origin().ok()?, l.pathname().ok()?);
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    sealed::server_base(&format!("{origin}{}", if dir.is_empty() { "/" } else { dir })).ok()
}

impl Server {
    /// Reads the setting; checks the server (or, with none ever chosen, whether the app's own address is one).
    pub fn install() -> Server {
        let saved = storage().and_then(|s| s.get_item(SETTING).ok().flatten());
        let server = Server {
            address: RwSignal::new(saved.clone().filter(|a| !a.is_empty())),
            status: RwSignal::new(Status::None),
            dialog: RwSignal::new(false),
            last_check: StoredValue::new(0.0),
        };
        match saved {
            Some(_) => server.check(),
            None => {
                if let Some(own) = own_base() {
                    leptos::task::spawn_local(async move {
                        if floe_runner::net::health(&own).await.is_ok() && server.address.get_untracked().is_none() {
                            // It just answered: no second question.
                            server.keep(Some(own));
                            server.last_check.set_value(js_sys::Date::now());
                            server.status.set(Status::Online);
                        }
                    });
                }
            }
        }
        for event in ["focus", "online"] {
            let on = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || server.check_now(false));
            if let Some(w) = web_sys::window() {
                let _ = w.add_event_listener_with_callback(event, wasm_bindgen::JsCast::unchecked_ref(on.as_ref()));
            }
            on.forget();
        }
        server
    }

    /// Uses `address` (a server base) from now on, or none.
    pub fn choose(&self, address: Option<String>) {
        self.keep(address);
        self.check();
    }

    fn keep(&self, address: Option<String>) {
        if let Some(s) = storage() {
            let _ = s.set_item(SETTING, address.as_deref().unwrap_or(""));
        }
        self.address.set(address);
    }

    /// Asks the server whether it answers (now).
    pub fn check(&self) {
        self.check_now(true);
    }

    fn check_now(&self, always: bool) {
        let Some(address) = self.address.get_untracked() else {
            self.status.set(Status::None);
            return;
        };
        let now = js_sys::Date::now();
        if !always && now - self.last_check.get_value() < RECHECK_MS {
            return;
        }
        self.last_check.set_value(now);
        self.status.set(Status::Checking);
        let server = *self;
        leptos::task::spawn_local(async move {
            let result = floe_runner::net::health(&address).await;
            if server.address.get_untracked().as_deref() == Some(address.as_str()) {
                server.said(&result);
            }
        });
    }

    /// What a request to the server showed of its state (ending Syncing).
    pub fn said<T>(&self, result: &Result<T, SealedError>) {
        let status = match result {
            Err(e @ SealedError::Unreachable(_)) => Status::Offline(e.to_string()),
            _ => Status::Online,
        };
        if self.address.get_untracked().is_some() && self.status.get_untracked() != status {
            self.status.set(status);
        }
    }

    /// What this browser keeps of stored board `id` shared through a server.
    pub fn shared(board: &str) -> Option<Shared> {
        let text = storage()?.get_item(&format!("{SHARED}{board}")).ok().flatten()?;
        serde_json::from_str(&text).ok()
    }

    /// Keeps (or, with `None`, forgets) what this browser needs to update or delete board `id`'s shared copy.
    pub fn keep_shared(board: &str, shared: Option<&Shared>) {
        let Some(s) = storage() else { return };
        let key = format!("{SHARED}{board}");
        let _ = match shared.and_then(|x| serde_json::to_string(x).ok()) {
            Some(text) => s.set_item(&key, &text),
            None => s.remove_item(&key),
        };
    }
}

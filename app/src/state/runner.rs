//! The page's side of the run worker (`floe-runner`): boards run and
//! custom modules load there, never on the page. Requests go out as JSON
//! text once the worker says it is ready; replies come back by id.
//!
//! * **Stop** ends the worker (whatever it is doing, even a hung host call)
//!   and starts a fresh one.
//! * A worker that **dies** (a panic, an allocation that fails) is noticed
//!   through its `error` event and its last words, replaced at once, and the
//!   page says which board and node were running; nothing on the page is
//!   lost. Requests that only read definitions are sent again.
//! * A worker that goes **silent** for [`SILENT_MS`] during a run is shown as
//!   not responding (Stop ends it).

use std::collections::BTreeMap;
use std::rc::Rc;

use floe_engine::NodeId;
use floe_runner::protocol::{Reply, Request};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// How long a run may go without a word from the worker before the page
/// says it is not responding.
pub const SILENT_MS: f64 = 10_000.0;

/// What the page learns when the worker dies.
#[derive(Clone, Debug, PartialEq)]
pub struct Crash {
    /// What happened, in words.
    pub message: String,
    /// The node that was running, if known.
    pub node: Option<NodeId>,
}

type OnReply = Rc<dyn Fn(Reply)>;
type OnLost = Rc<dyn Fn(Crash)>;

/// A request waiting for its reply.
struct Pending {
    text: String,
    /// Sent again to a new worker (definitions); otherwise lost with the old one (runs).
    resend: bool,
    on_reply: OnReply,
    on_lost: OnLost,
}

/// The worker and what waits on it (`Copy`: handles only).
#[derive(Clone, Copy)]
pub struct RunnerClient {
    worker: StoredValue<Option<web_sys::Worker>, LocalStorage>,
    ready: StoredValue<bool>,
    pending: StoredValue<BTreeMap<u64, Pending>, LocalStorage>,
    next_id: StoredValue<u64>,
    last_heard: StoredValue<f64>,
    /// The worker's last words (a panic), until its `error` event arrives.
    last_words: StoredValue<Option<Crash>>,
    /// The node that last started, as the page heard it.
    pub running_node: StoredValue<Option<NodeId>>,
    /// The worker stopped unexpectedly (shown until dismissed or the next run).
    pub crashed: RwSignal<Option<Crash>>,
    /// A run has not been heard from for a while.
    pub silent: RwSignal<bool>,
    /// The key of the board this worker keeps the plan of (see `Request::Run`).
    board_kept: StoredValue<Option<(u64, u64)>>,
}

impl RunnerClient {
    pub(crate) fn new() -> Self {
        let client = RunnerClient {
            worker: StoredValue::new_local(None),
            ready: StoredValue::new(false),
            pending: StoredValue::new_local(BTreeMap::new()),
            next_id: StoredValue::new(1),
            last_heard: StoredValue::new(0.0),
            last_words: StoredValue::new(None),
            running_node: StoredValue::new(None),
            crashed: RwSignal::new(None),
            silent: RwSignal::new(false),
            board_kept: StoredValue::new(None),
        };
        client.watch();
        // Started now, so the first Run finds it ready.
        client.ensure_worker();
        client
    }

    /// Sends `request` (its id set here) once the worker is ready; `on_reply`
    /// gets every reply with its id, `on_lost` is called if the worker goes
    /// away first and the request is not sent again.
    pub fn send(
        &self,
        request: impl FnOnce(u64) -> Request,
        resend: bool,
        on_reply: impl Fn(Reply) + 'static,
        on_lost: impl Fn(Crash) + 'static,
    ) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let text = serde_json::to_string(&request(id)).expect("requests serialise");
        if !resend {
            self.last_heard.set_value(now());
        }
        let ready = self.ready.get_value() && self.worker.with_value(Option::is_some);
        if ready {
            self.post(&text);
        }
        self.pending.update_value(|p| {
            p.insert(id, Pending { text, resend, on_reply: Rc::new(on_reply), on_lost: Rc::new(on_lost) });
        });
        self.ensure_worker();
        id
    }

    /// Whether the worker keeps the plan of the board named `key` (so a run
    /// need not send the board again).
    pub fn keeps_board(&self, key: (u64, u64)) -> bool {
        self.board_kept.get_value() == Some(key)
    }

    /// The board named `key` went to the worker with a run (`None`: the
    /// worker has none kept, e.g. it could not compile it).
    pub fn kept_board(&self, key: Option<(u64, u64)>) {
        self.board_kept.set_value(key);
    }

    /// The request is answered: nothing more comes for it.
    pub fn done(&self, id: u64) {
        self.pending.update_value(|p| {
            p.remove(&id);
        });
    }

    /// Ends the worker now (Stop): requests that are not sent again are
    /// lost with `why`; a fresh worker starts.
    pub fn restart(&self, why: Crash) {
        self.replace(why);
    }

    fn post(&self, text: &str) {
        self.worker.with_value(|w| {
            if let Some(w) = w {
                let _ = w.post_message(&wasm_bindgen::JsValue::from_str(text));
            }
        });
    }

    /// Starts the worker if there is none.
    fn ensure_worker(&self) {
        if self.worker.with_value(Option::is_some) {
            return;
        }
        let url = worker_url();
        let Ok(worker) = web_sys::Worker::new(&url) else {
            self.crashed.set(Some(Crash { message: format!("the runner ({url}) could not start"), node: None }));
            return;
        };
        let client = *self;
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else { return };
            match serde_json::from_str::<Reply>(&text) {
                Ok(reply) => client.on_reply(reply),
                // Never wait for a reply that was sent but cannot be read:
                // treat it as the runner failing, and start a fresh one.
                Err(e) => client.replace(Crash {
                    message: format!("the runner sent a reply this page cannot read ({e})"),
                    node: client.running_node.get_value(),
                }),
            }
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            let words = client.last_words.get_value();
            let message = words.as_ref().map(|c| c.message.clone()).unwrap_or_else(|| {
                js_sys::Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "it stopped (out of memory?)".into())
            });
            let node = words.and_then(|c| c.node).or_else(|| client.running_node.get_value());
            client.replace(Crash { message, node });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_message.forget();
        on_error.forget();
        self.ready.set_value(false);
        self.last_words.set_value(None);
        self.worker.set_value(Some(worker));
    }

    /// Ends the worker; loses what will not be sent again; starts anew.
    fn replace(&self, why: Crash) {
        if let Some(w) = self.worker.try_update_value(Option::take).flatten() {
            w.terminate();
        }
        self.ready.set_value(false);
        self.silent.set(false);
        self.board_kept.set_value(None);
        let lost: Vec<OnLost> = self
            .pending
            .try_update_value(|p| {
                let gone: Vec<u64> = p.iter().filter(|(_, x)| !x.resend).map(|(id, _)| *id).collect();
                gone.into_iter().filter_map(|id| p.remove(&id)).map(|x| x.on_lost).collect()
            })
            .unwrap_or_default();
        for on_lost in lost {
            on_lost(why.clone());
        }
        self.running_node.set_value(None);
        self.ensure_worker();
    }

    fn on_reply(&self, reply: Reply) {
        self.last_heard.set_value(now());
        if self.silent.get_untracked() {
            self.silent.set(false);
        }
        let id = match &reply {
            Reply::Ready => {
                self.ready.set_value(true);
                let texts: Vec<String> = self.pending.with_value(|p| p.values().map(|x| x.text.clone()).collect());
                for t in texts {
                    self.post(&t);
                }
                return;
            }
            Reply::Crashed { message, node } => {
                self.last_words.set_value(Some(Crash { message: message.clone(), node: node.clone() }));
                return;
            }
            Reply::Defined { id, .. }
            | Reply::Events { id, .. }
            | Reply::Finished { id, .. }
            | Reply::Checked { id, .. }
            | Reply::Qr { id, .. }
            | Reply::Packed { id, .. }
            | Reply::Synced { id, .. }
            | Reply::NewSpace { id, .. }
            | Reply::Consent { id, .. }
            | Reply::Listed { id, .. }
            | Reply::Examples { id, .. }
            | Reply::Opened { id, .. }
            | Reply::Board { id, .. } => *id,
        };
        let handler = self.pending.with_value(|p| p.get(&id).map(|x| x.on_reply.clone()));
        if let Some(h) = handler {
            h(reply);
        }
    }

    /// Every second: a run not heard from for [`SILENT_MS`] is flagged.
    fn watch(&self) {
        let client = *self;
        let tick = Closure::<dyn FnMut()>::new(move || {
            let waiting = client.pending.with_value(|p| p.values().any(|x| !x.resend));
            let quiet = waiting && now() - client.last_heard.get_value() > SILENT_MS;
            if quiet != client.silent.get_untracked() {
                client.silent.set(quiet);
            }
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1000);
        }
        tick.forget();
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Where the worker's loader is: the build names it by content hash and
/// lists it in the page (`<link data-floe-worker>`); `floe-worker_loader.js`
/// when the page was built without that step.
fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("link[data-floe-worker]").ok().flatten())
        .and_then(|l| l.get_attribute("href"))
        .unwrap_or_else(|| "floe-worker_loader.js".into())
}

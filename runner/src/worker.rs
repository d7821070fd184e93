//! The Web Worker glue: requests in as JSON text, replies out as JSON text.
//! A panic posts the worker's last words (`Reply::Crashed`, naming the
//! running node) before the worker stops; the page replaces it.

use std::cell::RefCell;
use std::rc::Rc;

use floe_editor::sealed::SealedError;
use floe_editor::space::Joined;
use floe_engine::Host;
use floe_engine::exec::HostFuture;
use floe_engine::http::{Grant, Grants, HttpLimits, HttpRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{Event, Reply, Request, SecretOp};
use crate::session::{Session, WARM_UP, check_plan, push_event, run_plan, running_node};

/// How long a run goes between two batches of events (the page's sign of life).
const SLICE_MS: f64 = 16.0;
/// Fuel a custom node uses between two batches.
const FUEL_SLICE: u64 = 10_000_000;

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::new());
    /// The browser's engine for heavy custom nodes, with the modules
    /// compiled for it (they outlive runs, as the session's modules do).
    static NATIVE: &'static crate::native::BrowserWasm = Box::leak(Box::default());
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(reply: &Reply) {
    let text = serde_json::to_string(reply).unwrap_or_else(|e| {
        // Never leave the page waiting: say why the reply could not be sent.
        let crashed = Reply::Crashed { message: format!("a reply could not be written ({e})"), node: running_node() };
        serde_json::to_string(&crashed).unwrap_or_default()
    });
    let _ = scope().post_message(&JsValue::from_str(&text));
}

/// Starts listening; says `Ready`.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let mut message = info.to_string();
        message.truncate(2000);
        post(&Reply::Crashed { message, node: running_node() });
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let Some(text) = e.data().as_string() else { return };
        match serde_json::from_str::<Request>(&text) {
            Ok(request) => wasm_bindgen_futures::spawn_local(handle(request)),
            Err(e) => post(&Reply::Crashed { message: format!("an unreadable request: {e}"), node: None }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Reply::Ready);
    wasm_bindgen_futures::spawn_local(warm_up());
}

/// Runs [`WARM_UP`] once, unseen, as the worker starts: the browser
/// compiles a wasm function on its first call, so without this the user's
/// first run would pay for compiling validation, planning, the executor and
/// the replies (tens of milliseconds).
async fn warm_up() {
    let Ok(board) = floe_engine::Board::from_json(WARM_UP) else { return };
    let Ok(plan) = Session::new().plan_for((0, 0), Some(&board)) else { return };
    let host = WorkerHost::new(0);
    let mut events = Vec::new();
    let limits = floe_engine::RunLimits::default();
    let record = run_plan(&plan, serde_json::Value::Null, limits, Default::default(), &host, &mut |e| {
        push_event(&mut events, e)
    })
    .await;
    let reply = Reply::Finished { id: 0, record: Some(Box::new(record)), problem: None };
    let _ = serde_json::to_string(&(Reply::Events { id: 0, events }, reply));
}

async fn handle(request: Request) {
    match request {
        Request::Define { id, modules } => {
            let defs = SESSION.with(|s| s.borrow_mut().define(&modules));
            post(&Reply::Defined { id, defs });
        }
        Request::Run { id, board, key, input, limits, board_id, approve } => {
            let plan = SESSION.with(|s| s.borrow_mut().plan_for(key, board.as_deref()));
            match plan {
                Ok(plan) => {
                    let grants = match consent(&plan, &board_id, approve.as_deref()).await {
                        Ok(grants) => grants,
                        Err(Err(problem)) => {
                            return post(&Reply::Finished { id, record: None, problem: Some(problem) });
                        }
                        Err(Ok((asks, grant))) => return post(&Reply::Consent { id, asks, grant }),
                    };
                    let host = WorkerHost::new(id);
                    let out = host.out.clone();
                    let events = &mut |e| push_event(&mut out.borrow_mut(), e);
                    let record = run_plan(&plan, input, limits, grants, &host, events).await;
                    // The record says where every node ended: of what is
                    // left, only the log goes.
                    out.borrow_mut().retain(|e| matches!(e, Event::Log(_)));
                    host.flush();
                    post(&Reply::Finished { id, record: Some(Box::new(record)), problem: None });
                }
                Err(problem) => post(&Reply::Finished { id, record: None, problem: Some(problem) }),
            }
        }
        Request::Check { id, board } => {
            let plan = SESSION.with(|s| s.borrow_mut().plan(&board));
            let catalog = SESSION.with(|s| s.borrow().catalog());
            let results = match plan {
                Ok(plan) => Ok(check_plan(&plan, &board, &catalog, &WorkerHost::new(id)).await),
                Err(problem) => Err(problem),
            };
            post(&Reply::Checked { id, results });
        }
        Request::Open { id, fragment, server } => {
            let board = match server {
                Some(server) if fragment.starts_with(floe_editor::sealed::KEY) => {
                    crate::net::open(&server, &fragment).await
                }
                _ => floe_editor::share::open(&fragment).map_err(SealedError::Board),
            };
            post(&Reply::Opened { id, board: board.map(Box::new) });
        }
        Request::Examples { id } => post(&Reply::Examples { id, cards: crate::examples::cards() }),
        Request::Example { id, file } => post(&Reply::Board { id, board: crate::examples::board(&file).map(Box::new) }),
        Request::Permissions { id, board_id, revoke } => {
            let (lines, problem) = match permissions(&board_id, revoke).await {
                Ok(lines) => (lines, None),
                Err(e) => (Vec::new(), Some(e)),
            };
            post(&Reply::Listed { id, items: lines, problem, locked: None });
        }
        Request::Secrets { id, op } => {
            let done = match op {
                SecretOp::List => Ok(()),
                SecretOp::Put { name, value } => crate::vault::put(&name, &value).await,
                SecretOp::Rename { from, to } => crate::vault::rename(&from, &to).await,
                SecretOp::Delete { name } => crate::vault::delete(&name).await,
                SecretOp::Protect { passphrase } => crate::vault::protect(passphrase.as_deref()).await,
                SecretOp::Unlock { passphrase } => crate::vault::unlock(&passphrase).await,
                SecretOp::Lock => {
                    crate::vault::lock();
                    Ok(())
                }
            };
            let locked = crate::vault::locked().await.unwrap_or(None);
            let (names, listed) = match crate::vault::names().await {
                Ok(names) => (names, None),
                Err(e) => (Vec::new(), Some(e)),
            };
            post(&Reply::Listed { id, items: names, problem: done.err().or(listed), locked });
        }
        Request::Qr { id, text } => post(&Reply::Qr { id, code: crate::qr::encode(&text) }),
        Request::Pack { id, board, whole } => {
            let link = if whole { floe_editor::share::whole(&board) } else { floe_editor::share::share(&board) };
            post(&Reply::Packed { id, fragment: link.fragment, omitted: link.omitted_modules });
        }
        Request::Sync { id, space, device, busy } => {
            let report = match Joined::parse(&space, &device) {
                Ok(joined) => crate::sync::round_alone(&joined, busy).await,
                Err(e) => Err(e),
            };
            post(&match report {
                Ok(r) => {
                    let problem = (!r.problems.is_empty()).then(|| r.problems.join("; "));
                    Reply::Synced { id, pulled: r.pulled, conflicts: r.conflicts, problem, offline: false }
                }
                Err(e) => Reply::Synced {
                    id,
                    pulled: Vec::new(),
                    conflicts: Vec::new(),
                    offline: matches!(e, SealedError::Unreachable(_)),
                    problem: Some(e.to_string()),
                },
            });
        }
        Request::NewSpace { id, server } => {
            let space =
                crate::sync::create(&server).await.map(|link| Joined { server, link, device: String::new() }.url());
            post(&Reply::NewSpace { id, space: space.map_err(|e| e.to_string()) });
        }
    }
}

/// The engine's host in the worker: the worker's clock and timers; at each
/// slice's end the events gathered so far go to the page.
struct WorkerHost {
    id: u64,
    out: Rc<RefCell<Vec<Event>>>,
    performance: Option<web_sys::Performance>,
    native: &'static crate::native::BrowserWasm,
}

impl WorkerHost {
    fn new(id: u64) -> Self {
        WorkerHost { id, out: Rc::default(), performance: scope().performance(), native: NATIVE.with(|n| *n) }
    }

    fn flush(&self) {
        let events = std::mem::take(&mut *self.out.borrow_mut());
        if !events.is_empty() {
            post(&Reply::Events { id: self.id, events });
        }
    }
}

impl Host for WorkerHost {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn monotonic_ms(&self) -> f64 {
        self.performance.as_ref().map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
    }

    fn sleep(&self, ms: f64) -> HostFuture {
        self.flush();
        let ms = ms.clamp(0.0, i32::MAX as f64) as i32;
        Box::pin(async move {
            let promise = js_sys::Promise::new(&mut |resolve, _| {
                let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            });
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        })
    }

    fn yield_now(&self) -> HostFuture {
        self.flush();
        Box::pin(next_task())
    }

    fn slice_ms(&self) -> f64 {
        SLICE_MS
    }

    fn fuel_slice(&self) -> Option<u64> {
        Some(FUEL_SLICE)
    }

    fn native_wasm(&self) -> Option<&dyn floe_engine::NativeWasm> {
        Some(self)
    }

    fn http(&self, request: HttpRequest, limits: HttpLimits) -> floe_engine::HttpFuture {
        // What happened so far is on the page while the request is out.
        self.flush();
        Box::pin(crate::fetch::send(request, limits))
    }

    fn secret(&self, name: &str) -> floe_engine::SecretFuture {
        let name = name.to_owned();
        Box::pin(async move { crate::vault::get(&name).await.map(std::sync::Arc::from) })
    }
}

/// The browser's engine as this run sees it: the events gathered so far go
/// to the page before a call there begins (it cannot pause to send them
/// while it runs), so the page shows the node running.
impl floe_engine::NativeWasm for WorkerHost {
    fn prepare(&self, key: &str, metered: &[u8]) -> Result<(), String> {
        self.native.prepare(key, metered)
    }

    fn call(&self, call: &floe_engine::NativeCall<'_>) -> floe_engine::NativeOutcome {
        self.flush();
        self.native.call(call)
    }

    fn threshold(&self) -> u64 {
        self.native.threshold()
    }
}

/// Resolves in a new task (a `MessageChannel`, not `setTimeout(0)`'s clamp).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        let done = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        channel.port1().set_onmessage(Some(done.unchecked_ref()));
        let _ = channel.port2().post_message(&JsValue::NULL);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The grants a run of `plan` (board `board_id`) goes with: this browser's
/// for the board, plus `approve` (what the user just allowed, kept first).
/// `Err(Ok((asks, grant)))` when some node needs what it was not granted:
/// what to ask, and what allowing grants; `Err(Err(_))` when the grants
/// cannot be read.
async fn consent(
    plan: &floe_engine::Plan,
    board_id: &str,
    approve: Option<&str>,
) -> Result<std::sync::Arc<Grants>, Result<(Vec<String>, String), String>> {
    if plan.needs().is_empty() {
        return Ok(Default::default());
    }
    // A board that is not in this browser's library (opened from a link,
    // read-only) keeps no grants: what is allowed holds for this run only.
    let store = match board_id {
        "" => None,
        id => Some((floe_storage::Store::open().await.map_err(|e| Err(e.to_string()))?, id)),
    };
    let mut grants = match &store {
        Some((store, id)) => stored_grants(store, id).await.map_err(Err)?,
        None => Grants::default(),
    };
    if let Some(approved) = approve {
        let approved: Vec<Grant> = serde_json::from_str(approved).map_err(|e| Err(e.to_string()))?;
        for g in approved {
            if !grants.entries.contains(&g) {
                grants.entries.push(g);
            }
        }
        if let Some((store, id)) = &store {
            let json = serde_json::to_string(&grants.entries).expect("grants serialise");
            store.put_grants(id, Some(&json)).await.map_err(|e| Err(e.to_string()))?;
        }
    }
    let missing: Vec<&floe_engine::Needs> =
        plan.needs().iter().filter(|n| !grants.covers(&n.kind, &n.capabilities)).collect();
    if missing.is_empty() {
        grants.hint = GRANT_HINT.into();
        return Ok(std::sync::Arc::new(grants));
    }
    let catalog = SESSION.with(|s| s.borrow().catalog());
    let asks = missing
        .iter()
        .map(|n| {
            format!(
                "{} ({}): {}",
                n.node.as_path(),
                kind_name(&catalog, &n.kind),
                floe_engine::http::describe(&n.capabilities)
            )
        })
        .collect();
    let mut asked = Grants::default();
    for n in &missing {
        asked.grant(&n.kind, &n.capabilities);
    }
    Err(Ok((asks, serde_json::to_string(&asked.entries).expect("grants serialise"))))
}

/// How to grant more in the tab, added to `not-granted` errors.
const GRANT_HINT: &str = "; run the board again to be asked";

async fn stored_grants(store: &floe_storage::Store, board_id: &str) -> Result<Grants, String> {
    let json = store.grants(board_id).await.map_err(|e| e.to_string())?;
    let entries = match json {
        Some(json) => serde_json::from_str(&json).map_err(|e| format!("this board's permissions are damaged: {e}"))?,
        None => Vec::new(),
    };
    Ok(Grants { entries, hint: String::new() })
}

/// A node kind as the user knows it: its name, a custom node's module name.
fn kind_name(catalog: &floe_engine::Catalog, kind: &str) -> String {
    catalog.get(kind).map_or_else(|| kind.to_owned(), |k| k.def().friendly_name.clone())
}

/// Board `board_id`'s grants in words (after revoking them all, with `revoke`).
async fn permissions(board_id: &str, revoke: bool) -> Result<Vec<String>, String> {
    let store = floe_storage::Store::open().await.map_err(|e| e.to_string())?;
    if revoke {
        store.put_grants(board_id, None).await.map_err(|e| e.to_string())?;
    }
    let catalog = SESSION.with(|s| s.borrow().catalog());
    let grants = stored_grants(&store, board_id).await?;
    Ok(grants
        .entries
        .iter()
        .map(|g| {
            let caps = floe_engine::Capabilities { http: g.http.clone(), secrets: g.secrets.clone() };
            format!("{}: {}", kind_name(&catalog, &g.kind), floe_engine::http::describe(&caps))
        })
        .collect())
}

//! Sync with a space, in the worker (`floe_editor::space` has the rules):
//! a round reads the index (`If-None-Match`: nothing comes back when
//! nothing changed), the stored boards and their sync records, and does
//! each board's step: push, pull, tell the index, or a conflict (the
//! space's board kept as a version naming the device that wrote it, this
//! browser's on top). It writes IndexedDB itself (the page reloads what
//! was pulled), so the page pays nothing for it at first paint.
//!
//! What was not sent is the difference between the stored boards and
//! their sync records: it survives a closed tab, a dead server, a week
//! offline, and a worker ended mid-round (every write is a whole
//! transaction; a push whose record was not written is sent again).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use floe_editor::sealed::SealedError;
use floe_editor::space::{self, Head, Index, Joined, Listed, Local, Report, SpaceLink, Step, Stored, Synced};
use floe_engine::Board;
use floe_storage::{Entry, Store};

use crate::net;

/// Tries to write the index before giving up the round (others write it too).
const INDEX_TRIES: usize = 8;
/// Tries to put a board over a blob that others keep changing.
const PUSH_TRIES: usize = 3;

thread_local! {
    static STORE: RefCell<Option<Rc<Store>>> = const { RefCell::new(None) };
    /// The index as last read (the space, its revision), for `If-None-Match`.
    static INDEX: RefCell<Option<(String, u64, Index)>> = const { RefCell::new(None) };
}

fn stored(e: floe_storage::StorageError) -> SealedError {
    SealedError::Space(e.to_string())
}

async fn store() -> Result<Rc<Store>, SealedError> {
    if let Some(s) = STORE.with(|s| s.borrow().clone()) {
        return Ok(s);
    }
    let s = Rc::new(Store::open().await.map_err(stored)?);
    STORE.with(|c| *c.borrow_mut() = Some(s.clone()));
    Ok(s)
}

/// Makes a space on `server`: an empty index under a fresh key.
pub async fn create(server: &str) -> Result<SpaceLink, SealedError> {
    let key = net::new_key()?;
    let (index, token, _) = net::post(server, &key, &Index::new().bytes(), None).await?;
    Ok(SpaceLink { index, key, token })
}

/// [`round`], one at a time in this browser whatever its tabs (each tab has
/// its worker): under the Web Locks API's `floe-sync` lock, so two tabs
/// never send the same change twice or take each other's for a conflict.
/// Where the API is missing the round runs as it is.
pub async fn round_alone(joined: &Joined, busy: Option<String>) -> Result<Report, SealedError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    let get = |on: &JsValue, key: &str| js_sys::Reflect::get(on, &key.into()).ok().filter(|v| !v.is_undefined());
    let locks = get(&js_sys::global(), "navigator").and_then(|n| get(&n, "locks"));
    let request = locks.as_ref().and_then(|l| get(l, "request")).and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else { return round(joined, busy.as_deref()).await };
    let out: Rc<RefCell<Option<Result<Report, SealedError>>>> = Rc::default();
    let (j, o) = (joined.clone(), out.clone());
    let task = Closure::once(move |_lock: JsValue| -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            let report = round(&j, busy.as_deref()).await;
            *o.borrow_mut() = Some(report);
            Ok(JsValue::UNDEFINED)
        })
    });
    let held = request
        .call2(&locks, &"floe-sync".into(), task.as_ref().unchecked_ref())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    if let Some(held) = held {
        let _ = wasm_bindgen_futures::JsFuture::from(held).await;
    }
    drop(task);
    out.take().unwrap_or_else(|| Err(SealedError::Space("this browser would not run the round (Web Locks)".into())))
}

/// One round for `joined`; `busy`: the board the page has open with edits
/// not yet saved (it is not pulled now: the edits win, next round).
pub async fn round(joined: &Joined, busy: Option<&str>) -> Result<Report, SealedError> {
    let store = store().await?;
    let (server, key, space_id) = (joined.server.as_str(), &joined.link.key, joined.link.index.as_str());
    let cached = INDEX.with(|i| i.borrow().clone()).filter(|(s, _, _)| s == space_id);
    let (mut rev, mut index) = match net::get(server, space_id, key, cached.as_ref().map(|c| c.1)).await? {
        Some((rev, plain)) => (rev, Index::read(&plain)?),
        None => cached.map(|(_, r, i)| (r, i)).ok_or(SealedError::NotFound)?,
    };
    INDEX.with(|i| *i.borrow_mut() = Some((space_id.to_owned(), rev, index.clone())));
    let entries: BTreeMap<String, Entry> = store
        .entries()
        .await
        .map_err(stored)?
        .into_iter()
        .filter(|e| e.damaged.is_none())
        .map(|e| (e.id.clone(), e))
        .collect();
    let synced: BTreeMap<String, Synced> = store
        .synced()
        .await
        .map_err(stored)?
        .into_iter()
        .filter_map(|(id, json)| Some((id, serde_json::from_str(&json).ok()?)))
        .collect();
    let ids: BTreeSet<String> =
        entries.keys().chain(index.boards.keys()).take(2 * space::MAX_BOARDS).cloned().collect();
    let mut round = Round {
        store: &store,
        joined,
        modules_here: store.module_hashes().await.map_err(stored)?.into_iter().collect(),
        report: Report::default(),
    };
    for id in ids {
        let local = entries.get(&id).map(|e| Local { modified_ms: e.modified_ms, deleted: e.deleted_ms.is_some() });
        let agreed = synced.get(&id).copied();
        let listed = index.boards.get(&id).cloned();
        let done = match (space::step(local, agreed, listed.as_ref()), entries.get(&id), &listed) {
            (Step::Pull, _, Some(l)) if busy != Some(id.as_str()) => round.pull(&index, &id, l, None).await.map(|_| ()),
            (Step::Push | Step::Conflict | Step::Announce, Some(entry), _) => {
                let at = agreed.map(|a| a.rev).filter(|_| listed.is_some());
                round.push(&mut index, entry, listed.as_ref(), at).await.map(|pushed| {
                    index.boards.insert(id.clone(), pushed);
                    round.report.listed += 1;
                })
            }
            _ => Ok(()),
        };
        // One board that cannot go (too large for the server, damaged) does not hold the others back.
        match done {
            Ok(()) => {}
            Err(e @ SealedError::Unreachable(_)) => return Err(e),
            Err(e) => {
                let name = entries.get(&id).map_or(id.as_str(), |e| e.name.as_str());
                round.report.problems.push(format!("“{name}”: {e}"));
            }
        }
    }
    let report = round.report;
    if report.listed == 0 {
        return Ok(report);
    }
    // The index: written over the revision read, else merged with the newer one and tried again.
    for _ in 0..INDEX_TRIES {
        match net::put(server, space_id, &joined.link.token, rev, key, &index.bytes()).await {
            Ok(new) => {
                INDEX.with(|i| *i.borrow_mut() = Some((space_id.to_owned(), new, index)));
                return Ok(report);
            }
            Err(SealedError::Stale) => {
                let (theirs_rev, plain) = net::get(server, space_id, key, None).await?.ok_or(SealedError::NotFound)?;
                let mut theirs = Index::read(&plain)?;
                theirs.merge(&index);
                (rev, index) = (theirs_rev, theirs);
            }
            Err(e) => return Err(e),
        }
    }
    Err(SealedError::Stale)
}

/// One round's state: where, what this browser has, and what it did.
struct Round<'a> {
    store: &'a Store,
    joined: &'a Joined,
    /// The module hashes stored here.
    modules_here: BTreeSet<String>,
    report: Report,
}

impl Round<'_> {
    /// Sends a stored board (or its tombstone) over revision `at` of its blob
    /// (a new blob in the space when it has none); a blob that moved on is a
    /// conflict: its board is kept here as a version first. What the index
    /// should now list for it.
    async fn push(
        &mut self,
        index: &mut Index,
        entry: &Entry,
        listed: Option<&Listed>,
        at: Option<u64>,
    ) -> Result<Listed, SealedError> {
        let (store, joined) = (self.store, self.joined);
        let (server, key) = (joined.server.as_str(), &joined.link.key);
        let deleted = entry.deleted_ms.is_some();
        let board = store.load(&entry.id).await.map_err(stored)?;
        if !deleted {
            self.push_modules(index, &board).await?;
        }
        let head = Head { by: joined.device.clone(), deleted };
        let bytes = space::board_bytes(&head, (!deleted).then_some(&board));
        let (blob, token, rev) = match listed {
            None => {
                let space = Some((joined.link.index.as_str(), joined.link.token.as_str()));
                net::post(server, key, &bytes, space).await?
            }
            Some(l) => {
                let mut at = at.unwrap_or(0);
                let mut tries = 0;
                loop {
                    match net::put(server, &l.blob, &l.token, at, key, &bytes).await {
                        Ok(rev) => break (l.blob.clone(), l.token.clone(), rev),
                        Err(SealedError::Stale) if tries < PUSH_TRIES => {
                            tries += 1;
                            at = self.pull(index, &entry.id, l, Some(&board)).await?;
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        };
        keep(store, &entry.id, Synced { rev, modified_ms: entry.modified_ms, deleted }).await?;
        Ok(Listed { blob, token, rev, by: joined.device.clone(), deleted })
    }

    /// Takes the space's board `id` (listed as `listed`) into this browser. With
    /// `ours` (a conflict), the space's board is kept as a version instead and
    /// this browser's stays. The blob's revision.
    async fn pull(
        &mut self,
        index: &Index,
        id: &str,
        listed: &Listed,
        ours: Option<&Board>,
    ) -> Result<u64, SealedError> {
        let (store, joined) = (self.store, self.joined);
        let (rev, plain) =
            net::get(&joined.server, &listed.blob, &joined.link.key, None).await?.ok_or(SealedError::NotFound)?;
        let (head, theirs) = space::read_board(&plain)?;
        if let Some(board) = &theirs {
            self.pull_modules(index, board).await?;
        }
        let report = &mut self.report;
        let by = space::device_name(&head.by);
        let label = format!("from {by}");
        if let Some(ours) = ours {
            if let Some(theirs) = &theirs {
                store.snapshot(id, theirs, Some(&label), false).await.map_err(stored)?;
            }
            let name = if ours.meta.name.is_empty() { "Untitled" } else { ours.meta.name.as_str() };
            report.conflicts.push(format!(
                "“{name}” was also changed on {by}: this browser's edit is on top, theirs is kept in Versions (“{label}”)"
            ));
            return Ok(rev);
        }
        let entry = match &theirs {
            Some(board) => {
                // Also an automatic version: if the page saves an edit over it
                // before it reloads, the space's board is still here.
                store.auto_version(id, board, Some(&label)).await.map_err(stored)?;
                Some(store.save(id, board).await.map_err(stored)?)
            }
            // A tombstone: the board goes to the bin here too (if it is here).
            None => match store.delete(id).await {
                Ok(()) => Some(store.entry(id).await.map_err(stored)?),
                Err(floe_storage::StorageError::NotFound(_)) => None,
                Err(e) => return Err(stored(e)),
            },
        };
        let modified_ms = entry.map_or(0.0, |e| e.modified_ms);
        keep(store, id, Synced { rev, modified_ms, deleted: head.deleted }).await?;
        report.pulled.push(id.to_owned());
        Ok(rev)
    }

    /// Uploads the board's modules the space does not have yet (once per hash).
    async fn push_modules(&mut self, index: &mut Index, board: &Board) -> Result<(), SealedError> {
        let joined = self.joined;
        for m in board.modules.iter().filter(|m| m.is_genuine()) {
            let hash = m.hash.to_string();
            if index.modules.contains_key(&hash) {
                continue;
            }
            let bytes = serde_json::to_vec(m).expect("a module serialises");
            let space = Some((joined.link.index.as_str(), joined.link.token.as_str()));
            let (blob, token, _) = net::post(&joined.server, &joined.link.key, &bytes, space).await?;
            index.modules.insert(hash, Stored { blob, token });
            self.report.listed += 1;
        }
        Ok(())
    }

    /// Fetches the board's modules this browser does not have (genuine ones
    /// only; one the space lacks stays missing, as in a link without it).
    async fn pull_modules(&mut self, index: &Index, board: &Board) -> Result<(), SealedError> {
        let joined = self.joined;
        for m in &board.modules {
            let hash = m.hash.to_string();
            let Some(at) = index.modules.get(&hash).filter(|_| !self.modules_here.contains(&hash)) else { continue };
            let Some((_, plain)) = net::get(&joined.server, &at.blob, &joined.link.key, None).await? else { continue };
            let module = space::read_module(&plain, &hash)?;
            self.store.keep_modules(&[module]).await.map_err(stored)?;
            self.modules_here.insert(hash);
        }
        Ok(())
    }
}

async fn keep(store: &Store, id: &str, record: Synced) -> Result<(), SealedError> {
    let json = serde_json::to_string(&record).expect("a record serialises");
    store.put_synced(id, &json).await.map_err(stored)
}

//! Floe's boards in the browser, kept in IndexedDB through the `idb` crate.
//!
//! One database (`floe`) with six object stores, all keyed by text and
//! holding JSON text (so a damaged record is detected, never half-read):
//!
//! * `entries`: board id → [`Entry`] (name, times, size): the home screen list;
//! * `boards`: board id → the board, its custom modules without their bytes;
//! * `modules`: content hash → the module with its bytes, stored once and
//!   shared by every board that uses it;
//! * `versions`: `<board id>/<time>` → a [`Version`] and the board then;
//! * `library`: content hash → a subflow saved to the personal library
//!   (`floe_editor::library::LibraryEntry` as JSON: the store keeps text);
//! * `sync`: board id → what this browser last agreed with its synced space
//!   about that board (`floe_editor::space::Synced` as JSON). A board whose
//!   entry differs from it has changes still to send: this is the offline
//!   queue, and it survives closing the browser.
//!
//! Every save is one transaction: it lands whole or not at all, so a failure
//! (a full disk, a closed database) never damages the last good version.
//! Errors are [`StorageError`]s with a message a person can act on.

mod error;
mod records;

use floe_engine::{Board, ModuleRef};
use idb::{Database, DatabaseEvent, Factory, KeyRange, ObjectStoreParams, Query, TransactionMode};
use wasm_bindgen::JsValue;

pub use error::StorageError;
pub use records::{Entry, Version};

/// How many automatic versions a board keeps (named ones are all kept).
pub const AUTO_VERSIONS_KEPT: usize = 20;

/// The database's schema version.
const SCHEMA: u32 = 4;
const ENTRIES: &str = "entries";
const BOARDS: &str = "boards";
const MODULES: &str = "modules";
const VERSIONS: &str = "versions";
const LIBRARY: &str = "library";
const SYNC: &str = "sync";
/// Per board, what its nodes were granted (HTTP origins, secrets): this browser's only.
const GRANTS: &str = "grants";
/// The secrets vault: its non-extractable key and the sealed secrets (the run worker's).
const VAULT: &str = "vault";

/// An open database.
pub struct Store {
    db: Database,
}

impl Drop for Store {
    fn drop(&mut self) {
        self.db.close();
    }
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A new board id: time plus randomness, in base 36.
pub fn new_id() -> String {
    let t = now_ms() as u64;
    let r = (js_sys::Math::random() * 36f64.powi(6)) as u64;
    format!("{}{}", radix36(t), radix36(r))
}

fn radix36(mut v: u64) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(digits[(v % 36) as usize]);
        v /= 36;
        if v == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII digits")
}

fn text(v: &str) -> JsValue {
    JsValue::from_str(v)
}

impl Store {
    /// Opens (creating or upgrading) the app's database.
    pub async fn open() -> Result<Store, StorageError> {
        Self::open_named("floe").await
    }

    /// Opens a database by name (tests use their own).
    pub async fn open_named(name: &str) -> Result<Store, StorageError> {
        let factory = Factory::new().map_err(|e| StorageError::Unavailable(e.to_string()))?;
        let mut request = factory.open(name, Some(SCHEMA)).map_err(|e| StorageError::Unavailable(e.to_string()))?;
        request.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            let existing = db.store_names();
            // Version 2 adds `library`, 3 `sync`, 4 `grants` and `vault`;
            // every store is created if missing.
            for store in [ENTRIES, BOARDS, MODULES, VERSIONS, LIBRARY, SYNC, GRANTS, VAULT] {
                if !existing.iter().any(|s| s == store) {
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let blocked = std::rc::Rc::new(std::cell::Cell::new(false));
        let flag = blocked.clone();
        request.on_blocked(move |_| flag.set(true));
        let mut db =
            request.await.map_err(|e| if blocked.get() { StorageError::Blocked } else { StorageError::from_idb(e) })?;
        // A newer Floe in another tab wants to upgrade the database: let it.
        db.on_version_change(|event| {
            if let Ok(db) = event.database() {
                db.close();
            }
        });
        Ok(Store { db })
    }

    fn tx(&self, stores: &[&str], write: bool) -> Result<idb::Transaction, StorageError> {
        let mode = if write { TransactionMode::ReadWrite } else { TransactionMode::ReadOnly };
        self.db.transaction(stores, mode).map_err(StorageError::from_idb)
    }

    /// Every key of `store` with its value, in key order (one transaction).
    async fn keyed(&self, store: &str) -> Result<Vec<(JsValue, JsValue)>, StorageError> {
        let tx = self.tx(&[store], false)?;
        let store = tx.object_store(store).map_err(StorageError::from_idb)?;
        let keys =
            store.get_all_keys(None, None).map_err(StorageError::from_idb)?.await.map_err(StorageError::from_idb)?;
        let values =
            store.get_all(None, None).map_err(StorageError::from_idb)?.await.map_err(StorageError::from_idb)?;
        Ok(keys.into_iter().zip(values).collect())
    }

    /// Every entry, the bin's too (damaged ones as placeholders), most recently changed first.
    pub async fn entries(&self) -> Result<Vec<Entry>, StorageError> {
        let mut out: Vec<Entry> = self
            .keyed(ENTRIES)
            .await?
            .iter()
            .map(|(k, v)| {
                let id = k.as_string().unwrap_or_default();
                Entry::from_js(&id, v).unwrap_or_else(|reason| Entry::damaged(&id, &reason))
            })
            .collect();
        out.sort_by(|a, b| b.modified_ms.total_cmp(&a.modified_ms));
        Ok(out)
    }

    /// Every board not in the bin, most recently changed first. A damaged
    /// entry is listed with a placeholder name rather than hiding the rest.
    pub async fn list(&self) -> Result<Vec<Entry>, StorageError> {
        Ok(self.entries().await?.into_iter().filter(|e| e.deleted_ms.is_none()).collect())
    }

    /// Boards in the bin (deleted, not yet purged).
    pub async fn bin(&self) -> Result<Vec<Entry>, StorageError> {
        Ok(self.entries().await?.into_iter().filter(|e| e.deleted_ms.is_some()).collect())
    }

    /// One board's entry.
    pub async fn entry(&self, id: &str) -> Result<Entry, StorageError> {
        let tx = self.tx(&[ENTRIES], false)?;
        let store = tx.object_store(ENTRIES).map_err(StorageError::from_idb)?;
        let v = store.get(text(id)).map_err(StorageError::from_idb)?.await.map_err(StorageError::from_idb)?;
        let v = v.ok_or_else(|| StorageError::NotFound(id.to_owned()))?;
        Entry::from_js(id, &v)
            .map_err(|reason| StorageError::Damaged { what: format!("the entry of board `{id}`"), reason })
    }

    /// Loads a board, its custom modules' bytes put back from the shared store.
    pub async fn load(&self, id: &str) -> Result<Board, StorageError> {
        let tx = self.tx(&[BOARDS, MODULES], false)?;
        let boards = tx.object_store(BOARDS).map_err(StorageError::from_idb)?;
        let v = boards.get(text(id)).map_err(StorageError::from_idb)?.await.map_err(StorageError::from_idb)?;
        let json = v.and_then(|v| v.as_string()).ok_or_else(|| StorageError::NotFound(id.to_owned()))?;
        let mut board = Board::from_json(&json)
            .map_err(|e| StorageError::Damaged { what: format!("board `{id}`"), reason: e.to_string() })?;
        reattach_modules(&tx, &mut board).await?;
        Ok(board)
    }

    /// Saves a board under `id` (creating it, or replacing the saved one) in
    /// one transaction; returns its entry.
    pub async fn save(&self, id: &str, board: &Board) -> Result<Entry, StorageError> {
        let previous = self.entry(id).await.ok();
        let now = now_ms();
        let entry = Entry {
            id: id.to_owned(),
            name: board.meta.name.clone(),
            created_ms: previous.as_ref().map_or(now, |p| p.created_ms),
            modified_ms: now,
            nodes: board.nodes.len(),
            deleted_ms: None,
            damaged: None,
        };
        let (lean, modules) = split_modules(board);
        let tx = self.tx(&[ENTRIES, BOARDS, MODULES], true)?;
        put(&tx, BOARDS, id, &lean_json(&lean))?;
        put(&tx, ENTRIES, id, &entry.to_json())?;
        store_new_modules(&tx, &modules).await?;
        finish(tx).await?;
        Ok(entry)
    }

    /// Stores `board` as a new board; returns its entry.
    pub async fn create(&self, board: &Board) -> Result<Entry, StorageError> {
        self.save(&new_id(), board).await
    }

    /// Renames a board (its entry and the name inside it).
    pub async fn rename(&self, id: &str, name: &str) -> Result<Entry, StorageError> {
        let mut board = self.load(id).await?;
        board.meta.name = name.to_owned();
        self.save(id, &board).await
    }

    /// Copies a board under a new id (named "… (copy)").
    pub async fn duplicate(&self, id: &str) -> Result<Entry, StorageError> {
        let mut board = self.load(id).await?;
        board.meta.name = format!("{} (copy)", if board.meta.name.is_empty() { "Untitled" } else { &board.meta.name });
        self.create(&board).await
    }

    /// Moves a board to the bin (it can be restored until purged).
    pub async fn delete(&self, id: &str) -> Result<(), StorageError> {
        self.set_deleted(id, Some(now_ms())).await
    }

    /// Takes a board out of the bin.
    pub async fn restore(&self, id: &str) -> Result<(), StorageError> {
        self.set_deleted(id, None).await
    }

    async fn set_deleted(&self, id: &str, when: Option<f64>) -> Result<(), StorageError> {
        let mut entry = self.entry(id).await?;
        entry.deleted_ms = when;
        let tx = self.tx(&[ENTRIES], true)?;
        put(&tx, ENTRIES, id, &entry.to_json())?;
        finish(tx).await
    }

    /// Removes for good the boards deleted before `before_ms`, with their versions.
    pub async fn purge(&self, before_ms: f64) -> Result<usize, StorageError> {
        let old: Vec<String> = self
            .bin()
            .await?
            .into_iter()
            .filter(|e| e.deleted_ms.is_some_and(|d| d < before_ms))
            .map(|e| e.id)
            .collect();
        for id in &old {
            let tx = self.tx(&[ENTRIES, BOARDS, VERSIONS], true)?;
            let del = |store: &str, q: Query| -> Result<(), StorageError> {
                tx.object_store(store).map_err(StorageError::from_idb)?.delete(q).map_err(StorageError::from_idb)?;
                Ok(())
            };
            del(ENTRIES, Query::Key(text(id)))?;
            del(BOARDS, Query::Key(text(id)))?;
            del(VERSIONS, Query::KeyRange(version_range(id)?))?;
            finish(tx).await?;
        }
        Ok(old.len())
    }

    /// Records a version of a board (automatic, or named by the user).
    pub async fn snapshot(
        &self,
        id: &str,
        board: &Board,
        label: Option<&str>,
        auto: bool,
    ) -> Result<Version, StorageError> {
        let at = now_ms();
        // Time first (keys sort by it), then randomness: two snapshots in the
        // same millisecond (a restore keeps the state it replaces, then the
        // restored one; or two tabs) must not overwrite each other.
        let r = (js_sys::Math::random() * 36f64.powi(6)) as u64;
        let key = format!("{id}/{:015}-{}", at as u64, radix36(r));
        let version = Version {
            key: key.clone(),
            board: id.to_owned(),
            at_ms: at,
            label: label.map(str::to_owned),
            auto,
            nodes: board.nodes.len(),
        };
        let (lean, modules) = split_modules(board);
        let tx = self.tx(&[VERSIONS, MODULES], true)?;
        let record = serde_json::json!({"version": version, "board": lean_json(&lean)});
        put(&tx, VERSIONS, &key, &record.to_string())?;
        store_new_modules(&tx, &modules).await?;
        finish(tx).await?;
        Ok(version)
    }

    /// A board's versions, newest first.
    pub async fn versions(&self, id: &str) -> Result<Vec<Version>, StorageError> {
        let tx = self.tx(&[VERSIONS], false)?;
        let store = tx.object_store(VERSIONS).map_err(StorageError::from_idb)?;
        let values = store
            .get_all(Some(Query::KeyRange(version_range(id)?)), None)
            .map_err(StorageError::from_idb)?
            .await
            .map_err(StorageError::from_idb)?;
        let mut out: Vec<Version> = values
            .iter()
            .filter_map(|v| v.as_string())
            .filter_map(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .filter_map(|v| serde_json::from_value(v["version"].clone()).ok())
            .collect();
        out.sort_by(|a, b| b.at_ms.total_cmp(&a.at_ms).then_with(|| b.key.cmp(&a.key)));
        Ok(out)
    }

    /// The board as it was at a version.
    pub async fn load_version(&self, key: &str) -> Result<Board, StorageError> {
        let tx = self.tx(&[VERSIONS, MODULES], false)?;
        let v = tx
            .object_store(VERSIONS)
            .map_err(StorageError::from_idb)?
            .get(text(key))
            .map_err(StorageError::from_idb)?
            .await
            .map_err(StorageError::from_idb)?;
        let record: serde_json::Value = v
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str(&s).ok())
            .ok_or_else(|| StorageError::NotFound(key.to_owned()))?;
        let json = record["board"].as_str().unwrap_or_default();
        let mut board = Board::from_json(json)
            .map_err(|e| StorageError::Damaged { what: format!("version `{key}`"), reason: e.to_string() })?;
        reattach_modules(&tx, &mut board).await?;
        Ok(board)
    }

    /// Records an automatic version (optionally labelled) and drops the
    /// oldest past [`AUTO_VERSIONS_KEPT`].
    pub async fn auto_version(&self, id: &str, board: &Board, label: Option<&str>) -> Result<(), StorageError> {
        self.snapshot(id, board, label, true).await?;
        self.prune_auto_versions(id, AUTO_VERSIONS_KEPT).await.map(|_| ())
    }

    /// Keeps the newest `keep` automatic versions of a board (named ones stay).
    pub async fn prune_auto_versions(&self, id: &str, keep: usize) -> Result<usize, StorageError> {
        let stale: Vec<String> =
            self.versions(id).await?.into_iter().filter(|v| v.auto).skip(keep).map(|v| v.key).collect();
        if stale.is_empty() {
            return Ok(0);
        }
        let tx = self.tx(&[VERSIONS], true)?;
        let store = tx.object_store(VERSIONS).map_err(StorageError::from_idb)?;
        for key in &stale {
            store.delete(Query::Key(text(key))).map_err(StorageError::from_idb)?;
        }
        finish(tx).await?;
        Ok(stale.len())
    }

    /// Keeps modules (their bytes) in the shared store, genuine ones only
    /// (a synced board's modules arrive apart from it).
    pub async fn keep_modules(&self, modules: &[ModuleRef]) -> Result<(), StorageError> {
        let tx = self.tx(&[MODULES], true)?;
        store_new_modules(&tx, modules).await?;
        finish(tx).await
    }

    /// The content hashes of every stored module.
    pub async fn module_hashes(&self) -> Result<Vec<String>, StorageError> {
        let tx = self.tx(&[MODULES], false)?;
        let store = tx.object_store(MODULES).map_err(StorageError::from_idb)?;
        let keys =
            store.get_all_keys(None, None).map_err(StorageError::from_idb)?.await.map_err(StorageError::from_idb)?;
        Ok(keys.iter().filter_map(|k| k.as_string()).collect())
    }

    /// Keeps a personal-library entry (JSON text) under its content hash.
    pub async fn put_library(&self, hash: &str, json: &str) -> Result<(), StorageError> {
        let tx = self.tx(&[LIBRARY], true)?;
        put(&tx, LIBRARY, hash, json)?;
        finish(tx).await
    }

    /// Every personal-library entry, as stored (JSON text), in key order.
    pub async fn library(&self) -> Result<Vec<String>, StorageError> {
        let tx = self.tx(&[LIBRARY], false)?;
        let store = tx.object_store(LIBRARY).map_err(StorageError::from_idb)?;
        let values =
            store.get_all(None, None).map_err(StorageError::from_idb)?.await.map_err(StorageError::from_idb)?;
        Ok(values.iter().filter_map(|v| v.as_string()).collect())
    }

    /// Every board's sync record (id, JSON text).
    pub async fn synced(&self) -> Result<Vec<(String, String)>, StorageError> {
        Ok(self.keyed(SYNC).await?.into_iter().filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?))).collect())
    }

    /// Keeps board `id`'s sync record (JSON text).
    pub async fn put_synced(&self, id: &str, json: &str) -> Result<(), StorageError> {
        let tx = self.tx(&[SYNC], true)?;
        put(&tx, SYNC, id, json)?;
        finish(tx).await
    }

    /// Forgets every sync record (this browser left its space; the boards stay).
    pub async fn clear_synced(&self) -> Result<(), StorageError> {
        let tx = self.tx(&[SYNC], true)?;
        tx.object_store(SYNC).map_err(StorageError::from_idb)?.clear().map_err(StorageError::from_idb)?;
        finish(tx).await
    }

    /// Board `id`'s grants (JSON text, the run worker's), if it has any.
    pub async fn grants(&self, id: &str) -> Result<Option<String>, StorageError> {
        Ok(self.get_value(GRANTS, id).await?.and_then(|v| v.as_string()))
    }

    /// Keeps board `id`'s grants; `None` revokes them all.
    pub async fn put_grants(&self, id: &str, json: Option<&str>) -> Result<(), StorageError> {
        match json {
            Some(json) => self.put_value(GRANTS, id, &text(json)).await,
            None => self.delete_value(GRANTS, id).await,
        }
    }

    /// A record of the vault (a `CryptoKey`, a sealed secret: any value
    /// IndexedDB can clone).
    pub async fn vault_get(&self, key: &str) -> Result<Option<JsValue>, StorageError> {
        self.get_value(VAULT, key).await
    }

    /// Keeps a record of the vault.
    pub async fn vault_put(&self, key: &str, value: &JsValue) -> Result<(), StorageError> {
        self.put_value(VAULT, key, value).await
    }

    /// Forgets a record of the vault.
    pub async fn vault_delete(&self, key: &str) -> Result<(), StorageError> {
        self.delete_value(VAULT, key).await
    }

    /// Moves a vault record to another key, in one transaction (`to` is replaced).
    pub async fn vault_move(&self, from: &str, to: &str) -> Result<(), StorageError> {
        let tx = self.tx(&[VAULT], true)?;
        let store = tx.object_store(VAULT).map_err(StorageError::from_idb)?;
        let v = store.get(text(from)).map_err(StorageError::from_idb)?.await.map_err(StorageError::from_idb)?;
        let v = v.ok_or_else(|| StorageError::NotFound(from.to_owned()))?;
        store.put(&v, Some(&text(to))).map_err(StorageError::from_idb)?;
        store.delete(text(from)).map_err(StorageError::from_idb)?;
        finish(tx).await
    }

    /// Every key of the vault.
    pub async fn vault_keys(&self) -> Result<Vec<String>, StorageError> {
        Ok(self.keyed(VAULT).await?.into_iter().filter_map(|(k, _)| k.as_string()).collect())
    }

    async fn get_value(&self, store: &str, key: &str) -> Result<Option<JsValue>, StorageError> {
        let tx = self.tx(&[store], false)?;
        let store = tx.object_store(store).map_err(StorageError::from_idb)?;
        store.get(text(key)).map_err(StorageError::from_idb)?.await.map_err(StorageError::from_idb)
    }

    async fn put_value(&self, store: &str, key: &str, value: &JsValue) -> Result<(), StorageError> {
        let tx = self.tx(&[store], true)?;
        tx.object_store(store)
            .map_err(StorageError::from_idb)?
            .put(value, Some(&text(key)))
            .map_err(StorageError::from_idb)?;
        finish(tx).await
    }

    async fn delete_value(&self, store: &str, key: &str) -> Result<(), StorageError> {
        let tx = self.tx(&[store], true)?;
        tx.object_store(store).map_err(StorageError::from_idb)?.delete(text(key)).map_err(StorageError::from_idb)?;
        finish(tx).await
    }

    /// Closes the connection, as the browser does when another tab upgrades
    /// the database (tests use it to make writes fail).
    #[doc(hidden)]
    pub fn close(&self) {
        self.db.close();
    }

    /// Writes raw text under `key` in `store`, bypassing every check (tests
    /// use it to damage records on purpose).
    #[doc(hidden)]
    pub async fn put_raw(&self, store: &str, key: &str, value: &str) -> Result<(), StorageError> {
        let tx = self.tx(&[store], true)?;
        put(&tx, store, key, value)?;
        finish(tx).await
    }
}

/// Queues a write of `value` under `key` in `store`.
fn put(tx: &idb::Transaction, store: &str, key: &str, value: &str) -> Result<(), StorageError> {
    tx.object_store(store)
        .map_err(StorageError::from_idb)?
        .put(&text(value), Some(&text(key)))
        .map_err(StorageError::from_idb)?;
    Ok(())
}

/// A board as stored: compact JSON.
fn lean_json(board: &Board) -> String {
    serde_json::to_string(board).expect("a board serialises")
}

/// Stores the modules not stored yet. Only a module whose bytes hash to its
/// claimed hash is stored, so a hostile board cannot poison a hash other
/// boards use; an entry under a hash that its bytes do not match (stored by
/// an older Floe) is replaced by the genuine module. A genuine entry's
/// content never changes, so an autosave does not rewrite (possibly large)
/// modules.
async fn store_new_modules(tx: &idb::Transaction, modules: &[ModuleRef]) -> Result<(), StorageError> {
    let store = tx.object_store(MODULES).map_err(StorageError::from_idb)?;
    for m in modules.iter().filter(|m| m.is_genuine()) {
        let key = m.hash.to_string();
        let stored = store.get(text(&key)).map_err(StorageError::from_idb)?.await.map_err(StorageError::from_idb)?;
        let genuine = stored
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str::<ModuleRef>(&s).ok())
            .is_some_and(|s| s.hash == m.hash && s.is_genuine());
        if !genuine {
            put(tx, MODULES, &key, &serde_json::to_string(m).expect("a module serialises"))?;
        }
    }
    Ok(())
}

/// Puts the modules' sources back into a board read from storage (in the
/// same transaction, so they match the board).
async fn reattach_modules(tx: &idb::Transaction, board: &mut Board) -> Result<(), StorageError> {
    let modules = tx.object_store(MODULES).map_err(StorageError::from_idb)?;
    for m in &mut board.modules {
        let stored = modules
            .get(text(&m.hash.to_string()))
            .map_err(StorageError::from_idb)?
            .await
            .map_err(StorageError::from_idb)?;
        // Only genuine bytes come back: a poisoned entry leaves the module missing.
        if let Some(full) = stored
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str::<ModuleRef>(&s).ok())
            .filter(|full| full.hash == m.hash && full.is_genuine())
        {
            m.wasm_base64 = full.wasm_base64;
            m.wat = full.wat;
        }
    }
    Ok(())
}

/// The board without its modules' bytes, and the modules that have bytes.
fn split_modules(board: &Board) -> (Board, Vec<ModuleRef>) {
    let mut lean = board.clone();
    let mut full = Vec::new();
    for m in &mut lean.modules {
        if m.wasm_base64.is_some() || m.wat.is_some() {
            full.push(m.clone());
            m.wasm_base64 = None;
            m.wat = None;
        }
    }
    (lean, full)
}

fn version_range(id: &str) -> Result<KeyRange, StorageError> {
    // Keys are "<id>/<time>-<random>"; '0' follows '/' in code order.
    KeyRange::bound(&text(&format!("{id}/")), &text(&format!("{id}0")), Some(false), Some(true))
        .map_err(StorageError::from_idb)
}

/// Commits and waits; an aborted transaction is an error naming why.
async fn finish(tx: idb::Transaction) -> Result<(), StorageError> {
    let committed = tx.commit().map_err(StorageError::from_idb)?;
    match committed.await {
        Ok(r) if r.is_committed() => Ok(()),
        Ok(_) => Err(StorageError::Failed("the write was cancelled by the browser".into())),
        Err(e) => Err(StorageError::from_idb(e)),
    }
}

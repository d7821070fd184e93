//! The storage layer against a real IndexedDB, in headless Chromium
//! (`wasm-bindgen-test`). Each test opens its own database.

#![cfg(target_arch = "wasm32")]

use floe_engine::Board;
use floe_storage::{StorageError, Store, new_id};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TEMPERATURE: &str = include_str!("../../examples/temperature.board.json");
const CUSTOM: &str = include_str!("../../examples/custom-node.board.json");

async fn fresh() -> Store {
    Store::open_named(&format!("floe-test-{}", new_id())).await.expect("a fresh database opens")
}

fn board(json: &str) -> Board {
    Board::from_json(json).expect("example parses")
}

fn named(json: &str, name: &str) -> Board {
    let mut b = board(json);
    b.meta.name = name.to_owned();
    b
}

#[wasm_bindgen_test]
async fn a_saved_board_loads_back_equal_and_is_listed_newest_first() {
    let store = fresh().await;
    let first = store.create(&named(TEMPERATURE, "First")).await.unwrap();
    let second = store.create(&named(TEMPERATURE, "Second")).await.unwrap();
    assert_ne!(first.id, second.id);

    let loaded = store.load(&first.id).await.unwrap();
    assert_eq!(loaded, named(TEMPERATURE, "First"));

    let list = store.list().await.unwrap();
    let names: Vec<&str> = list.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Second", "First"]);
    assert_eq!(list[0].nodes, board(TEMPERATURE).nodes.len());

    // Saving again replaces the board, keeps its creation time, moves it up.
    let mut edited = loaded.clone();
    edited.meta.description = "edited".into();
    let again = store.save(&first.id, &edited).await.unwrap();
    assert_eq!(again.created_ms, first.created_ms);
    assert_eq!(store.load(&first.id).await.unwrap().meta.description, "edited");
    assert_eq!(store.list().await.unwrap()[0].id, first.id);
}

#[wasm_bindgen_test]
async fn rename_and_duplicate() {
    let store = fresh().await;
    let e = store.create(&named(TEMPERATURE, "Lesson")).await.unwrap();
    store.rename(&e.id, "Lesson 1").await.unwrap();
    assert_eq!(store.load(&e.id).await.unwrap().meta.name, "Lesson 1");
    assert_eq!(store.entry(&e.id).await.unwrap().name, "Lesson 1");

    let copy = store.duplicate(&e.id).await.unwrap();
    assert_ne!(copy.id, e.id);
    assert_eq!(copy.name, "Lesson 1 (copy)");
    let (a, b) = (store.load(&e.id).await.unwrap(), store.load(&copy.id).await.unwrap());
    assert_eq!(a.nodes, b.nodes);
    assert_eq!(store.list().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn modules_are_stored_once_by_hash_and_come_back_with_the_board() {
    let store = fresh().await;
    let custom = board(CUSTOM);
    assert!(!custom.modules.is_empty(), "the example embeds a module");
    let a = store.create(&named(CUSTOM, "A")).await.unwrap();
    let b = store.create(&named(CUSTOM, "B")).await.unwrap();

    let hashes = store.module_hashes().await.unwrap();
    assert_eq!(hashes.len(), custom.modules.len(), "two boards share one stored module: {hashes:?}");
    assert_eq!(hashes[0], custom.modules[0].hash.to_string());

    for id in [&a.id, &b.id] {
        let loaded = store.load(id).await.unwrap();
        assert_eq!(loaded.modules, custom.modules, "the module's source is put back");
    }
}

#[wasm_bindgen_test]
async fn versions_snapshot_list_restore_and_prune() {
    let store = fresh().await;
    let mut b = named(TEMPERATURE, "v1");
    let e = store.create(&b).await.unwrap();
    let v1 = store.snapshot(&e.id, &b, None, true).await.unwrap();
    b.meta.name = "v2".into();
    b.nodes.pop();
    let named_version = store.snapshot(&e.id, &b, Some("before the quiz"), false).await.unwrap();
    for _ in 0..3 {
        b.meta.name = "later".into();
        store.snapshot(&e.id, &b, None, true).await.unwrap();
    }
    // Another board's versions are not mixed in.
    let other = store.create(&named(TEMPERATURE, "other")).await.unwrap();
    store.snapshot(&other.id, &b, None, true).await.unwrap();

    let versions = store.versions(&e.id).await.unwrap();
    assert_eq!(versions.len(), 5);
    assert!(versions.windows(2).all(|w| w[0].at_ms >= w[1].at_ms), "newest first");
    assert!(versions.iter().all(|v| v.board == e.id));

    let old = store.load_version(&v1.key).await.unwrap();
    assert_eq!(old, named(TEMPERATURE, "v1"));
    let kept = store.load_version(&named_version.key).await.unwrap();
    assert_eq!(kept.meta.name, "v2");
    assert_eq!(kept.nodes.len(), board(TEMPERATURE).nodes.len() - 1);

    // Pruning keeps the newest automatic ones and every named one.
    let removed = store.prune_auto_versions(&e.id, 2).await.unwrap();
    assert_eq!(removed, 2);
    let left = store.versions(&e.id).await.unwrap();
    assert_eq!(left.len(), 3);
    assert!(left.iter().any(|v| v.label.as_deref() == Some("before the quiz")));
    assert!(matches!(store.load_version(&v1.key).await, Err(StorageError::NotFound(_))));
}

#[wasm_bindgen_test]
async fn snapshots_in_the_same_millisecond_are_all_kept() {
    let store = fresh().await;
    let b = named(TEMPERATURE, "fast");
    let e = store.create(&b).await.unwrap();
    let mut keys = Vec::new();
    for _ in 0..20 {
        keys.push(store.snapshot(&e.id, &b, None, true).await.unwrap().key);
    }
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 20, "every snapshot has its own key");
    assert_eq!(store.versions(&e.id).await.unwrap().len(), 20);
}

#[wasm_bindgen_test]
async fn delete_goes_to_the_bin_restore_brings_it_back_purge_removes_it() {
    let store = fresh().await;
    let keep = store.create(&named(TEMPERATURE, "keep")).await.unwrap();
    let gone = store.create(&named(TEMPERATURE, "gone")).await.unwrap();
    store.snapshot(&gone.id, &board(TEMPERATURE), None, true).await.unwrap();

    store.delete(&gone.id).await.unwrap();
    let listed: Vec<String> = store.list().await.unwrap().into_iter().map(|e| e.id).collect();
    assert_eq!(listed, vec![keep.id.clone()]);
    assert_eq!(store.bin().await.unwrap().len(), 1);
    // A deleted board still loads (undo).
    store.load(&gone.id).await.unwrap();

    store.restore(&gone.id).await.unwrap();
    assert_eq!(store.list().await.unwrap().len(), 2);

    store.delete(&gone.id).await.unwrap();
    let purged = store.purge(floe_storage::now_ms() + 1.0).await.unwrap();
    assert_eq!(purged, 1);
    assert!(matches!(store.load(&gone.id).await, Err(StorageError::NotFound(_))));
    assert!(store.versions(&gone.id).await.unwrap().is_empty());
    assert!(store.bin().await.unwrap().is_empty());
    store.load(&keep.id).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_damaged_record_is_named_and_the_rest_still_works() {
    let store = fresh().await;
    let good = store.create(&named(TEMPERATURE, "good")).await.unwrap();
    let bad = store.create(&named(TEMPERATURE, "bad")).await.unwrap();
    store.put_raw("boards", &bad.id, "{\"format_version\": 1, \"nodes\": [trunc").await.unwrap();

    match store.load(&bad.id).await {
        Err(StorageError::Damaged { what, reason }) => {
            assert!(what.contains(&bad.id), "{what}");
            assert!(!reason.is_empty());
        }
        other => panic!("expected Damaged, got {other:?}"),
    }
    let message = store.load(&bad.id).await.unwrap_err().to_string();
    assert!(message.contains("damaged") && message.contains("other boards are fine"), "{message}");
    assert_eq!(store.load(&good.id).await.unwrap().meta.name, "good");

    // A damaged list entry shows as a placeholder instead of hiding the others.
    store.put_raw("entries", &bad.id, "not json").await.unwrap();
    let list = store.list().await.unwrap();
    assert_eq!(list.len(), 2);
    let placeholder = list.iter().find(|e| e.id == bad.id).unwrap();
    assert!(placeholder.damaged.is_some());
    assert!(placeholder.name.contains("Damaged"));
    assert!(matches!(store.entry(&bad.id).await, Err(StorageError::Damaged { .. })));
}

#[wasm_bindgen_test]
async fn a_failed_save_leaves_the_last_good_version_intact() {
    let name = format!("floe-test-{}", new_id());
    let store = Store::open_named(&name).await.unwrap();
    let e = store.create(&named(TEMPERATURE, "good")).await.unwrap();

    // The connection closes under us (as when another tab upgrades Floe).
    store.close();
    let mut edited = named(TEMPERATURE, "half-saved");
    edited.nodes.clear();
    let err = store.save(&e.id, &edited).await.unwrap_err();
    assert!(matches!(err, StorageError::Blocked | StorageError::Failed(_)), "{err:?}");
    assert!(!err.to_string().is_empty());

    let reopened = Store::open_named(&name).await.unwrap();
    let loaded = reopened.load(&e.id).await.unwrap();
    assert_eq!(loaded, named(TEMPERATURE, "good"));
}

#[wasm_bindgen_test]
async fn missing_things_are_not_found() {
    let store = fresh().await;
    assert!(matches!(store.load("nope").await, Err(StorageError::NotFound(id)) if id == "nope"));
    assert!(matches!(store.rename("nope", "x").await, Err(StorageError::NotFound(_))));
    assert!(matches!(store.delete("nope").await, Err(StorageError::NotFound(_))));
    assert!(store.versions("nope").await.unwrap().is_empty());
}

/// Regression: storage kept module bytes under whatever hash a board
/// claimed and never overwrote an entry, so one hostile board could poison a
/// hash for every other board in the browser.
#[wasm_bindgen_test]
async fn a_module_is_stored_only_under_its_true_hash_and_a_poisoned_entry_is_repaired() {
    let store = fresh().await;
    let genuine = board(CUSTOM);
    let hash = genuine.modules[0].hash;
    // A hostile board claims the genuine module's hash for other bytes.
    let mut hostile = genuine.clone();
    hostile.modules[0].wat = Some("(module) ;; not what the hash says".into());
    hostile.modules[0].wasm_base64 = None;
    let h = store.create(&named(&serde_json::to_string(&hostile).unwrap(), "Hostile")).await.unwrap();
    assert!(store.module_hashes().await.unwrap().is_empty(), "nothing is stored under a false hash");
    let back = store.load(&h.id).await.unwrap();
    assert!(back.modules[0].wat.is_none() && back.modules[0].wasm_base64.is_none(), "its module stays missing");

    // An entry poisoned by an older Floe: written raw under the genuine hash.
    let poisoned = serde_json::to_string(&hostile.modules[0]).unwrap();
    store.put_raw("modules", &hash.to_string(), &poisoned).await.unwrap();
    let g = store.create(&named(CUSTOM, "Genuine")).await.unwrap();
    let loaded = store.load(&g.id).await.unwrap();
    assert_eq!(loaded.modules, genuine.modules, "the genuine board repaired the entry and gets its own bytes");
    assert!(loaded.modules[0].is_genuine());
}

#[wasm_bindgen_test]
async fn library_entries_are_kept_by_hash() {
    let store = fresh().await;
    assert!(store.library().await.unwrap().is_empty());
    store.put_library("sha256:aa", r#"{"v": 1}"#).await.unwrap();
    store.put_library("sha256:bb", r#"{"v": 2}"#).await.unwrap();
    // The same hash again is the same entry.
    store.put_library("sha256:aa", r#"{"v": 1}"#).await.unwrap();
    assert_eq!(store.library().await.unwrap(), [r#"{"v": 1}"#, r#"{"v": 2}"#]);
}

/// A database made by the Floe before the library (schema 1) opens, keeps
/// its boards and gains the library.
#[wasm_bindgen_test]
async fn a_schema_1_database_is_upgraded_with_its_boards_kept() {
    let name = format!("floe-test-{}", new_id());
    use idb::DatabaseEvent as _;
    let factory = idb::Factory::new().unwrap();
    let mut request = factory.open(&name, Some(1)).unwrap();
    request.on_upgrade_needed(|event| {
        let db = event.database().unwrap();
        for store in ["entries", "boards", "modules", "versions"] {
            db.create_object_store(store, idb::ObjectStoreParams::new()).unwrap();
        }
    });
    request.await.unwrap().close();
    let store = Store::open_named(&name).await.unwrap();
    let entry = store.create(&named(TEMPERATURE, "Kept")).await.unwrap();
    store.close();
    let store = Store::open_named(&name).await.unwrap();
    assert_eq!(store.load(&entry.id).await.unwrap().meta.name, "Kept");
    store.put_library("sha256:cc", "{}").await.unwrap();
    assert_eq!(store.library().await.unwrap().len(), 1);
    store.put_synced(&entry.id, "{}").await.unwrap();
    assert_eq!(store.synced().await.unwrap().len(), 1, "and the sync store");
}

#[wasm_bindgen_test]
async fn sync_records_are_kept_per_board_across_reopening_and_cleared_together() {
    let name = format!("floe-test-{}", new_id());
    let store = Store::open_named(&name).await.unwrap();
    assert!(store.synced().await.unwrap().is_empty());
    store.put_synced("a", r#"{"rev":1}"#).await.unwrap();
    store.put_synced("b", r#"{"rev":2}"#).await.unwrap();
    store.put_synced("a", r#"{"rev":3}"#).await.unwrap();
    store.close();
    let store = Store::open_named(&name).await.unwrap();
    let records = store.synced().await.unwrap();
    assert_eq!(records, [("a".to_owned(), r#"{"rev":3}"#.to_owned()), ("b".to_owned(), r#"{"rev":2}"#.to_owned())]);
    let board = store.create(&named(TEMPERATURE, "Stays")).await.unwrap();
    store.clear_synced().await.unwrap();
    assert!(store.synced().await.unwrap().is_empty());
    assert_eq!(store.load(&board.id).await.unwrap().meta.name, "Stays", "leaving a space keeps the boards");
    assert_eq!(store.entries().await.unwrap().len(), 1);
}

/// Schema 4: a board's grants (JSON text) and the vault's records (any
/// value IndexedDB clones: here bytes) are kept, moved and forgotten.
#[wasm_bindgen_test]
async fn grants_and_vault_records_are_kept_moved_and_forgotten() {
    let store = fresh().await;
    assert_eq!(store.grants("b1").await.unwrap(), None);
    store.put_grants("b1", Some(r#"[{"kind":"http.request"}]"#)).await.unwrap();
    assert_eq!(store.grants("b1").await.unwrap().as_deref(), Some(r#"[{"kind":"http.request"}]"#));
    assert_eq!(store.grants("b2").await.unwrap(), None, "grants are per board");
    store.put_grants("b1", None).await.unwrap();
    assert_eq!(store.grants("b1").await.unwrap(), None, "revoked");

    let sealed = js_sys::Uint8Array::from(&[1u8, 2, 3][..]);
    store.vault_put("s:A", &sealed).await.unwrap();
    store.vault_move("s:A", "s:B").await.unwrap();
    assert_eq!(store.vault_keys().await.unwrap(), vec!["s:B".to_owned()]);
    let back = store.vault_get("s:B").await.unwrap().expect("moved");
    assert_eq!(js_sys::Uint8Array::new(&back).to_vec(), vec![1, 2, 3]);
    assert!(matches!(store.vault_move("s:A", "s:C").await, Err(StorageError::NotFound(_))));
    store.vault_delete("s:B").await.unwrap();
    assert!(store.vault_keys().await.unwrap().is_empty());
}

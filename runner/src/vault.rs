//! The secrets vault, in the run worker: each secret sealed with
//! AES-256-GCM (a fresh nonce per write) under one key that WebCrypto made
//! **non-extractable** and IndexedDB keeps as a `CryptoKey` (no code, the
//! worker's included, can read its bytes). Values come in once (the Secrets
//! panel) and go out only into an HTTP request the run's policy allows
//! (`floe_engine::exec`'s fetch); the page only ever gets names back.
//!
//! With a **passphrase** (optional) there is no stored key: the key is
//! derived from the passphrase with PBKDF2 (SHA-256, 310,000 rounds, a
//! random salt kept in the `pass` record with a sealed check text), also
//! non-extractable, and held only in this worker's memory once unlocked;
//! a new worker (a reload) starts locked. Turning it on or off re-seals
//! every secret under the new key.

use floe_editor::sealed::NONCE_LEN;
use floe_engine::http::is_secret_name;
use floe_storage::Store;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::net::{crypt_with, crypto, js_text, random};

/// The vault record holding the key.
const KEY: &str = "key";
/// With a passphrase: the salt and a sealed check text.
const PASS: &str = "pass";
const SALT_LEN: usize = 16;
const CHECK: &[u8] = b"floe vault";
const ROUNDS: u32 = 310_000;

thread_local! {
    /// The key derived from the passphrase, once unlocked in this worker.
    static UNLOCKED: std::cell::RefCell<Option<web_sys::CryptoKey>> = const { std::cell::RefCell::new(None) };
}

/// Whether the vault has a passphrase, and if so whether it is locked.
pub async fn locked() -> Result<Option<bool>, String> {
    let store = store().await?;
    let pass = store.vault_get(PASS).await.map_err(|e| e.to_string())?;
    Ok(pass.map(|_| UNLOCKED.with(|u| u.borrow().is_none())))
}

fn set(o: &js_sys::Object, k: &str, v: &wasm_bindgen::JsValue) -> Result<(), String> {
    js_sys::Reflect::set(o, &k.into(), v).map(|_| ()).map_err(|e| js_text(&e))
}

/// The AES-256-GCM key PBKDF2 derives from `passphrase` and `salt` (non-extractable).
async fn derive(passphrase: &str, salt: &[u8]) -> Result<web_sys::CryptoKey, String> {
    let subtle = crypto().map_err(|e| e.to_string())?.subtle();
    let usages = js_sys::Array::of1(&"deriveKey".into());
    let raw = js_sys::Uint8Array::from(passphrase.as_bytes());
    let base = subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages).map_err(|e| js_text(&e))?;
    let base: web_sys::CryptoKey = JsFuture::from(base).await.map_err(|e| js_text(&e))?.unchecked_into();
    let params = js_sys::Object::new();
    set(&params, "name", &"PBKDF2".into())?;
    set(&params, "salt", &js_sys::Uint8Array::from(salt))?;
    set(&params, "iterations", &ROUNDS.into())?;
    set(&params, "hash", &"SHA-256".into())?;
    let aes = js_sys::Object::new();
    set(&aes, "name", &"AES-GCM".into())?;
    set(&aes, "length", &256.into())?;
    let usages = js_sys::Array::of2(&"encrypt".into(), &"decrypt".into());
    let key =
        subtle.derive_key_with_object_and_object(&params, &base, &aes, false, &usages).map_err(|e| js_text(&e))?;
    Ok(JsFuture::from(key).await.map_err(|e| js_text(&e))?.unchecked_into())
}

async fn seal(key: &web_sys::CryptoKey, plain: &[u8]) -> Result<Vec<u8>, String> {
    let mut nonce = [0u8; NONCE_LEN];
    random(&mut nonce).map_err(|e| e.to_string())?;
    let mut record = nonce.to_vec();
    record.extend_from_slice(&crypt_with(true, key, &nonce, plain).await?);
    Ok(record)
}

async fn open(key: &web_sys::CryptoKey, record: &[u8]) -> Result<Vec<u8>, String> {
    if record.len() < NONCE_LEN {
        return Err("a damaged vault record".into());
    }
    let (nonce, sealed) = record.split_at(NONCE_LEN);
    crypt_with(false, key, nonce.try_into().expect("NONCE_LEN bytes"), sealed).await
}

fn bytes(v: &wasm_bindgen::JsValue) -> Vec<u8> {
    js_sys::Uint8Array::new(v).to_vec()
}

/// Unlocks a vault with a passphrase (for this worker's life).
pub async fn unlock(passphrase: &str) -> Result<(), String> {
    let store = store().await?;
    let pass = store.vault_get(PASS).await.map_err(|e| e.to_string())?.ok_or("the vault has no passphrase")?;
    let pass = bytes(&pass);
    if pass.len() < SALT_LEN {
        return Err("the vault's passphrase record is damaged".into());
    }
    let key = derive(passphrase, &pass[..SALT_LEN]).await?;
    match open(&key, &pass[SALT_LEN..]).await {
        Ok(check) if check == CHECK => {
            UNLOCKED.with(|u| *u.borrow_mut() = Some(key));
            Ok(())
        }
        _ => Err("wrong passphrase".into()),
    }
}

/// Forgets the derived key (the vault stays locked until unlocked again).
pub fn lock() {
    UNLOCKED.with(|u| *u.borrow_mut() = None);
}

/// Turns the passphrase on (`Some`) or off (`None`): every secret is
/// re-sealed under the new key. The vault must be open (unlocked, or without one).
pub async fn protect(passphrase: Option<&str>) -> Result<(), String> {
    if passphrase.is_some_and(|p| p.chars().count() < 8) {
        return Err("a passphrase has at least 8 characters".into());
    }
    let store = store().await?;
    let old = key(&store).await?;
    let mut plain = Vec::new();
    for k in store.vault_keys().await.map_err(|e| e.to_string())? {
        if k.starts_with(PREFIX)
            && let Some(v) = store.vault_get(&k).await.map_err(|e| e.to_string())?
        {
            plain.push((k, open(&old, &bytes(&v)).await?));
        }
    }
    let new = match passphrase {
        Some(p) => {
            let mut salt = [0u8; SALT_LEN];
            random(&mut salt).map_err(|e| e.to_string())?;
            let key = derive(p, &salt).await?;
            let mut record = salt.to_vec();
            record.extend_from_slice(&seal(&key, CHECK).await?);
            store.vault_put(PASS, &js_sys::Uint8Array::from(record.as_slice())).await.map_err(|e| e.to_string())?;
            store.vault_delete(KEY).await.map_err(|e| e.to_string())?;
            UNLOCKED.with(|u| *u.borrow_mut() = Some(key.clone()));
            key
        }
        None => {
            store.vault_delete(PASS).await.map_err(|e| e.to_string())?;
            lock();
            key(&store).await?
        }
    };
    for (k, v) in plain {
        let sealed = seal(&new, &v).await?;
        store.vault_put(&k, &js_sys::Uint8Array::from(sealed.as_slice())).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}
/// Secret records are `s:<NAME>`.
const PREFIX: &str = "s:";
/// The longest secret value.
pub const MAX_SECRET: usize = 64 * 1024;
/// The most secrets a browser keeps.
pub const MAX_SECRETS: usize = 1000;

async fn store() -> Result<Store, String> {
    Store::open().await.map_err(|e| e.to_string())
}

/// The vault's key: the one derived from the passphrase when there is one
/// (an error while locked), else the stored one, made (non-extractable) on first use.
async fn key(store: &Store) -> Result<web_sys::CryptoKey, String> {
    if store.vault_get(PASS).await.map_err(|e| e.to_string())?.is_some() {
        return UNLOCKED
            .with(|u| u.borrow().clone())
            .ok_or_else(|| "the vault is locked: unlock it in Board → Permissions and secrets…".to_owned());
    }
    if let Some(k) = store.vault_get(KEY).await.map_err(|e| e.to_string())?
        && k.is_object()
    {
        return Ok(k.unchecked_into());
    }
    let subtle = crypto().map_err(|e| e.to_string())?.subtle();
    let algo = js_sys::Object::new();
    js_sys::Reflect::set(&algo, &"name".into(), &"AES-GCM".into()).map_err(|e| js_text(&e))?;
    js_sys::Reflect::set(&algo, &"length".into(), &256.into()).map_err(|e| js_text(&e))?;
    let usages = js_sys::Array::of2(&"encrypt".into(), &"decrypt".into());
    let made = subtle.generate_key_with_object(&algo, false, &usages).map_err(|e| js_text(&e))?;
    let key: web_sys::CryptoKey = JsFuture::from(made).await.map_err(|e| js_text(&e))?.unchecked_into();
    store.vault_put(KEY, &key).await.map_err(|e| e.to_string())?;
    Ok(key)
}

/// The names of the secrets kept, sorted.
pub async fn names() -> Result<Vec<String>, String> {
    let store = store().await?;
    let mut names: Vec<String> = store
        .vault_keys()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter_map(|k| k.strip_prefix(PREFIX).map(str::to_owned))
        .collect();
    names.sort();
    Ok(names)
}

fn check_name(name: &str) -> Result<(), String> {
    if is_secret_name(name) {
        Ok(())
    } else {
        Err(format!("`{name}` is not a secret name: use letters, digits and _ (at most 64)"))
    }
}

/// Keeps `value` as secret `name` (adding it or replacing its value).
pub async fn put(name: &str, value: &str) -> Result<(), String> {
    check_name(name)?;
    if value.is_empty() || value.len() > MAX_SECRET {
        return Err(format!("a secret's value is 1 to {MAX_SECRET} bytes"));
    }
    if value.bytes().any(|b| b.is_ascii_control()) {
        return Err("a secret's value may not hold control characters (line breaks)".into());
    }
    let store = store().await?;
    let exists = store.vault_get(&format!("{PREFIX}{name}")).await.map_err(|e| e.to_string())?.is_some();
    if !exists && names().await?.len() >= MAX_SECRETS {
        return Err(format!("this browser keeps at most {MAX_SECRETS} secrets"));
    }
    let record = seal(&key(&store).await?, value.as_bytes()).await?;
    store
        .vault_put(&format!("{PREFIX}{name}"), &js_sys::Uint8Array::from(record.as_slice()))
        .await
        .map_err(|e| e.to_string())
}

/// Renames secret `from` to `to` (its value unchanged, never decrypted).
pub async fn rename(from: &str, to: &str) -> Result<(), String> {
    check_name(to)?;
    let store = store().await?;
    if store.vault_get(&format!("{PREFIX}{to}")).await.map_err(|e| e.to_string())?.is_some() {
        return Err(format!("a secret called `{to}` exists already"));
    }
    store.vault_move(&format!("{PREFIX}{from}"), &format!("{PREFIX}{to}")).await.map_err(|e| e.to_string())
}

/// Forgets secret `name`.
pub async fn delete(name: &str) -> Result<(), String> {
    store().await?.vault_delete(&format!("{PREFIX}{name}")).await.map_err(|e| e.to_string())
}

/// Secret `name`'s value, for a request the run's policy allows.
pub async fn get(name: &str) -> Option<String> {
    let store = store().await.ok()?;
    let record = store.vault_get(&format!("{PREFIX}{name}")).await.ok()??;
    let plain = open(&key(&store).await.ok()?, &bytes(&record)).await.ok()?;
    String::from_utf8(plain).ok()
}

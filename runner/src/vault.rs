//! The secrets vault, in the run worker: each secret sealed with
//! AES-256-GCM (a fresh nonce per write) under one key that WebCrypto made
//! **non-extractable** and IndexedDB keeps as a `CryptoKey` (no code, the
//! worker's included, can read its bytes). Values come in once (the Secrets
//! panel) and go out only into an HTTP request the run's policy allows
//! (`floe_engine::exec`'s fetch); the page only ever gets names back.

use floe_editor::sealed::NONCE_LEN;
use floe_engine::http::is_secret_name;
use floe_storage::Store;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::net::{crypt_with, crypto, js_text, random};

/// The vault record holding the key.
const KEY: &str = "key";
/// Secret records are `s:<NAME>`.
const PREFIX: &str = "s:";
/// The longest secret value.
pub const MAX_SECRET: usize = 64 * 1024;
/// The most secrets a browser keeps.
pub const MAX_SECRETS: usize = 1000;

async fn store() -> Result<Store, String> {
    Store::open().await.map_err(|e| e.to_string())
}

/// The vault's key, made (non-extractable) on first use.
async fn key(store: &Store) -> Result<web_sys::CryptoKey, String> {
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
    let key = key(&store).await?;
    let mut nonce = [0u8; NONCE_LEN];
    random(&mut nonce).map_err(|e| e.to_string())?;
    let sealed = crypt_with(true, &key, &nonce, value.as_bytes()).await?;
    let mut record = nonce.to_vec();
    record.extend_from_slice(&sealed);
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
    let bytes = js_sys::Uint8Array::new(&record).to_vec();
    if bytes.len() < NONCE_LEN {
        return None;
    }
    let (nonce, sealed) = bytes.split_at(NONCE_LEN);
    let key = key(&store).await.ok()?;
    let plain = crypt_with(false, &key, nonce.try_into().ok()?, sealed).await.ok()?;
    String::from_utf8(plain).ok()
}

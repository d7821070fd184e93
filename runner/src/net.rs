//! Talking to a Floe server (`floe serve`), from the page or from the
//! worker (both have `fetch` and WebCrypto): sealed blobs, encrypted with
//! the browser's AES-256-GCM under a key only a link carries
//! (`floe_editor::sealed` is the format and the words for what goes wrong),
//! and boards shared through them. The server sees ciphertext, a blob id
//! and a write token; never a board, a key or a name.

use floe_editor::sealed::{self, KEY_LEN, NONCE_LEN, SealedError, ServerLink, Shared};
use floe_editor::{share, space};
use floe_engine::Board;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// How long a request may take.
const TIMEOUT_MS: u32 = 20_000;
/// The most a sealed board may be (the server's own limit is usually lower).
const MAX_SEALED: usize = share::SERVER.board_bytes + 64;

/// A server's answer.
struct Answer {
    status: u16,
    etag: Option<String>,
    body: Vec<u8>,
}

/// One request to `server` (a `sealed::server_base`); the body read up to [`MAX_SEALED`].
async fn call(
    server: &str,
    method: &str,
    path: &str,
    body: Option<&[u8]>,
    headers: &[(&str, &str)],
) -> Result<Answer, SealedError> {
    let unreachable = || SealedError::Unreachable(server.trim_end_matches('/').to_owned());
    let abort = web_sys::AbortController::new().map_err(|_| unreachable())?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_signal(Some(&abort.signal()));
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    init.set_cache(web_sys::RequestCache::NoStore);
    let head = web_sys::Headers::new().map_err(|_| unreachable())?;
    for (k, v) in headers {
        head.append(k, v).map_err(|_| SealedError::Crypto(format!("the header {k} cannot be sent")))?;
    }
    init.set_headers(&head);
    if let Some(b) = body {
        init.set_body(&js_sys::Uint8Array::from(b));
    }
    let cancel = abort.clone();
    let _timer = gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || cancel.abort());
    let url = format!("{server}{path}");
    let resp = JsFuture::from(global().fetch_with_str_and_init(&url, &init)).await.map_err(|_| unreachable())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| unreachable())?;
    let etag = resp.headers().get("etag").ok().flatten();
    let status = resp.status();
    let body = read_capped(&resp, &abort, MAX_SEALED).await.map_err(|too_large| {
        if too_large { SealedError::Board(share::ShareError::Unpacked(MAX_SEALED >> 20)) } else { unreachable() }
    })?;
    Ok(Answer { status, etag, body })
}

/// Whether `server` is a Floe server that answers.
pub async fn health(server: &str) -> Result<(), SealedError> {
    let a = call(server, "GET", "v1/health", None, &[]).await?;
    let floe = serde_json::from_slice::<serde_json::Value>(&a.body).ok().is_some_and(|v| v.get("database").is_some());
    match (a.status, floe) {
        (200, true) => Ok(()),
        (200, false) => Err(SealedError::Refused { status: 200, message: "this address is not a Floe server".into() }),
        (s, _) => Err(SealedError::from_status(s, &a.body)),
    }
}

/// Seals `plain` under `key` and stores it as a new blob (in `space`: the
/// index's id and write token); its id, write token and revision.
pub async fn post(
    server: &str,
    key: &[u8; KEY_LEN],
    plain: &[u8],
    space: Option<(&str, &str)>,
) -> Result<(String, String, u64), SealedError> {
    let sealed = seal(key, plain).await?;
    let auth = space.map(|(_, token)| format!("Bearer {token}"));
    let mut headers = vec![("content-type", "application/octet-stream")];
    if let (Some((index, _)), Some(auth)) = (space, &auth) {
        headers.extend([("x-floe-space", index), ("authorization", auth.as_str())]);
    }
    let a = call(server, "POST", "v1/blobs", Some(&sealed), &headers).await?;
    if a.status != 201 {
        return Err(SealedError::from_status(a.status, &a.body));
    }
    let created: serde_json::Value =
        serde_json::from_slice(&a.body).map_err(|_| SealedError::from_status(502, &a.body))?;
    let field = |k: &str| created.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    match (field("id"), field("write_token"), a.etag.as_deref().and_then(space::revision)) {
        (Some(id), Some(token), Some(rev)) if sealed::is_blob_id(&id) => Ok((id, token, rev)),
        _ => Err(SealedError::from_status(502, &a.body)),
    }
}

/// Seals `plain` under `key` over blob `blob` at revision `rev`; the new revision
/// (`Stale` when it moved on).
pub async fn put(
    server: &str,
    blob: &str,
    token: &str,
    rev: u64,
    key: &[u8; KEY_LEN],
    plain: &[u8],
) -> Result<u64, SealedError> {
    let sealed = seal(key, plain).await?;
    let (auth, tag) = (format!("Bearer {token}"), space::etag(rev));
    let headers = [("authorization", auth.as_str()), ("if-match", tag.as_str())];
    let a = call(server, "PUT", &format!("v1/blobs/{blob}"), Some(&sealed), &headers).await?;
    match (a.status, a.etag.as_deref().and_then(space::revision)) {
        (200, Some(rev)) => Ok(rev),
        (s, _) => Err(SealedError::from_status(s, &a.body)),
    }
}

/// Blob `blob` opened with `key`: its revision and bytes, or `None` when it
/// is still revision `have`.
pub async fn get(
    server: &str,
    blob: &str,
    key: &[u8; KEY_LEN],
    have: Option<u64>,
) -> Result<Option<(u64, Vec<u8>)>, SealedError> {
    let tag = have.map(space::etag);
    let headers: Vec<(&str, &str)> = tag.iter().map(|t| ("if-none-match", t.as_str())).collect();
    let a = call(server, "GET", &format!("v1/blobs/{blob}"), None, &headers).await?;
    match (a.status, a.etag.as_deref().and_then(space::revision)) {
        (304, _) if have.is_some() => Ok(None),
        (200, Some(rev)) => {
            let (nonce, ciphertext) = sealed::unframe(&a.body)?;
            let plain = crypt(false, key, &nonce, ciphertext).await.map_err(|_| SealedError::WrongKey)?;
            Ok(Some((rev, plain)))
        }
        (s, _) => Err(SealedError::from_status(s, &a.body)),
    }
}

/// Shares a board (`packed` by `share::pack`) through `server`: a new link.
pub async fn share(server: &str, packed: &[u8]) -> Result<Shared, SealedError> {
    let key = new_key()?;
    let (blob, write_token, rev) = post(server, &key, packed, None).await?;
    let fragment = ServerLink { blob, key }.fragment();
    Ok(Shared { server: server.to_owned(), fragment, write_token, etag: space::etag(rev) })
}

/// Replaces the shared board with another (`packed`; same link).
pub async fn update(shared: &Shared, packed: &[u8]) -> Result<Shared, SealedError> {
    let link = ServerLink::parse(&shared.fragment)?;
    let rev = space::revision(&shared.etag).ok_or(SealedError::Stale)?;
    let rev = put(&shared.server, &link.blob, &shared.write_token, rev, &link.key, packed).await?;
    Ok(Shared { etag: space::etag(rev), ..shared.clone() })
}

/// Deletes the shared board: its link opens nothing from now on.
pub async fn delete(shared: &Shared) -> Result<(), SealedError> {
    let link = ServerLink::parse(&shared.fragment)?;
    let auth = format!("Bearer {}", shared.write_token);
    let headers = [("authorization", auth.as_str()), ("if-match", shared.etag.as_str())];
    let a = call(&shared.server, "DELETE", &format!("v1/blobs/{}", link.blob), None, &headers).await?;
    match a.status {
        204 | 404 => Ok(()),
        s => Err(SealedError::from_status(s, &a.body)),
    }
}

/// The board a server link (`fragment`) names, from `server`.
pub async fn open(server: &str, fragment: &str) -> Result<Board, SealedError> {
    let link = ServerLink::parse(fragment)?;
    let (_, plain) = get(server, &link.blob, &link.key, None).await?.ok_or(SealedError::NotFound)?;
    sealed::unpack(&plain)
}

/// A fresh random key.
pub fn new_key() -> Result<[u8; KEY_LEN], SealedError> {
    let mut key = [0u8; KEY_LEN];
    random(&mut key)?;
    Ok(key)
}

/// `plain` sealed under `key` with a fresh nonce.
async fn seal(key: &[u8; KEY_LEN], plain: &[u8]) -> Result<Vec<u8>, SealedError> {
    let mut nonce = [0u8; NONCE_LEN];
    random(&mut nonce)?;
    let ciphertext = crypt(true, key, &nonce, plain).await.map_err(SealedError::Crypto)?;
    Ok(sealed::frame(&nonce, &ciphertext))
}

/// The page's window or the worker's scope: what both have (`fetch`,
/// `crypto`) is read the same way through `WorkerGlobalScope`'s bindings.
pub(crate) fn global() -> web_sys::WorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub(crate) fn crypto() -> Result<web_sys::Crypto, SealedError> {
    global()
        .crypto()
        .map_err(|_| SealedError::Crypto("no Web Crypto in this page (it needs https or localhost)".into()))
}

pub(crate) fn random(buf: &mut [u8]) -> Result<(), SealedError> {
    crypto()?.get_random_values_with_u8_array(buf).map(|_| ()).map_err(|e| SealedError::Crypto(js_text(&e)))
}

/// AES-256-GCM, encrypting or decrypting `data`.
async fn crypt(encrypt: bool, key: &[u8; KEY_LEN], nonce: &[u8; NONCE_LEN], data: &[u8]) -> Result<Vec<u8>, String> {
    let subtle = crypto().map_err(|e| e.to_string())?.subtle();
    let usages = js_sys::Array::of1(&JsValue::from_str(if encrypt { "encrypt" } else { "decrypt" }));
    let raw = js_sys::Uint8Array::from(key.as_slice());
    let key = subtle.import_key_with_str("raw", &raw, "AES-GCM", false, &usages).map_err(|e| js_text(&e))?;
    let key: web_sys::CryptoKey = JsFuture::from(key).await.map_err(|e| js_text(&e))?.unchecked_into();
    crypt_with(encrypt, &key, nonce, data).await
}

/// AES-256-GCM under a key WebCrypto holds (never seen by this code).
pub(crate) async fn crypt_with(
    encrypt: bool,
    key: &web_sys::CryptoKey,
    nonce: &[u8; NONCE_LEN],
    data: &[u8],
) -> Result<Vec<u8>, String> {
    let subtle = crypto().map_err(|e| e.to_string())?.subtle();
    let params = web_sys::AesGcmParams::new("AES-GCM", &js_sys::Uint8Array::from(nonce.as_slice()));
    let out = if encrypt {
        subtle.encrypt_with_object_and_u8_array(&params, key, data)
    } else {
        subtle.decrypt_with_object_and_u8_array(&params, key, data)
    }
    .map_err(|e| js_text(&e))?;
    let out = JsFuture::from(out).await.map_err(|e| js_text(&e))?;
    Ok(js_sys::Uint8Array::new(&out).to_vec())
}

/// A response's body, read piece by piece so one that never ends stops at
/// `max` bytes (`Err(true)`; `abort` ends the request); `Err(false)`: the
/// reading failed.
pub async fn read_capped(
    resp: &web_sys::Response,
    abort: &web_sys::AbortController,
    max: usize,
) -> Result<Vec<u8>, bool> {
    let declared = resp.headers().get("content-length").ok().flatten().and_then(|l| l.parse::<usize>().ok());
    if declared.is_some_and(|l| l > max) {
        abort.abort();
        return Err(true);
    }
    let Some(body) = resp.body() else { return Ok(Vec::new()) };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().dyn_into().map_err(|_| false)?;
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|_| false)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            return Ok(bytes);
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(|_| false)?;
        bytes.extend_from_slice(&js_sys::Uint8Array::new(&value).to_vec());
        if bytes.len() > max {
            abort.abort();
            return Err(true);
        }
    }
}

/// A JavaScript error's message.
pub fn js_text(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_else(|| format!("{e:?}"))
}

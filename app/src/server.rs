//! Talking to a Floe server (`floe serve`): boards shared through it,
//! sealed here with the browser's AES-256-GCM (WebCrypto) under a fresh
//! random key that only the link carries (`floe_editor::sealed` is the
//! format and the words for what goes wrong). The server sees ciphertext,
//! a blob id and a write token; never a board, a key or a name.

use floe_editor::sealed::{self, KEY_LEN, NONCE_LEN, SealedError, ServerLink, Shared};
use floe_editor::share;
use floe_engine::Board;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::files::js_text;

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
    let window = web_sys::window().ok_or_else(unreachable)?;
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
    let resp = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await.map_err(|_| unreachable())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| unreachable())?;
    let etag = resp.headers().get("etag").ok().flatten();
    let status = resp.status();
    let body = crate::files::read_capped(&resp, &abort, MAX_SEALED).await.map_err(|too_large| {
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

/// Shares `board` through `server`: a new link.
pub async fn share(server: &str, board: &Board) -> Result<Shared, SealedError> {
    let mut key = [0u8; KEY_LEN];
    random(&mut key)?;
    let sealed = seal(&key, &share::pack(board)).await?;
    let a = call(server, "POST", "v1/blobs", Some(&sealed), &[("content-type", "application/octet-stream")]).await?;
    if a.status != 201 {
        return Err(SealedError::from_status(a.status, &a.body));
    }
    let created: serde_json::Value =
        serde_json::from_slice(&a.body).map_err(|_| SealedError::from_status(502, &a.body))?;
    let field = |k: &str| created.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let (Some(blob), Some(write_token), Some(etag)) = (field("id"), field("write_token"), a.etag) else {
        return Err(SealedError::from_status(502, &a.body));
    };
    let fragment = ServerLink { blob, key }.fragment();
    ServerLink::parse(&fragment).map_err(|_| SealedError::from_status(502, &a.body))?;
    Ok(Shared { server: server.to_owned(), fragment, write_token, etag })
}

/// Replaces the shared board with `board` (same link).
pub async fn update(shared: &Shared, board: &Board) -> Result<Shared, SealedError> {
    let link = ServerLink::parse(&shared.fragment)?;
    let sealed = seal(&link.key, &share::pack(board)).await?;
    let auth = format!("Bearer {}", shared.write_token);
    let headers = [("authorization", auth.as_str()), ("if-match", shared.etag.as_str())];
    let a = call(&shared.server, "PUT", &format!("v1/blobs/{}", link.blob), Some(&sealed), &headers).await?;
    match (a.status, a.etag) {
        (200, Some(etag)) => Ok(Shared { etag, ..shared.clone() }),
        (s, _) => Err(SealedError::from_status(s, &a.body)),
    }
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
    let a = call(server, "GET", &format!("v1/blobs/{}", link.blob), None, &[]).await?;
    if a.status != 200 {
        return Err(SealedError::from_status(a.status, &a.body));
    }
    let (nonce, ciphertext) = sealed::unframe(&a.body)?;
    let plain = crypt(false, &link.key, &nonce, ciphertext).await.map_err(|_| SealedError::WrongKey)?;
    sealed::unpack(&plain)
}

/// `plain` sealed under `key` with a fresh nonce.
async fn seal(key: &[u8; KEY_LEN], plain: &[u8]) -> Result<Vec<u8>, SealedError> {
    let mut nonce = [0u8; NONCE_LEN];
    random(&mut nonce)?;
    let ciphertext = crypt(true, key, &nonce, plain).await.map_err(SealedError::Crypto)?;
    Ok(sealed::frame(&nonce, &ciphertext))
}

fn crypto() -> Result<web_sys::Crypto, SealedError> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| SealedError::Crypto("no Web Crypto in this page (it needs https or localhost)".into()))
}

fn random(buf: &mut [u8]) -> Result<(), SealedError> {
    crypto()?.get_random_values_with_u8_array(buf).map(|_| ()).map_err(|e| SealedError::Crypto(js_text(&e)))
}

/// AES-256-GCM, encrypting or decrypting `data`.
async fn crypt(encrypt: bool, key: &[u8; KEY_LEN], nonce: &[u8; NONCE_LEN], data: &[u8]) -> Result<Vec<u8>, String> {
    let subtle = crypto().map_err(|e| e.to_string())?.subtle();
    let usages = js_sys::Array::of1(&JsValue::from_str(if encrypt { "encrypt" } else { "decrypt" }));
    let raw = js_sys::Uint8Array::from(key.as_slice());
    let key = subtle.import_key_with_str("raw", &raw, "AES-GCM", false, &usages).map_err(|e| js_text(&e))?;
    let key: web_sys::CryptoKey = JsFuture::from(key).await.map_err(|e| js_text(&e))?.unchecked_into();
    let params = web_sys::AesGcmParams::new("AES-GCM", &js_sys::Uint8Array::from(nonce.as_slice()));
    let out = if encrypt {
        subtle.encrypt_with_object_and_u8_array(&params, &key, data)
    } else {
        subtle.decrypt_with_object_and_u8_array(&params, &key, data)
    }
    .map_err(|e| js_text(&e))?;
    let out = JsFuture::from(out).await.map_err(|e| js_text(&e))?;
    Ok(js_sys::Uint8Array::new(&out).to_vec())
}

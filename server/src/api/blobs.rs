//! `/v1/blobs`: encrypted blobs with revisions.
//!
//! - `POST /v1/blobs` (bytes) → `201 {"id", "write_token"}`; with
//!   `X-Floe-Space: <index blob id>` and that blob's token as `Bearer`, the
//!   new blob belongs to that space (whose total size is limited: `413`)
//! - `GET /v1/blobs/{id}` → the bytes, `ETag` = the revision; `404`;
//!   `If-None-Match` with the current ETag → `304` and no body
//! - `PUT /v1/blobs/{id}` with `Authorization: Bearer <token>` and
//!   `If-Match: <etag>` → `200` and the new `ETag`; a stale `If-Match` →
//!   `412`, no `If-Match` → `428`, a wrong or missing token → `403`
//! - `DELETE /v1/blobs/{id}` likewise → `204`
//! - `GET /v1/blobs/{id}/events`: its changes as server-sent events (`events.rs`)

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::error::ApiError;
use crate::AppState;
use crate::db::{Stored, Write};
use crate::events::Changed;

/// Ids and tokens: random bytes, base64url without padding.
const ID_BYTES: usize = 16;
const TOKEN_BYTES: usize = 32;

fn random(n: usize) -> Result<String, ApiError> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| {
        tracing::error!(error = %e, "no randomness");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "random", "the server could not make a random id")
    })?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf))
}

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The blob id of the path: exactly what `POST` makes, 22 base64url
/// characters (anything else, undecodable bytes too, is a `400`).
pub(crate) fn blob_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let bad = || ApiError::bad("bad_id", "a blob id is 22 characters of A-Z, a-z, 0-9, - and _");
    let Path(id) = path.map_err(|_| bad())?;
    if is_id(&id) { Ok(id) } else { Err(bad()) }
}

fn is_id(id: &str) -> bool {
    id.len() == 22 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn etag(revision: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{revision}\"")).expect("digits and quotes are a header value")
}

/// The request's body, at most `max` bytes (`413` beyond).
async fn body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Vec<u8>, ApiError> {
    let max = state.limits.max_body;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the body is over the server's limit of {max} bytes"),
        )
    };
    if let Some(len) = headers.get(header::CONTENT_LENGTH) {
        let len: u64 = len
            .to_str()
            .ok()
            .and_then(|l| l.parse().ok())
            .ok_or_else(|| ApiError::bad("bad_header", "Content-Length is not a number"))?;
        if len > max as u64 {
            return Err(too_large());
        }
    }
    match axum::body::to_bytes(body, max).await {
        Ok(b) => Ok(b.to_vec()),
        Err(e) => {
            let inner = e.into_inner();
            if inner.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
                Err(too_large())
            } else {
                Err(ApiError::bad("bad_body", format!("the body could not be read: {inner}")))
            }
        }
    }
}

/// The write token of `Authorization: Bearer <token>`.
fn token(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(v) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let v = v.to_str().map_err(|_| ApiError::bad("bad_header", "Authorization is not text"))?;
    let t = v
        .strip_prefix("Bearer ")
        .ok_or_else(|| ApiError::bad("bad_header", "Authorization must be `Bearer <write token>`"))?;
    Ok(Some(t.trim()))
}

/// The revision of `If-Match: "<revision>"` (`428` when missing).
fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let v = headers.get(header::IF_MATCH).ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "if_match_required",
            "send If-Match with the ETag you read: nothing is overwritten blindly",
        )
    })?;
    v.to_str()
        .ok()
        .and_then(|s| s.trim().strip_prefix('"')?.strip_suffix('"')?.parse::<i64>().ok())
        .ok_or_else(|| ApiError::bad("bad_header", "If-Match must be an ETag this server gave (a quoted number)"))
}

/// Checks the token against the stored hash; `404` for unknown or deleted blobs.
async fn authorize(state: &AppState, id: &str, headers: &HeaderMap) -> Result<Stored, ApiError> {
    let token = token(headers)?;
    let stored = state.db.meta(id).await.map_err(|e| ApiError::database(&e))?;
    let stored = match stored {
        Some(s) if !s.deleted => s,
        _ => return Err(ApiError::not_found()),
    };
    match token {
        Some(t) if hash(t) == stored.token_hash => Ok(stored),
        Some(_) => Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", "the write token is not this blob's")),
        None => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "writing needs `Authorization: Bearer <write token>`",
        )),
    }
}

fn written(result: Write, ok: StatusCode) -> Result<Response, ApiError> {
    match result {
        Write::Done(rev) => Ok((ok, [(header::ETAG, etag(rev))]).into_response()),
        Write::Missing => Err(ApiError::not_found()),
        Write::Stale(rev) => Err(ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "stale",
            format!("the blob changed since you read it (now revision {rev}); read it again"),
        )),
    }
}

/// The space of `X-Floe-Space: <index blob id>`, proven by that blob's write token.
async fn space(state: &AppState, headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(v) = headers.get("x-floe-space") else { return Ok(None) };
    let id = v.to_str().ok().map(str::trim).filter(|id| is_id(id));
    let id = id.ok_or_else(|| ApiError::bad("bad_header", "X-Floe-Space must be a blob id (22 characters)"))?;
    authorize(state, id, headers).await?;
    state.db.make_space(id).await.map_err(|e| ApiError::database(&e))?;
    Ok(Some(id.to_owned()))
}

/// `413` when `space` would hold more than the limit after `change` more bytes.
async fn within_space(state: &AppState, space: &str, change: i64) -> Result<(), ApiError> {
    let max = state.limits.max_space;
    let now = state.db.space_size(space).await.map_err(|e| ApiError::database(&e))?;
    if u64::try_from(now.saturating_add(change)).unwrap_or(0) > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "space_full",
            format!("this space would hold more than the server's limit of {max} bytes; delete something first"),
        ));
    }
    Ok(())
}

fn len(data: &[u8]) -> i64 {
    i64::try_from(data.len()).unwrap_or(i64::MAX)
}

/// `POST /v1/blobs`.
pub async fn create(State(state): State<AppState>, headers: HeaderMap, b: Body) -> Result<Response, ApiError> {
    // The body first: an answer sent before it is read can reset the connection under the client.
    let data = body(&state, &headers, b).await?;
    let space = space(&state, &headers).await?;
    if let Some(space) = &space {
        within_space(&state, space, len(&data)).await?;
    }
    let id = random(ID_BYTES)?;
    let write_token = random(TOKEN_BYTES)?;
    state.db.create(&id, &hash(&write_token), &data, space.as_deref()).await.map_err(|e| ApiError::database(&e))?;
    tracing::info!(blob = %id, bytes = data.len(), "blob created");
    let body = serde_json::json!({"id": id, "write_token": write_token});
    Ok((StatusCode::CREATED, [(header::ETAG, etag(1))], axum::Json(body)).into_response())
}

/// `GET /v1/blobs/{id}`.
pub async fn read(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = blob_id(id)?;
    let (data, revision) =
        state.db.read(&id).await.map_err(|e| ApiError::database(&e))?.ok_or_else(ApiError::not_found)?;
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag(revision).as_bytes()) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag(revision))]).into_response());
    }
    Ok((
        [
            (header::ETAG, etag(revision)),
            (header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        data,
    )
        .into_response())
}

/// `PUT /v1/blobs/{id}`.
pub async fn update(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    b: Body,
) -> Result<Response, ApiError> {
    // The body first (within the size limit): an answer sent before it is
    // read can reset the connection under the client (the Rust test
    // `garbage_in_any_field_or_header_is_a_400_never_a_500` saw it, rarely).
    let data = body(&state, &headers, b).await?;
    let id = blob_id(id)?;
    let expected = if_match(&headers)?;
    let stored = authorize(&state, &id, &headers).await?;
    // Only a blob in a space has a total to keep (a short link's pays no query for it).
    if let Some(space) = &stored.space {
        within_space(&state, space, len(&data) - stored.size).await?;
    }
    let result = state.db.update(&id, expected, &data).await.map_err(|e| ApiError::database(&e))?;
    tracing::info!(blob = %id, bytes = data.len(), ?result, "blob update");
    if let Write::Done(revision) = result {
        state.events.announce(&state.db, Changed { id, revision, deleted: false }).await;
    }
    written(result, StatusCode::OK)
}

/// `DELETE /v1/blobs/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = blob_id(id)?;
    let expected = if_match(&headers)?;
    authorize(&state, &id, &headers).await?;
    let result = state.db.delete(&id, expected).await.map_err(|e| ApiError::database(&e))?;
    tracing::info!(blob = %id, ?result, "blob delete");
    if let Write::Done(revision) = result {
        state.events.announce(&state.db, Changed { id, revision, deleted: true }).await;
    }
    written(result, StatusCode::NO_CONTENT)
}

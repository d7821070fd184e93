//! Change notifications: `GET /v1/blobs/{id}/events` is a server-sent-event
//! stream that says each new revision of a blob (`revision`, data: its
//! ETag) and its deletion (`deleted`), starting with the current revision.
//!
//! Within one process changes travel on a broadcast channel. With
//! PostgreSQL every write also sends `NOTIFY floe_blobs`, and each server
//! listens and forwards what it hears into its own channel, so a client
//! connected to one server hears of writes made through another; with
//! SQLite (one server) the writer forwards it directly.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;

use crate::AppState;
use crate::api::blobs::blob_id;
use crate::api::error::ApiError;
use crate::db::{Db, DbKind};

/// The PostgreSQL channel.
pub const CHANNEL: &str = "floe_blobs";
/// Streams open at once on one server; past it, `503`.
pub const MAX_STREAMS: usize = 10_000;

/// A blob changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    /// The blob.
    pub id: String,
    /// Its new revision.
    pub revision: i64,
    /// Whether it was deleted.
    pub deleted: bool,
}

impl Changed {
    fn payload(&self) -> String {
        format!("{} {} {}", self.id, self.revision, if self.deleted { "deleted" } else { "revision" })
    }

    fn parse(payload: &str) -> Option<Changed> {
        let mut parts = payload.split(' ');
        let id = parts.next()?.to_owned();
        let revision = parts.next()?.parse().ok()?;
        let deleted = parts.next()? == "deleted";
        Some(Changed { id, revision, deleted })
    }
}

/// Where changes are announced and heard.
#[derive(Clone, Debug)]
pub struct Events {
    tx: broadcast::Sender<Changed>,
    open: Arc<AtomicUsize>,
}

impl Default for Events {
    fn default() -> Events {
        Events { tx: broadcast::channel(1024).0, open: Arc::default() }
    }
}

impl Events {
    /// Announces a change: through the database with PostgreSQL (every
    /// server hears it, this one too), directly otherwise.
    pub async fn announce(&self, db: &Db, change: Changed) {
        if db.kind() == DbKind::Postgres {
            if let Err(e) = db.notify(CHANNEL, &change.payload()).await {
                tracing::warn!(error = %e, "NOTIFY failed; telling this server's clients only");
                let _ = self.tx.send(change);
            }
        } else {
            let _ = self.tx.send(change);
        }
    }

    /// Forwards PostgreSQL's notifications into this server's channel, for
    /// as long as the server runs (reconnecting after a second on failure).
    pub fn listen(&self, url: String) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            loop {
                match sqlx::postgres::PgListener::connect(&url).await {
                    Ok(mut l) => {
                        if let Err(e) = l.listen(CHANNEL).await {
                            tracing::warn!(error = %e, "LISTEN failed");
                        } else {
                            loop {
                                match l.recv().await {
                                    Ok(n) => {
                                        if let Some(c) = Changed::parse(n.payload()) {
                                            let _ = tx.send(c);
                                        }
                                    }
                                    Err(e) => {
                                        tracing::warn!(error = %e, "notifications interrupted");
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot listen for notifications"),
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }
}

/// Counts an open stream; uncounted when the stream ends.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn event(c: &Changed) -> Event {
    Event::default().event(if c.deleted { "deleted" } else { "revision" }).data(format!("\"{}\"", c.revision))
}

/// `GET /v1/blobs/{id}/events`.
pub async fn stream(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = blob_id(id)?;
    // Subscribe before reading the current revision: nothing in between is missed.
    let rx = state.events.tx.subscribe();
    let (_, revision) =
        state.db.read(&id).await.map_err(|e| ApiError::database(&e))?.ok_or_else(ApiError::not_found)?;
    if state.events.open.fetch_add(1, Ordering::Relaxed) >= MAX_STREAMS {
        state.events.open.fetch_sub(1, Ordering::Relaxed);
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "too many open event streams; try again later",
        ));
    }
    let open = Open(state.events.open.clone());
    let first = Changed { id: id.clone(), revision, deleted: false };
    let stream = futures_util::stream::unfold((Some(first), rx, open, false), move |(first, mut rx, open, done)| {
        let id = id.clone();
        async move {
            if done {
                return None;
            }
            if let Some(c) = first {
                return Some((Ok::<_, Infallible>(event(&c)), (None, rx, open, false)));
            }
            loop {
                match rx.recv().await {
                    Ok(c) if c.id == id => {
                        let end = c.deleted;
                        return Some((Ok(event(&c)), (None, rx, open, end)));
                    }
                    Ok(_) => {}
                    // Missed some: the client reads the blob again.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        return Some((Ok(Event::default().event("resync").data("\"\"")), (None, rx, open, false)));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response())
}

#[cfg(test)]
mod tests {
    use super::Changed;

    #[test]
    fn a_change_travels_as_text_and_back() {
        let c = Changed { id: "AAAAAAAAAAAAAAAAAAAAAA".into(), revision: 7, deleted: true };
        assert_eq!(Changed::parse(&c.payload()), Some(c));
        assert_eq!(Changed::parse("junk"), None);
        assert_eq!(Changed::parse("id x revision"), None);
    }
}

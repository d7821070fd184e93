//! `floe serve`: Floe's optional sync server.
//!
//! Thin on purpose: it stores encrypted blobs with revisions (`/v1/blobs`,
//! see `api/blobs.rs`) and serves the app's files. It never reads a board:
//! everything it stores was encrypted in the browser with a key that stays
//! in the link's fragment. SQLite by default, PostgreSQL for several
//! servers (`db.rs`); limits in `limits.rs`.

pub mod api;
pub mod db;
pub mod events;
pub mod limits;
mod request_id;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::IntoResponse;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use db::{Db, DbKind};
pub use limits::Limits;

/// How to run a server.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen (`127.0.0.1:8080`; port 0 picks a free one).
    pub listen: SocketAddr,
    /// Where the SQLite database lives (when no `database` URL is given).
    pub data: PathBuf,
    /// `postgres://…` for PostgreSQL; none for SQLite under `data`.
    pub database: Option<String>,
    /// The built app (`dist/`) to serve; none serves the API only.
    pub dist: Option<PathBuf>,
    /// Origins (besides the server's own) whose pages may call the API.
    pub origins: Vec<String>,
    /// The limits in force.
    pub limits: Limits,
}

/// What a started server tells its caller (the CLI prints it).
#[derive(Clone, Debug)]
pub struct Started {
    /// The address it listens on (the real port when 0 was asked for).
    pub addr: SocketAddr,
    /// The database, e.g. `SQLite at data/floe.db (WAL)` (never a password).
    pub database: String,
}

/// A server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server stopped with an error.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The limits.
    pub limits: Limits,
    /// Requests per client.
    pub rate: limits::RateLimiter,
    /// Origins allowed to call the API.
    pub origins: Vec<String>,
    /// Change notifications.
    pub events: events::Events,
}

/// The whole app: the API, the app's files, and the headers and logs of
/// every response.
pub fn app(state: AppState, dist: Option<&std::path::Path>) -> Router {
    let mut router = api::routes(&state).with_state(state);
    if let Some(dist) = dist {
        let files = ServeDir::new(dist).precompressed_br().precompressed_gzip();
        router = router.fallback_service(files);
    }
    let security = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ];
    for (name, value) in security {
        router = router.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    router
        .layer(CatchPanicLayer::custom(|_| {
            api::error::ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the server failed on this request",
            )
            .into_response()
        }))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_id::span)
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(request_id::propagate())
        .layer(request_id::set())
}

/// Opens the database and serves until Ctrl-C or SIGTERM; `ready` is told
/// where, once the server accepts connections.
pub async fn serve(config: Config, ready: impl FnOnce(&Started)) -> Result<(), ServeError> {
    let db = Db::open(config.database.as_deref(), &config.data).await?;
    let database = match db.kind() {
        DbKind::Sqlite => format!("SQLite at {} (WAL)", config.data.join("floe.db").display()),
        DbKind::Postgres => {
            format!("PostgreSQL at {}", without_password(config.database.as_deref().unwrap_or_default()))
        }
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Listen { addr: config.listen, source })?;
    let addr = listener.local_addr()?;
    let mut origins = config.origins.clone();
    origins.push(format!("http://{addr}"));
    let events = events::Events::default();
    if let (DbKind::Postgres, Some(url)) = (db.kind(), config.database.clone()) {
        events.listen(url);
    }
    let state = AppState { db, limits: config.limits.clone(), rate: limits::RateLimiter::default(), origins, events };
    let app = app(state, config.dist.as_deref());
    ready(&Started { addr, database });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

/// `postgres://user:secret@host/db` → `postgres://user@host/db`.
fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let user = &url[s + 3..at];
            let user = user.split(':').next().unwrap_or_default();
            format!("{}{user}{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_database_url_is_shown_without_its_password() {
        assert_eq!(
            super::without_password("postgres://floe:s3cret@127.0.0.1:5432/db"),
            "postgres://floe@127.0.0.1:5432/db"
        );
        assert_eq!(super::without_password("postgres://127.0.0.1/db"), "postgres://127.0.0.1/db");
    }
}

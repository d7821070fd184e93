//! `floe serve` end to end: a real server process on 127.0.0.1 with a real
//! database, driven over HTTP.

mod blobs;
mod events;
mod fuzz;

use std::path::Path;
use std::time::Duration;

use floe_test_support::postgres;
pub use floe_test_support::serve::{Server, data_dir};

/// Starts `floe serve` (this build's) on `data` with `extra` arguments.
pub fn start_floe<S: AsRef<std::ffi::OsStr>>(data: &Path, extra: &[S]) -> Server {
    Server::start(Path::new(env!("CARGO_BIN_EXE_floe")), data, extra)
}

/// The databases every server test runs against: SQLite under the data
/// directory, and a database of a throwaway PostgreSQL cluster.
pub enum Backend {
    /// SQLite (no `--database`).
    Sqlite,
    /// PostgreSQL: the URL of a fresh database in a cluster of its own
    /// (stopped when dropped).
    Postgres {
        /// The running cluster.
        _cluster: postgres::Cluster,
        /// The database.
        url: String,
    },
}

impl Backend {
    /// Both, the PostgreSQL one with a cluster of its own for this test.
    pub fn both(test: &str) -> [Backend; 2] {
        let cluster = postgres::Cluster::start(test);
        let url = cluster.database("floe");
        [Backend::Sqlite, Backend::Postgres { _cluster: cluster, url }]
    }

    /// Runs `check` on SQLite, then on PostgreSQL.
    pub fn each(test: &str, check: fn(&Backend)) {
        for backend in Backend::both(test) {
            check(&backend);
        }
    }

    /// `floe serve`'s arguments for it.
    pub fn args(&self) -> Vec<String> {
        match self {
            Backend::Sqlite => Vec::new(),
            Backend::Postgres { url, .. } => vec!["--database".into(), url.clone()],
        }
    }

    /// `sqlite` or `postgres`, as `/v1/health` says.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres { .. } => "postgres",
        }
    }
}

/// An HTTP client that returns 4xx and 5xx answers instead of failing.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

//! The database: SQLite (a file under `--data`, WAL) or PostgreSQL, one
//! schema and the same migrations for both (`migrations/<kind>/`), reached
//! through sqlx's `Any` driver so every query is written once.
//!
//! Nothing here is kept in process memory: several servers may share one
//! PostgreSQL database.

use std::path::Path;

use sqlx::AnyPool;
use sqlx::Row;
use sqlx::any::AnyPoolOptions;

/// Which database a server uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl DbKind {
    /// `sqlite` or `postgres`, as `/v1/health` says it.
    pub fn name(self) -> &'static str {
        match self {
            DbKind::Sqlite => "sqlite",
            DbKind::Postgres => "postgres",
        }
    }
}

/// A database could not be opened or used.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names no database this server speaks.
    #[error("unsupported database URL `{0}` (use postgres://… or leave --database out for SQLite)")]
    Unsupported(String),
    /// The data directory could not be made.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Connecting or migrating failed.
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    /// A migration failed.
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// A blob as stored.
#[derive(Debug)]
pub struct Stored {
    /// Its current revision (1 when created).
    pub revision: i64,
    /// The SHA-256 of its write token, hex.
    pub token_hash: String,
    /// Deleted (a tombstone), when.
    pub deleted: bool,
    /// The space it belongs to (an index blob's id; an index's is its own), if any.
    pub space: Option<String>,
    /// Its size in bytes.
    pub size: i64,
}

/// What a conditional write found.
#[derive(Debug, PartialEq, Eq)]
pub enum Write {
    /// Written: the new revision.
    Done(i64),
    /// No such blob (or deleted).
    Missing,
    /// The revision moved on: the current one.
    Stale(i64),
}

/// The server's database.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    kind: DbKind,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl Db {
    /// Opens the database (`url`, or SQLite under `data`), creating it and
    /// running migrations as needed.
    pub async fn open(url: Option<&str>, data: &Path) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let (url, kind) = match url {
            None => {
                let dir_error = |source| DbError::DataDir { path: data.display().to_string(), source };
                std::fs::create_dir_all(data).map_err(dir_error)?;
                let file = data.join("floe.db");
                let file = file.to_str().ok_or_else(|| {
                    dir_error(std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path is not UTF-8"))
                })?;
                // sqlx percent-decodes the file name: `%`, `?` and `#` in a path are escaped.
                let file = file.replace('%', "%25").replace('?', "%3F").replace('#', "%23");
                (format!("sqlite://{file}?mode=rwc"), DbKind::Sqlite)
            }
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                (u.to_owned(), DbKind::Postgres)
            }
            Some(u) if u.starts_with("sqlite:") => (u.to_owned(), DbKind::Sqlite),
            Some(u) => return Err(DbError::Unsupported(u.to_owned())),
        };
        let pool = AnyPoolOptions::new().max_connections(16).connect(&url).await?;
        if kind == DbKind::Sqlite {
            // Readers never wait for the writer; survives a crash of the process.
            sqlx::query("PRAGMA journal_mode=WAL").execute(&pool).await?;
        }
        match kind {
            DbKind::Sqlite => SQLITE.run(&pool).await?,
            DbKind::Postgres => POSTGRES.run(&pool).await?,
        }
        Ok(Db { pool, kind })
    }

    /// Which database this is.
    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// Stores a new blob (in `space`, an index blob's id, when given).
    pub async fn create(
        &self,
        id: &str,
        token_hash: &str,
        data: &[u8],
        space: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO blobs (id, token_hash, revision, size, data, created_ms, updated_ms, space) \
             VALUES ($1, $2, 1, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(token_hash)
        .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
        .bind(data)
        .bind(now)
        .bind(now)
        .bind(space)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Makes blob `index` the index of a space (its own space): from then
    /// on its writes count towards the space's total.
    pub async fn make_space(&self, index: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE blobs SET space = $1 WHERE id = $2 AND space IS NULL")
            .bind(index)
            .bind(index)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The bytes a space holds: its index blob and every live blob created in it.
    pub async fn space_size(&self, space: &str) -> Result<i64, sqlx::Error> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM blobs WHERE space = $1 AND deleted_ms IS NULL",
        )
        .bind(space)
        .fetch_one(&self.pool)
        .await?;
        row.try_get(0)
    }

    /// A blob's bytes and revision, unless unknown or deleted.
    pub async fn read(&self, id: &str) -> Result<Option<(Vec<u8>, i64)>, sqlx::Error> {
        let row = sqlx::query("SELECT data, revision FROM blobs WHERE id = $1 AND deleted_ms IS NULL")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get::<Vec<u8>, _>(0)?, r.try_get::<i64, _>(1)?))).transpose()
    }

    /// A blob's revision and token hash (deleted ones too).
    pub async fn meta(&self, id: &str) -> Result<Option<Stored>, sqlx::Error> {
        let row = sqlx::query("SELECT revision, token_hash, deleted_ms, space, size FROM blobs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(Stored {
                revision: r.try_get(0)?,
                token_hash: r.try_get(1)?,
                deleted: r.try_get::<Option<i64>, _>(2)?.is_some(),
                space: r.try_get(3)?,
                size: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// Replaces a blob's bytes if its revision is still `expected`.
    pub async fn update(&self, id: &str, expected: i64, data: &[u8]) -> Result<Write, sqlx::Error> {
        self.write(id, expected, data, None).await
    }

    /// Deletes a blob (a tombstone: the id is never reused, its bytes are
    /// dropped) if its revision is still `expected`.
    pub async fn delete(&self, id: &str, expected: i64) -> Result<Write, sqlx::Error> {
        self.write(id, expected, &[], Some(now_ms())).await
    }

    /// The one conditional write: a single statement, so of concurrent
    /// writers with the same revision exactly one wins.
    async fn write(&self, id: &str, expected: i64, data: &[u8], deleted_ms: Option<i64>) -> Result<Write, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE blobs SET data = $1, size = $2, revision = revision + 1, updated_ms = $3, deleted_ms = $4 \
             WHERE id = $5 AND revision = $6 AND deleted_ms IS NULL",
        )
        .bind(data)
        .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
        .bind(now_ms())
        .bind(deleted_ms)
        .bind(id)
        .bind(expected)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 1 {
            return Ok(Write::Done(expected + 1));
        }
        Ok(match self.meta(id).await? {
            Some(s) if !s.deleted => Write::Stale(s.revision),
            _ => Write::Missing,
        })
    }

    /// `NOTIFY channel, payload` (PostgreSQL only).
    pub async fn notify(&self, channel: &str, payload: &str) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_notify($1, $2)").bind(channel).bind(payload).execute(&self.pool).await?;
        Ok(())
    }
}

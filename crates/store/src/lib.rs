//! The only crate that speaks SQL. It holds Dataport's state in SQLite (the embedded default) or
//! PostgreSQL, behind one set of portable queries run through sqlx's `Any` driver, and its data
//! files in an `object_store` blob store (a local directory by default).
//!
//! Shape: `Store` owns the pool and the blob store. Reads are free functions taking any
//! connection (`store.pool()` or `tx.conn()`); every change goes through a `Tx`, and every `Tx`
//! that changes state also appends its domain event (`Tx::append_event`) before it commits, so
//! the outbox and the state can never disagree.

pub mod assets;
mod blobs;
mod error;
pub mod events;
pub mod idempotency;
pub mod log;
mod migrate;
pub mod participants;
pub mod rights;
pub mod users;
pub mod xborder;

pub mod testing;

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyConnection, Executor};
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use assets::{Asset, AssetVersion, NewAsset, ScanRecord, VersionOutcome};
pub use blobs::{BlobKey, Blobs};
pub use error::{Error, Result};
pub use events::{Event, NewEvent};
pub use idempotency::{IdempotencyRecord, IdempotencyStart};
pub use participants::{NewParticipant, Participant, ParticipantFilter};
/// The connection pool type, for callers that read outside a transaction.
pub use sqlx::AnyPool;
pub use users::{ApiToken, NewUser, Session, User};

/// Any connection the query functions can run on: the pool, or a transaction's connection.
pub trait Conn<'c>: Executor<'c, Database = Any> {}
impl<'c, T: Executor<'c, Database = Any>> Conn<'c> for T {}

/// The PostgreSQL advisory-lock key that serialises write transactions ("DPWRITE1" in ASCII).
const WRITER_LOCK: i64 = 0x4450_5752_4954_4531;

/// Which database engine is behind the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// The state of the exchange: database and blobs.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    blobs: Blobs,
    /// SQLite allows one writer at a time. Taking this lock before `BEGIN` makes writers in this
    /// process queue politely instead of failing with `SQLITE_BUSY` when a read transaction
    /// tries to upgrade. PostgreSQL does not need it.
    write_lock: Option<Arc<Mutex<()>>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("engine", &self.engine)
            .finish()
    }
}

impl Store {
    /// Connects to the database at `url` (`sqlite://…` or `postgres://…`), with blobs in `blobs`.
    /// Does not migrate; call [`Store::migrate`].
    pub async fn open(url: &str, blobs: Blobs) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url).ok_or(Error::UnsupportedUrl)?;
        let options: AnyConnectOptions = url.parse().map_err(Error::Connect)?;
        let pool_options = match engine {
            Engine::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            // Foreign keys are off by default in SQLite; the busy timeout covers
                            // writers in other processes (the in-process lock covers ours).
                            // FULL flushes the WAL at every commit: an acknowledged change, and
                            // a checkpoint the log has published, survive a power cut, not only
                            // a crash (the log benchmark shows no measurable cost).
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            conn.execute("PRAGMA synchronous = FULL").await?;
                            Ok(())
                        })
                    })
            }
            Engine::Postgres => AnyPoolOptions::new().max_connections(16),
        };
        let pool = pool_options
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(Error::Connect)?;
        if engine == Engine::Sqlite {
            // WAL lets readers proceed while one writer commits; the setting is persistent.
            pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        Ok(Store {
            pool,
            engine,
            blobs,
            write_lock: (engine == Engine::Sqlite).then(|| Arc::new(Mutex::new(()))),
        })
    }

    /// Applies the embedded migrations that have not run yet; returns the versions applied.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        migrate::run(self).await
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn blobs(&self) -> &Blobs {
        &self.blobs
    }

    /// Starts a read-write transaction.
    ///
    /// Write transactions run one at a time on both engines: on SQLite through the in-process
    /// lock (SQLite has one writer anyway), on PostgreSQL through a transaction-scoped advisory
    /// lock shared by every node. Besides ruling out lost updates between a read and the write
    /// it decides, this makes outbox `seq` order equal commit order, which the log sequencer
    /// relies on: with concurrent writers a higher `seq` could commit before a lower one and a
    /// reader could skip the lower. Reads that need no transaction use `pool()` and are not
    /// serialised.
    pub async fn begin(&self) -> Result<Tx> {
        let guard = match &self.write_lock {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let mut inner = self.pool.begin().await?;
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITER_LOCK)
                .execute(&mut *inner)
                .await?;
        }
        Ok(Tx {
            inner,
            _guard: guard,
        })
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A read-write transaction. Dropping it without `commit` rolls everything back.
pub struct Tx {
    inner: sqlx::Transaction<'static, Any>,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl Tx {
    /// The connection to run queries on inside this transaction.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }

    pub async fn commit(self) -> Result<()> {
        self.inner.commit().await?;
        Ok(())
    }
}

//! Store failures, by failure mode. Callers turn `Conflict` and `NotFound` into user-facing
//! errors; everything else is an internal error.

/// A failed store operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A uniqueness constraint rejected the write (for example a duplicate username).
    #[error("a record with the same unique key already exists")]
    Conflict,
    /// The record to change does not exist.
    #[error("record not found")]
    NotFound,
    /// The database URL is neither `sqlite:` nor `postgres:`.
    #[error("unsupported database URL: use sqlite://… or postgres://…")]
    UnsupportedUrl,
    /// The blob store URL is not `s3://bucket[/prefix]`, `memory://` or a local path.
    #[error("unsupported blob store URL: use s3://bucket/prefix or a local directory")]
    UnsupportedBlobUrl,
    #[error("cannot connect to the database")]
    Connect(#[source] sqlx::Error),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    /// A stored value could not be read back (a bug or a hand-edited database).
    #[error("corrupt stored value in {0}")]
    Corrupt(&'static str),
    #[error("migration {version} failed")]
    Migration {
        version: i64,
        #[source]
        source: sqlx::Error,
    },
    #[error("blob store error")]
    Blob(#[source] object_store::Error),
    #[error("blob store I/O error")]
    Io(#[source] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => Error::Conflict,
            sqlx::Error::RowNotFound => Error::NotFound,
            _ => Error::Database(e),
        }
    }
}

impl From<object_store::Error> for Error {
    fn from(e: object_store::Error) -> Self {
        Error::Blob(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

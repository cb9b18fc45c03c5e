//! Fresh, isolated databases for tests of every crate that needs a store.
//!
//! Tests run on SQLite by default. When `DATAPORT_TEST_DATABASE_URL` names a PostgreSQL
//! database, every test gets its own schema in it instead, so the same suites run on both
//! engines and in parallel without seeing each other's rows.

use std::path::Path;

use sqlx::Executor;

use crate::Result;

/// The environment variable that selects PostgreSQL for tests.
pub const TEST_DATABASE_URL: &str = "DATAPORT_TEST_DATABASE_URL";

/// The environment variable that selects an S3-compatible blob store for tests
/// (`s3://bucket[/prefix]`, with the usual `AWS_*` variables).
pub const TEST_BLOB_URL: &str = "DATAPORT_TEST_BLOB_URL";

/// A blob store for one test: a new prefix in the S3-compatible store named by
/// `DATAPORT_TEST_BLOB_URL`, or a new local directory in `dir`.
pub fn fresh_blob_url(dir: &Path) -> String {
    match std::env::var(TEST_BLOB_URL) {
        Ok(base) if !base.is_empty() => format!(
            "{}/t_{}",
            base.trim_end_matches('/'),
            uuid::Uuid::now_v7().simple()
        ),
        _ => dir.join("blobs").display().to_string(),
    }
}

/// A database URL for one test: a new SQLite file in `dir`, or a new schema in the PostgreSQL
/// database named by `DATAPORT_TEST_DATABASE_URL`.
pub async fn fresh_database_url(dir: &Path) -> Result<String> {
    match std::env::var(TEST_DATABASE_URL) {
        Ok(base) if !base.is_empty() => {
            sqlx::any::install_default_drivers();
            let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&base)
                .await
                .map_err(crate::Error::Connect)?;
            conn.execute(format!("CREATE SCHEMA {schema}").as_str())
                .await?;
            let sep = if base.contains('?') { '&' } else { '?' };
            Ok(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
        }
        _ => Ok(format!(
            "sqlite://{}?mode=rwc",
            dir.join("dataport.db").display()
        )),
    }
}

//! Fresh exchanges for tests in this and later crates: a new data directory, a new database
//! (SQLite, or a private PostgreSQL schema when `DATAPORT_TEST_DATABASE_URL` is set) and a new
//! blob store (local, or a fresh prefix in the S3-compatible store of `DATAPORT_TEST_BLOB_URL`).

use crate::{App, AppConfig, Result};

/// An exchange on a fresh database in `dir`, with `config` adjusting the defaults.
pub async fn fresh_app(dir: &std::path::Path, config: impl FnOnce(&mut AppConfig)) -> Result<App> {
    let url = store::testing::fresh_database_url(dir).await?;
    let mut c = AppConfig::new(dir.to_path_buf());
    c.blob_url = Some(store::testing::fresh_blob_url(dir));
    config(&mut c);
    App::open(c, &url).await
}

//! Dataport's use cases. Each public method on `App` is one thing a person or system does on the
//! exchange: it checks who is asking (`Principal`) and whether their role and tenancy allow it,
//! runs one store transaction, and appends the domain event of every state change in that same
//! transaction. Roles are enforced here, not in the HTTP layer, so no route can forget them.

mod accounts;
mod assets;
pub mod certs;
mod demo;
mod error;
mod idempotency;
mod ingest;
pub mod log;
mod participants;
mod principal;
pub mod rights;
mod scan;
pub mod xborder;

pub mod testing;

use std::path::PathBuf;
use std::time::Duration;

use store::{Blobs, Store};

pub use accounts::{IssuedToken, OpenedSession, new_secret};
pub use assets::{AssetDetail, StagedFile, UploadMeta, UploadSink};
pub use demo::{DEMO_PASSWORD, DEMO_USERS, DemoWorld};
pub use error::{Code, Error, Result};
pub use participants::{Registration, RegistrationOutcome};
pub use principal::Principal;
pub use scan::{
    ColumnReport, ReasonReport, ScanOptions, ScanReport, regrade, scan_file, scan_file_people,
    today_in_china,
};
pub use store::{
    ApiToken, Asset, AssetVersion, IdempotencyRecord, IdempotencyStart, Participant, Session, User,
};

/// Settings the use cases need. Built by the CLI from file, environment and flags.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// Where the SQLite database, blobs, keys and temporary uploads live.
    pub data_dir: PathBuf,
    /// Where blobs live when not in `data_dir/blobs`: `s3://bucket/prefix` (see `store::Blobs::open`).
    pub blob_url: Option<String>,
    /// Largest accepted upload, in bytes (as sent, before decompression).
    pub max_upload_bytes: u64,
    pub token_ttl: Duration,
    pub session_ttl: Duration,
    /// Failed sign-ins allowed per username (and 4× per client address) within `throttle_window`.
    pub max_login_failures: i64,
    pub throttle_window: Duration,
    /// The transparency log's origin: the first line of every checkpoint and the name of its
    /// signing key, conventionally the log's URL without the scheme.
    pub log_origin: String,
    /// The log's signing key file (C2SP signed-note private key text); default
    /// `data_dir/log.key`, created with mode 0600 on first start. Nodes sharing one database must
    /// share this key.
    pub log_key: Option<PathBuf>,
    /// A directory of operator cross-border lists (FTZ negative lists, general-data lists) added
    /// to the national baseline; `None` for the baseline alone.
    pub xborder_rules: Option<PathBuf>,
    /// The exchange's public base URL (e.g. `https://exchange.example`), used in what it
    /// publishes: certificate status list URLs, verify links.
    pub public_url: String,
}

impl AppConfig {
    pub fn new(data_dir: PathBuf) -> AppConfig {
        AppConfig {
            data_dir,
            blob_url: None,
            max_upload_bytes: 10 * 1024 * 1024 * 1024,
            token_ttl: Duration::from_secs(90 * 24 * 3600),
            session_ttl: Duration::from_secs(8 * 3600),
            max_login_failures: 5,
            throttle_window: Duration::from_secs(15 * 60),
            log_origin: DEFAULT_LOG_ORIGIN.to_owned(),
            log_key: None,
            xborder_rules: None,
            public_url: DEFAULT_PUBLIC_URL.to_owned(),
        }
    }

    /// Temporary files (uploads being received and normalised) live here, on the same file
    /// system as the blobs so nothing crosses devices.
    pub fn tmp_dir(&self) -> PathBuf {
        self.data_dir.join("tmp")
    }
}

/// The public base URL when none is configured: the default listen address.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// The log origin when none is configured.
pub const DEFAULT_LOG_ORIGIN: &str = "dataport.localhost/log";

/// The exchange: configuration plus state.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    config: AppConfig,
    jobs: ingest::SharedJobs,
    log: std::sync::Arc<log::Log>,
    gate: std::sync::Arc<xborder::Gate>,
    rights: std::sync::Arc<rights::RightsCache>,
    certs: std::sync::Arc<certs::Certs>,
}

impl App {
    /// Opens the store at `database_url` (blobs under the data directory) and applies migrations.
    pub async fn open(config: AppConfig, database_url: &str) -> Result<App> {
        std::fs::create_dir_all(config.tmp_dir()).map_err(Error::internal)?;
        let blobs = match &config.blob_url {
            Some(url) => Blobs::open(url)?,
            None => Blobs::local(&config.data_dir.join("blobs"))?,
        };
        // Invalid rule files stop the start, naming the file and line.
        let gate = std::sync::Arc::new(xborder::Gate::open(config.xborder_rules.as_deref())?);
        let store = Store::open(database_url, blobs).await?;
        store.migrate().await?;
        let log = log::open_log(
            &store,
            &config.data_dir,
            config.log_key.as_deref(),
            &config.log_origin,
        )
        .await?;
        let certs = std::sync::Arc::new(certs::Certs::open(&config.data_dir.join("issuer.key"))?);
        let app = App {
            store,
            config,
            jobs: std::sync::Arc::new(ingest::Jobs::new()),
            log,
            gate,
            rights: std::sync::Arc::default(),
            certs,
        };
        let resumed = app.resume_ingest().await?;
        if resumed > 0 {
            tracing::info!(resumed, "resumed reading uploads left in processing");
        }
        Ok(app)
    }

    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// True when the database answers (for `/readyz`).
    pub async fn ready(&self) -> bool {
        self.store.ping().await
    }
}

/// The default SQLite URL for a data directory.
pub fn sqlite_url(data_dir: &std::path::Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("dataport.db").display()
    )
}

/// One page of a listing, newest first, and the cursor for the next page.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Page size bounds shared by every listing.
pub fn clamp_limit(limit: Option<u32>) -> i64 {
    i64::from(limit.unwrap_or(50).clamp(1, 200))
}

impl App {
    /// Outbox events after `after_seq`, in order (for the log sequencer and for audits).
    pub async fn outbox(&self, after_seq: i64, limit: i64) -> Result<Vec<store::Event>> {
        Ok(store::events::after(self.store.pool(), after_seq, limit).await?)
    }
}

//! Reading uploads in full, off the request path. An upload is accepted once it is stored and
//! its first rows read (`plan`); the full pass — every row parsed, the exact row count, the final
//! schema, the Parquet copy — runs here in the background, a few at a time, and records the
//! version `ready` or `failed`. Versions left `processing` by a stopped process are picked up
//! again when the exchange next opens (`resume`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};
use store::{BlobKey, NewEvent, VersionOutcome};
use tokio::io::AsyncWriteExt;
use tokio::sync::{Notify, Semaphore};
use types::AssetVersionId;

use crate::assets::StagedFile;
use crate::{App, Code, Error, Result};

/// What the first bytes and rows of an upload say about it.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub format: tabular::Format,
    pub compression: tabular::Compression,
    pub encoding: Option<tabular::TextEncoding>,
    pub delimiter: Option<char>,
}

/// Reads the start of a staged upload: detects its format, compression, encoding and
/// delimiter and parses the first batch, so that most bad files are refused while the
/// uploader is still waiting for the answer.
pub(crate) async fn plan(staged: &StagedFile) -> Result<Plan> {
    let path = staged.path.to_path_buf();
    tokio::task::spawn_blocking(move || -> Result<Plan> {
        let mut table = tabular::open(&path, &tabular::Options::default())?;
        if let Some(first) = table.next() {
            first?;
        }
        let (format, compression, encoding, delimiter, _) = table.summary_so_far();
        Ok(Plan {
            format,
            compression,
            encoding,
            delimiter,
        })
    })
    .await
    .map_err(Error::internal)?
}

/// Background ingest jobs: a bound on how many run at once, and a count to wait on.
#[derive(Debug)]
pub(crate) struct Jobs {
    permits: Semaphore,
    running: AtomicUsize,
    idle: Notify,
}

impl Jobs {
    pub fn new() -> Jobs {
        // Each job keeps one core busy parsing; leave the rest for requests.
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Jobs {
            permits: Semaphore::new(cores.div_ceil(2)),
            running: AtomicUsize::new(0),
            idle: Notify::new(),
        }
    }
}

/// The input of a job: the staged upload, or a copy of the stored blob when resuming.
enum Input {
    Staged(StagedFile),
    Copy(tempfile::TempPath),
}

impl Input {
    fn path(&self) -> &Path {
        match self {
            Input::Staged(s) => &s.path,
            Input::Copy(p) => p,
        }
    }
}

fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)?;
    Ok((hex::encode(hasher.finalize()), size))
}

impl App {
    /// Reads version `id` from the staged upload in the background.
    pub(crate) fn spawn_ingest(&self, id: AssetVersionId, staged: StagedFile) {
        self.spawn_job(id, Input::Staged(staged));
    }

    fn spawn_job(&self, id: AssetVersionId, input: Input) {
        let app = self.clone();
        app.jobs.running.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            let permit = app.jobs.permits.acquire().await;
            if let Err(e) = app.ingest(id, &input).await {
                tracing::error!(version = %id, error = %e, "ingest could not record its outcome");
            }
            drop(permit);
            drop(input);
            if app.jobs.running.fetch_sub(1, Ordering::SeqCst) == 1 {
                app.jobs.idle.notify_waiters();
            }
        });
    }

    /// Waits until no ingest job is running (tests, the demo seeder, benchmarks).
    pub async fn ingest_idle(&self) {
        loop {
            let notified = self.jobs.idle.notified();
            if self.jobs.running.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }

    /// Reads the input in full, stores the Parquet copy, and records the outcome with its event.
    async fn ingest(&self, id: AssetVersionId, input: &Input) -> Result<()> {
        let version = store::assets::version_by_id(self.store.pool(), &id)
            .await?
            .ok_or(Error::new(Code::Internal))?;
        match self.normalise(input.path()).await {
            Ok((outcome, scan)) => {
                let now = types::now();
                let mut tx = self.store.begin().await?;
                if store::assets::complete_version(tx.conn(), &id, &outcome, &now).await? {
                    if let Some((mut report, people)) = scan {
                        report.file = version.file_name.clone();
                        // Graded here, not during the read: a declaration may have been made or
                        // withdrawn meanwhile, so the asset is read as it is now, in this
                        // transaction.
                        let asset = store::assets::get(tx.conn(), &version.asset_id).await?;
                        let sector = asset
                            .as_ref()
                            .map(|a| a.sector.clone())
                            .filter(|s| !s.is_empty());
                        let declared = asset
                            .as_ref()
                            .and_then(|a| a.declared_level.as_deref())
                            .and_then(|l| l.parse::<classify::Level>().ok());
                        let report = crate::regrade(&report, sector, declared);
                        write_scan(&mut tx, &version, &report, people, &now).await?;
                    }
                    store::events::append(
                        tx.conn(),
                        &NewEvent {
                            event_type: "asset.version_ready",
                            subject_id: version.asset_id.to_string(),
                            actor_id: None,
                            at: now,
                            data: serde_json::json!({
                                "version": version.version,
                                "version_id": id,
                                "rows": outcome.row_count,
                                "encoding": outcome.encoding,
                                "parquet_sha256": outcome.parquet_sha256,
                            }),
                        },
                    )
                    .await?;
                }
                tx.commit().await
            }
            Err(e) => {
                if e.code() == Code::Internal {
                    // Our fault, not the file's: say so, and keep the cause in the log.
                    tracing::error!(version = %id, error = %e, cause = ?e.cause(), "ingest failed");
                }
                let now = types::now();
                let mut tx = self.store.begin().await?;
                let en = e.detail_en().unwrap_or(e.code().title_en());
                let zh = e.detail_zh().unwrap_or(e.code().title_zh());
                if store::assets::fail_version(tx.conn(), &id, e.code().as_str(), en, zh, &now)
                    .await?
                {
                    store::events::append(
                        tx.conn(),
                        &NewEvent {
                            event_type: "asset.version_failed",
                            subject_id: version.asset_id.to_string(),
                            actor_id: None,
                            at: now,
                            data: serde_json::json!({
                                "version": version.version,
                                "version_id": id,
                                "code": e.code().as_str(),
                            }),
                        },
                    )
                    .await?;
                }
                tx.commit().await
            }
        }
        .map_err(Error::from)
    }

    /// Parses every row, writes the Parquet copy and stores it content-addressed, then scans the
    /// upload as written for personal information (a scan that fails is logged and leaves the
    /// version without a report; it does not fail the version). The report is graded for real
    /// when the version completes, with the asset's sector and declaration as they are then.
    /// The people the scan counted are stored as a set of hashes, whose blob comes back with the
    /// report.
    #[allow(clippy::type_complexity)] // Read once, just below; a struct would only rename it.
    async fn normalise(
        &self,
        input: &Path,
    ) -> Result<(VersionOutcome, Option<(crate::ScanReport, Option<String>)>)> {
        let input: PathBuf = input.to_path_buf();
        let output = tempfile::Builder::new()
            .prefix("parquet-")
            .tempfile_in(self.config.tmp_dir())
            .map_err(Error::internal)?
            .into_temp_path();
        let out = output.to_path_buf();
        let (summary, wrote, parquet_sha256, parquet_size, scan) =
            tokio::task::spawn_blocking(move || -> Result<_> {
                let (summary, wrote) =
                    tabular::normalise(&input, &out, &tabular::Options::default())?;
                let (sha, size) = if wrote {
                    sha256_file(&out).map_err(Error::internal)?
                } else {
                    sha256_file(&input).map_err(Error::internal)?
                };
                let options = crate::ScanOptions {
                    sector: None,
                    declared: None,
                    sample: None,
                    today: crate::today_in_china(),
                    // Jobs run in a pool sized to leave cores for requests; one reading thread
                    // each keeps it that way.
                    threads: 1,
                };
                // The original, not the typed copy: cells are judged as written (a coordinate's
                // trailing zeros, an identifier's leading ones), exactly as `dataport scan` does.
                let scan = crate::scan_file_people(&input, &options)
                    .inspect_err(
                        |e| tracing::error!(error = %e, "scanning a normalised copy failed"),
                    )
                    .ok();
                Ok((summary, wrote, sha, size, scan))
            })
            .await
            .map_err(Error::internal)??;
        if wrote {
            let key = BlobKey::sha256(&parquet_sha256).ok_or(Error::new(Code::Internal))?;
            self.store.blobs().put_file(&key, &output).await?;
        }
        // The people counted, kept as a content-addressed set of hashes for distinct counting
        // across datasets (the cross-border counters).
        let scan = match scan {
            Some((report, people)) if !people.is_empty() => {
                let bytes = people.to_bytes();
                let sha = hex::encode(Sha256::digest(&bytes));
                let key = BlobKey::sha256(&sha).ok_or(Error::new(Code::Internal))?;
                self.store
                    .blobs()
                    .put_durable(&key, bytes::Bytes::from(bytes))
                    .await?;
                Some((report, Some(sha)))
            }
            Some((report, _)) => Some((report, None)),
            None => None,
        };
        let outcome = VersionOutcome {
            format: summary.format.as_str().to_owned(),
            compression: summary.compression.as_str().to_owned(),
            encoding: summary.encoding.map(|e| e.as_str().to_owned()),
            delimiter: summary.delimiter.map(|d| d.to_string()),
            columns_json: serde_json::to_string(&summary.columns).map_err(Error::internal)?,
            row_count: summary.rows as i64,
            parquet_sha256,
            parquet_size: parquet_size as i64,
        };
        Ok((outcome, scan))
    }

    /// Restarts ingest for versions a stopped process left `processing`, from their stored
    /// uploads. Returns how many were restarted. With several nodes each may restart the same
    /// version; the first to record an outcome wins and the others change nothing.
    pub(crate) async fn resume_ingest(&self) -> Result<usize> {
        let pending = store::assets::processing(self.store.pool()).await?;
        for v in &pending {
            let key = BlobKey::sha256(&v.sha256).ok_or(Error::new(Code::Internal))?;
            let copy = tempfile::Builder::new()
                .prefix("resume-")
                .tempfile_in(self.config.tmp_dir())
                .map_err(Error::internal)?
                .into_temp_path();
            let mut file = tokio::fs::File::create(&copy)
                .await
                .map_err(Error::internal)?;
            let Some((_, mut stream)) = self.store.blobs().get_stream(&key).await? else {
                tracing::error!(version = %v.id, "stored upload missing; cannot resume ingest");
                continue;
            };
            use futures_util::StreamExt;
            while let Some(chunk) = stream.next().await {
                file.write_all(&chunk?).await.map_err(Error::internal)?;
            }
            file.flush().await.map_err(Error::internal)?;
            tracing::info!(version = %v.id, "resuming ingest");
            self.spawn_job(v.id, Input::Copy(copy));
        }
        Ok(pending.len())
    }
}

/// Stores a version's classification-and-grading report with its event, inside `tx`.
pub(crate) async fn write_scan(
    tx: &mut store::Tx,
    version: &store::AssetVersion,
    report: &crate::ScanReport,
    people_sha256: Option<String>,
    at: &types::Timestamp,
) -> Result<()> {
    let record = store::ScanRecord {
        version_id: version.id,
        level: report.level.clone(),
        general_grade: report.general_grade.map(i64::from),
        individuals: report.individuals as i64,
        sensitive_individuals: report.sensitive_individuals as i64,
        minors_under_14: report.minors_under_14 as i64,
        report: serde_json::to_string(report).map_err(Error::internal)?,
        people_sha256,
        created_at: *at,
    };
    store::assets::insert_scan(tx.conn(), &record).await?;
    let kinds: Vec<&str> = report
        .columns
        .iter()
        .filter(|c| c.pi)
        .map(|c| c.kind.as_str())
        .collect();
    store::events::append(
        tx.conn(),
        &NewEvent {
            event_type: "asset.version_scanned",
            subject_id: version.asset_id.to_string(),
            actor_id: None,
            at: *at,
            data: serde_json::json!({
                "version": version.version,
                "version_id": version.id,
                "level": report.level,
                "general_grade": report.general_grade,
                "individuals": report.individuals,
                "sensitive_individuals": report.sensitive_individuals,
                "minors_under_14": report.minors_under_14,
                "pi_kinds": kinds,
            }),
        },
    )
    .await?;
    Ok(())
}

/// Shared handle type for the jobs of one exchange.
pub(crate) type SharedJobs = Arc<Jobs>;

/// Replaces a version's grading after a declaration changed, keeping when and what was scanned,
/// with an `asset.version_regraded` event.
pub(crate) async fn write_regrade(
    tx: &mut store::Tx,
    version: &store::AssetVersion,
    report: &crate::ScanReport,
    at: &types::Timestamp,
) -> Result<()> {
    let json = serde_json::to_string(report).map_err(Error::internal)?;
    store::assets::update_scan_grade(
        tx.conn(),
        &version.id,
        &report.level,
        report.general_grade.map(i64::from),
        &json,
    )
    .await?;
    store::events::append(
        tx.conn(),
        &NewEvent {
            event_type: "asset.version_regraded",
            subject_id: version.asset_id.to_string(),
            actor_id: None,
            at: *at,
            data: serde_json::json!({
                "version": version.version,
                "version_id": version.id,
                "level": report.level,
                "general_grade": report.general_grade,
            }),
        },
    )
    .await?;
    Ok(())
}

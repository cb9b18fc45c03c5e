//! Data assets: receiving an upload (streamed to a temporary file while its SHA-256 is
//! computed, with a size limit), checking its first rows, storing it content-addressed and
//! recording an immutable version that `ingest` then reads in full in the background — plus
//! listing and reading assets within the caller's tenancy.

use std::path::Path;

use futures_util::stream::BoxStream;

use sha2::{Digest, Sha256};
use store::{Asset, AssetVersion, BlobKey, NewAsset, NewEvent};
use tokio::io::AsyncWriteExt;
use types::{AssetId, AssetVersionId, MerchantRole, SourceKind, UpdateFrequency, VersionState};

use crate::participants::{decode_cursor, encode_cursor};
use crate::{App, Code, Error, Page, Principal, Result, clamp_limit};

/// Metadata a provider gives with an upload.
#[derive(Clone, Debug, Default)]
pub struct UploadMeta {
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub sector: String,
    pub source_kind: Option<SourceKind>,
    /// What backs the source declaration (contract number, consent record, authorisation).
    pub source_evidence: Option<String>,
    pub update_frequency: Option<UpdateFrequency>,
}

/// An asset with its versions (newest first) and their classification-and-grading reports.
#[derive(Clone, Debug)]
pub struct AssetDetail {
    pub asset: Asset,
    pub versions: Vec<AssetVersion>,
    pub scans: Vec<(AssetVersionId, crate::ScanReport)>,
}

impl AssetDetail {
    /// The report of one version, when it has been scanned.
    pub fn scan_of(&self, version: &AssetVersionId) -> Option<&crate::ScanReport> {
        self.scans
            .iter()
            .find(|(v, _)| v == version)
            .map(|(_, r)| r)
    }
}

/// An upload being received: bytes go to a temporary file and through SHA-256 as they arrive,
/// so memory stays flat however large the file.
pub struct UploadSink {
    file: tokio::io::BufWriter<tokio::fs::File>,
    path: tempfile::TempPath,
    hasher: Sha256,
    size: u64,
    limit: u64,
}

/// A fully received upload, deleted from disk when dropped.
#[derive(Debug)]
pub struct StagedFile {
    pub(crate) path: tempfile::TempPath,
    sha256: String,
    size: u64,
    file_name: String,
}

impl StagedFile {
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn size(&self) -> u64 {
        self.size
    }
}

impl UploadSink {
    pub async fn write(&mut self, chunk: &[u8]) -> Result<()> {
        self.size += chunk.len() as u64;
        if self.size > self.limit {
            return Err(Error::new(Code::TooLarge).detail(
                format!("The limit is {} bytes.", self.limit),
                format!("上限为 {} 字节。", self.limit),
            ));
        }
        self.hasher.update(chunk);
        self.file.write_all(chunk).await.map_err(Error::internal)
    }

    pub async fn finish(mut self, file_name: &str) -> Result<StagedFile> {
        self.file.flush().await.map_err(Error::internal)?;
        self.file
            .get_ref()
            .sync_all()
            .await
            .map_err(Error::internal)?;
        let name: String = Path::new(file_name)
            .file_name()
            .map(|n| n.to_string_lossy().chars().take(255).collect())
            .unwrap_or_default();
        Ok(StagedFile {
            path: self.path,
            sha256: hex::encode(self.hasher.finalize()),
            size: self.size,
            file_name: if name.is_empty() {
                "upload".into()
            } else {
                name
            },
        })
    }
}

fn check_meta(m: &UploadMeta) -> Result<()> {
    let bad = |en: &str, zh: &str| Err(Error::new(Code::InvalidAssetMetadata).detail(en, zh));
    let title = m.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return bad(
            "A title of 1 to 200 characters is required.",
            "标题必填，1 到 200 个字符。",
        );
    }
    if m.description.chars().count() > 5000
        || m.description_en
            .as_deref()
            .is_some_and(|d| d.chars().count() > 5000)
    {
        return bad(
            "Descriptions have at most 5000 characters.",
            "描述最多 5000 个字符。",
        );
    }
    if m.title_en
        .as_deref()
        .is_some_and(|t| t.chars().count() > 200)
    {
        return bad(
            "Titles have at most 200 characters.",
            "标题最多 200 个字符。",
        );
    }
    if m.sector.chars().count() > 100 {
        return bad(
            "Sectors have at most 100 characters.",
            "行业最多 100 个字符。",
        );
    }
    if m.source_kind == Some(SourceKind::PersonalInfoWithConsent)
        && m.source_evidence
            .as_deref()
            .is_none_or(|e| e.trim().is_empty())
    {
        return bad(
            "Personal information needs evidence of consent or another legal basis.",
            "个人信息须提供同意或其他合法性基础的证明。",
        );
    }
    Ok(())
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl App {
    /// Starts receiving an upload.
    pub async fn begin_upload(&self) -> Result<UploadSink> {
        let path = tempfile::Builder::new()
            .prefix("upload-")
            .tempfile_in(self.config.tmp_dir())
            .map_err(Error::internal)?
            .into_temp_path();
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .await
            .map_err(Error::internal)?;
        Ok(UploadSink {
            // Network chunks are small; writing each one through the blocking pool would make
            // the file system calls, not the disk, the limit.
            file: tokio::io::BufWriter::with_capacity(1 << 20, file),
            path,
            hasher: Sha256::new(),
            size: 0,
            limit: self.config.max_upload_bytes,
        })
    }

    /// Registers a new asset from an upload (verified providers only). The upload is checked
    /// (format, encoding and the first rows), stored, and recorded as version 1 in `processing`;
    /// reading it in full continues in the background (see `ingest`).
    pub async fn create_asset(
        &self,
        p: &Principal,
        meta: UploadMeta,
        staged: StagedFile,
    ) -> Result<AssetDetail> {
        p.require_merchant(MerchantRole::Provider)?;
        check_meta(&meta)?;
        let plan = crate::ingest::plan(&staged).await?;
        self.store_raw(&staged).await?;
        let now = types::now();
        let asset = NewAsset {
            id: AssetId::new(),
            participant_id: p.participant().id,
            title: meta.title.trim().to_owned(),
            title_en: opt(&meta.title_en),
            description: meta.description.trim().to_owned(),
            description_en: opt(&meta.description_en),
            sector: meta.sector.trim().to_owned(),
            source_kind: meta.source_kind.unwrap_or(SourceKind::SelfCollected),
            source_evidence: opt(&meta.source_evidence),
            update_frequency: meta.update_frequency.unwrap_or(UpdateFrequency::Once),
            at: now,
        };
        let mut tx = self.store.begin().await?;
        store::assets::insert(tx.conn(), &asset).await?;
        store::events::append(
            tx.conn(),
            &NewEvent {
                event_type: "asset.registered",
                subject_id: asset.id.to_string(),
                actor_id: p.actor(),
                at: now,
                data: serde_json::json!({
                    "owner": asset.participant_id,
                    "title": asset.title,
                    "sector": asset.sector,
                    "source_kind": asset.source_kind,
                    "update_frequency": asset.update_frequency,
                }),
            },
        )
        .await?;
        let version = new_version(p, asset.id, 1, &staged, &plan);
        if !write_version(&mut tx, p, &version).await? {
            return Err(Error::new(Code::Internal));
        }
        tx.commit().await?;
        // A destruction may have deleted identical bytes between storing and committing (it
        // checks references under the write lock); storing again is a no-op otherwise.
        self.store_raw(&staged).await?;
        self.spawn_ingest(version.id, staged);
        self.asset(p, &asset.id).await
    }

    /// Adds an immutable version to one of the caller's own assets.
    pub async fn add_version(
        &self,
        p: &Principal,
        id: &AssetId,
        staged: StagedFile,
    ) -> Result<AssetDetail> {
        p.require_merchant(MerchantRole::Provider)?;
        let current = self.asset(p, id).await?.asset;
        if current.participant_id != p.participant().id {
            return Err(Error::new(Code::AssetNotFound));
        }
        if current.lifecycle == "destroyed" {
            return Err(Error::new(Code::AssetDestroyed));
        }
        // Once a registered right over the data is sold, the seller no longer replaces it.
        if let Some(sold) = self.registry_snapshot().await?.sold(id) {
            return Err(crate::rights::rights_error(rights::RightsError::Inactive(
                sold,
            )));
        }
        let plan = crate::ingest::plan(&staged).await?;
        self.store_raw(&staged).await?;
        let mut tx = self.store.begin().await?;
        let now = store::assets::get(tx.conn(), id)
            .await?
            .ok_or(Error::new(Code::AssetNotFound))?;
        // Checked again under the write lock: a destruction may have committed meanwhile.
        if now.lifecycle == "destroyed" {
            return Err(Error::new(Code::AssetDestroyed));
        }
        let latest = now.latest_version;
        let version = new_version(p, *id, latest + 1, &staged, &plan);
        // Writers are serialised (see `Store::begin`), so the number read above is still the
        // latest; the store's check turns any violation of that into an error, not a duplicate.
        if !write_version(&mut tx, p, &version).await? {
            return Err(Error::new(Code::Internal));
        }
        tx.commit().await?;
        self.store_raw(&staged).await?;
        self.spawn_ingest(version.id, staged);
        self.asset(p, id).await
    }

    /// Stores the upload as it was received, under its SHA-256.
    async fn store_raw(&self, staged: &StagedFile) -> Result<()> {
        let key = BlobKey::sha256(&staged.sha256).ok_or(Error::new(Code::Internal))?;
        Ok(self.store.blobs().put_file(&key, &staged.path).await?)
    }

    /// One asset with its versions. Another tenant's asset is "not found".
    pub async fn asset(&self, p: &Principal, id: &AssetId) -> Result<AssetDetail> {
        let asset = store::assets::get(self.store.pool(), id)
            .await?
            .filter(|a| p.may_read(&a.participant_id))
            .ok_or(Error::new(Code::AssetNotFound))?;
        let versions = store::assets::versions(self.store.pool(), id).await?;
        let scans = store::assets::scans_of_asset(self.store.pool(), id)
            .await?
            .into_iter()
            .filter_map(|s| {
                serde_json::from_str(&s.report)
                    .map(|r| (s.version_id, r))
                    .inspect_err(|e| tracing::error!(version = %s.version_id, error = %e, "unreadable scan report"))
                    .ok()
            })
            .collect();
        Ok(AssetDetail {
            asset,
            versions,
            scans,
        })
    }

    /// Assets newest first: the caller's own, or all of them for the operator and regulators.
    pub async fn assets(
        &self,
        p: &Principal,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<Asset>> {
        let limit = clamp_limit(limit);
        let before = decode_cursor(cursor, |s| AssetId::parse(s).ok())?;
        let owner = (!p.sees_everything()).then(|| p.participant().id);
        let items =
            store::assets::list(self.store.pool(), owner.as_ref(), before.as_ref(), limit).await?;
        let next_cursor = (items.len() as i64 == limit)
            .then(|| items.last().map(|l| encode_cursor(&l.id.to_string())))
            .flatten();
        Ok(Page { items, next_cursor })
    }
}

fn new_version(
    p: &Principal,
    asset: AssetId,
    n: i64,
    staged: &StagedFile,
    plan: &crate::ingest::Plan,
) -> AssetVersion {
    AssetVersion {
        id: AssetVersionId::new(),
        asset_id: asset,
        version: n,
        file_name: staged.file_name.clone(),
        sha256: staged.sha256.clone(),
        size_bytes: staged.size as i64,
        format: plan.format.as_str().to_owned(),
        compression: plan.compression.as_str().to_owned(),
        encoding: plan.encoding.map(|e| e.as_str().to_owned()),
        delimiter: plan.delimiter.map(|d| d.to_string()),
        state: VersionState::Processing,
        columns_json: None,
        row_count: None,
        parquet_sha256: None,
        parquet_size: None,
        error_code: None,
        error_en: None,
        error_zh: None,
        uploaded_by: p.user().id,
        created_at: types::now(),
        processed_at: None,
    }
}

/// Writes a version and its event inside `tx`. Returns false when the version number was
/// taken meanwhile.
async fn write_version(tx: &mut store::Tx, p: &Principal, version: &AssetVersion) -> Result<bool> {
    match store::assets::insert_version(tx.conn(), version).await {
        Err(store::Error::Conflict) => return Ok(false),
        other => other?,
    }
    store::events::append(
        tx.conn(),
        &NewEvent {
            event_type: "asset.version_uploaded",
            subject_id: version.asset_id.to_string(),
            actor_id: p.actor(),
            at: version.created_at,
            data: serde_json::json!({
                "version": version.version,
                "version_id": version.id,
                "file_name": version.file_name,
                "sha256": version.sha256,
                "size_bytes": version.size_bytes,
                "format": version.format,
                "compression": version.compression,
            }),
        },
    )
    .await?;
    Ok(true)
}

impl App {
    /// Declares (or with `None` withdraws) the level an authority notified for an asset's data —
    /// important or core (NDSMR Art. 29) — with the notice it rests on. The asset's provider or
    /// operator reviewers may; every scanned version is graded again at once, and future versions
    /// are graded with it. Grading never goes below a declaration.
    pub async fn declare_level(
        &self,
        p: &Principal,
        id: &AssetId,
        level: Option<classify::Level>,
        basis: &str,
    ) -> Result<AssetDetail> {
        let detail = self.asset(p, id).await?;
        let owner = detail.asset.participant_id == p.participant().id;
        if owner {
            p.require_merchant(MerchantRole::Provider)?;
        } else {
            p.require_operator()?;
        }
        let basis = basis.trim();
        if level == Some(classify::Level::General) {
            return Err(Error::new(Code::BadRequest).detail(
                "Only important or core status is declared; general is what grading finds.",
                "只能申报重要数据或核心数据；一般数据由分级得出。",
            ));
        }
        if level.is_some() && (basis.is_empty() || basis.chars().count() > 500) {
            return Err(Error::new(Code::BadRequest).detail(
                "A declaration names the authority's notice (1 to 500 characters).",
                "申报须注明主管部门的通知或目录依据（1 到 500 个字符）。",
            ));
        }
        let now = types::now();
        let sector = Some(detail.asset.sector.clone()).filter(|s| !s.is_empty());
        let mut tx = self.store.begin().await?;
        store::assets::set_declaration(
            tx.conn(),
            id,
            level.map(|l| l.as_str()),
            level.map(|_| basis),
            &now,
        )
        .await?;
        // Reports are read inside the transaction: a version finishing meanwhile is either
        // regraded here or grades itself with this declaration (see `ingest`), never neither.
        for scan in store::assets::scans_of_asset(tx.conn(), id).await? {
            let Some(version) = detail.versions.iter().find(|v| v.id == scan.version_id) else {
                continue;
            };
            let report: crate::ScanReport =
                serde_json::from_str(&scan.report).map_err(Error::internal)?;
            let regraded = crate::regrade(&report, sector.clone(), level);
            crate::ingest::write_regrade(&mut tx, version, &regraded, &now).await?;
        }
        store::events::append(
            tx.conn(),
            &NewEvent {
                event_type: "asset.level_declared",
                subject_id: id.to_string(),
                actor_id: p.actor(),
                at: now,
                data: serde_json::json!({
                    "level": level.map(|l| l.as_str()),
                    "basis": level.map(|_| basis),
                }),
            },
        )
        .await?;
        tx.commit().await?;
        self.asset(p, id).await
    }

    /// Whether the caller may upload at all (a verified provider), checked before a large body
    /// is received.
    pub fn check_may_upload(&self, p: &Principal) -> Result<()> {
        p.require_merchant(MerchantRole::Provider)
    }

    /// A version's file as uploaded, streamed from the blob store.
    pub async fn version_file(
        &self,
        p: &Principal,
        id: &AssetId,
        version: i64,
    ) -> Result<(
        AssetVersion,
        u64,
        BoxStream<'static, store::Result<bytes::Bytes>>,
    )> {
        let detail = self.asset(p, id).await?;
        if detail.asset.lifecycle == "destroyed" {
            return Err(Error::new(Code::AssetDestroyed));
        }
        let v = detail
            .versions
            .into_iter()
            .find(|v| v.version == version)
            .ok_or(Error::new(Code::AssetNotFound))?;
        let key = BlobKey::sha256(&v.sha256).ok_or(Error::new(Code::Internal))?;
        let (size, stream) = self.store.blobs().get_stream(&key).await?.ok_or(
            Error::new(Code::Internal).detail("The stored file is missing.", "存储的文件缺失。"),
        )?;
        Ok((v, size, stream))
    }
}

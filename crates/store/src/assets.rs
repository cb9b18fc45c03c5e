//! Data assets and their immutable versions. An asset's metadata may grow; a version, once
//! written, never changes (its data lives content-addressed in the blob store).

use sqlx::Row;
use sqlx::any::AnyRow;
use types::{
    AssetId, AssetVersionId, ParticipantId, SourceKind, Timestamp, UpdateFrequency, UserId,
    VersionState, format_timestamp,
};

use crate::participants::ts;
use crate::{Conn, Error, Result};

/// A named dataset owned by one participant.
#[derive(Clone, Debug, PartialEq)]
pub struct Asset {
    pub id: AssetId,
    pub participant_id: ParticipantId,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub sector: String,
    pub source_kind: SourceKind,
    pub source_evidence: Option<String>,
    pub update_frequency: UpdateFrequency,
    pub latest_version: i64,
    /// A level an authority notified (`important` or `core`), as declared, and the notice.
    pub declared_level: Option<String>,
    pub declared_basis: Option<String>,
    /// Where the asset is in its lifecycle: `unregistered`, `registered`, `listed`,
    /// `suspended`, `delisted` or `destroyed`.
    pub lifecycle: String,
    /// Why it last moved (a suspension's or delisting's reason).
    pub lifecycle_reason: Option<String>,
    /// How its owner accounts for it: `intangible_asset`, `inventory` or `not_recognised`.
    pub accounting_class: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One immutable upload of an asset's data, with what reading it learned.
#[derive(Clone, Debug, PartialEq)]
pub struct AssetVersion {
    pub id: AssetVersionId,
    pub asset_id: AssetId,
    pub version: i64,
    pub file_name: String,
    /// SHA-256 of the bytes as uploaded (hex); also their blob key.
    pub sha256: String,
    pub size_bytes: i64,
    pub format: String,
    pub compression: String,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub state: VersionState,
    /// The schema as JSON, `[{"name", "data_type", "nullable"}]`, once ready.
    pub columns_json: Option<String>,
    pub row_count: Option<i64>,
    /// SHA-256 of the normalised Parquet (equal to `sha256` when the upload was plain Parquet).
    pub parquet_sha256: Option<String>,
    pub parquet_size: Option<i64>,
    /// Why the version failed: a stable code and sentences in both languages.
    pub error_code: Option<String>,
    pub error_en: Option<String>,
    pub error_zh: Option<String>,
    pub uploaded_by: UserId,
    pub created_at: Timestamp,
    pub processed_at: Option<Timestamp>,
}

/// What reading a version in full found.
#[derive(Clone, Debug)]
pub struct VersionOutcome {
    pub format: String,
    pub compression: String,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub columns_json: String,
    pub row_count: i64,
    pub parquet_sha256: String,
    pub parquet_size: i64,
}

#[derive(Clone, Debug)]
pub struct NewAsset {
    pub id: AssetId,
    pub participant_id: ParticipantId,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub sector: String,
    pub source_kind: SourceKind,
    pub source_evidence: Option<String>,
    pub update_frequency: UpdateFrequency,
    pub at: Timestamp,
}

const ASSET_COLUMNS: &str = "id, participant_id, title, title_en, description, description_en, \
    sector, source_kind, source_evidence, update_frequency, latest_version, created_at, \
    updated_at, declared_level, declared_basis, lifecycle, lifecycle_reason, accounting_class";

const VERSION_COLUMNS: &str = "id, asset_id, version, file_name, sha256, size_bytes, format, \
    compression, encoding, delimiter, state, columns_json, row_count, parquet_sha256, \
    parquet_size, error_code, error_en, error_zh, uploaded_by, created_at, processed_at";

fn asset_from_row(row: &AnyRow) -> Result<Asset> {
    let id: String = row.try_get("id")?;
    let participant: String = row.try_get("participant_id")?;
    let source: String = row.try_get("source_kind")?;
    let freq: String = row.try_get("update_frequency")?;
    Ok(Asset {
        id: AssetId::parse(&id).map_err(|_| Error::Corrupt("assets.id"))?,
        participant_id: ParticipantId::parse(&participant)
            .map_err(|_| Error::Corrupt("assets.participant_id"))?,
        title: row.try_get("title")?,
        title_en: row.try_get("title_en")?,
        description: row.try_get("description")?,
        description_en: row.try_get("description_en")?,
        sector: row.try_get("sector")?,
        source_kind: SourceKind::parse(&source).ok_or(Error::Corrupt("assets.source_kind"))?,
        source_evidence: row.try_get("source_evidence")?,
        update_frequency: UpdateFrequency::parse(&freq)
            .ok_or(Error::Corrupt("assets.update_frequency"))?,
        latest_version: row.try_get("latest_version")?,
        declared_level: row.try_get("declared_level")?,
        declared_basis: row.try_get("declared_basis")?,
        lifecycle: row.try_get("lifecycle")?,
        lifecycle_reason: row.try_get("lifecycle_reason")?,
        accounting_class: row.try_get("accounting_class")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

fn version_from_row(row: &AnyRow) -> Result<AssetVersion> {
    let id: String = row.try_get("id")?;
    let asset: String = row.try_get("asset_id")?;
    let by: String = row.try_get("uploaded_by")?;
    let state: String = row.try_get("state")?;
    let processed: Option<String> = row.try_get("processed_at")?;
    Ok(AssetVersion {
        id: AssetVersionId::parse(&id).map_err(|_| Error::Corrupt("asset_versions.id"))?,
        asset_id: AssetId::parse(&asset).map_err(|_| Error::Corrupt("asset_versions.asset_id"))?,
        version: row.try_get("version")?,
        file_name: row.try_get("file_name")?,
        sha256: row.try_get("sha256")?,
        size_bytes: row.try_get("size_bytes")?,
        format: row.try_get("format")?,
        compression: row.try_get("compression")?,
        encoding: row.try_get("encoding")?,
        delimiter: row.try_get("delimiter")?,
        state: VersionState::parse(&state).ok_or(Error::Corrupt("asset_versions.state"))?,
        columns_json: row.try_get("columns_json")?,
        row_count: row.try_get("row_count")?,
        parquet_sha256: row.try_get("parquet_sha256")?,
        parquet_size: row.try_get("parquet_size")?,
        error_code: row.try_get("error_code")?,
        error_en: row.try_get("error_en")?,
        error_zh: row.try_get("error_zh")?,
        uploaded_by: UserId::parse(&by)
            .map_err(|_| Error::Corrupt("asset_versions.uploaded_by"))?,
        created_at: ts(row, "created_at")?,
        processed_at: processed
            .map(|p| {
                types::parse_timestamp(&p).ok_or(Error::Corrupt("asset_versions.processed_at"))
            })
            .transpose()?,
    })
}

/// Inserts an asset with no versions yet (`latest_version` 0).
pub async fn insert(c: impl Conn<'_>, a: &NewAsset) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO assets ({ASSET_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $11, NULL, NULL, \
         'unregistered', NULL, 'not_recognised')"
    ))
    .bind(a.id.to_string())
    .bind(a.participant_id.to_string())
    .bind(&a.title)
    .bind(a.title_en.as_deref())
    .bind(&a.description)
    .bind(a.description_en.as_deref())
    .bind(&a.sector)
    .bind(a.source_kind.as_str())
    .bind(a.source_evidence.as_deref())
    .bind(a.update_frequency.as_str())
    .bind(format_timestamp(&a.at))
    .execute(c)
    .await?;
    Ok(())
}

/// Appends a version. The caller computed `version` as `latest_version + 1` inside the same
/// transaction; the `(asset_id, version)` key turns a lost race into `Error::Conflict`.
pub async fn insert_version(c: &mut sqlx::AnyConnection, v: &AssetVersion) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO asset_versions ({VERSION_COLUMNS}) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
         $20, $21)"
    ))
    .bind(v.id.to_string())
    .bind(v.asset_id.to_string())
    .bind(v.version)
    .bind(&v.file_name)
    .bind(&v.sha256)
    .bind(v.size_bytes)
    .bind(&v.format)
    .bind(&v.compression)
    .bind(v.encoding.as_deref())
    .bind(v.delimiter.as_deref())
    .bind(v.state.as_str())
    .bind(v.columns_json.as_deref())
    .bind(v.row_count)
    .bind(v.parquet_sha256.as_deref())
    .bind(v.parquet_size)
    .bind(v.error_code.as_deref())
    .bind(v.error_en.as_deref())
    .bind(v.error_zh.as_deref())
    .bind(v.uploaded_by.to_string())
    .bind(format_timestamp(&v.created_at))
    .bind(v.processed_at.as_ref().map(format_timestamp))
    .execute(&mut *c)
    .await?;
    let done = sqlx::query(
        "UPDATE assets SET latest_version = $1, updated_at = $2 \
         WHERE id = $3 AND latest_version = $4",
    )
    .bind(v.version)
    .bind(format_timestamp(&v.created_at))
    .bind(v.asset_id.to_string())
    .bind(v.version - 1)
    .execute(&mut *c)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Error::Conflict);
    }
    Ok(())
}

pub async fn get(c: impl Conn<'_>, id: &AssetId) -> Result<Option<Asset>> {
    let row = sqlx::query(&format!("SELECT {ASSET_COLUMNS} FROM assets WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(c)
        .await?;
    row.as_ref().map(asset_from_row).transpose()
}

/// Assets newest first; only those of `owner` when given; only ids before `before` when given.
pub async fn list(
    c: impl Conn<'_>,
    owner: Option<&ParticipantId>,
    before: Option<&AssetId>,
    limit: i64,
) -> Result<Vec<Asset>> {
    let rows = sqlx::query(&format!(
        "SELECT {ASSET_COLUMNS} FROM assets \
         WHERE ($1 IS NULL OR participant_id = $1) AND ($2 IS NULL OR id < $2) \
         ORDER BY id DESC LIMIT $3"
    ))
    .bind(owner.map(|o| o.to_string()))
    .bind(before.map(|b| b.to_string()))
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(asset_from_row).collect()
}

pub async fn versions(c: impl Conn<'_>, asset: &AssetId) -> Result<Vec<AssetVersion>> {
    let rows = sqlx::query(&format!(
        "SELECT {VERSION_COLUMNS} FROM asset_versions WHERE asset_id = $1 ORDER BY version DESC"
    ))
    .bind(asset.to_string())
    .fetch_all(c)
    .await?;
    rows.iter().map(version_from_row).collect()
}

pub async fn version(
    c: impl Conn<'_>,
    asset: &AssetId,
    version: i64,
) -> Result<Option<AssetVersion>> {
    let row = sqlx::query(&format!(
        "SELECT {VERSION_COLUMNS} FROM asset_versions WHERE asset_id = $1 AND version = $2"
    ))
    .bind(asset.to_string())
    .bind(version)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(version_from_row).transpose()
}

pub async fn version_by_id(c: impl Conn<'_>, id: &AssetVersionId) -> Result<Option<AssetVersion>> {
    let row = sqlx::query(&format!(
        "SELECT {VERSION_COLUMNS} FROM asset_versions WHERE id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(c)
    .await?;
    row.as_ref().map(version_from_row).transpose()
}

/// Versions still being processed, oldest first (to resume after a restart).
pub async fn processing(c: impl Conn<'_>) -> Result<Vec<AssetVersion>> {
    let rows = sqlx::query(&format!(
        "SELECT {VERSION_COLUMNS} FROM asset_versions WHERE state = 'processing' ORDER BY id"
    ))
    .fetch_all(c)
    .await?;
    rows.iter().map(version_from_row).collect()
}

/// Records a processed version's outcome. Only a version still `processing` changes, so a
/// version is completed or failed exactly once; returns whether this call did it.
pub async fn complete_version(
    c: impl Conn<'_>,
    id: &AssetVersionId,
    o: &VersionOutcome,
    at: &Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE asset_versions SET state = 'ready', format = $1, compression = $2, encoding = $3, \
         delimiter = $4, columns_json = $5, row_count = $6, parquet_sha256 = $7, \
         parquet_size = $8, processed_at = $9 WHERE id = $10 AND state = 'processing'",
    )
    .bind(&o.format)
    .bind(&o.compression)
    .bind(o.encoding.as_deref())
    .bind(o.delimiter.as_deref())
    .bind(&o.columns_json)
    .bind(o.row_count)
    .bind(&o.parquet_sha256)
    .bind(o.parquet_size)
    .bind(format_timestamp(at))
    .bind(id.to_string())
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records why a version could not be read; see `complete_version`.
pub async fn fail_version(
    c: impl Conn<'_>,
    id: &AssetVersionId,
    code: &str,
    en: &str,
    zh: &str,
    at: &Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE asset_versions SET state = 'failed', error_code = $1, error_en = $2, \
         error_zh = $3, processed_at = $4 WHERE id = $5 AND state = 'processing'",
    )
    .bind(code)
    .bind(en)
    .bind(zh)
    .bind(format_timestamp(at))
    .bind(id.to_string())
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A version's classification-and-grading report, as the columns listings need and the full JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct ScanRecord {
    pub version_id: AssetVersionId,
    pub level: String,
    pub general_grade: Option<i64>,
    pub individuals: i64,
    pub sensitive_individuals: i64,
    pub minors_under_14: i64,
    pub report: String,
    /// The blob (SHA-256) of the people set the scan counted, when it counted anyone.
    pub people_sha256: Option<String>,
    pub created_at: Timestamp,
}

/// Stores a version's report, replacing an earlier one (a version is rescanned when it is read
/// again, or when the rules change): a version has at most one report.
pub async fn insert_scan(c: impl Conn<'_>, r: &ScanRecord) -> Result<()> {
    sqlx::query(
        "INSERT INTO scan_reports (version_id, level, general_grade, individuals, \
         sensitive_individuals, minors_under_14, report, created_at, people_sha256) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (version_id) DO UPDATE SET level = excluded.level, \
         general_grade = excluded.general_grade, individuals = excluded.individuals, \
         sensitive_individuals = excluded.sensitive_individuals, \
         minors_under_14 = excluded.minors_under_14, report = excluded.report, \
         created_at = excluded.created_at, people_sha256 = excluded.people_sha256",
    )
    .bind(r.version_id.to_string())
    .bind(&r.level)
    .bind(r.general_grade)
    .bind(r.individuals)
    .bind(r.sensitive_individuals)
    .bind(r.minors_under_14)
    .bind(&r.report)
    .bind(format_timestamp(&r.created_at))
    .bind(r.people_sha256.as_deref())
    .execute(c)
    .await?;
    Ok(())
}

/// The reports of an asset's versions.
pub async fn scans_of_asset(c: impl Conn<'_>, asset: &AssetId) -> Result<Vec<ScanRecord>> {
    let rows = sqlx::query(
        "SELECT s.version_id, s.level, s.general_grade, s.individuals, s.sensitive_individuals, \
         s.minors_under_14, s.report, s.created_at, s.people_sha256 FROM scan_reports s \
         JOIN asset_versions v ON v.id = s.version_id WHERE v.asset_id = $1",
    )
    .bind(asset.to_string())
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("version_id")?;
            Ok(ScanRecord {
                version_id: AssetVersionId::parse(&id)
                    .map_err(|_| Error::Corrupt("scan_reports.version_id"))?,
                level: row.try_get("level")?,
                general_grade: row.try_get("general_grade")?,
                individuals: row.try_get("individuals")?,
                sensitive_individuals: row.try_get("sensitive_individuals")?,
                minors_under_14: row.try_get("minors_under_14")?,
                report: row.try_get("report")?,
                people_sha256: row.try_get("people_sha256")?,
                created_at: ts(row, "created_at")?,
            })
        })
        .collect()
}

/// Records (or, with `None`, withdraws) a declared level and the notice it rests on.
pub async fn set_declaration(
    c: impl Conn<'_>,
    id: &AssetId,
    level: Option<&str>,
    basis: Option<&str>,
    at: &Timestamp,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE assets SET declared_level = $1, declared_basis = $2, declared_at = $3, \
         updated_at = $3 WHERE id = $4",
    )
    .bind(level)
    .bind(basis)
    .bind(format_timestamp(at))
    .bind(id.to_string())
    .execute(c)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Replaces a report's grading (level, sub-grade and the report text), keeping its scan time.
pub async fn update_scan_grade(
    c: impl Conn<'_>,
    version: &AssetVersionId,
    level: &str,
    general_grade: Option<i64>,
    report: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE scan_reports SET level = $1, general_grade = $2, report = $3 WHERE version_id = $4",
    )
    .bind(level)
    .bind(general_grade)
    .bind(report)
    .bind(version.to_string())
    .execute(c)
    .await?;
    Ok(())
}

/// How many asset versions other than those of `asset` hold `sha256` as their upload or their
/// normalised Parquet (content addressing lets two assets share a blob).
pub async fn blob_references_elsewhere(
    c: impl Conn<'_>,
    asset: &AssetId,
    sha256: &str,
) -> Result<i64> {
    Ok(sqlx::query(
        "SELECT COUNT(*) FROM asset_versions WHERE asset_id <> $1 \
         AND (sha256 = $2 OR parquet_sha256 = $2)",
    )
    .bind(asset.to_string())
    .bind(sha256)
    .fetch_one(c)
    .await?
    .try_get(0)?)
}

/// Every asset in one lifecycle state, oldest first.
pub async fn in_lifecycle(c: impl Conn<'_>, lifecycle: &str) -> Result<Vec<Asset>> {
    sqlx::query(&format!(
        "SELECT {ASSET_COLUMNS} FROM assets WHERE lifecycle = $1 ORDER BY id"
    ))
    .bind(lifecycle)
    .fetch_all(c)
    .await?
    .iter()
    .map(asset_from_row)
    .collect()
}

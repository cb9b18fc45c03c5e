//! Data assets and their immutable versions. An asset's metadata may grow; a version, once
//! written, never changes (its data lives content-addressed in the blob store).

use sqlx::Row;
use sqlx::any::AnyRow;
use types::{
    AssetId, AssetVersionId, ParticipantId, SourceKind, Timestamp, UpdateFrequency, UserId,
    format_timestamp,
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
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One immutable upload of an asset's data, with what ingest learned about it.
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
    /// The schema as JSON: `[{"name", "data_type", "nullable"}]`.
    pub columns_json: String,
    pub row_count: i64,
    /// SHA-256 of the normalised Parquet (equal to `sha256` when the upload was plain Parquet).
    pub parquet_sha256: String,
    pub parquet_size: i64,
    pub uploaded_by: UserId,
    pub created_at: Timestamp,
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

pub type NewAssetVersion = AssetVersion;

const ASSET_COLUMNS: &str = "id, participant_id, title, title_en, description, description_en, \
    sector, source_kind, source_evidence, update_frequency, latest_version, created_at, updated_at";

const VERSION_COLUMNS: &str = "id, asset_id, version, file_name, sha256, size_bytes, format, \
    compression, encoding, delimiter, columns_json, row_count, parquet_sha256, parquet_size, \
    uploaded_by, created_at";

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
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

fn version_from_row(row: &AnyRow) -> Result<AssetVersion> {
    let id: String = row.try_get("id")?;
    let asset: String = row.try_get("asset_id")?;
    let by: String = row.try_get("uploaded_by")?;
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
        columns_json: row.try_get("columns_json")?,
        row_count: row.try_get("row_count")?,
        parquet_sha256: row.try_get("parquet_sha256")?,
        parquet_size: row.try_get("parquet_size")?,
        uploaded_by: UserId::parse(&by)
            .map_err(|_| Error::Corrupt("asset_versions.uploaded_by"))?,
        created_at: ts(row, "created_at")?,
    })
}

/// Inserts an asset with no versions yet (`latest_version` 0).
pub async fn insert(c: impl Conn<'_>, a: &NewAsset) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO assets ({ASSET_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $11)"
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
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
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
    .bind(&v.columns_json)
    .bind(v.row_count)
    .bind(&v.parquet_sha256)
    .bind(v.parquet_size)
    .bind(v.uploaded_by.to_string())
    .bind(format_timestamp(&v.created_at))
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

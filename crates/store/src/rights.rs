//! The rights registry's record, an asset's lifecycle and accounting, and the certificates the
//! exchange issued (see migration 0007). Records and grants are stored as the `rights` crate's
//! JSON with the columns queries need beside them; this crate does not interpret them.

use sqlx::Row;
use sqlx::any::AnyRow;
use types::{AssetId, ParticipantId, Timestamp, format_timestamp};

use crate::participants::ts;
use crate::{Conn, Error, Result};

/// What the registry records about one asset, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetRights {
    pub asset_id: AssetId,
    pub registrant: ParticipantId,
    /// The `rights` crate's record, JSON.
    pub record: String,
    /// The latest rights event about the asset.
    pub last_event_id: String,
    pub updated_at: Timestamp,
}

/// One grant, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantRow {
    pub id: String,
    pub asset_id: AssetId,
    pub holder: ParticipantId,
    /// `holding`, `processing` or `operation`.
    pub right_kind: String,
    /// `active`, `revoked`, `transferred` or `suspended`.
    pub status: String,
    /// The `rights` crate's grant, JSON.
    pub grant_json: String,
}

/// A cost recorded against a data asset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cost {
    pub id: String,
    pub asset_id: AssetId,
    pub participant_id: ParticipantId,
    pub category: String,
    pub amount_fen: i64,
    /// `YYYY-MM-DD`.
    pub incurred_on: String,
    pub capitalised: bool,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: Timestamp,
}

/// An evidence document behind a source declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub asset_id: AssetId,
    pub sha256: String,
    pub media_type: String,
    pub size: i64,
    pub file_name: String,
    pub uploaded_by: String,
    pub uploaded_at: Timestamp,
}

/// A certificate the exchange issued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// `urn:uuid:…`, the credential's `id`.
    pub id: String,
    /// `registration` or `destruction`.
    pub kind: String,
    pub asset_id: AssetId,
    /// The logged event the certificate attests.
    pub event_id: String,
    pub status_list: i64,
    pub status_index: i64,
    /// The signed credential, JSON.
    pub credential: String,
    pub issued_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub revoked_reason: Option<String>,
}

fn asset_id(row: &AnyRow, col: &str, what: &'static str) -> Result<AssetId> {
    let s: String = row.try_get(col)?;
    AssetId::parse(&s).map_err(|_| Error::Corrupt(what))
}

fn participant_id(row: &AnyRow, col: &str, what: &'static str) -> Result<ParticipantId> {
    let s: String = row.try_get(col)?;
    ParticipantId::parse(&s).map_err(|_| Error::Corrupt(what))
}

/// The registry's generation: it grows with every change.
pub async fn generation(c: impl Conn<'_>) -> Result<i64> {
    Ok(
        sqlx::query("SELECT generation FROM rights_meta WHERE id = 1")
            .fetch_one(c)
            .await?
            .try_get(0)?,
    )
}

/// Moves the generation on by one and returns the new value.
pub async fn bump_generation(c: &mut sqlx::AnyConnection) -> Result<i64> {
    sqlx::query("UPDATE rights_meta SET generation = generation + 1 WHERE id = 1")
        .execute(&mut *c)
        .await?;
    generation(&mut *c).await
}

/// Every asset's record.
pub async fn all_assets(c: impl Conn<'_>) -> Result<Vec<AssetRights>> {
    sqlx::query(
        "SELECT asset_id, registrant, record, last_event_id, updated_at FROM rights_assets \
         ORDER BY asset_id",
    )
    .fetch_all(c)
    .await?
    .iter()
    .map(asset_rights_from_row)
    .collect()
}

fn asset_rights_from_row(row: &AnyRow) -> Result<AssetRights> {
    Ok(AssetRights {
        asset_id: asset_id(row, "asset_id", "rights_assets.asset_id")?,
        registrant: participant_id(row, "registrant", "rights_assets.registrant")?,
        record: row.try_get("record")?,
        last_event_id: row.try_get("last_event_id")?,
        updated_at: ts(row, "updated_at")?,
    })
}

/// One asset's record, if it is registered.
pub async fn asset(c: impl Conn<'_>, id: &AssetId) -> Result<Option<AssetRights>> {
    sqlx::query(
        "SELECT asset_id, registrant, record, last_event_id, updated_at FROM rights_assets \
         WHERE asset_id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(asset_rights_from_row)
    .transpose()
}

/// Writes (inserts or replaces) one asset's record.
pub async fn put_asset(c: impl Conn<'_>, r: &AssetRights) -> Result<()> {
    sqlx::query(
        "INSERT INTO rights_assets (asset_id, registrant, record, last_event_id, updated_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (asset_id) DO UPDATE SET record = excluded.record, \
         last_event_id = excluded.last_event_id, updated_at = excluded.updated_at",
    )
    .bind(r.asset_id.to_string())
    .bind(r.registrant.to_string())
    .bind(&r.record)
    .bind(&r.last_event_id)
    .bind(format_timestamp(&r.updated_at))
    .execute(c)
    .await?;
    Ok(())
}

/// Marks `event_id` as the latest rights event about `asset`.
pub async fn touch_asset(
    c: impl Conn<'_>,
    asset: &AssetId,
    event_id: &str,
    at: &Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE rights_assets SET last_event_id = $1, updated_at = $2 WHERE asset_id = $3")
        .bind(event_id)
        .bind(format_timestamp(at))
        .bind(asset.to_string())
        .execute(c)
        .await?;
    Ok(())
}

/// The assets `holder` holds a grant over, in any status.
pub async fn assets_held_by(c: impl Conn<'_>, holder: &ParticipantId) -> Result<Vec<AssetId>> {
    sqlx::query("SELECT DISTINCT asset_id FROM rights_grants WHERE holder = $1")
        .bind(holder.to_string())
        .fetch_all(c)
        .await?
        .iter()
        .map(|row| asset_id(row, "asset_id", "rights_grants.asset_id"))
        .collect()
}

/// Every grant, oldest first.
pub async fn all_grants(c: impl Conn<'_>) -> Result<Vec<GrantRow>> {
    sqlx::query(
        "SELECT id, asset_id, holder, right_kind, status, grant_json FROM rights_grants ORDER BY id",
    )
    .fetch_all(c)
    .await?
    .iter()
    .map(grant_from_row)
    .collect()
}

fn grant_from_row(row: &AnyRow) -> Result<GrantRow> {
    Ok(GrantRow {
        id: row.try_get("id")?,
        asset_id: asset_id(row, "asset_id", "rights_grants.asset_id")?,
        holder: participant_id(row, "holder", "rights_grants.holder")?,
        right_kind: row.try_get("right_kind")?,
        status: row.try_get("status")?,
        grant_json: row.try_get("grant_json")?,
    })
}

/// Writes (inserts or replaces) one grant.
pub async fn put_grant(c: impl Conn<'_>, g: &GrantRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO rights_grants (id, asset_id, holder, right_kind, status, grant_json) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, grant_json = excluded.grant_json",
    )
    .bind(&g.id)
    .bind(g.asset_id.to_string())
    .bind(g.holder.to_string())
    .bind(&g.right_kind)
    .bind(&g.status)
    .bind(&g.grant_json)
    .execute(c)
    .await?;
    Ok(())
}

/// Records that a destroyed asset's files were deleted.
pub async fn set_files_deleted(c: impl Conn<'_>, id: &AssetId, at: &Timestamp) -> Result<()> {
    sqlx::query("UPDATE assets SET files_deleted_at = $1 WHERE id = $2")
        .bind(format_timestamp(at))
        .bind(id.to_string())
        .execute(c)
        .await?;
    Ok(())
}

/// Destroyed assets whose files are not yet recorded as deleted.
pub async fn files_pending_deletion(c: impl Conn<'_>) -> Result<Vec<AssetId>> {
    sqlx::query(
        "SELECT id FROM assets WHERE lifecycle = 'destroyed' AND files_deleted_at IS NULL \
         ORDER BY id LIMIT 100",
    )
    .fetch_all(c)
    .await?
    .iter()
    .map(|row| asset_id(row, "id", "assets.id"))
    .collect()
}

/// Every asset in one lifecycle state, oldest first.
pub async fn assets_in_lifecycle(c: impl Conn<'_>, lifecycle: &str) -> Result<Vec<crate::Asset>> {
    crate::assets::in_lifecycle(c, lifecycle).await
}

/// Moves an asset in its lifecycle.
pub async fn set_lifecycle(
    c: impl Conn<'_>,
    id: &AssetId,
    lifecycle: &str,
    reason: Option<&str>,
    at: &Timestamp,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE assets SET lifecycle = $1, lifecycle_reason = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(lifecycle)
    .bind(reason)
    .bind(format_timestamp(at))
    .bind(id.to_string())
    .execute(c)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Records how the owner accounts for an asset.
pub async fn set_accounting_class(
    c: impl Conn<'_>,
    id: &AssetId,
    class: &str,
    at: &Timestamp,
) -> Result<()> {
    let done =
        sqlx::query("UPDATE assets SET accounting_class = $1, updated_at = $2 WHERE id = $3")
            .bind(class)
            .bind(format_timestamp(at))
            .bind(id.to_string())
            .execute(c)
            .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

pub async fn insert_cost(c: impl Conn<'_>, cost: &Cost) -> Result<()> {
    sqlx::query(
        "INSERT INTO asset_costs (id, asset_id, participant_id, category, amount_fen, \
         incurred_on, capitalised, note, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&cost.id)
    .bind(cost.asset_id.to_string())
    .bind(cost.participant_id.to_string())
    .bind(&cost.category)
    .bind(cost.amount_fen)
    .bind(&cost.incurred_on)
    .bind(i64::from(cost.capitalised))
    .bind(&cost.note)
    .bind(&cost.recorded_by)
    .bind(format_timestamp(&cost.recorded_at))
    .execute(c)
    .await?;
    Ok(())
}

/// The costs `participant` recorded, oldest first, for one asset or all of them.
pub async fn costs(
    c: impl Conn<'_>,
    participant: &ParticipantId,
    asset: Option<&AssetId>,
) -> Result<Vec<Cost>> {
    let columns = "SELECT id, asset_id, participant_id, category, amount_fen, incurred_on, \
         capitalised, note, recorded_by, recorded_at FROM asset_costs WHERE participant_id = $1";
    let sql = match asset {
        Some(_) => format!("{columns} AND asset_id = $2 ORDER BY incurred_on, id"),
        None => format!("{columns} ORDER BY incurred_on, id"),
    };
    let mut query = sqlx::query(&sql).bind(participant.to_string());
    if let Some(a) = asset {
        query = query.bind(a.to_string());
    }
    query
        .fetch_all(c)
        .await?
        .iter()
        .map(|row| {
            Ok(Cost {
                id: row.try_get("id")?,
                asset_id: asset_id(row, "asset_id", "asset_costs.asset_id")?,
                participant_id: participant_id(
                    row,
                    "participant_id",
                    "asset_costs.participant_id",
                )?,
                category: row.try_get("category")?,
                amount_fen: row.try_get("amount_fen")?,
                incurred_on: row.try_get("incurred_on")?,
                capitalised: row.try_get::<i64, _>("capitalised")? != 0,
                note: row.try_get("note")?,
                recorded_by: row.try_get("recorded_by")?,
                recorded_at: ts(row, "recorded_at")?,
            })
        })
        .collect()
}

/// Records an evidence document; the same document twice is one record.
pub async fn insert_evidence(c: impl Conn<'_>, e: &Evidence) -> Result<()> {
    sqlx::query(
        "INSERT INTO rights_evidence (asset_id, sha256, media_type, size, file_name, \
         uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (asset_id, sha256) DO NOTHING",
    )
    .bind(e.asset_id.to_string())
    .bind(&e.sha256)
    .bind(&e.media_type)
    .bind(e.size)
    .bind(&e.file_name)
    .bind(&e.uploaded_by)
    .bind(format_timestamp(&e.uploaded_at))
    .execute(c)
    .await?;
    Ok(())
}

pub async fn evidence_of(c: impl Conn<'_>, asset: &AssetId) -> Result<Vec<Evidence>> {
    sqlx::query(
        "SELECT asset_id, sha256, media_type, size, file_name, uploaded_by, uploaded_at \
         FROM rights_evidence WHERE asset_id = $1 ORDER BY uploaded_at, sha256",
    )
    .bind(asset.to_string())
    .fetch_all(c)
    .await?
    .iter()
    .map(|row| {
        Ok(Evidence {
            asset_id: asset_id(row, "asset_id", "rights_evidence.asset_id")?,
            sha256: row.try_get("sha256")?,
            media_type: row.try_get("media_type")?,
            size: row.try_get("size")?,
            file_name: row.try_get("file_name")?,
            uploaded_by: row.try_get("uploaded_by")?,
            uploaded_at: ts(row, "uploaded_at")?,
        })
    })
    .collect()
}

const CERT_COLUMNS: &str = "id, kind, asset_id, event_id, status_list, status_index, \
    credential, issued_at, revoked_at, revoked_reason";

fn certificate_from_row(row: &AnyRow) -> Result<Certificate> {
    let revoked: Option<String> = row.try_get("revoked_at")?;
    Ok(Certificate {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        asset_id: asset_id(row, "asset_id", "certificates.asset_id")?,
        event_id: row.try_get("event_id")?,
        status_list: row.try_get("status_list")?,
        status_index: row.try_get("status_index")?,
        credential: row.try_get("credential")?,
        issued_at: ts(row, "issued_at")?,
        revoked_at: match revoked {
            Some(s) => {
                Some(types::parse_timestamp(&s).ok_or(Error::Corrupt("certificates.revoked_at"))?)
            }
            None => None,
        },
        revoked_reason: row.try_get("revoked_reason")?,
    })
}

/// Records an issued certificate. Fails with `Conflict` when its status index is taken or a
/// certificate of this kind already attests the event.
pub async fn insert_certificate(c: impl Conn<'_>, cert: &Certificate) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO certificates ({CERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&cert.id)
    .bind(&cert.kind)
    .bind(cert.asset_id.to_string())
    .bind(&cert.event_id)
    .bind(cert.status_list)
    .bind(cert.status_index)
    .bind(&cert.credential)
    .bind(format_timestamp(&cert.issued_at))
    .bind(cert.revoked_at.as_ref().map(format_timestamp))
    .bind(&cert.revoked_reason)
    .execute(c)
    .await?;
    Ok(())
}

/// The newest certificate of `kind` for an asset.
pub async fn latest_certificate(
    c: impl Conn<'_>,
    asset: &AssetId,
    kind: &str,
) -> Result<Option<Certificate>> {
    sqlx::query(&format!(
        "SELECT {CERT_COLUMNS} FROM certificates WHERE asset_id = $1 AND kind = $2 \
         ORDER BY issued_at DESC, id DESC LIMIT 1"
    ))
    .bind(asset.to_string())
    .bind(kind)
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(certificate_from_row)
    .transpose()
}

/// Every certificate issued for an asset, newest first.
pub async fn certificates_of(c: impl Conn<'_>, asset: &AssetId) -> Result<Vec<Certificate>> {
    sqlx::query(&format!(
        "SELECT {CERT_COLUMNS} FROM certificates WHERE asset_id = $1 \
         ORDER BY issued_at DESC, id DESC"
    ))
    .bind(asset.to_string())
    .fetch_all(c)
    .await?
    .iter()
    .map(certificate_from_row)
    .collect()
}

pub async fn certificate(c: impl Conn<'_>, id: &str) -> Result<Option<Certificate>> {
    sqlx::query(&format!(
        "SELECT {CERT_COLUMNS} FROM certificates WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(certificate_from_row)
    .transpose()
}

/// Marks a certificate revoked; one already revoked keeps its first reason.
pub async fn revoke_certificate(
    c: impl Conn<'_>,
    id: &str,
    reason: &str,
    at: &Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE certificates SET revoked_at = $1, revoked_reason = $2 \
         WHERE id = $3 AND revoked_at IS NULL",
    )
    .bind(format_timestamp(at))
    .bind(reason)
    .bind(id)
    .execute(c)
    .await?;
    Ok(())
}

/// The revoked indexes of one status list.
pub async fn revoked_indexes(c: impl Conn<'_>, list: i64) -> Result<Vec<i64>> {
    sqlx::query(
        "SELECT status_index FROM certificates WHERE status_list = $1 AND revoked_at IS NOT NULL",
    )
    .bind(list)
    .fetch_all(c)
    .await?
    .iter()
    .map(|r| Ok(r.try_get(0)?))
    .collect()
}

/// How many certificates hold a place in a status list.
pub async fn status_list_used(c: impl Conn<'_>, list: i64) -> Result<i64> {
    Ok(
        sqlx::query("SELECT COUNT(*) FROM certificates WHERE status_list = $1")
            .bind(list)
            .fetch_one(c)
            .await?
            .try_get(0)?,
    )
}

/// Whether a place in a status list is taken.
pub async fn status_index_taken(c: impl Conn<'_>, list: i64, index: i64) -> Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM certificates WHERE status_list = $1 AND status_index = $2")
            .bind(list)
            .bind(index)
            .fetch_optional(c)
            .await?
            .is_some(),
    )
}

/// Registered assets whose latest rights event is in the log but not yet attested by a
/// certificate (a destroyed asset's only once, by its destruction certificate), oldest first.
pub async fn due_for_certificate(c: impl Conn<'_>, limit: i64) -> Result<Vec<AssetId>> {
    sqlx::query(
        "SELECT r.asset_id FROM rights_assets r \
         JOIN log_entries l ON l.event_id = r.last_event_id \
         JOIN assets a ON a.id = r.asset_id \
         WHERE NOT EXISTS (SELECT 1 FROM certificates c WHERE c.event_id = r.last_event_id) \
         AND NOT (a.lifecycle = 'destroyed' AND EXISTS (SELECT 1 FROM certificates d \
           WHERE d.asset_id = r.asset_id AND d.kind = 'destruction')) \
         ORDER BY l.log_index LIMIT $1",
    )
    .bind(limit)
    .fetch_all(c)
    .await?
    .iter()
    .map(|row| asset_id(row, "asset_id", "rights_assets.asset_id"))
    .collect()
}

//! The cross-border gate's record: approvals on record per exporter, and the gate's decisions
//! for transfers abroad, whose executed ones are the exporter's counters (see migration 0005).

use sqlx::Row;
use sqlx::any::AnyRow;
use types::{ApprovalId, ParticipantId, Timestamp, TransferId, UserId, format_timestamp};

use crate::participants::ts;
use crate::{Conn, Error, Result};

/// An approval an exporter holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    pub id: ApprovalId,
    pub participant_id: ParticipantId,
    /// `security_assessment`, `standard_contract` or `certification`.
    pub kind: String,
    /// The approval's number (assessment result, filing or certificate number).
    pub reference: String,
    /// `YYYY-MM-DD`.
    pub issued: String,
    /// `YYYY-MM-DD`, when the approval states one.
    pub valid_until: Option<String>,
    pub note: String,
    /// The attached document: SHA-256 (its blob key), media type and size.
    pub document: Option<(String, String, i64)>,
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
}

/// One decision of the gate for a transfer abroad.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    pub id: TransferId,
    /// The exporter.
    pub participant_id: ParticipantId,
    /// The year of the transfer's date (Asia/Shanghai), which its counts belong to.
    pub year: i64,
    pub destination: String,
    pub outcome: String,
    pub allowed: bool,
    /// Whether the transfer went ahead (and so counts).
    pub executed: bool,
    /// The legal basis it is counted under (the decision's counting tag).
    pub counting: String,
    pub individuals: i64,
    pub sensitive_individuals: i64,
    /// The request and the decision, as JSON.
    pub request: String,
    pub decision: String,
    pub decided_by: UserId,
    pub decided_at: Timestamp,
    /// The asset version transferred, when the decision was about one.
    pub asset_version_id: Option<types::AssetVersionId>,
}

/// An exporter's executed transfers in one year under one counting tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counter {
    pub counting: String,
    pub transfers: i64,
    pub individuals: i64,
    pub sensitive_individuals: i64,
}

fn id_of<T>(
    row: &AnyRow,
    col: &str,
    parse: fn(&str) -> std::result::Result<T, types::IdError>,
    what: &'static str,
) -> Result<T> {
    let s: String = row.try_get(col)?;
    parse(&s).map_err(|_| Error::Corrupt(what))
}

fn approval_from_row(row: &AnyRow) -> Result<Approval> {
    Ok(Approval {
        id: id_of(row, "id", ApprovalId::parse, "xborder_approvals.id")?,
        participant_id: id_of(
            row,
            "participant_id",
            ParticipantId::parse,
            "xborder_approvals.participant_id",
        )?,
        kind: row.try_get("kind")?,
        reference: row.try_get("reference")?,
        issued: row.try_get("issued")?,
        valid_until: row.try_get("valid_until")?,
        note: row.try_get("note")?,
        document: {
            let sha: Option<String> = row.try_get("document_sha256")?;
            let kind: Option<String> = row.try_get("document_type")?;
            let size: Option<i64> = row.try_get("document_size")?;
            sha.zip(kind).zip(size).map(|((s, k), n)| (s, k, n))
        },
        recorded_by: id_of(
            row,
            "recorded_by",
            UserId::parse,
            "xborder_approvals.recorded_by",
        )?,
        recorded_at: ts(row, "recorded_at")?,
    })
}

fn transfer_from_row(row: &AnyRow) -> Result<Transfer> {
    let allowed: i64 = row.try_get("allowed")?;
    let executed: i64 = row.try_get("executed")?;
    Ok(Transfer {
        id: id_of(row, "id", TransferId::parse, "xborder_transfers.id")?,
        participant_id: id_of(
            row,
            "participant_id",
            ParticipantId::parse,
            "xborder_transfers.participant_id",
        )?,
        year: row.try_get("transfer_year")?,
        destination: row.try_get("destination")?,
        outcome: row.try_get("outcome")?,
        allowed: allowed != 0,
        executed: executed != 0,
        counting: row.try_get("counting")?,
        individuals: row.try_get("individuals")?,
        sensitive_individuals: row.try_get("sensitive_individuals")?,
        request: row.try_get("request")?,
        decision: row.try_get("decision")?,
        decided_by: id_of(
            row,
            "decided_by",
            UserId::parse,
            "xborder_transfers.decided_by",
        )?,
        decided_at: ts(row, "decided_at")?,
        asset_version_id: {
            let v: Option<String> = row.try_get("asset_version_id")?;
            v.map(|v| {
                types::AssetVersionId::parse(&v)
                    .map_err(|_| Error::Corrupt("xborder_transfers.asset_version_id"))
            })
            .transpose()?
        },
    })
}

const APPROVAL_COLUMNS: &str = "id, participant_id, kind, reference, issued, valid_until, note, \
     document_sha256, document_type, document_size, recorded_by, recorded_at";
const TRANSFER_COLUMNS: &str = "id, participant_id, transfer_year, destination, outcome, allowed, \
     executed, counting, individuals, sensitive_individuals, request, decision, decided_by, decided_at, \
     asset_version_id";

pub async fn insert_approval(c: impl Conn<'_>, a: &Approval) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO xborder_approvals ({APPROVAL_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    ))
    .bind(a.id.to_string())
    .bind(a.participant_id.to_string())
    .bind(&a.kind)
    .bind(&a.reference)
    .bind(&a.issued)
    .bind(a.valid_until.as_deref())
    .bind(&a.note)
    .bind(a.document.as_ref().map(|d| d.0.clone()))
    .bind(a.document.as_ref().map(|d| d.1.clone()))
    .bind(a.document.as_ref().map(|d| d.2))
    .bind(a.recorded_by.to_string())
    .bind(format_timestamp(&a.recorded_at))
    .execute(c)
    .await?;
    Ok(())
}

/// One approval.
pub async fn approval(c: impl Conn<'_>, id: &ApprovalId) -> Result<Option<Approval>> {
    let row = sqlx::query(&format!(
        "SELECT {APPROVAL_COLUMNS} FROM xborder_approvals WHERE id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(c)
    .await?;
    row.as_ref().map(approval_from_row).transpose()
}

/// Attaches (or replaces) an approval's document.
pub async fn attach_document(
    c: impl Conn<'_>,
    id: &ApprovalId,
    sha256: &str,
    media_type: &str,
    size: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE xborder_approvals SET document_sha256 = $1, document_type = $2, document_size = $3 \
         WHERE id = $4",
    )
    .bind(sha256)
    .bind(media_type)
    .bind(size)
    .bind(id.to_string())
    .execute(c)
    .await?;
    Ok(())
}

/// An exporter's approvals, newest issue first.
pub async fn approvals(c: impl Conn<'_>, participant: &ParticipantId) -> Result<Vec<Approval>> {
    let rows = sqlx::query(&format!(
        "SELECT {APPROVAL_COLUMNS} FROM xborder_approvals WHERE participant_id = $1 \
         ORDER BY issued DESC, id DESC"
    ))
    .bind(participant.to_string())
    .fetch_all(c)
    .await?;
    rows.iter().map(approval_from_row).collect()
}

pub async fn insert_transfer(c: impl Conn<'_>, t: &Transfer) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO xborder_transfers ({TRANSFER_COLUMNS}) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(t.id.to_string())
    .bind(t.participant_id.to_string())
    .bind(t.year)
    .bind(&t.destination)
    .bind(&t.outcome)
    .bind(i64::from(t.allowed))
    .bind(i64::from(t.executed))
    .bind(&t.counting)
    .bind(t.individuals)
    .bind(t.sensitive_individuals)
    .bind(&t.request)
    .bind(&t.decision)
    .bind(t.decided_by.to_string())
    .bind(format_timestamp(&t.decided_at))
    .bind(t.asset_version_id.map(|v| v.to_string()))
    .execute(c)
    .await?;
    Ok(())
}

/// An exporter's decisions, newest first, at most `limit`.
pub async fn transfers(
    c: impl Conn<'_>,
    participant: &ParticipantId,
    limit: i64,
) -> Result<Vec<Transfer>> {
    let rows = sqlx::query(&format!(
        "SELECT {TRANSFER_COLUMNS} FROM xborder_transfers WHERE participant_id = $1 \
         ORDER BY decided_at DESC, id DESC LIMIT $2"
    ))
    .bind(participant.to_string())
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(transfer_from_row).collect()
}

/// An exporter's executed transfers in `year`, per counting tag.
pub async fn counters(
    c: impl Conn<'_>,
    participant: &ParticipantId,
    year: i64,
) -> Result<Vec<Counter>> {
    let rows = sqlx::query(
        "SELECT counting, COUNT(*) AS transfers, \
         CAST(COALESCE(SUM(individuals), 0) AS BIGINT) AS individuals, \
         CAST(COALESCE(SUM(sensitive_individuals), 0) AS BIGINT) AS sensitive_individuals \
         FROM xborder_transfers WHERE participant_id = $1 AND transfer_year = $2 AND executed = 1 \
         AND counting <> 'not_exported' GROUP BY counting ORDER BY counting",
    )
    .bind(participant.to_string())
    .bind(year)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Counter {
                counting: r.try_get("counting")?,
                transfers: r.try_get("transfers")?,
                individuals: r.try_get("individuals")?,
                sensitive_individuals: r.try_get("sensitive_individuals")?,
            })
        })
        .collect()
}

/// What the operator has established about an exporter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExporterProfile {
    pub participant_id: ParticipantId,
    /// A critical information infrastructure operator.
    pub ciio: bool,
    /// The free-trade zone whose list it exports under.
    pub ftz: Option<String>,
    /// What the record rests on (the notice, the registration).
    pub basis: String,
    pub updated_by: UserId,
    pub updated_at: Timestamp,
}

pub async fn exporter_profile(
    c: impl Conn<'_>,
    participant: &ParticipantId,
) -> Result<Option<ExporterProfile>> {
    let row = sqlx::query(
        "SELECT participant_id, ciio, ftz, basis, updated_by, updated_at FROM xborder_exporters \
         WHERE participant_id = $1",
    )
    .bind(participant.to_string())
    .fetch_optional(c)
    .await?;
    row.map(|r| {
        let ciio: i64 = r.try_get("ciio")?;
        Ok(ExporterProfile {
            participant_id: id_of(
                &r,
                "participant_id",
                ParticipantId::parse,
                "xborder_exporters.participant_id",
            )?,
            ciio: ciio != 0,
            ftz: r.try_get("ftz")?,
            basis: r.try_get("basis")?,
            updated_by: id_of(
                &r,
                "updated_by",
                UserId::parse,
                "xborder_exporters.updated_by",
            )?,
            updated_at: ts(&r, "updated_at")?,
        })
    })
    .transpose()
}

pub async fn set_exporter_profile(c: impl Conn<'_>, p: &ExporterProfile) -> Result<()> {
    sqlx::query(
        "INSERT INTO xborder_exporters (participant_id, ciio, ftz, basis, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (participant_id) DO UPDATE SET \
         ciio = excluded.ciio, ftz = excluded.ftz, basis = excluded.basis, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(p.participant_id.to_string())
    .bind(i64::from(p.ciio))
    .bind(p.ftz.as_deref())
    .bind(&p.basis)
    .bind(p.updated_by.to_string())
    .bind(format_timestamp(&p.updated_at))
    .execute(c)
    .await?;
    Ok(())
}

/// The stored people sets (blob SHA-256) of an exporter's year, per counting tag.
pub async fn people_sets(
    c: impl Conn<'_>,
    participant: &ParticipantId,
    year: i64,
) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT counting, set_sha256 FROM xborder_people WHERE participant_id = $1 \
         AND transfer_year = $2 ORDER BY counting",
    )
    .bind(participant.to_string())
    .bind(year)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("counting")?, r.try_get("set_sha256")?)))
        .collect()
}

/// Records the people set of an exporter's year under one counting tag.
pub async fn set_people_set(
    c: impl Conn<'_>,
    participant: &ParticipantId,
    year: i64,
    counting: &str,
    sha256: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO xborder_people (participant_id, transfer_year, counting, set_sha256) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (participant_id, transfer_year, counting) \
         DO UPDATE SET set_sha256 = excluded.set_sha256",
    )
    .bind(participant.to_string())
    .bind(year)
    .bind(counting)
    .bind(sha256)
    .execute(c)
    .await?;
    Ok(())
}

/// How many of an exporter's executed transfers in `year` carried no people set (so distinct
/// counting cannot be exact, and the sums are used).
pub async fn executed_without_people(
    c: impl Conn<'_>,
    participant: &ParticipantId,
    year: i64,
) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM xborder_transfers WHERE participant_id = $1 \
         AND transfer_year = $2 AND executed = 1 AND asset_version_id IS NULL \
         AND counting <> 'not_exported'",
    )
    .bind(participant.to_string())
    .bind(year)
    .fetch_one(c)
    .await?;
    Ok(row.try_get("n")?)
}

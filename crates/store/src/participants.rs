//! Participants (数商, the operator and regulators): registration and verification status.

use sqlx::Row;
use sqlx::any::AnyRow;
use types::{
    MerchantRole, OrgIdScheme, ParticipantId, ParticipantKind, ParticipantStatus, Region,
    ServiceKind, Timestamp, format_timestamp,
};

use crate::{Conn, Error, Result};

/// A registered organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    pub id: ParticipantId,
    pub kind: ParticipantKind,
    pub name_zh: String,
    pub name_en: String,
    pub org_id_scheme: OrgIdScheme,
    pub org_id: String,
    pub region: Region,
    pub roles: Vec<MerchantRole>,
    pub service_kinds: Vec<ServiceKind>,
    pub status: ParticipantStatus,
    pub status_reason: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Participant {
    pub fn has_role(&self, role: MerchantRole) -> bool {
        self.roles.contains(&role)
    }
}

/// What registration writes.
#[derive(Clone, Debug)]
pub struct NewParticipant {
    pub id: ParticipantId,
    pub kind: ParticipantKind,
    pub name_zh: String,
    pub name_en: String,
    pub org_id_scheme: OrgIdScheme,
    pub org_id: String,
    pub region: Region,
    pub roles: Vec<MerchantRole>,
    pub service_kinds: Vec<ServiceKind>,
    pub status: ParticipantStatus,
    pub at: Timestamp,
}

/// Which participants a listing returns, newest first.
#[derive(Clone, Debug, Default)]
pub struct ParticipantFilter {
    pub status: Option<ParticipantStatus>,
    /// Only ids that sort before this one (the pagination cursor).
    pub before: Option<ParticipantId>,
    pub limit: i64,
}

const COLUMNS: &str = "id, kind, name_zh, name_en, id_scheme, id_value, region, roles, \
    service_kinds, status, status_reason, created_at, updated_at";

pub(crate) fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn split<T>(s: &str, parse: impl Fn(&str) -> Option<T>, what: &'static str) -> Result<Vec<T>> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| parse(p).ok_or(Error::Corrupt(what)))
        .collect()
}

pub(crate) fn ts(row: &AnyRow, col: &str) -> Result<Timestamp> {
    let s: String = row.try_get(col)?;
    types::parse_timestamp(&s).ok_or(Error::Corrupt("timestamp"))
}

fn from_row(row: &AnyRow) -> Result<Participant> {
    let id: String = row.try_get("id")?;
    let kind: String = row.try_get("kind")?;
    let scheme: String = row.try_get("id_scheme")?;
    let region: String = row.try_get("region")?;
    let roles: String = row.try_get("roles")?;
    let service_kinds: String = row.try_get("service_kinds")?;
    let status: String = row.try_get("status")?;
    Ok(Participant {
        id: ParticipantId::parse(&id).map_err(|_| Error::Corrupt("participants.id"))?,
        kind: ParticipantKind::parse(&kind).ok_or(Error::Corrupt("participants.kind"))?,
        name_zh: row.try_get("name_zh")?,
        name_en: row.try_get("name_en")?,
        org_id_scheme: OrgIdScheme::parse(&scheme)
            .ok_or(Error::Corrupt("participants.id_scheme"))?,
        org_id: row.try_get("id_value")?,
        region: Region::parse(&region).map_err(|_| Error::Corrupt("participants.region"))?,
        roles: split(&roles, MerchantRole::parse, "participants.roles")?,
        service_kinds: split(
            &service_kinds,
            ServiceKind::parse,
            "participants.service_kinds",
        )?,
        status: ParticipantStatus::parse(&status).ok_or(Error::Corrupt("participants.status"))?,
        status_reason: row.try_get("status_reason")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

/// Inserts a participant. A second registration with the same identifier is `Error::Conflict`.
pub async fn insert(c: impl Conn<'_>, p: &NewParticipant) -> Result<()> {
    let at = format_timestamp(&p.at);
    sqlx::query(
        "INSERT INTO participants (id, kind, name_zh, name_en, id_scheme, id_value, region, roles, \
         service_kinds, status, status_reason, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $11)",
    )
    .bind(p.id.to_string())
    .bind(p.kind.as_str())
    .bind(&p.name_zh)
    .bind(&p.name_en)
    .bind(p.org_id_scheme.as_str())
    .bind(&p.org_id)
    .bind(p.region.as_str())
    .bind(join(&p.roles))
    .bind(join(&p.service_kinds))
    .bind(p.status.as_str())
    .bind(at)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn get(c: impl Conn<'_>, id: &ParticipantId) -> Result<Option<Participant>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM participants WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(c)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn find_by_org_id(
    c: impl Conn<'_>,
    scheme: OrgIdScheme,
    org_id: &str,
) -> Result<Option<Participant>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM participants WHERE id_scheme = $1 AND id_value = $2"
    ))
    .bind(scheme.as_str())
    .bind(org_id)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn list(c: impl Conn<'_>, f: &ParticipantFilter) -> Result<Vec<Participant>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM participants \
         WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR id < $2) \
         ORDER BY id DESC LIMIT $3"
    ))
    .bind(f.status.map(|s| s.as_str()))
    .bind(f.before.map(|b| b.to_string()))
    .bind(f.limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Moves a participant to `status`, recording why. `Error::NotFound` if it does not exist.
pub async fn set_status(
    c: impl Conn<'_>,
    id: &ParticipantId,
    status: ParticipantStatus,
    reason: Option<&str>,
    at: &Timestamp,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE participants SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(status.as_str())
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

/// The oldest participant of `kind` (the exchange has one operator).
pub async fn first_of_kind(c: impl Conn<'_>, kind: ParticipantKind) -> Result<Option<Participant>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM participants WHERE kind = $1 ORDER BY id LIMIT 1"
    ))
    .bind(kind.as_str())
    .fetch_optional(c)
    .await?;
    row.as_ref().map(from_row).transpose()
}

//! The event outbox. Each state change appends one domain event in the same transaction as the
//! change, with its body in RFC 8785 canonical JSON so that its hash is stable. The transparency
//! log's sequencer reads the outbox in `seq` order.

use sqlx::Row;
use sqlx::any::AnyRow;
use types::{EventId, Timestamp, format_timestamp};

use crate::participants::ts;
use crate::{Conn, Error, Result};

/// A domain event about to be written.
#[derive(Clone, Debug)]
pub struct NewEvent {
    /// Dotted type, e.g. `participant.verified`.
    pub event_type: &'static str,
    /// The public id of the thing that changed.
    pub subject_id: String,
    /// The user who caused it; `None` for the system (seeding, migrations).
    pub actor_id: Option<String>,
    pub at: Timestamp,
    /// Event-specific data; the stored body wraps it with the fields above.
    pub data: serde_json::Value,
}

/// A stored event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub seq: i64,
    pub id: EventId,
    pub event_type: String,
    pub subject_id: String,
    pub actor_id: Option<String>,
    pub occurred_at: Timestamp,
    /// Canonical JSON (RFC 8785).
    pub body: String,
}

/// The canonical body: `{"actor", "at", "data", "id", "subject", "type"}`.
fn canonical_body(id: &EventId, e: &NewEvent) -> Result<String> {
    let value = serde_json::json!({
        "id": id.to_string(),
        "type": e.event_type,
        "subject": e.subject_id,
        "actor": e.actor_id,
        "at": format_timestamp(&e.at),
        "data": e.data,
    });
    serde_json_canonicalizer::to_string(&value).map_err(|_| Error::Corrupt("event body"))
}

/// Appends `e` to the outbox and returns its id.
pub async fn append(c: impl Conn<'_>, e: &NewEvent) -> Result<EventId> {
    let id = EventId::new();
    let body = canonical_body(&id, e)?;
    sqlx::query(
        "INSERT INTO events (id, event_type, subject_id, actor_id, occurred_at, body) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(e.event_type)
    .bind(&e.subject_id)
    .bind(e.actor_id.as_deref())
    .bind(format_timestamp(&e.at))
    .bind(body)
    .execute(c)
    .await?;
    Ok(id)
}

/// Appends several events in one statement, in order, and returns their ids: for use cases that
/// change many things at once.
pub async fn append_many(c: &mut sqlx::AnyConnection, events: &[NewEvent]) -> Result<Vec<EventId>> {
    let mut ids = Vec::with_capacity(events.len());
    // Six parameters a row: 1,000 rows stay well inside both engines' parameter limits.
    for chunk in events.chunks(1000) {
        ids.extend(append_chunk(&mut *c, chunk).await?);
    }
    Ok(ids)
}

async fn append_chunk(c: impl Conn<'_>, events: &[NewEvent]) -> Result<Vec<EventId>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows = Vec::with_capacity(events.len());
    for e in events {
        let id = EventId::new();
        let body = canonical_body(&id, e)?;
        rows.push((id, body));
    }
    let values: Vec<String> = (0..events.len())
        .map(|i| {
            let p = i * 6;
            format!(
                "(${}, ${}, ${}, ${}, ${}, ${})",
                p + 1,
                p + 2,
                p + 3,
                p + 4,
                p + 5,
                p + 6
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO events (id, event_type, subject_id, actor_id, occurred_at, body) VALUES {}",
        values.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for ((id, body), e) in rows.iter().zip(events) {
        query = query
            .bind(id.to_string())
            .bind(e.event_type)
            .bind(&e.subject_id)
            .bind(e.actor_id.as_deref())
            .bind(format_timestamp(&e.at))
            .bind(body);
    }
    query.execute(c).await?;
    Ok(rows.into_iter().map(|(id, _)| id).collect())
}

fn from_row(row: &AnyRow) -> Result<Event> {
    let id: String = row.try_get("id")?;
    Ok(Event {
        seq: row.try_get("seq")?,
        id: EventId::parse(&id).map_err(|_| Error::Corrupt("events.id"))?,
        event_type: row.try_get("event_type")?,
        subject_id: row.try_get("subject_id")?,
        actor_id: row.try_get("actor_id")?,
        occurred_at: ts(row, "occurred_at")?,
        body: row.try_get("body")?,
    })
}

/// Events after `after_seq` in outbox order, at most `limit`.
pub async fn after(c: impl Conn<'_>, after_seq: i64, limit: i64) -> Result<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT seq, id, event_type, subject_id, actor_id, occurred_at, body FROM events \
         WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after_seq)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The event with id `id`.
pub async fn by_id(c: impl Conn<'_>, id: &str) -> Result<Option<Event>> {
    let row = sqlx::query(
        "SELECT seq, id, event_type, subject_id, actor_id, occurred_at, body FROM events \
         WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The `seq` of the newest event (0 when there is none).
pub async fn last_seq(c: impl Conn<'_>) -> Result<i64> {
    let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS s FROM events")
        .fetch_one(c)
        .await?;
    Ok(row.try_get("s")?)
}

/// Events about one subject, oldest first.
pub async fn of_subject(c: impl Conn<'_>, subject: &str) -> Result<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT seq, id, event_type, subject_id, actor_id, occurred_at, body FROM events \
         WHERE subject_id = $1 ORDER BY seq",
    )
    .bind(subject)
    .fetch_all(c)
    .await?;
    rows.iter().map(from_row).collect()
}

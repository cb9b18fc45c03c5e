//! Idempotency keys for creating endpoints: the first request with a key claims it, its response
//! is saved, and a retry with the same key and the same request replays that response instead
//! of doing the work twice.

use sqlx::Row;
use types::{Timestamp, format_timestamp};

use crate::{Conn, Result};

/// A saved response.
#[derive(Clone, Debug, PartialEq)]
pub struct IdempotencyRecord {
    pub status: i64,
    pub response_body: String,
}

/// What claiming a key found.
#[derive(Clone, Debug, PartialEq)]
pub enum IdempotencyStart {
    /// The key is new and now claimed by this request.
    Fresh,
    /// The key was used for the same request, which finished: replay its response.
    Replay(IdempotencyRecord),
    /// The key was used for the same request, which is still running.
    InProgress,
    /// The key was used for a different request (another route or body).
    Mismatch,
}

/// Claims `key` for `principal`. A claim left unfinished for longer than `stale_before` (a crashed
/// request) may be taken over.
pub async fn start(
    c: &mut sqlx::AnyConnection,
    principal: &str,
    key: &str,
    route: &str,
    request_hash: &str,
    now: &Timestamp,
    stale_before: &Timestamp,
) -> Result<IdempotencyStart> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (principal, idem_key, route, request_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (principal, idem_key) DO NOTHING",
    )
    .bind(principal)
    .bind(key)
    .bind(route)
    .bind(request_hash)
    .bind(format_timestamp(now))
    .execute(&mut *c)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(IdempotencyStart::Fresh);
    }
    let row = sqlx::query(
        "SELECT route, request_hash, status, response_body, created_at FROM idempotency_keys \
         WHERE principal = $1 AND idem_key = $2",
    )
    .bind(principal)
    .bind(key)
    .fetch_one(&mut *c)
    .await?;
    let same = row.try_get::<String, _>("route")? == route
        && row.try_get::<String, _>("request_hash")? == request_hash;
    if !same {
        return Ok(IdempotencyStart::Mismatch);
    }
    let status: Option<i64> = row.try_get("status")?;
    let body: Option<String> = row.try_get("response_body")?;
    match (status, body) {
        (Some(status), Some(response_body)) => Ok(IdempotencyStart::Replay(IdempotencyRecord {
            status,
            response_body,
        })),
        _ => {
            let created: String = row.try_get("created_at")?;
            if created < format_timestamp(stale_before) {
                let taken = sqlx::query(
                    "UPDATE idempotency_keys SET created_at = $1 \
                     WHERE principal = $2 AND idem_key = $3 AND status IS NULL AND created_at = $4",
                )
                .bind(format_timestamp(now))
                .bind(principal)
                .bind(key)
                .bind(created)
                .execute(&mut *c)
                .await?;
                if taken.rows_affected() == 1 {
                    return Ok(IdempotencyStart::Fresh);
                }
            }
            Ok(IdempotencyStart::InProgress)
        }
    }
}

/// Saves the response of a claimed key.
pub async fn finish(
    c: impl Conn<'_>,
    principal: &str,
    key: &str,
    status: i64,
    response_body: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET status = $1, response_body = $2 \
         WHERE principal = $3 AND idem_key = $4",
    )
    .bind(status)
    .bind(response_body)
    .bind(principal)
    .bind(key)
    .execute(c)
    .await?;
    Ok(())
}

/// Releases a claimed key without a response (the request failed in a way worth retrying).
pub async fn abandon(c: impl Conn<'_>, principal: &str, key: &str) -> Result<()> {
    sqlx::query(
        "DELETE FROM idempotency_keys WHERE principal = $1 AND idem_key = $2 AND status IS NULL",
    )
    .bind(principal)
    .bind(key)
    .execute(c)
    .await?;
    Ok(())
}

/// Forgets keys created before `before`.
pub async fn sweep(c: impl Conn<'_>, before: &Timestamp) -> Result<()> {
    sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(format_timestamp(before))
        .execute(c)
        .await?;
    Ok(())
}

//! People and their credentials: users, API bearer tokens and portal sessions (secrets are
//! stored only as SHA-256 hashes), and the failed-login record that throttling reads.

use sqlx::Row;
use sqlx::any::AnyRow;
use types::{ParticipantId, SessionId, StaffRole, Timestamp, TokenId, UserId, format_timestamp};

use crate::participants::ts;
use crate::{Conn, Error, Result};

/// A person who logs in on behalf of a participant.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: UserId,
    pub participant_id: ParticipantId,
    pub username: String,
    pub display_name: String,
    /// The PHC string of an argon2id hash. Never logged, never serialised.
    pub password_hash: String,
    pub staff_role: StaffRole,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug)]
pub struct NewUser {
    pub id: UserId,
    pub participant_id: ParticipantId,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub staff_role: StaffRole,
    pub at: Timestamp,
}

/// An API bearer token's record (the secret itself is never stored).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiToken {
    pub id: TokenId,
    pub user_id: UserId,
    pub name: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// A portal session's record.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub id: SessionId,
    pub user_id: UserId,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

const USER_COLUMNS: &str =
    "id, participant_id, username, display_name, password_hash, staff_role, created_at";

fn user_from_row(row: &AnyRow) -> Result<User> {
    let id: String = row.try_get("id")?;
    let participant: String = row.try_get("participant_id")?;
    let role: String = row.try_get("staff_role")?;
    Ok(User {
        id: UserId::parse(&id).map_err(|_| Error::Corrupt("users.id"))?,
        participant_id: ParticipantId::parse(&participant)
            .map_err(|_| Error::Corrupt("users.participant_id"))?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        staff_role: StaffRole::parse(&role).ok_or(Error::Corrupt("users.staff_role"))?,
        created_at: ts(row, "created_at")?,
    })
}

/// Inserts a user. A taken username is `Error::Conflict`.
pub async fn insert(c: impl Conn<'_>, u: &NewUser) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, participant_id, username, display_name, password_hash, staff_role, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(u.id.to_string())
    .bind(u.participant_id.to_string())
    .bind(&u.username)
    .bind(&u.display_name)
    .bind(&u.password_hash)
    .bind(u.staff_role.as_str())
    .bind(format_timestamp(&u.at))
    .execute(c)
    .await?;
    Ok(())
}

pub async fn get(c: impl Conn<'_>, id: &UserId) -> Result<Option<User>> {
    let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(c)
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn by_username(c: impl Conn<'_>, username: &str) -> Result<Option<User>> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
    ))
    .bind(username)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn of_participant(c: impl Conn<'_>, id: &ParticipantId) -> Result<Vec<User>> {
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE participant_id = $1 ORDER BY id"
    ))
    .bind(id.to_string())
    .fetch_all(c)
    .await?;
    rows.iter().map(user_from_row).collect()
}

fn token_from_row(row: &AnyRow) -> Result<ApiToken> {
    let id: String = row.try_get("id")?;
    let user: String = row.try_get("user_id")?;
    let revoked: Option<String> = row.try_get("revoked_at")?;
    Ok(ApiToken {
        id: TokenId::parse(&id).map_err(|_| Error::Corrupt("api_tokens.id"))?,
        user_id: UserId::parse(&user).map_err(|_| Error::Corrupt("api_tokens.user_id"))?,
        name: row.try_get("name")?,
        created_at: ts(row, "created_at")?,
        expires_at: ts(row, "expires_at")?,
        revoked_at: revoked
            .map(|r| types::parse_timestamp(&r).ok_or(Error::Corrupt("api_tokens.revoked_at")))
            .transpose()?,
    })
}

pub async fn insert_token(c: impl Conn<'_>, t: &ApiToken, secret_hash: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(t.id.to_string())
    .bind(t.user_id.to_string())
    .bind(&t.name)
    .bind(secret_hash)
    .bind(format_timestamp(&t.created_at))
    .bind(format_timestamp(&t.expires_at))
    .execute(c)
    .await?;
    Ok(())
}

/// The token whose secret hashes to `secret_hash`, whatever its state; the caller checks
/// expiry and revocation so it can say which one failed.
pub async fn token_by_hash(c: impl Conn<'_>, secret_hash: &str) -> Result<Option<ApiToken>> {
    let row = sqlx::query(
        "SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens \
         WHERE token_hash = $1",
    )
    .bind(secret_hash)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(token_from_row).transpose()
}

pub async fn tokens_of_user(c: impl Conn<'_>, user: &UserId) -> Result<Vec<ApiToken>> {
    let rows = sqlx::query(
        "SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens \
         WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user.to_string())
    .fetch_all(c)
    .await?;
    rows.iter().map(token_from_row).collect()
}

pub async fn get_token(c: impl Conn<'_>, id: &TokenId) -> Result<Option<ApiToken>> {
    let row = sqlx::query(
        "SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens \
         WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(c)
    .await?;
    row.as_ref().map(token_from_row).transpose()
}

/// Marks a token revoked; revoking twice keeps the first time.
pub async fn revoke_token(c: impl Conn<'_>, id: &TokenId, at: &Timestamp) -> Result<()> {
    sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
        .bind(format_timestamp(at))
        .bind(id.to_string())
        .execute(c)
        .await?;
    Ok(())
}

pub async fn insert_session(
    c: impl Conn<'_>,
    s: &Session,
    secret_hash: &str,
    at: &Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id, user_id, secret_hash, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(s.id.to_string())
    .bind(s.user_id.to_string())
    .bind(secret_hash)
    .bind(&s.csrf_token)
    .bind(format_timestamp(at))
    .bind(format_timestamp(&s.expires_at))
    .execute(c)
    .await?;
    Ok(())
}

pub async fn session_by_hash(c: impl Conn<'_>, secret_hash: &str) -> Result<Option<Session>> {
    let row = sqlx::query(
        "SELECT id, user_id, csrf_token, expires_at FROM sessions WHERE secret_hash = $1",
    )
    .bind(secret_hash)
    .fetch_optional(c)
    .await?;
    row.as_ref()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let user: String = row.try_get("user_id")?;
            Ok(Session {
                id: SessionId::parse(&id).map_err(|_| Error::Corrupt("sessions.id"))?,
                user_id: UserId::parse(&user).map_err(|_| Error::Corrupt("sessions.user_id"))?,
                csrf_token: row.try_get("csrf_token")?,
                expires_at: ts(row, "expires_at")?,
            })
        })
        .transpose()
}

/// Ends a session.
pub async fn delete_session(c: impl Conn<'_>, id: &SessionId) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(id.to_string())
        .execute(c)
        .await?;
    Ok(())
}

/// Removes sessions that have expired.
pub async fn sweep_sessions(c: impl Conn<'_>, now: &Timestamp) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(format_timestamp(now))
        .execute(c)
        .await?;
    Ok(())
}

/// Records a sign-in attempt under `key` (it counts as a failure until forgotten).
pub async fn record_login_failure(c: impl Conn<'_>, key: &str, at: &Timestamp) -> Result<()> {
    sqlx::query("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2)")
        .bind(key)
        .bind(format_timestamp(at))
        .execute(c)
        .await?;
    Ok(())
}

/// How many attempts `key` had since `since`, and the oldest of them (when the window frees up).
pub async fn login_failures_since(
    c: impl Conn<'_>,
    key: &str,
    since: &Timestamp,
) -> Result<(i64, Option<Timestamp>)> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(failed_at) AS oldest FROM login_failures \
         WHERE throttle_key = $1 AND failed_at >= $2",
    )
    .bind(key)
    .bind(format_timestamp(since))
    .fetch_one(c)
    .await?;
    let n: i64 = row.try_get("n")?;
    let oldest: Option<String> = row.try_get("oldest")?;
    Ok((n, oldest.and_then(|o| types::parse_timestamp(&o))))
}

/// Forgets every recorded attempt for `key` (after a successful sign-in).
pub async fn clear_login_failures(c: impl Conn<'_>, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
        .bind(key)
        .execute(c)
        .await?;
    Ok(())
}

/// Forgets the one attempt recorded for `key` at `at` (a success does not count against a
/// shared client address).
pub async fn forget_login_attempt(c: impl Conn<'_>, key: &str, at: &Timestamp) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1 AND failed_at = $2")
        .bind(key)
        .bind(format_timestamp(at))
        .execute(c)
        .await?;
    Ok(())
}

/// Removes attempts older than `before`: they no longer count.
pub async fn sweep_login_attempts(c: impl Conn<'_>, before: &Timestamp) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE failed_at < $1")
        .bind(format_timestamp(before))
        .execute(c)
        .await?;
    Ok(())
}

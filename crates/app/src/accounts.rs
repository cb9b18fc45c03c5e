//! Accounts and credentials: argon2id password hashes, sign-in with throttling against
//! guessing, API bearer tokens (shown once, stored as SHA-256, revocable, expiring) and portal
//! sessions with their CSRF tokens.

use std::net::IpAddr;
use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};
use store::{ApiToken, NewEvent, NewUser, Session, User};
use subtle::ConstantTimeEq;
use types::{ParticipantId, StaffRole, Timestamp, TokenId, UserId};

use crate::{App, Code, Error, Principal, Result};

/// A token as issued: the secret appears here once and is never stored.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    pub token: ApiToken,
    pub secret: String,
}

/// A portal session as opened: the cookie secret appears here once and is never stored.
#[derive(Clone, Debug)]
pub struct OpenedSession {
    pub session: Session,
    pub secret: String,
}

/// 32 random bytes from the OS, URL-safe base64 with a prefix naming what it is.
fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// A fresh random secret (256 bits, URL-safe), for tokens that guard forms.
pub fn new_secret() -> String {
    random_secret("")
}

/// Secrets are random and long, so a fast hash is the right tool (unlike passwords).
pub(crate) fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

pub(crate) fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::internal(std::io::Error::other(e.to_string())))
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the username does not exist, so that a wrong username takes
/// as long as a wrong password and usernames cannot be discovered by timing.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("dataport-timing-equaliser").unwrap_or_default())
}

/// Usernames: 3–64 characters of a–z, 0–9, `.`, `_`, `-`, starting with a letter or digit.
pub(crate) fn check_username(username: &str) -> Result<()> {
    let ok = (3..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && username.as_bytes()[0].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err(Error::new(Code::InvalidUser).detail(
            "Usernames have 3 to 64 characters: lowercase letters, digits, '.', '_' or '-'.",
            "用户名为 3 到 64 个字符：小写字母、数字、“.”、“_”或“-”。",
        ))
    }
}

/// Passwords: at least 10 characters, at most 256 (argon2 input is bounded to keep hashing cheap
/// to refuse).
pub(crate) fn check_password(password: &str) -> Result<()> {
    let n = password.chars().count();
    if (10..=256).contains(&n) {
        Ok(())
    } else {
        Err(Error::new(Code::InvalidUser).detail(
            "Passwords have 10 to 256 characters.",
            "密码长度应为 10 到 256 个字符。",
        ))
    }
}

fn to_chrono(d: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

impl App {
    /// Checks a username and password. Attempts are counted per username and per client
    /// address; past the limit every attempt is refused until the window moves on, even with
    /// the right password, so guessing gains nothing.
    ///
    /// Each attempt is recorded *before* the (slow) password check and counted including
    /// itself, so concurrent guesses cannot all slip through on a stale count. A successful
    /// attempt then removes its own record and the username's earlier failures.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<User> {
        let now = types::now();
        let since = now - to_chrono(self.config.throttle_window);
        let username = username.trim().to_ascii_lowercase();
        let keys = [
            (format!("user:{username}"), self.config.max_login_failures),
            (
                format!("ip:{}", client.map(|c| c.to_string()).unwrap_or_default()),
                self.config.max_login_failures * 4,
            ),
        ];
        let mut tx = self.store.begin().await?;
        // Old records are swept here, so the table stays as small as one window of attempts.
        store::users::sweep_login_attempts(tx.conn(), &since).await?;
        for (key, _) in &keys {
            store::users::record_login_failure(tx.conn(), key, &now).await?;
        }
        tx.commit().await?;
        for (key, limit) in &keys {
            let (attempts, oldest) =
                store::users::login_failures_since(self.store.pool(), key, &since).await?;
            if attempts > *limit {
                let free_at = oldest.unwrap_or(now) + to_chrono(self.config.throttle_window);
                let secs = (free_at - now).num_seconds().max(1) as u64;
                return Err(Error::new(Code::Throttled).retry_after(secs));
            }
        }
        let user = store::users::by_username(self.store.pool(), &username).await?;
        let password = password.to_owned();
        let phc = user
            .as_ref()
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| dummy_hash().to_owned());
        // Argon2 is deliberately slow; keep it off the async worker threads.
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
            .await
            .map_err(Error::internal)?;
        match user {
            Some(user) if ok => {
                let mut tx = self.store.begin().await?;
                store::users::clear_login_failures(tx.conn(), &keys[0].0).await?;
                store::users::forget_login_attempt(tx.conn(), &keys[1].0, &now).await?;
                tx.commit().await?;
                Ok(user)
            }
            _ => Err(Error::new(Code::InvalidCredentials)),
        }
    }

    /// Issues an API bearer token for `user`.
    pub async fn issue_token(&self, user: &User, name: &str) -> Result<IssuedToken> {
        let name = name.trim();
        if name.chars().count() > 100 {
            return Err(Error::new(Code::BadRequest).detail(
                "Token names have at most 100 characters.",
                "令牌名称最多 100 个字符。",
            ));
        }
        let now = types::now();
        let secret = random_secret("dp_");
        let token = ApiToken {
            id: TokenId::new(),
            user_id: user.id,
            name: if name.is_empty() {
                "api".into()
            } else {
                name.into()
            },
            created_at: now,
            expires_at: now + to_chrono(self.config.token_ttl),
            revoked_at: None,
        };
        let mut tx = self.store.begin().await?;
        store::users::insert_token(tx.conn(), &token, &secret_hash(&secret)).await?;
        store::events::append(
            tx.conn(),
            &NewEvent {
                event_type: "token.issued",
                subject_id: token.id.to_string(),
                actor_id: Some(user.id.to_string()),
                at: now,
                data: serde_json::json!({"user": user.id, "expires_at": types::format_timestamp(&token.expires_at)}),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(IssuedToken { token, secret })
    }

    /// Resolves a bearer token to its principal, saying precisely why when it cannot.
    pub async fn authenticate_token(&self, secret: &str) -> Result<Principal> {
        let token = store::users::token_by_hash(self.store.pool(), &secret_hash(secret))
            .await?
            .ok_or(Error::new(Code::Unauthenticated))?;
        if token.revoked_at.is_some() {
            return Err(Error::new(Code::TokenRevoked));
        }
        if token.expires_at <= types::now() {
            return Err(Error::new(Code::TokenExpired));
        }
        self.principal_of(&token.user_id).await
    }

    pub(crate) async fn principal_of(&self, user: &UserId) -> Result<Principal> {
        let user = store::users::get(self.store.pool(), user)
            .await?
            .ok_or(Error::new(Code::Unauthenticated))?;
        let participant = store::participants::get(self.store.pool(), &user.participant_id)
            .await?
            .ok_or(Error::new(Code::Unauthenticated))?;
        Ok(Principal::new(user, participant))
    }

    /// The caller's own tokens, newest first (never their secrets).
    pub async fn list_tokens(&self, p: &Principal) -> Result<Vec<ApiToken>> {
        Ok(store::users::tokens_of_user(self.store.pool(), &p.user().id).await?)
    }

    /// Revokes one of the caller's own tokens. Another user's token id is "not found".
    /// Revoking twice is harmless and records one event.
    pub async fn revoke_token(&self, p: &Principal, id: &TokenId) -> Result<ApiToken> {
        let now = types::now();
        let mut tx = self.store.begin().await?;
        let token = store::users::get_token(tx.conn(), id)
            .await?
            .filter(|t| t.user_id == p.user().id)
            .ok_or(Error::new(Code::TokenNotFound))?;
        if token.revoked_at.is_none() {
            store::users::revoke_token(tx.conn(), id, &now).await?;
            store::events::append(
                tx.conn(),
                &NewEvent {
                    event_type: "token.revoked",
                    subject_id: id.to_string(),
                    actor_id: p.actor(),
                    at: now,
                    data: serde_json::json!({}),
                },
            )
            .await?;
        }
        let token = store::users::get_token(tx.conn(), id)
            .await?
            .unwrap_or(token);
        tx.commit().await?;
        Ok(token)
    }

    /// Opens a portal session for `user`.
    pub async fn open_session(&self, user: &User) -> Result<OpenedSession> {
        let now = types::now();
        let secret = random_secret("");
        let session = Session {
            id: types::SessionId::new(),
            user_id: user.id,
            csrf_token: random_secret(""),
            expires_at: now + to_chrono(self.config.session_ttl),
        };
        let mut tx = self.store.begin().await?;
        store::users::sweep_sessions(tx.conn(), &now).await?;
        store::users::insert_session(tx.conn(), &session, &secret_hash(&secret), &now).await?;
        tx.commit().await?;
        Ok(OpenedSession { session, secret })
    }

    /// Resolves a session cookie to its principal and session.
    pub async fn authenticate_session(&self, secret: &str) -> Result<(Principal, Session)> {
        let session = store::users::session_by_hash(self.store.pool(), &secret_hash(secret))
            .await?
            .ok_or(Error::new(Code::Unauthenticated))?;
        if session.expires_at <= types::now() {
            return Err(Error::new(Code::SessionExpired));
        }
        let principal = self.principal_of(&session.user_id).await?;
        Ok((principal, session))
    }

    /// Checks a submitted CSRF token against the session's, in constant time.
    pub fn check_csrf(session: &Session, submitted: Option<&str>) -> Result<()> {
        let submitted = submitted.unwrap_or_default().as_bytes();
        if bool::from(session.csrf_token.as_bytes().ct_eq(submitted)) {
            Ok(())
        } else {
            Err(Error::new(Code::Csrf))
        }
    }

    pub async fn close_session(&self, session: &Session) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::users::delete_session(tx.conn(), &session.id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates a user in the caller's participant. Only that participant's administrators may.
    pub async fn create_user(
        &self,
        p: &Principal,
        participant: &ParticipantId,
        username: &str,
        display_name: &str,
        password: &str,
        role: StaffRole,
    ) -> Result<User> {
        if p.is_regulator()
            || p.participant().id != *participant
            || p.user().staff_role != StaffRole::Admin
        {
            return Err(Error::new(Code::Forbidden));
        }
        if role == StaffRole::Reviewer && !p.is_operator() {
            return Err(Error::new(Code::InvalidUser).detail(
                "Only the operator has reviewers.",
                "只有运营方可以设置审核员。",
            ));
        }
        self.insert_user(
            participant,
            username,
            display_name,
            password,
            role,
            p.actor(),
        )
        .await
    }

    /// Creates an operator administrator (the `admin create-operator` command: whoever can run
    /// the CLI on the server already holds the keys).
    pub async fn create_operator_admin(&self, username: &str, password: &str) -> Result<User> {
        let operator = self.ensure_operator().await?;
        self.insert_user(
            &operator,
            username,
            username,
            password,
            StaffRole::Admin,
            None,
        )
        .await
    }

    pub(crate) async fn insert_user(
        &self,
        participant: &ParticipantId,
        username: &str,
        display_name: &str,
        password: &str,
        role: StaffRole,
        actor: Option<String>,
    ) -> Result<User> {
        let user = prepare_user(participant, username, display_name, password, role).await?;
        let mut tx = self.store.begin().await?;
        write_user(&mut tx, &user, actor).await?;
        tx.commit().await?;
        store::users::get(self.store.pool(), &user.id)
            .await?
            .ok_or(Error::new(Code::Internal))
    }
}

/// Checks a new user's details and hashes the password (slow, so done before any transaction).
pub(crate) async fn prepare_user(
    participant: &ParticipantId,
    username: &str,
    display_name: &str,
    password: &str,
    role: StaffRole,
) -> Result<NewUser> {
    let username = username.trim().to_ascii_lowercase();
    check_username(&username)?;
    check_password(password)?;
    let display_name = match display_name.trim() {
        "" => username.clone(),
        d => d.chars().take(100).collect(),
    };
    let password = password.to_owned();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(Error::internal)??;
    let now: Timestamp = types::now();
    Ok(NewUser {
        id: UserId::new(),
        participant_id: *participant,
        username,
        display_name,
        password_hash,
        staff_role: role,
        at: now,
    })
}

/// Writes a prepared user and its event inside `tx`.
pub(crate) async fn write_user(
    tx: &mut store::Tx,
    user: &NewUser,
    actor: Option<String>,
) -> Result<()> {
    match store::users::insert(tx.conn(), user).await {
        Err(store::Error::Conflict) => return Err(Error::new(Code::UsernameTaken)),
        other => other?,
    }
    store::events::append(
        tx.conn(),
        &NewEvent {
            event_type: "user.created",
            subject_id: user.id.to_string(),
            actor_id: actor,
            at: user.at,
            data: serde_json::json!({
                "participant": user.participant_id,
                "username": user.username,
                "role": user.staff_role,
            }),
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_and_passwords() {
        for ok in ["alice", "dalian-port", "a.b_c", "x12"] {
            assert!(check_username(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "ab",
            "Alice",
            "-lead",
            "名字名字",
            "a b",
            &"a".repeat(65),
        ] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
        assert!(check_password("short").is_err());
        assert!(check_password("long enough pass").is_ok());
        assert!(check_password(&"x".repeat(257)).is_err());
    }

    #[test]
    fn password_hashes_are_argon2id_and_verify() {
        let phc = hash_password("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("wrong horse battery", &phc));
        assert!(!verify_password("x", "not a phc string"));
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let a = random_secret("dp_");
        let b = random_secret("dp_");
        assert_ne!(a, b);
        assert!(a.starts_with("dp_") && a.len() == 3 + 43);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), secret_hash(&b));
    }
}

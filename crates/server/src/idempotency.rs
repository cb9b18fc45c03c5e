//! `Idempotency-Key` on creating endpoints: a retried request with the same key and the same
//! content gets the first response again instead of creating a second record. Keys are scoped to
//! the caller (the user, or the client address for anonymous registration).

use std::future::Future;

use app::IdempotencyStart;
use app::{App, Code, Error};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::problem::ApiError;

pub(crate) const HEADER: &str = "idempotency-key";

/// The key a request carries, checked: 1–255 visible ASCII characters.
pub(crate) fn key(headers: &HeaderMap) -> Result<Option<String>, Error> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or(Error::new(Code::InvalidIdempotencyKey))?;
    Ok(Some(key.to_owned()))
}

/// The identity of a JSON request for idempotency: a hash of its body without any `password`
/// field, since a fast hash of a password must not be stored.
pub(crate) fn json_identity(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut identity: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    if let Some(o) = identity.as_object_mut() {
        o.remove("password");
    }
    hex::encode(Sha256::digest(identity.to_string().as_bytes()))
}

/// Runs `work` at most once per (scope, key): a replay returns the saved response with
/// `Idempotent-Replayed: true`. `request_hash` identifies the request's content, so reusing a
/// key for different content is refused.
pub(crate) async fn run<F>(
    app: &App,
    scope: &str,
    key: Option<String>,
    route: &str,
    request_hash: &str,
    work: F,
) -> Result<Response, ApiError>
where
    F: Future<Output = Result<(StatusCode, serde_json::Value), Error>>,
{
    let Some(key) = key else {
        let (status, body) = work.await?;
        return Ok((status, axum::Json(body)).into_response());
    };
    let start = app
        .idempotency_claim(scope, &key, route, request_hash)
        .await?;
    match start {
        IdempotencyStart::Fresh => match work.await {
            Ok((status, body)) => {
                let text = body.to_string();
                app.idempotency_finish(scope, &key, status.as_u16(), &text)
                    .await?;
                Ok((status, axum::Json(body)).into_response())
            }
            Err(e) => {
                // A refused request changed nothing and may be corrected and retried with the
                // same key. After an internal error the work may or may not have committed, so
                // the claim is kept: a retry waits for it to go stale rather than risk doing the
                // work twice.
                if e.code() != Code::Internal {
                    app.idempotency_release(scope, &key).await?;
                }
                Err(e.into())
            }
        },
        IdempotencyStart::Replay(saved) => {
            let status = u16::try_from(saved.status)
                .ok()
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::OK);
            let body: serde_json::Value =
                serde_json::from_str(&saved.response_body).map_err(Error::internal)?;
            let mut response = (status, axum::Json(body)).into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            Ok(response)
        }
        IdempotencyStart::InProgress => Err(Error::new(Code::IdempotencyInProgress).into()),
        IdempotencyStart::Mismatch => Err(Error::new(Code::IdempotencyKeyReused).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_ignore_passwords_and_key_order() {
        let a = json_identity(br#"{"username":"a","password":"one"}"#);
        let b = json_identity(br#"{"password":"two","username":"a"}"#);
        let c = json_identity(br#"{"username":"b","password":"one"}"#);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn keys_are_checked() {
        let mut h = HeaderMap::new();
        assert_eq!(key(&h).unwrap(), None);
        h.insert(HEADER, HeaderValue::from_static("abc-123"));
        assert_eq!(key(&h).unwrap().as_deref(), Some("abc-123"));
        h.insert(HEADER, HeaderValue::from_static("has space"));
        assert!(key(&h).is_err());
        h.insert(HEADER, HeaderValue::from_str(&"k".repeat(256)).unwrap());
        assert!(key(&h).is_err());
    }
}

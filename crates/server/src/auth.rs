//! Who is calling. API clients send `Authorization: Bearer <token>`; the portal (and its scripts)
//! use the session cookie, and every unsafe request made with the cookie must carry the session's
//! CSRF token (a form field for pages, the `X-CSRF-Token` header for scripts). Which operations a
//! principal may perform is decided in `app`, not here.

use std::net::{IpAddr, SocketAddr};

use app::{App, Code, Error, Principal};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};

use crate::AppState;
use crate::problem::ApiError;

pub(crate) const SESSION_COOKIE: &str = "dp_session";
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// The value of cookie `name`, if the request carries it.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The client's address, when the server was started with connection info.
pub(crate) fn client_ip(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// An authenticated caller.
pub(crate) struct Auth {
    pub principal: Principal,
}

async fn authenticate(app: &App, parts: &Parts) -> Result<Option<Auth>, Error> {
    if let Some(token) = bearer(&parts.headers) {
        let principal = app.authenticate_token(token).await?;
        return Ok(Some(Auth { principal }));
    }
    let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let (principal, session) = app.authenticate_session(secret).await?;
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let submitted = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        App::check_csrf(&session, submitted)?;
    }
    Ok(Some(Auth { principal }))
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Auth, ApiError> {
        authenticate(&state.app, parts)
            .await?
            .ok_or(ApiError(Error::new(Code::Unauthenticated)))
    }
}

/// The caller's network address (for throttling and anonymous idempotency scopes).
pub(crate) struct ClientIp(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientIp, Self::Rejection> {
        Ok(ClientIp(client_ip(parts)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn cookies_and_bearer() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; dp_session=abc; b=2"),
        );
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer dp_xyz"),
        );
        assert_eq!(cookie(&h, "dp_session"), Some("abc"));
        assert_eq!(cookie(&h, "missing"), None);
        assert_eq!(bearer(&h), Some("dp_xyz"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic eHl6"),
        );
        assert_eq!(bearer(&h), None);
    }
}

//! RFC 9457 problem details. Every error leaves the server as `application/problem+json` with
//! its stable code, the title and detail in the client's language, and both languages side by
//! side; internal errors are logged with their cause and shown opaquely.

use app::{Code, Error};
use axum::extract::OriginalUri;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The HTTP status of each error code: one table, used by every route.
pub fn status_of(code: Code) -> StatusCode {
    use Code::*;
    match code {
        BadRequest | BadCursor | InvalidIdempotencyKey => StatusCode::BAD_REQUEST,
        Unauthenticated | InvalidCredentials | TokenExpired | TokenRevoked | SessionExpired => {
            StatusCode::UNAUTHORIZED
        }
        Csrf
        | Forbidden
        | NotVerified
        | MissingRole
        | RightNotHeld
        | NeedsAuthorisedOperation
        | UpstreamForbidsProducts
        | OutsideScope => StatusCode::FORBIDDEN,
        NotFound | ParticipantNotFound | TokenNotFound | AssetNotFound | EventNotFound
        | LogTileNotFound | LogEmpty | RightsNotRegistered | GrantNotFound
        | CertificateNotFound => StatusCode::NOT_FOUND,
        DuplicateParticipant
        | UsernameTaken
        | InvalidTransition
        | IdempotencyInProgress
        | LogPending
        | XborderNotAllowed
        | RightsAlreadyRegistered
        | GrantInactive
        | ExclusiveOverlap
        | RightsFrozen
        | NoObjection
        | AlreadyRevoked
        | LineageCycle
        | LifecycleTransition => StatusCode::CONFLICT,
        LogRange => StatusCode::BAD_REQUEST,
        TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        UnrecognizedFormat | UnsupportedData => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        InvalidUscc
        | InvalidLei
        | InvalidRegion
        | InvalidParticipant
        | InvalidUser
        | InvalidAssetMetadata
        | MissingFile
        | EmptyFile
        | BadEncoding
        | Malformed
        | Truncated
        | IdempotencyKeyReused
        | XborderInvalidRequest
        | XborderInvalidRules
        | XborderInvalidApproval
        | RightsInvalid
        | NotSublicensable
        | OutsideParent
        | PublicNotOpen
        | BadTerm
        | MissingEvidence
        | InvalidDocument
        | InvalidAccounting => StatusCode::UNPROCESSABLE_ENTITY,
        Throttled => StatusCode::TOO_MANY_REQUESTS,
        AssetDestroyed => StatusCode::GONE,
        Unavailable | LogTileCorrupt => StatusCode::SERVICE_UNAVAILABLE,
        Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The language a client asked for: Chinese unless `Accept-Language` prefers English.
pub(crate) fn prefers_english(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    // The first language tag with the highest weight wins; ties go to the earlier one.
    let mut best: Option<(f32, bool)> = None;
    for part in value.split(',') {
        let mut it = part.trim().split(';');
        let tag = it.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = it
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let english = tag.starts_with("en");
        if !(tag.starts_with("zh") || english) {
            continue;
        }
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, english));
        }
    }
    best.is_some_and(|(_, en)| en)
}

/// Logs an internal error with its cause chain; other errors are the client's and not logged.
pub(crate) fn log_if_internal(error: &Error) {
    if error.code() == Code::Internal {
        let mut chain = String::new();
        let mut cause = error.cause().map(|c| c as &dyn std::error::Error);
        while let Some(c) = cause {
            chain.push_str(": ");
            chain.push_str(&c.to_string());
            cause = c.source();
        }
        tracing::error!(error = %error, cause = %chain, "internal error");
    }
}

/// An error on its way out, with what is needed to render it. Cloneable (unlike `app::Error`,
/// which owns its cause) so that it can ride in response extensions.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    code: Code,
    detail_en: Option<String>,
    detail_zh: Option<String>,
    retry_after: Option<u64>,
    english: bool,
    instance: Option<String>,
}

impl Problem {
    /// Takes what is shown from `error`, logging the cause of an internal error (once, here).
    pub fn new(error: &Error) -> Problem {
        log_if_internal(error);
        Problem {
            code: error.code(),
            detail_en: error.detail_en().map(str::to_owned),
            detail_zh: error.detail_zh().map(str::to_owned),
            retry_after: error.retry_after_secs(),
            english: false,
            instance: None,
        }
    }

    /// The same problem rendered for a request with these headers and this path.
    pub fn for_request(mut self, headers: &HeaderMap, path: &str) -> Problem {
        self.english = prefers_english(headers);
        self.instance = Some(path.to_owned());
        self
    }

    pub fn body(&self) -> serde_json::Value {
        let code = self.code;
        let status = status_of(code);
        let (title, detail) = if self.english {
            (code.title_en(), self.detail_en.as_deref())
        } else {
            (code.title_zh(), self.detail_zh.as_deref())
        };
        serde_json::json!({
            "type": format!("/problems/{}", code.as_str()),
            "title": title,
            "status": status.as_u16(),
            "detail": detail,
            "instance": self.instance,
            "code": code.as_str(),
            "title_zh": code.title_zh(),
            "title_en": code.title_en(),
            "detail_zh": self.detail_zh,
            "detail_en": self.detail_en,
        })
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = status_of(self.code);
        let mut response = (status, axum::Json(self.body())).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(if self.english { "en" } else { "zh-CN" }),
        );
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        // The localising middleware re-renders it in the request's language.
        response.extensions_mut().insert(self);
        response
    }
}

/// An `app::Error` returned from a handler.
pub(crate) struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        Problem::new(&self.0).into_response()
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// Re-renders problems in the language the request asked for, with the request path as
/// `instance`. Handlers then only ever return `app::Error`s.
pub(crate) async fn localize(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let headers = request.headers().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    match response.extensions().get::<Problem>() {
        Some(p) => p.clone().for_request(&headers, &path).into_response(),
        None => response,
    }
}

/// The answer to an unknown route.
pub(crate) async fn not_found(headers: HeaderMap, uri: OriginalUri) -> Response {
    Problem::new(&Error::new(Code::NotFound))
        .for_request(&headers, uri.path())
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_client_or_server_status() {
        for code in Code::ALL {
            let s = status_of(*code);
            assert!(s.is_client_error() || s.is_server_error(), "{code}");
        }
        assert_eq!(status_of(Code::Internal), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn language_negotiation() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(v).unwrap());
            m
        };
        assert!(!prefers_english(&HeaderMap::new()));
        assert!(prefers_english(&h("en-US,en;q=0.9")));
        assert!(!prefers_english(&h("zh-CN,zh;q=0.9,en;q=0.8")));
        assert!(prefers_english(&h("ja;q=1.0, en;q=0.5")));
        assert!(prefers_english(&h("zh;q=0.4, en;q=0.6")));
        assert!(!prefers_english(&h("fr")));
    }

    #[test]
    fn problem_body_has_both_languages_and_no_cause() {
        let err = Error::internal(std::io::Error::other("disk secret path /x"));
        let body = Problem::new(&err).body();
        assert_eq!(body["status"], 500);
        assert_eq!(body["code"], "internal");
        assert!(!body.to_string().contains("secret"));
        let err = Error::new(Code::AssetNotFound).detail("d-en", "d-zh");
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en"));
        let body = Problem::new(&err).for_request(&headers, "/x").body();
        assert_eq!(body["title"], Code::AssetNotFound.title_en());
        assert_eq!(body["detail"], "d-en");
        assert_eq!(body["detail_zh"], "d-zh");
        assert_eq!(body["type"], "/problems/asset.not_found");
        assert_eq!(body["instance"], "/x");
    }
}

//! The web portal: server-rendered pages in Chinese (the default) and English, for everyone who
//! uses the exchange. Pages call the same `app` use cases as the API; forms carry a CSRF token
//! (the session's once signed in, a double-submit cookie before), and uploads go through the JSON
//! API from a small script that shows progress. Nothing is fetched from outside the server.

// Page handlers return a ready error page as `Err(Response)`; it is built once, on the way out,
// so boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

mod account;
mod assets;
mod certs;
mod layout;
mod log;
mod participants;
mod rights;
mod xborder;

use app::{Code, Error, Principal, Session};
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use subtle::ConstantTimeEq;

use crate::AppState;
use crate::auth::{SESSION_COOKIE, cookie};

pub(crate) use layout::{Lang, Page};

pub(crate) const LANG_COOKIE: &str = "dp_lang";
pub(crate) const FORM_COOKIE: &str = "dp_form";

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(account::home))
        .route("/login", get(account::login_form).post(account::login))
        .route("/logout", post(account::logout))
        .route(
            "/register",
            get(account::register_form).post(account::register),
        )
        .route("/lang/{lang}", get(account::set_lang))
        .route("/tokens", get(account::tokens).post(account::create_token))
        .route("/tokens/{id}/revoke", post(account::revoke_token))
        .route("/participants", get(participants::list))
        .route("/participants/{id}", get(participants::detail))
        .route("/participants/{id}/{action}", post(participants::act))
        .route("/assets", get(assets::list))
        .route("/assets/new", get(assets::new))
        .route("/assets/{id}", get(assets::detail))
        .route("/assets/{id}/declaration", post(assets::declare))
        .route("/xborder", get(xborder::page).post(xborder::evaluate))
        .route("/participants/{id}/xborder", get(xborder::compliance))
        .route(
            "/participants/{id}/xborder/approvals",
            post(xborder::record_approval),
        )
        .route(
            "/participants/{id}/xborder/profile",
            post(xborder::set_profile),
        )
        .route(
            "/participants/{id}/xborder/approvals/{approval}/document",
            get(xborder::document).post(xborder::upload_document).layer(
                axum::extract::DefaultBodyLimit::max(app::xborder::MAX_DOCUMENT_BYTES + 64 * 1024),
            ),
        )
        .route("/assets/{id}/rights", get(rights::page))
        .route("/assets/{id}/rights/{action}", post(rights::act))
        .route(
            "/assets/{id}/rights/evidence",
            post(rights::upload_evidence).layer(axum::extract::DefaultBodyLimit::max(
                app::xborder::MAX_DOCUMENT_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/assets/{id}/rights/evidence/{sha256}",
            get(rights::evidence_document),
        )
        .route(
            "/assets/{id}/grants/{grant}/{action}",
            post(rights::grant_act),
        )
        .route("/assets/{id}/certificate", get(certs::page))
        .route("/certificates/{file}", get(certs::json))
        // Public: anyone checks a certificate, signed in or not (an anonymous form token).
        .route(
            "/verify",
            get(certs::verify_form).post(certs::verify).layer(
                axum::extract::DefaultBodyLimit::max(certs::MAX_PASTED_BYTES),
            ),
        )
        .route(
            "/participants/{id}/asset-register",
            get(rights::asset_register),
        )
        .route(
            "/participants/{id}/asset-register.csv",
            get(rights::asset_register_csv),
        )
        .route("/log", get(log::page))
        .route("/log/verify", post(log::verify))
        .route("/problems/{code}", get(account::problem_doc))
        .route("/static/app.css", get(static_css))
        .route("/static/upload.js", get(static_js))
}

async fn static_css() -> Response {
    static_file("text/css; charset=utf-8", include_str!("../static/app.css"))
}

async fn static_js() -> Response {
    static_file(
        "text/javascript; charset=utf-8",
        include_str!("../static/upload.js"),
    )
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

/// What every page knows about its request: language, path and, when signed in, who.
pub(crate) struct Ctx {
    pub lang: Lang,
    pub path: String,
    pub auth: Option<(Principal, Session)>,
    pub demo: bool,
    pub secure_cookies: bool,
    headers: HeaderMap,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Ctx, Self::Rejection> {
        // Pages are in Chinese unless the person chose English with the switch (remembered in
        // a cookie). The API, whose clients set Accept-Language deliberately, negotiates instead.
        let lang = match cookie(&parts.headers, LANG_COOKIE) {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        };
        // An expired or unknown session simply means "signed out" for pages.
        let auth = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(secret) => state.app.authenticate_session(secret).await.ok(),
            None => None,
        };
        Ok(Ctx {
            lang,
            path: parts.uri.path().to_owned(),
            auth,
            demo: state.options.demo,
            secure_cookies: state.options.secure_cookies,
            headers: parts.headers.clone(),
        })
    }
}

pub(crate) type PageResult = Result<Response, Response>;

impl Ctx {
    pub fn principal(&self) -> Option<&Principal> {
        self.auth.as_ref().map(|(p, _)| p)
    }

    /// The signed-in principal and session, or a redirect to the sign-in page.
    pub fn require(&self) -> Result<(&Principal, &Session), Response> {
        match &self.auth {
            Some((p, s)) => Ok((p, s)),
            None => {
                Err(Redirect::to(&format!("/login?next={}", encode(&self.path))).into_response())
            }
        }
    }

    /// A page that shows an error in the request's language with the right status.
    pub fn error(&self, e: Error) -> Response {
        let status = crate::problem::status_of(e.code());
        crate::problem::log_if_internal(&e);
        let l = self.lang;
        let body = maud::html! {
            div.alert.error {
                strong { (l.pick(e.code().title_zh(), e.code().title_en())) }
                @if let Some(d) = l.pick_opt(e.detail_zh(), e.detail_en()) { " " (d) }
            }
            p.muted.mono { (e.code().as_str()) }
            p { a href="/" { (l.t("返回首页", "Back to the start page")) } }
        };
        let mut r = Page::new(self, l.t("出错了", "Something went wrong"), body).into_response();
        *r.status_mut() = status;
        r
    }

    /// Checks a signed-in form's CSRF token.
    pub fn check_csrf(&self, submitted: Option<&str>) -> Result<(), Response> {
        let (_, session) = self.require()?;
        app::App::check_csrf(session, submitted).map_err(|e| self.error(e))
    }

    /// Checks an anonymous form's double-submit token against its cookie.
    pub fn check_form_token(&self, submitted: Option<&str>) -> Result<(), Response> {
        let expected = cookie(&self.headers, FORM_COOKIE).unwrap_or_default();
        let submitted = submitted.unwrap_or_default();
        let same = !expected.is_empty()
            && expected.len() == submitted.len()
            && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()));
        if same {
            Ok(())
        } else {
            Err(self.error(Error::new(Code::Csrf)))
        }
    }

    /// The anonymous-form token: the one the browser already holds, so that forms open in
    /// several tabs stay valid, or a new random one.
    pub fn form_token(&self) -> String {
        match cookie(&self.headers, FORM_COOKIE) {
            Some(t)
                if t.len() >= 32
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
            {
                t.to_owned()
            }
            _ => app::new_secret(),
        }
    }

    pub fn cookie_attrs(&self) -> &'static str {
        if self.secure_cookies {
            "; Path=/; HttpOnly; SameSite=Lax; Secure"
        } else {
            "; Path=/; HttpOnly; SameSite=Lax"
        }
    }
}

/// Percent-encodes a path for a `next=` parameter.
pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Parses an `application/x-www-form-urlencoded` body, keeping repeated keys (checkboxes).
pub(crate) fn form_fields(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

pub(crate) fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A redirect after a successful form post (303, so the browser follows with GET).
pub(crate) fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}

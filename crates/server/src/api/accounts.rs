//! Sign-in for API clients (bearer tokens), the caller's own tokens, and users.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use types::{ParticipantId, StaffRole, TokenId};
use utoipa::ToSchema;

use super::JsonBody;
use super::views::{
    IssuedTokenView, MeView, ParticipantView, ProblemView, TokenList, TokenView, UserView,
};
use crate::AppState;
use crate::auth::{Auth, ClientIp};
use crate::idempotency;
use crate::problem::ApiResult;

/// Credentials for a new bearer token.
#[derive(Deserialize, ToSchema)]
pub(crate) struct TokenRequest {
    pub username: String,
    pub password: String,
    /// A label to recognise the token by later.
    #[serde(default)]
    pub name: String,
}

/// Issues a bearer token. Failed attempts are throttled per username and per client address.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "accounts", request_body = TokenRequest,
    responses(
        (status = 201, body = IssuedTokenView, description = "The token; its secret is shown only here"),
        (status = 401, body = ProblemView, description = "Wrong username or password"),
        (status = 429, body = ProblemView, description = "Too many failures; see Retry-After"),
    ))]
pub(crate) async fn issue_token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    JsonBody(req): JsonBody<TokenRequest>,
) -> ApiResult<(StatusCode, Json<IssuedTokenView>)> {
    let user = state.app.sign_in(&req.username, &req.password, ip).await?;
    let issued = state.app.issue_token(&user, &req.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(IssuedTokenView {
            token: issued.secret,
            token_id: issued.token.id.to_string(),
            expires_at: types::format_timestamp(&issued.token.expires_at),
        }),
    ))
}

/// The caller's own tokens, newest first.
#[utoipa::path(get, path = "/api/v1/auth/tokens", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = TokenList), (status = 401, body = ProblemView)))]
pub(crate) async fn list_tokens(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<TokenList>> {
    let tokens = state.app.list_tokens(&auth.principal).await?;
    Ok(Json(TokenList {
        items: tokens.iter().map(TokenView::from).collect(),
    }))
}

/// Revokes one of the caller's tokens. It stops working at once.
#[utoipa::path(delete, path = "/api/v1/auth/tokens/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path, description = "Token id (`tok_…`)")),
    responses((status = 200, body = TokenView), (status = 404, body = ProblemView)))]
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<TokenView>> {
    let id = TokenId::parse(&id).map_err(|_| app::Error::new(app::Code::TokenNotFound))?;
    let token = state.app.revoke_token(&auth.principal, &id).await?;
    Ok(Json(TokenView::from(&token)))
}

/// The caller: user and participant.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = ProblemView)))]
pub(crate) async fn me(auth: Auth) -> Json<MeView> {
    Json(MeView {
        user: UserView::from(auth.principal.user()),
        participant: ParticipantView::from(auth.principal.participant()),
    })
}

/// A new user for a participant.
#[derive(Deserialize, ToSchema)]
pub(crate) struct NewUserRequest {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub password: String,
    /// `admin` or `member` (`reviewer` for the operator only). Defaults to `member`.
    #[serde(default)]
    pub staff_role: Option<String>,
}

/// Adds a user to the caller's own participant (its administrators only). Accepts an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/participants/{id}/users", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path, description = "Participant id (`prt_…`)"),
           ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe")),
    request_body = NewUserRequest,
    responses((status = 201, body = UserView), (status = 403, body = ProblemView), (status = 409, body = ProblemView)))]
pub(crate) async fn create_user(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let key = idempotency::key(&headers)?;
    let JsonBody(req) = super::parse_json::<NewUserRequest>(&body)?;
    let id =
        ParticipantId::parse(&id).map_err(|_| app::Error::new(app::Code::ParticipantNotFound))?;
    let role = match req.staff_role.as_deref() {
        None => StaffRole::Member,
        Some(r) => StaffRole::parse(r).ok_or(app::Error::new(app::Code::InvalidUser))?,
    };
    let scope = auth.principal.user().id.to_string();
    let route = format!("POST /api/v1/participants/{id}/users");
    let hash = idempotency::json_identity(&body);
    let app = state.app.clone();
    idempotency::run(&state.app, &scope, key, &route, &hash, async move {
        let user = app
            .create_user(
                &auth.principal,
                &id,
                &req.username,
                &req.display_name,
                &req.password,
                role,
            )
            .await?;
        let view = serde_json::to_value(UserView::from(&user)).map_err(app::Error::internal)?;
        Ok((StatusCode::CREATED, view))
    })
    .await
}

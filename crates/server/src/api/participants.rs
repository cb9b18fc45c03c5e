//! Participants (数商): open registration and the operator's verification workflow.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use types::{ParticipantId, ParticipantStatus};
use utoipa::ToSchema;

use super::views::{ParticipantPage, ParticipantView, ProblemView, RegisteredView, UserView};
use super::{JsonBody, QueryParams};
use crate::AppState;
use crate::auth::{Auth, ClientIp};
use crate::idempotency;
use crate::problem::ApiResult;

/// What an organisation submits to register, with its first (administrator) user.
#[derive(Deserialize, ToSchema)]
pub(crate) struct RegisterRequest {
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    /// ISO 3166-1 alpha-2; `CN` for the mainland. HK, MO and TW are outside the mainland.
    pub region: String,
    /// Unified social credit code; required when `region` is `CN`.
    pub uscc: Option<String>,
    /// Legal Entity Identifier; required outside the mainland.
    pub lei: Option<String>,
    /// Any of `provider`, `buyer`, `service_provider`.
    pub roles: Vec<String>,
    /// For service providers: any of `law_firm`, `assessor`, `delivery`.
    #[serde(default)]
    pub service_kinds: Vec<String>,
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub password: String,
}

impl RegisterRequest {
    pub(crate) fn into_registration(self) -> Result<app::Registration, app::Error> {
        let bad = |what: &str| {
            app::Error::new(app::Code::InvalidParticipant).detail(
                format!("Unknown {what}."),
                format!(
                    "未知的{}。",
                    if what == "role" {
                        "角色"
                    } else {
                        "服务类型"
                    }
                ),
            )
        };
        Ok(app::Registration {
            name_zh: self.name_zh,
            name_en: self.name_en,
            region: self.region,
            uscc: self.uscc.filter(|s| !s.trim().is_empty()),
            lei: self.lei.filter(|s| !s.trim().is_empty()),
            roles: self
                .roles
                .iter()
                .map(|r| types::MerchantRole::parse(r).ok_or_else(|| bad("role")))
                .collect::<Result<_, _>>()?,
            service_kinds: self
                .service_kinds
                .iter()
                .map(|r| types::ServiceKind::parse(r).ok_or_else(|| bad("service kind")))
                .collect::<Result<_, _>>()?,
            username: self.username,
            display_name: self.display_name,
            password: self.password,
        })
    }
}

/// Registers an organisation and its first user; an operator then verifies it. Open to anyone.
/// Accepts an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/participants", tag = "participants", request_body = RegisterRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried registration safe")),
    responses(
        (status = 201, body = RegisteredView),
        (status = 409, body = ProblemView, description = "Already registered, or username taken"),
        (status = 422, body = ProblemView, description = "Invalid USCC, LEI, region or details"),
    ))]
pub(crate) async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let key = idempotency::key(&headers)?;
    let JsonBody(req) = super::parse_json::<RegisterRequest>(&body)?;
    let hash = idempotency::json_identity(&body);
    let scope = format!("ip:{}", ip.map(|i| i.to_string()).unwrap_or_default());
    let app = state.app.clone();
    idempotency::run(
        &state.app,
        &scope,
        key,
        "POST /api/v1/participants",
        &hash,
        async move {
            let outcome = app.register(&req.into_registration()?).await?;
            let view = RegisteredView {
                participant: ParticipantView::from(&outcome.participant),
                user: UserView::from(&outcome.user),
            };
            Ok((
                StatusCode::CREATED,
                serde_json::to_value(view).map_err(app::Error::internal)?,
            ))
        },
    )
    .await
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// Only participants in this status: `pending`, `verified` or `suspended`.
    pub status: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

/// Participants, newest first: all for the operator and regulators; merchants see their own.
#[utoipa::path(get, path = "/api/v1/participants", tag = "participants", security(("bearer" = [])),
    params(ListParams),
    responses((status = 200, body = ParticipantPage), (status = 401, body = ProblemView)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<ListParams>,
) -> ApiResult<Json<ParticipantPage>> {
    let status = q
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            ParticipantStatus::parse(s).ok_or(app::Error::new(app::Code::BadRequest).detail(
                "status is one of pending, verified, suspended.",
                "status 取值为 pending、verified 或 suspended。",
            ))
        })
        .transpose()?;
    let page = state
        .app
        .participants(&auth.principal, status, q.cursor.as_deref(), q.limit)
        .await?;
    Ok(Json(ParticipantPage {
        items: page.items.iter().map(ParticipantView::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

pub(crate) fn participant_id(s: &str) -> Result<ParticipantId, app::Error> {
    ParticipantId::parse(s).map_err(|_| app::Error::new(app::Code::ParticipantNotFound))
}

/// One participant.
#[utoipa::path(get, path = "/api/v1/participants/{id}", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Participant id (`prt_…`)")),
    responses((status = 200, body = ParticipantView), (status = 404, body = ProblemView)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<ParticipantView>> {
    let p = state
        .app
        .participant(&auth.principal, &participant_id(&id)?)
        .await?;
    Ok(Json(ParticipantView::from(&p)))
}

/// Verifies a pending participant (operator staff).
#[utoipa::path(post, path = "/api/v1/participants/{id}/verify", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Participant id (`prt_…`)")),
    responses((status = 200, body = ParticipantView), (status = 403, body = ProblemView), (status = 409, body = ProblemView)))]
pub(crate) async fn verify(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<ParticipantView>> {
    let p = state
        .app
        .verify_participant(&auth.principal, &participant_id(&id)?)
        .await?;
    Ok(Json(ParticipantView::from(&p)))
}

#[derive(Deserialize, ToSchema)]
pub(crate) struct SuspendRequest {
    /// Why, 1–500 characters; shown to the participant.
    pub reason: String,
}

/// Suspends a participant, or rejects a pending registration (operator administrators).
#[utoipa::path(post, path = "/api/v1/participants/{id}/suspend", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Participant id (`prt_…`)")),
    request_body = SuspendRequest,
    responses((status = 200, body = ParticipantView), (status = 403, body = ProblemView), (status = 409, body = ProblemView)))]
pub(crate) async fn suspend(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<SuspendRequest>,
) -> ApiResult<Json<ParticipantView>> {
    let p = state
        .app
        .suspend_participant(&auth.principal, &participant_id(&id)?, &req.reason)
        .await?;
    Ok(Json(ParticipantView::from(&p)))
}

/// Lifts a suspension (operator administrators).
#[utoipa::path(post, path = "/api/v1/participants/{id}/reinstate", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Participant id (`prt_…`)")),
    responses((status = 200, body = ParticipantView), (status = 403, body = ProblemView), (status = 409, body = ProblemView)))]
pub(crate) async fn reinstate(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<ParticipantView>> {
    let p = state
        .app
        .reinstate_participant(&auth.principal, &participant_id(&id)?)
        .await?;
    Ok(Json(ParticipantView::from(&p)))
}

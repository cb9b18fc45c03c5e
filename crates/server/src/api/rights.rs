//! The rights registry (三权分置), the asset lifecycle and accounts, and certificates over HTTP.
//! Bodies and answers are the `app::rights` and `app::certs` types as JSON; roles and tenancy
//! are checked in `app`.

use app::{Code, Error};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;
use types::{AssetId, GrantId, ParticipantId};
use utoipa::ToSchema;

use super::JsonBody;
use super::views::{AssetView, ProblemView};
use crate::AppState;
use crate::auth::Auth;
use crate::problem::ApiResult;

fn asset_id(s: &str) -> Result<AssetId, Error> {
    AssetId::parse(s).map_err(|_| Error::new(Code::AssetNotFound))
}

fn grant_id(s: &str) -> Result<GrantId, Error> {
    GrantId::parse(s).map_err(|_| Error::new(Code::GrantNotFound))
}

fn json<T: serde::Serialize>(value: &T) -> ApiResult<Json<Value>> {
    Ok(Json(serde_json::to_value(value).map_err(Error::internal)?))
}

/// Registers the rights over one of the caller's assets (providers): a source declaration with
/// its evidence (`self_collected`, `purchased`, `authorised_public_data`,
/// `personal_information`), or `{"kind": "derived"}` with the lineage (each source asset and
/// the processing grant used). Returns the grants made.
#[utoipa::path(post, path = "/api/v1/assets/{id}/rights", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body(content = Object, description = "`{source: {kind, evidence, contract?|authorisation?|legal_basis?}, public?: unconditional|conditional|not_open, lineage?: [{source, grant}]}`",
        example = json!({"source": {"kind": "purchased", "contract": "采购合同 DL-2026-088", "evidence": ["sha256:<hex of an attached document>", "合同登记号 2026-0088"]}, "public": null})),
    responses(
        (status = 201, body = Object, description = "The grants made"),
        (status = 403, body = ProblemView), (status = 404, body = ProblemView),
        (status = 409, body = ProblemView, description = "Already registered, a lineage cycle, a frozen source"),
        (status = 422, body = ProblemView, description = "Missing evidence or invalid details"),
    ))]
pub(crate) async fn register(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<app::rights::RegisterRights>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let grants = state
        .app
        .register_rights(&auth.principal, &asset_id(&id)?, req)
        .await?;
    Ok((StatusCode::CREATED, json(&grants)?))
}

/// An asset's rights: lifecycle, registration record, grants, lineage graph and evidence. For
/// its owner, operators and regulators in full; a holder of a grant over it sees its own grants
/// and the chain they came from, and the record without its evidence.
#[utoipa::path(get, path = "/api/v1/assets/{id}/rights", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    responses((status = 200, body = Object), (status = 404, body = ProblemView)))]
pub(crate) async fn view(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    json(
        &state
            .app
            .rights_view(&auth.principal, &asset_id(&id)?)
            .await?,
    )
}

/// Changes (变更) the source declaration of one of the caller's registered assets.
#[utoipa::path(put, path = "/api/v1/assets/{id}/rights/source", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body(content = Object, description = "A source declaration",
        example = json!({"kind": "personal_information", "legal_basis": "个人信息保护法第十三条第一款第（一）项：个人同意", "evidence": ["服务协议第 7 条及签署记录"]})),
    responses((status = 204), (status = 403, body = ProblemView), (status = 404, body = ProblemView),
              (status = 409, body = ProblemView), (status = 422, body = ProblemView)))]
pub(crate) async fn amend_source(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    JsonBody(source): JsonBody<rights::Source>,
) -> ApiResult<StatusCode> {
    state
        .app
        .amend_source(&auth.principal, &asset_id(&id)?, source)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Cancels (注销) the registration of one of the caller's assets: its rights fall with
/// everything resting on them.
#[utoipa::path(post, path = "/api/v1/assets/{id}/rights/cancel", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    responses((status = 204), (status = 403, body = ProblemView), (status = 404, body = ProblemView),
              (status = 409, body = ProblemView)))]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state
        .app
        .cancel_registration(&auth.principal, &asset_id(&id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Attaches an evidence document (PDF, PNG or JPEG, at most 20 MB) to one of the caller's
/// assets; the source declaration refers to it as `sha256:<hex>`. Its file name may be given
/// in `X-File-Name`.
#[utoipa::path(post, path = "/api/v1/assets/{id}/evidence", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body(content = Vec<u8>, content_type = "application/pdf", description = "The document"),
    responses((status = 201, body = Object), (status = 403, body = ProblemView),
              (status = 404, body = ProblemView), (status = 413, body = ProblemView),
              (status = 422, body = ProblemView, description = "Not a PDF, PNG or JPEG")))]
pub(crate) async fn attach_evidence(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let view = state
        .app
        .attach_evidence(&auth.principal, &asset_id(&id)?, media_type, name, body)
        .await?;
    Ok((StatusCode::CREATED, json(&view)?))
}

/// An evidence document.
#[utoipa::path(get, path = "/api/v1/assets/{id}/evidence/{sha256}", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)"), ("sha256" = String, Path, description = "The document's SHA-256")),
    responses((status = 200, description = "The document"), (status = 404, body = ProblemView)))]
pub(crate) async fn evidence(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, sha)): Path<(String, String)>,
) -> ApiResult<Response> {
    let (media_type, bytes) = state
        .app
        .evidence_document(&auth.principal, &asset_id(&id)?, &sha)
        .await?;
    Ok(super::xborder::private_document(&media_type, bytes))
}

/// Licenses a right the caller holds (grant `{grant}`) to another verified participant,
/// within the grant's purposes, territory and term.
#[utoipa::path(post, path = "/api/v1/grants/{grant}/licences", tag = "rights", security(("bearer" = [])),
    params(("grant" = String, Path, description = "The parent grant (`grt_…`)")),
    request_body(content = Object, description = "`{to, purposes?, territory?, products?, from, until?, exclusive?, sublicensable?}`; empty purposes or territory mean any within the parent grant",
        example = json!({"to": "prt_…", "purposes": ["logistics_analytics"], "territory": ["CN"], "products": true, "from": "2026-12-01", "until": "2027-12-31", "exclusive": false, "sublicensable": false})),
    responses((status = 201, body = Object, description = "The licence"),
              (status = 403, body = ProblemView), (status = 404, body = ProblemView),
              (status = 409, body = ProblemView, description = "Inactive parent, overlapping exclusive licence, frozen asset"),
              (status = 422, body = ProblemView, description = "Outside the parent grant, bad term, not sub-licensable")))]
pub(crate) async fn license(
    State(state): State<AppState>,
    auth: Auth,
    Path(grant): Path<String>,
    JsonBody(req): JsonBody<app::rights::LicenceRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let g = state
        .app
        .license_right(&auth.principal, &grant_id(&grant)?, req)
        .await?;
    Ok((StatusCode::CREATED, json(&g)?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TransferRequest {
    /// The new holder (`prt_…`).
    #[schema(value_type = String)]
    pub to: ParticipantId,
}

/// Transfers a grant the caller holds to another verified participant.
#[utoipa::path(post, path = "/api/v1/grants/{grant}/transfer", tag = "rights", security(("bearer" = [])),
    params(("grant" = String, Path, description = "The grant (`grt_…`)")),
    request_body = TransferRequest,
    responses((status = 201, body = Object, description = "The grant the new holder holds"),
              (status = 403, body = ProblemView), (status = 404, body = ProblemView), (status = 409, body = ProblemView)))]
pub(crate) async fn transfer(
    State(state): State<AppState>,
    auth: Auth,
    Path(grant): Path<String>,
    JsonBody(req): JsonBody<TransferRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let g = state
        .app
        .transfer_grant(&auth.principal, &grant_id(&grant)?, &req.to)
        .await?;
    Ok((StatusCode::CREATED, json(&g)?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReasonRequest {
    pub reason: String,
}

/// Revokes a grant (its grantor, or operator staff); everything resting on it is suspended.
/// Returns the grants suspended.
#[utoipa::path(post, path = "/api/v1/grants/{grant}/revoke", tag = "rights", security(("bearer" = [])),
    params(("grant" = String, Path, description = "The grant (`grt_…`)")),
    request_body = ReasonRequest,
    responses((status = 200, body = Object), (status = 403, body = ProblemView), (status = 404, body = ProblemView),
              (status = 409, body = ProblemView, description = "Already revoked")))]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    auth: Auth,
    Path(grant): Path<String>,
    JsonBody(req): JsonBody<ReasonRequest>,
) -> ApiResult<Json<Value>> {
    let fallen = state
        .app
        .revoke_grant(&auth.principal, &grant_id(&grant)?, &req.reason)
        .await?;
    json(&serde_json::json!({ "suspended": fallen }))
}

/// Files an objection (异议) against an asset's registration: listing and trading freeze until
/// operator staff resolve it.
#[utoipa::path(post, path = "/api/v1/assets/{id}/objections", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body = ReasonRequest,
    responses((status = 204), (status = 403, body = ProblemView), (status = 404, body = ProblemView),
              (status = 409, body = ProblemView, description = "An objection is already open")))]
pub(crate) async fn object(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<ReasonRequest>,
) -> ApiResult<StatusCode> {
    state
        .app
        .object_to_asset(&auth.principal, &asset_id(&id)?, &req.reason)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResolveRequest {
    /// Upheld: the registration falls. Dismissed: the asset is unfrozen.
    pub upheld: bool,
    pub note: String,
}

/// Resolves an open objection (operator staff). Returns the grants revoked or suspended.
#[utoipa::path(post, path = "/api/v1/assets/{id}/objections/resolve", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body = ResolveRequest,
    responses((status = 200, body = Object), (status = 403, body = ProblemView), (status = 404, body = ProblemView),
              (status = 409, body = ProblemView, description = "No open objection")))]
pub(crate) async fn resolve(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<ResolveRequest>,
) -> ApiResult<Json<Value>> {
    let affected = state
        .app
        .resolve_objection(&auth.principal, &asset_id(&id)?, req.upheld, &req.note)
        .await?;
    json(&serde_json::json!({ "affected": affected }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LifecycleRequest {
    /// `listed`, `suspended` or `delisted`.
    pub to: String,
    /// Required to suspend.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Moves an asset in its lifecycle: its owner lists (which needs the product operation right
/// and no open objection), delists and relists; operator staff suspend and reinstate.
#[utoipa::path(post, path = "/api/v1/assets/{id}/lifecycle", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body = LifecycleRequest,
    responses((status = 200, body = AssetView), (status = 403, body = ProblemView, description = "No operation right, or not allowed"),
              (status = 404, body = ProblemView), (status = 409, body = ProblemView, description = "Not allowed from the current state, or frozen")))]
pub(crate) async fn lifecycle(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<LifecycleRequest>,
) -> ApiResult<Json<AssetView>> {
    let a = state
        .app
        .set_lifecycle(
            &auth.principal,
            &asset_id(&id)?,
            &req.to,
            req.reason.as_deref(),
        )
        .await?;
    Ok(Json(AssetView::from(&a)))
}

/// Destroys one of the caller's registered or delisted assets: its files are deleted and a
/// destruction certificate is issued once the event is in the log.
#[utoipa::path(post, path = "/api/v1/assets/{id}/destroy", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body = ReasonRequest,
    responses((status = 200, body = Object, description = "What was destroyed"),
              (status = 403, body = ProblemView), (status = 404, body = ProblemView), (status = 409, body = ProblemView)))]
pub(crate) async fn destroy(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<ReasonRequest>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        state
            .app
            .destroy_asset(&auth.principal, &asset_id(&id)?, &req.reason)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AccountingRequest {
    /// `intangible_asset`, `inventory` or `not_recognised`.
    pub class: String,
}

/// Records how the owner accounts for an asset (财会〔2023〕11号).
#[utoipa::path(put, path = "/api/v1/assets/{id}/accounting", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body = AccountingRequest,
    responses((status = 204), (status = 403, body = ProblemView), (status = 404, body = ProblemView), (status = 422, body = ProblemView)))]
pub(crate) async fn accounting(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<AccountingRequest>,
) -> ApiResult<StatusCode> {
    state
        .app
        .set_accounting_class(&auth.principal, &asset_id(&id)?, &req.class)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a cost against an asset the caller owns or holds a grant over. Costs incurred
/// before 2024-01-01 are never capitalised.
#[utoipa::path(post, path = "/api/v1/assets/{id}/costs", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body(content = Object, description = "`{category, amount_fen, incurred_on, capitalised?, note?}`; category is acquisition, collection, processing, storage, labelling, compliance or other",
        example = json!({"category": "collection", "amount_fen": 12000000, "incurred_on": "2026-03-31", "capitalised": true, "note": "传感器采集与清洗"})),
    responses((status = 201, body = Object), (status = 404, body = ProblemView), (status = 422, body = ProblemView)))]
pub(crate) async fn record_cost(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<app::rights::CostInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let cost = state
        .app
        .record_cost(&auth.principal, &asset_id(&id)?, req)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({
            "id": cost.id, "category": cost.category, "amount_fen": cost.amount_fen,
            "incurred_on": cost.incurred_on, "capitalised": cost.capitalised, "note": cost.note,
        })),
    ))
}

/// The costs the caller's participant recorded against an asset.
#[utoipa::path(get, path = "/api/v1/assets/{id}/costs", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    responses((status = 200, body = Object)))]
pub(crate) async fn costs(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let costs = state.app.costs_of(&auth.principal, &asset_id(&id)?).await?;
    Ok(Json(Value::Array(
        costs
            .iter()
            .map(|c| {
                serde_json::json!({
                    "id": c.id, "category": c.category, "amount_fen": c.amount_fen,
                    "incurred_on": c.incurred_on, "capitalised": c.capitalised, "note": c.note,
                })
            })
            .collect(),
    )))
}

#[derive(Deserialize)]
pub(crate) struct RegisterQuery {
    #[serde(default)]
    format: Option<String>,
}

/// A participant's data-asset register (for disclosure): the assets it owns or holds a grant
/// over, with rights held, grade, accounting treatment and costs. `?format=csv` for CSV.
#[utoipa::path(get, path = "/api/v1/participants/{id}/asset-register", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Participant id (`prt_…`)"),
           ("format" = Option<String>, Query, description = "`json` (default) or `csv`")),
    responses((status = 200, body = Object), (status = 404, body = ProblemView)))]
pub(crate) async fn asset_register(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<RegisterQuery>,
) -> ApiResult<Response> {
    let participant =
        ParticipantId::parse(&id).map_err(|_| Error::new(Code::ParticipantNotFound))?;
    match q.format.as_deref() {
        Some("csv") => {
            let bytes = state
                .app
                .asset_register_csv(&auth.principal, &participant)
                .await?;
            Ok((
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/csv; charset=utf-8"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_static("attachment; filename=\"asset-register.csv\""),
                    ),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("private, no-store"),
                    ),
                ],
                bytes,
            )
                .into_response())
        }
        None | Some("json") => {
            let rows = state
                .app
                .asset_register(&auth.principal, &participant)
                .await?;
            Ok(json(&rows)?.into_response())
        }
        Some(_) => Err(Error::new(Code::BadRequest)
            .detail("format is json or csv.", "format 取值为 json 或 csv。")
            .into()),
    }
}

#[derive(Deserialize)]
pub(crate) struct CertificateQuery {
    #[serde(default)]
    kind: Option<String>,
}

/// An asset's current certificate (`?kind=registration`, the default, or `destruction`), a
/// W3C verifiable credential with an `eddsa-jcs-2022` proof and its log receipt. Issued on the
/// spot when due; `409 log.pending` with `Retry-After` while the event it attests is not yet in
/// the log.
#[utoipa::path(get, path = "/api/v1/assets/{id}/certificate", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)"),
           ("kind" = Option<String>, Query, description = "`registration` (default) or `destruction`")),
    responses((status = 200, body = Object, description = "The credential"),
              (status = 404, body = ProblemView), (status = 409, body = ProblemView, description = "Not yet in the log")))]
pub(crate) async fn certificate(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<CertificateQuery>,
) -> ApiResult<Response> {
    let kind = match q.kind.as_deref() {
        None | Some("registration") => "registration",
        Some("destruction") => "destruction",
        Some(_) => {
            return Err(Error::new(Code::BadRequest)
                .detail(
                    "kind is registration or destruction.",
                    "kind 取值为 registration 或 destruction。",
                )
                .into());
        }
    };
    let cert = state
        .app
        .asset_certificate(&auth.principal, &asset_id(&id)?, kind)
        .await?;
    Ok(credential_response(&cert.credential))
}

fn credential_response(credential: &Value) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/vc+json"),
        )],
        Json(credential.clone()),
    )
        .into_response()
}

/// Every certificate issued for an asset, newest first, with revocation.
#[utoipa::path(get, path = "/api/v1/assets/{id}/certificates", tag = "rights", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    responses((status = 200, body = Object), (status = 404, body = ProblemView)))]
pub(crate) async fn certificates(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    json(
        &state
            .app
            .asset_certificates(&auth.principal, &asset_id(&id)?)
            .await?,
    )
}

/// A certificate by its id (`urn:uuid:…`), public: certificates are shown to anyone.
#[utoipa::path(get, path = "/api/v1/certificates/{id}", tag = "rights",
    params(("id" = String, Path, description = "The credential id (`urn:uuid:…`)")),
    responses((status = 200, body = Object), (status = 404, body = ProblemView)))]
pub(crate) async fn certificate_by_id(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let cert = state.app.certificate(&id).await?;
    Ok(credential_response(&cert.credential))
}

/// Checks a certificate (public): the proof, the issuer (this exchange), the embedded log
/// receipt against this exchange's log key, the event it attests, and its revocation status.
/// `valid` is true only when every check passes and it is not revoked.
#[utoipa::path(post, path = "/api/v1/certificates/verify", tag = "rights",
    request_body(content = Object, description = "The certificate (a verifiable credential)"),
    responses((status = 200, body = Object, description = "`{valid, check?, revoked?, error?: {code, en, zh}}`")))]
pub(crate) async fn verify(
    State(state): State<AppState>,
    JsonBody(credential): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let issuer = state.app.issuer_did();
    let log_key = state.app.log_key().verifier_key;
    let fail = |e: app::certs::CertError| {
        Json(serde_json::json!({
            "valid": false,
            "error": {"code": e.code(), "en": e.to_string(), "zh": e.message_zh()},
        }))
    };
    let check = match app::certs::verify_certificate(&credential, Some(&issuer), Some(&log_key)) {
        Ok(c) => c,
        Err(e) => return Ok(fail(e)),
    };
    let list = check
        .status_list
        .as_deref()
        .and_then(|u| u.rsplit('/').next())
        .and_then(|n| n.parse::<i64>().ok())
        .unwrap_or(0);
    let status = state.app.status_list_credential(list).await?;
    let revoked = match app::certs::check_status(&check, &status) {
        Ok(r) => r,
        Err(e) => return Ok(fail(e)),
    };
    Ok(Json(serde_json::json!({
        "valid": !revoked,
        "revoked": revoked,
        "check": check,
    })))
}

/// A revocation status list (W3C Bitstring Status List), as a credential signed by the
/// exchange (public, briefly cacheable).
#[utoipa::path(get, path = "/api/v1/credentials/status/{list}", tag = "rights",
    params(("list" = i64, Path, description = "The list number")),
    responses((status = 200, body = Object), (status = 404, body = ProblemView)))]
pub(crate) async fn status_list(
    State(state): State<AppState>,
    Path(list): Path<String>,
) -> ApiResult<Response> {
    let list: i64 = list.parse().map_err(|_| {
        Error::new(Code::BadRequest)
            .detail("The list is a positive number.", "状态列表编号应为正整数。")
    })?;
    let credential = state.app.status_list_credential(list).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/vc+json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=60"),
            ),
        ],
        Json(credential),
    )
        .into_response())
}

/// The exchange's credential issuer: its `did:key` and verification method.
#[utoipa::path(get, path = "/api/v1/credentials/issuer", tag = "rights",
    responses((status = 200, body = Object)))]
pub(crate) async fn issuer(State(state): State<AppState>) -> Json<Value> {
    let did = state.app.issuer_did();
    let key = did.trim_start_matches("did:key:").to_owned();
    Json(serde_json::json!({
        "id": did,
        "verificationMethod": format!("{did}#{key}"),
        "publicKeyMultibase": key,
    }))
}

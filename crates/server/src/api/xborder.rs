//! The cross-border gate (数据出境合规) over HTTP: a decision for a described transfer, and the
//! rule sets in force.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use super::views::ProblemView;
use crate::AppState;
use crate::auth::Auth;
use crate::problem::ApiResult;

/// The rule sets in force, as `id@version`: the national baseline first, then operator lists.
#[derive(Serialize, ToSchema)]
pub(crate) struct RulesView {
    pub rules: Vec<String>,
}

/// The gate's decision for a transfer abroad, as `dataport xborder evaluate` prints it: the
/// legal route (`outcome`), whether it may proceed today with the approvals listed in the request
/// (`allowed_now`), this year's totals including the transfer, the reasons with their legal
/// bases, what is missing and the documents to keep. Nothing is recorded.
#[utoipa::path(post, path = "/api/v1/xborder/evaluate", tag = "xborder", security(("bearer" = [])),
    request_body(content = Object, description = "A transfer request: date, exporter, data, transfer, exported_this_year, approvals (see `dataport xborder evaluate`)"),
    responses(
        (status = 200, body = Object, description = "The decision"),
        (status = 422, body = ProblemView, description = "The request is not valid"),
    ))]
pub(crate) async fn evaluate(
    State(state): State<AppState>,
    auth: Auth,
    body: axum::body::Bytes,
) -> ApiResult<Json<serde_json::Value>> {
    let text = std::str::from_utf8(&body).map_err(|_| {
        app::Error::new(app::Code::XborderInvalidRequest)
            .detail("The body is not UTF-8.", "请求体不是 UTF-8 文本。")
    })?;
    let request = app::xborder::parse_request(text)?;
    let decision = state.app.evaluate_transfer(&auth.principal, &request)?;
    Ok(Json(
        serde_json::to_value(decision).map_err(app::Error::internal)?,
    ))
}

/// The rule sets in force.
#[utoipa::path(get, path = "/api/v1/xborder/rules", tag = "xborder", security(("bearer" = [])),
    responses((status = 200, body = RulesView), (status = 401, body = ProblemView)))]
pub(crate) async fn rules(State(state): State<AppState>, _auth: Auth) -> Json<RulesView> {
    Json(RulesView {
        rules: state.app.xborder_rules(),
    })
}

/// Reloads the operator's lists from the rules directory (operator administrators). An invalid
/// file keeps the rules in force and is reported with its line.
#[utoipa::path(post, path = "/api/v1/xborder/rules/reload", tag = "xborder", security(("bearer" = [])),
    responses(
        (status = 200, body = RulesView),
        (status = 403, body = ProblemView),
        (status = 422, body = ProblemView, description = "A list file is not valid; nothing changed"),
    ))]
pub(crate) async fn reload(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<RulesView>> {
    Ok(Json(RulesView {
        rules: state.app.reload_xborder_rules(&auth.principal)?,
    }))
}

/// An approval an exporter holds.
#[derive(Serialize, ToSchema)]
pub(crate) struct ApprovalView {
    pub id: String,
    /// `security_assessment`, `standard_contract` or `certification`.
    pub kind: String,
    pub reference: String,
    pub issued: String,
    pub valid_until: Option<String>,
    pub note: String,
    /// The attached document's SHA-256, media type and size, once attached.
    pub document_sha256: Option<String>,
    pub document_type: Option<String>,
    pub document_size: Option<i64>,
    pub recorded_at: String,
}

impl From<&app::xborder::Approval> for ApprovalView {
    fn from(a: &app::xborder::Approval) -> Self {
        ApprovalView {
            id: a.id.to_string(),
            kind: a.kind.clone(),
            reference: a.reference.clone(),
            issued: a.issued.clone(),
            valid_until: a.valid_until.clone(),
            note: a.note.clone(),
            document_sha256: a.document.as_ref().map(|d| d.0.clone()),
            document_type: a.document.as_ref().map(|d| d.1.clone()),
            document_size: a.document.as_ref().map(|d| d.2),
            recorded_at: types::format_timestamp(&a.recorded_at),
        }
    }
}

/// Executed transfers of one year under one legal basis.
#[derive(Serialize, ToSchema)]
pub(crate) struct CounterView {
    /// The counting tag: `counted`, `art3`, `art4`, `art5_contract`, `art5_hr`,
    /// `art5_emergency`, `ftz`.
    pub counting: String,
    pub transfers: i64,
    pub individuals: i64,
    pub sensitive_individuals: i64,
}

/// One decision of the gate.
#[derive(Serialize, ToSchema)]
pub(crate) struct TransferView {
    pub id: String,
    pub destination: String,
    pub outcome: String,
    pub allowed: bool,
    pub executed: bool,
    pub counting: String,
    pub individuals: i64,
    pub sensitive_individuals: i64,
    pub decided_at: String,
}

/// What the operator has established about an exporter.
#[derive(Serialize, ToSchema)]
pub(crate) struct ProfileView {
    /// A critical information infrastructure operator.
    pub ciio: bool,
    /// The free-trade zone whose list it exports under.
    pub ftz: Option<String>,
    pub basis: String,
    pub updated_at: String,
}

impl From<&app::xborder::ExporterProfile> for ProfileView {
    fn from(p: &app::xborder::ExporterProfile) -> Self {
        ProfileView {
            ciio: p.ciio,
            ftz: p.ftz.clone(),
            basis: p.basis.clone(),
            updated_at: types::format_timestamp(&p.updated_at),
        }
    }
}

/// An exporter's standing with the gate.
#[derive(Serialize, ToSchema)]
pub(crate) struct ComplianceView {
    /// What the operator established (CIIO status, FTZ); decisions use it over the exporter's
    /// own declaration. `null` until recorded.
    pub profile: Option<ProfileView>,
    pub year: i32,
    /// Executed transfers this year per legal basis.
    pub counters: Vec<CounterView>,
    /// The totals the thresholds are tested against (every export counts: the stricter reading).
    pub counted_individuals: u64,
    pub counted_sensitive_individuals: u64,
    pub approvals: Vec<ApprovalView>,
    /// The newest decisions, newest first.
    pub transfers: Vec<TransferView>,
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct YearParam {
    /// The year (Asia/Shanghai); default the current one.
    pub year: Option<i32>,
}

/// An exporter's counters, approvals on record and recent decisions (the exporter, the operator
/// and regulators).
#[utoipa::path(get, path = "/api/v1/participants/{id}/xborder", tag = "xborder", security(("bearer" = [])),
    params(("id" = String, Path, description = "The exporter (`prt_…`)"), YearParam),
    responses((status = 200, body = ComplianceView), (status = 404, body = ProblemView)))]
pub(crate) async fn compliance(
    State(state): State<AppState>,
    auth: Auth,
    axum::extract::Path(id): axum::extract::Path<String>,
    super::QueryParams(q): super::QueryParams<YearParam>,
) -> ApiResult<Json<ComplianceView>> {
    let id = super::participants::participant_id(&id)?;
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&app::today_in_china()));
    let c = state
        .app
        .xborder_compliance(&auth.principal, &id, year)
        .await?;
    Ok(Json(compliance_view(&c)))
}

pub(crate) fn compliance_view(c: &app::xborder::Compliance) -> ComplianceView {
    ComplianceView {
        profile: c.profile.as_ref().map(ProfileView::from),
        year: c.year,
        counters: c
            .counters
            .iter()
            .map(|k| CounterView {
                counting: k.counting.clone(),
                transfers: k.transfers,
                individuals: k.individuals,
                sensitive_individuals: k.sensitive_individuals,
            })
            .collect(),
        counted_individuals: c.counted.individuals,
        counted_sensitive_individuals: c.counted.sensitive_individuals,
        approvals: c.approvals.iter().map(ApprovalView::from).collect(),
        transfers: c
            .transfers
            .iter()
            .map(|t| TransferView {
                id: t.id.to_string(),
                destination: t.destination.clone(),
                outcome: t.outcome.clone(),
                allowed: t.allowed,
                executed: t.executed,
                counting: t.counting.clone(),
                individuals: t.individuals,
                sensitive_individuals: t.sensitive_individuals,
                decided_at: types::format_timestamp(&t.decided_at),
            })
            .collect(),
    }
}

/// An approval to record.
#[derive(serde::Deserialize, ToSchema)]
pub(crate) struct ApprovalRequest {
    pub kind: String,
    pub reference: String,
    /// `YYYY-MM-DD`.
    pub issued: String,
    pub valid_until: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// Records an approval the exporter holds: a security assessment result, a filed standard
/// contract or a certification (operator staff).
#[utoipa::path(post, path = "/api/v1/participants/{id}/xborder/approvals", tag = "xborder", security(("bearer" = [])),
    params(("id" = String, Path, description = "The exporter (`prt_…`)")),
    request_body = ApprovalRequest,
    responses(
        (status = 201, body = ApprovalView),
        (status = 403, body = ProblemView),
        (status = 422, body = ProblemView),
    ))]
pub(crate) async fn record_approval(
    State(state): State<AppState>,
    auth: Auth,
    axum::extract::Path(id): axum::extract::Path<String>,
    super::JsonBody(req): super::JsonBody<ApprovalRequest>,
) -> ApiResult<(axum::http::StatusCode, Json<ApprovalView>)> {
    let id = super::participants::participant_id(&id)?;
    let a = state
        .app
        .record_approval(
            &auth.principal,
            &id,
            &app::xborder::NewApproval {
                kind: req.kind,
                reference: req.reference,
                issued: req.issued,
                valid_until: req.valid_until,
                note: req.note,
            },
        )
        .await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(ApprovalView::from(&a)),
    ))
}

/// A decision for a transfer by this exporter, with its counters and approvals on record (the
/// request's `exported_this_year` and `approvals` may be left out: the record replaces them).
/// With `asset_version` (`asv_…`, one of the exporter's), the data's level and people come from
/// that version's classification, and the year's counters count distinct people across every
/// transfer that named its version.
/// With `execute`, an allowed transfer is counted; one not allowed is refused (409) with what is
/// missing. Every decision is recorded and logged.
#[utoipa::path(post, path = "/api/v1/participants/{id}/xborder/transfers", tag = "xborder", security(("bearer" = [])),
    params(("id" = String, Path, description = "The exporter (`prt_…`)")),
    request_body(content = Object, description = "{\"request\": <transfer request>, \"asset_version\": \"asv_…\" (optional), \"execute\": false}"),
    responses(
        (status = 201, body = Object, description = "{id, executed, decision}"),
        (status = 409, body = ProblemView, description = "Asked to execute, not allowed today"),
        (status = 422, body = ProblemView),
    ))]
pub(crate) async fn decide(
    State(state): State<AppState>,
    auth: Auth,
    axum::extract::Path(id): axum::extract::Path<String>,
    super::JsonBody(body): super::JsonBody<serde_json::Value>,
) -> ApiResult<(axum::http::StatusCode, Json<serde_json::Value>)> {
    let id = super::participants::participant_id(&id)?;
    let execute = match body.get("execute") {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| {
            app::Error::new(app::Code::XborderInvalidRequest)
                .detail("execute is true or false.", "execute 应为 true 或 false。")
        })?,
    };
    let mut request = body
        .get("request")
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    if let Some(o) = request.as_object_mut() {
        o.entry("exported_this_year")
            .or_insert_with(|| serde_json::json!({"individuals": 0, "sensitive_individuals": 0}));
        o.entry("approvals")
            .or_insert_with(|| serde_json::json!([]));
    }
    let request = app::xborder::parse_request(&request.to_string())?;
    let version = match body.get("asset_version") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(
            v.as_str()
                .and_then(|v| types::AssetVersionId::parse(v).ok())
                .ok_or_else(|| app::Error::new(app::Code::AssetNotFound))?,
        ),
    };
    let d = state
        .app
        .decide_transfer(&auth.principal, &id, request, version, execute)
        .await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(serde_json::json!({
            "id": d.id.to_string(),
            "executed": d.executed,
            "decision": d.decision,
        })),
    ))
}

/// An exporter profile to record.
#[derive(serde::Deserialize, ToSchema)]
pub(crate) struct ProfileRequest {
    pub ciio: bool,
    /// A zone with a list loaded, or null.
    pub ftz: Option<String>,
    /// What the record rests on (the regulator's notice, the FTZ registration).
    pub basis: String,
}

/// Records whether the exporter is a CIIO and the FTZ whose list it exports under (operator
/// staff). Decisions use this record over the exporter's own declaration.
#[utoipa::path(put, path = "/api/v1/participants/{id}/xborder/profile", tag = "xborder", security(("bearer" = [])),
    params(("id" = String, Path, description = "The exporter (`prt_…`)")),
    request_body = ProfileRequest,
    responses(
        (status = 200, body = ProfileView),
        (status = 403, body = ProblemView),
        (status = 422, body = ProblemView, description = "No list for that zone, or no basis"),
    ))]
pub(crate) async fn set_profile(
    State(state): State<AppState>,
    auth: Auth,
    axum::extract::Path(id): axum::extract::Path<String>,
    super::JsonBody(req): super::JsonBody<ProfileRequest>,
) -> ApiResult<Json<ProfileView>> {
    let id = super::participants::participant_id(&id)?;
    let p = state
        .app
        .set_exporter_profile(
            &auth.principal,
            &id,
            req.ciio,
            req.ftz.as_deref(),
            &req.basis,
        )
        .await?;
    Ok(Json(ProfileView::from(&p)))
}

fn approval_path(
    id: &str,
    approval: &str,
) -> Result<(types::ParticipantId, types::ApprovalId), app::Error> {
    let id = super::participants::participant_id(id)?;
    let approval =
        types::ApprovalId::parse(approval).map_err(|_| app::Error::new(app::Code::NotFound))?;
    Ok((id, approval))
}

/// Attaches the approval's document (PDF, PNG or JPEG, at most 20 MB), sent as the body with its
/// media type (operator staff).
#[utoipa::path(put, path = "/api/v1/participants/{id}/xborder/approvals/{approval}/document", tag = "xborder", security(("bearer" = [])),
    params(("id" = String, Path, description = "The exporter (`prt_…`)"), ("approval" = String, Path, description = "The approval (`xap_…`)")),
    request_body(content = Vec<u8>, content_type = "application/pdf", description = "The document"),
    responses(
        (status = 200, body = ApprovalView),
        (status = 403, body = ProblemView),
        (status = 422, body = ProblemView, description = "Not a PDF, PNG or JPEG"),
    ))]
pub(crate) async fn attach_document(
    State(state): State<AppState>,
    auth: Auth,
    axum::extract::Path((id, approval)): axum::extract::Path<(String, String)>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<ApprovalView>> {
    let (id, approval) = approval_path(&id, &approval)?;
    let media_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let a = state
        .app
        .attach_approval_document(&auth.principal, &id, &approval, media_type, body)
        .await?;
    Ok(Json(ApprovalView::from(&a)))
}

/// The approval's document (the exporter, operators and regulators).
#[utoipa::path(get, path = "/api/v1/participants/{id}/xborder/approvals/{approval}/document", tag = "xborder", security(("bearer" = [])),
    params(("id" = String, Path, description = "The exporter (`prt_…`)"), ("approval" = String, Path, description = "The approval (`xap_…`)")),
    responses((status = 200, description = "The document"), (status = 404, body = ProblemView)))]
pub(crate) async fn document(
    State(state): State<AppState>,
    auth: Auth,
    axum::extract::Path((id, approval)): axum::extract::Path<(String, String)>,
) -> ApiResult<axum::response::Response> {
    let (id, approval) = approval_path(&id, &approval)?;
    let (media_type, bytes) = state
        .app
        .approval_document(&auth.principal, &id, &approval)
        .await?;
    Ok(private_document(&media_type, bytes))
}

/// A stored document as a response: its media type, and never cached (it is one tenant's).
pub(crate) fn private_document(
    media_type: &str,
    bytes: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let media_type = axum::http::HeaderValue::from_str(media_type)
        .unwrap_or_else(|_| axum::http::HeaderValue::from_static("application/octet-stream"));
    (
        [
            (axum::http::header::CONTENT_TYPE, media_type),
            (
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response()
}

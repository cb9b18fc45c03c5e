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

//! The JSON API under `/api/v1`. Each handler is annotated for the OpenAPI document, and the
//! router is built from those annotations (utoipa-axum), so the document and the routes cannot
//! drift apart.

mod accounts;
mod assets;
mod log;
pub(crate) mod participants;
mod rights;
pub(crate) mod views;
mod xborder;

pub(crate) use xborder::private_document as xborder_document;

use app::{Code, Error};
use axum::Json;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::problem::ApiError;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Dataport API",
        description = "Dataport (数港), a trusted data exchange for digital trade. Errors are RFC 9457 problem details with a stable `code` and messages in Chinese and English.",
        version = "1"
    ),
    modifiers(&BearerAuth),
    components(schemas(views::ProblemView)),
    tags(
        (name = "accounts", description = "Sign-in, tokens and users"),
        (name = "participants", description = "Participants (数商) and their verification"),
        (name = "assets", description = "Data assets and their versions"),
        (name = "log", description = "The transparency log (存证): checkpoints, proofs and receipts"),
        (name = "xborder", description = "The cross-border transfer gate (数据出境合规)"),
        (name = "rights", description = "Rights registry (三权分置), asset lifecycle and accounts, certificates (登记凭证)"),
        (name = "meta", description = "The API description itself"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every API route with its OpenAPI description.
pub(crate) fn router() -> OpenApiRouter<AppState> {
    // Uploads stream to disk under their own size limit, so the default body limit is lifted
    // for them alone.
    let uploads = OpenApiRouter::new()
        .routes(routes!(assets::create, assets::list))
        .routes(routes!(assets::add_version))
        .layer(DefaultBodyLimit::disable());
    // Approval documents are up to 20 MB.
    let documents = OpenApiRouter::new()
        .routes(routes!(xborder::attach_document, xborder::document))
        .routes(routes!(rights::attach_evidence))
        .layer(DefaultBodyLimit::max(app::xborder::MAX_DOCUMENT_BYTES + 1));
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(openapi_json))
        .routes(routes!(accounts::issue_token))
        .routes(routes!(accounts::list_tokens))
        .routes(routes!(accounts::revoke_token))
        .routes(routes!(accounts::me))
        .routes(routes!(participants::register, participants::list))
        .routes(routes!(participants::get))
        .routes(routes!(participants::verify))
        .routes(routes!(participants::suspend))
        .routes(routes!(participants::reinstate))
        .routes(routes!(accounts::create_user))
        .merge(uploads)
        .routes(routes!(assets::get))
        .routes(routes!(assets::download))
        .routes(routes!(assets::declare))
        .routes(routes!(log::key))
        .routes(routes!(log::checkpoint))
        .routes(routes!(log::entries))
        .routes(routes!(log::inclusion))
        .routes(routes!(log::consistency))
        .routes(routes!(log::receipt))
        .routes(routes!(xborder::evaluate))
        .routes(routes!(xborder::rules))
        .routes(routes!(xborder::reload))
        .routes(routes!(xborder::compliance))
        .routes(routes!(xborder::record_approval))
        .routes(routes!(xborder::decide))
        .routes(routes!(xborder::set_profile))
        .routes(routes!(rights::register, rights::view))
        .routes(routes!(rights::amend_source))
        .routes(routes!(rights::cancel))
        .routes(routes!(rights::evidence))
        .routes(routes!(rights::license))
        .routes(routes!(rights::transfer))
        .routes(routes!(rights::revoke))
        .routes(routes!(rights::object))
        .routes(routes!(rights::resolve))
        .routes(routes!(rights::lifecycle))
        .routes(routes!(rights::destroy))
        .routes(routes!(rights::accounting))
        .routes(routes!(rights::record_cost, rights::costs))
        .routes(routes!(rights::asset_register))
        .routes(routes!(rights::certificate))
        .routes(routes!(rights::certificates))
        .routes(routes!(rights::certificate_by_id))
        .routes(routes!(rights::verify))
        .routes(routes!(rights::status_list))
        .routes(routes!(rights::issuer))
        .merge(documents)
}

/// A JSON request body whose rejection is a problem-details error like every other.
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(ApiError(Error::new(Code::BadRequest).detail(
                rejection.body_text(),
                "请求体不是有效的 JSON，或缺少必填字段。",
            ))),
        }
    }
}

/// Parses a JSON body already read as bytes (when the raw bytes are needed too, e.g. to hash
/// them for idempotency).
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<JsonBody<T>, ApiError> {
    serde_json::from_slice(bytes).map(JsonBody).map_err(|e| {
        ApiError(Error::new(Code::BadRequest).detail(
            format!("The body is not valid JSON for this request: {e}."),
            "请求体不是有效的 JSON，或缺少必填字段。",
        ))
    })
}

/// Query parameters whose rejection is a problem-details error.
pub(crate) struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(QueryParams(value)),
            Err(rejection) => Err(ApiError(
                Error::new(Code::BadRequest).detail(rejection.body_text(), "查询参数无效。"),
            )),
        }
    }
}

/// Pagination parameters shared by every listing.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageParams {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Items per page, 1–200 (default 50).
    pub limit: Option<u32>,
}

/// The OpenAPI 3.1 document of this API.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    router().into_openapi()
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}

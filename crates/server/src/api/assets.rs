//! Data assets: streamed multipart upload, new versions, listing, detail and download.

use std::collections::BTreeMap;

use app::{App, Code, Error, StagedFile, UploadMeta};
use axum::Json;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use types::{AssetId, SourceKind, UpdateFrequency};
use utoipa::ToSchema;

use super::views::{AssetDetailView, AssetPage, AssetView, ProblemView};
use super::{PageParams, QueryParams};
use crate::AppState;
use crate::auth::Auth;
use crate::idempotency;
use crate::problem::{ApiError, ApiResult};

/// The multipart form of an upload. Only `file` is required.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub(crate) struct UploadForm {
    /// CSV (UTF-8 or GB18030/GBK), Parquet or JSON Lines, optionally gzip-compressed.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    title: Option<String>,
    title_en: Option<String>,
    description: Option<String>,
    description_en: Option<String>,
    sector: Option<String>,
    /// `self_collected`, `purchased`, `authorised_public_data` or `personal_info_with_consent`.
    source_kind: Option<String>,
    /// Evidence for the source declaration (required for personal information).
    source_evidence: Option<String>,
    /// `once`, `real_time`, `daily`, `weekly`, `monthly`, `quarterly`, `yearly` or `irregular`.
    update_frequency: Option<String>,
}

/// Text parts are small; a larger one is a mistake or an attack.
const MAX_TEXT_PART: usize = 16 * 1024;

/// The text parts an upload may carry; any other part is refused, so a client cannot make the
/// server hold arbitrarily many.
const TEXT_PARTS: &[&str] = &[
    "title",
    "title_en",
    "description",
    "description_en",
    "sector",
    "source_kind",
    "source_evidence",
    "update_frequency",
];

fn bad_multipart(e: impl std::fmt::Display) -> ApiError {
    ApiError(Error::new(Code::BadRequest).detail(
        format!("The multipart body could not be read: {e}."),
        "multipart 请求体无法读取。",
    ))
}

/// A received upload: the staged file and the text parts.
struct Received {
    staged: StagedFile,
    file_name: String,
    fields: BTreeMap<String, String>,
}

impl Received {
    /// What identifies this request for idempotency: the file's hash and every text part.
    fn request_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.staged.sha256().as_bytes());
        h.update(self.file_name.as_bytes());
        h.update([0]);
        for (k, v) in &self.fields {
            h.update(k.as_bytes());
            h.update([0]);
            h.update(v.as_bytes());
            h.update([0]);
        }
        hex::encode(h.finalize())
    }

    fn field(&self, name: &str) -> Option<String> {
        self.fields
            .get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn meta(&self) -> Result<UploadMeta, Error> {
        let invalid = |en: &str, zh: &str| Error::new(Code::InvalidAssetMetadata).detail(en, zh);
        let source_kind = self
            .field("source_kind")
            .map(|s| {
                SourceKind::parse(&s).ok_or_else(|| {
                    invalid(
                        "source_kind is self_collected, purchased, authorised_public_data or personal_info_with_consent.",
                        "source_kind 取值为 self_collected、purchased、authorised_public_data 或 personal_info_with_consent。",
                    )
                })
            })
            .transpose()?;
        let update_frequency = self
            .field("update_frequency")
            .map(|s| {
                UpdateFrequency::parse(&s).ok_or_else(|| {
                    invalid(
                        "update_frequency is once, real_time, daily, weekly, monthly, quarterly, yearly or irregular.",
                        "update_frequency 取值为 once、real_time、daily、weekly、monthly、quarterly、yearly 或 irregular。",
                    )
                })
            })
            .transpose()?;
        Ok(UploadMeta {
            // Without a title, the file name serves.
            title: self
                .field("title")
                .unwrap_or_else(|| self.file_name.clone()),
            title_en: self.field("title_en"),
            description: self.field("description").unwrap_or_default(),
            description_en: self.field("description_en"),
            sector: self.field("sector").unwrap_or_default(),
            source_kind,
            source_evidence: self.field("source_evidence"),
            update_frequency,
        })
    }
}

/// Streams the multipart body: the `file` part to a staged file (hashed on the way, with the
/// size limit), text parts into memory.
async fn receive(
    app: &App,
    headers: &HeaderMap,
    mut multipart: Multipart,
) -> Result<Received, ApiError> {
    // Refuse an oversized upload before reading it when the client announces its size.
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let limit = app.config().max_upload_bytes;
    if announced.is_some_and(|n| n > limit.saturating_add(1024 * 1024)) {
        return Err(ApiError(Error::new(Code::TooLarge).detail(
            format!("The limit is {limit} bytes."),
            format!("上限为 {limit} 字节。"),
        )));
    }
    let mut staged = None;
    let mut file_name = String::new();
    let mut fields = BTreeMap::new();
    while let Some(mut field) = multipart.next_field().await.map_err(bad_multipart)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if staged.is_some() {
                return Err(bad_multipart("more than one part named file"));
            }
            file_name = field.file_name().unwrap_or("upload").to_owned();
            let mut sink = app.begin_upload().await?;
            while let Some(chunk) = field.chunk().await.map_err(bad_multipart)? {
                sink.write(&chunk).await?;
            }
            staged = Some(sink.finish(&file_name).await?);
        } else {
            if !TEXT_PARTS.contains(&name.as_str()) || fields.contains_key(&name) {
                return Err(bad_multipart(format!(
                    "unexpected or repeated part {name:?}"
                )));
            }
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad_multipart)? {
                text.extend_from_slice(&chunk);
                if text.len() > MAX_TEXT_PART {
                    return Err(bad_multipart(format!("part {name} is too long")));
                }
            }
            let text = String::from_utf8(text)
                .map_err(|_| bad_multipart(format!("part {name} is not UTF-8")))?;
            fields.insert(name, text);
        }
    }
    let staged = staged.ok_or(ApiError(Error::new(Code::MissingFile)))?;
    Ok(Received {
        staged,
        file_name,
        fields,
    })
}

/// Uploads a dataset as a new asset (verified providers). The file is streamed to disk, hashed,
/// read and normalised to Parquet; the answer carries the schema and row count. Accepts an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/assets", tag = "assets", security(("bearer" = [])),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried upload safe")),
    responses(
        (status = 201, body = AssetDetailView),
        (status = 403, body = ProblemView, description = "Not a verified provider"),
        (status = 413, body = ProblemView, description = "Larger than the upload limit"),
        (status = 415, body = ProblemView, description = "Not CSV, Parquet or JSON Lines"),
        (status = 422, body = ProblemView, description = "Empty, malformed, truncated or wrongly encoded"),
    ))]
pub(crate) async fn create(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    multipart: Multipart,
) -> ApiResult<Response> {
    let key = idempotency::key(&headers)?;
    // Refuse callers who may not upload before receiving gigabytes from them.
    state.app.check_may_upload(&auth.principal)?;
    let received = receive(&state.app, &headers, multipart).await?;
    let hash = received.request_hash();
    let meta = received.meta()?;
    let scope = auth.principal.user().id.to_string();
    let app = state.app.clone();
    idempotency::run(
        &state.app,
        &scope,
        key,
        "POST /api/v1/assets",
        &hash,
        async move {
            let detail = app
                .create_asset(&auth.principal, meta, received.staged)
                .await?;
            let view = AssetDetailView::from(&detail);
            Ok((
                StatusCode::CREATED,
                serde_json::to_value(view).map_err(Error::internal)?,
            ))
        },
    )
    .await
}

fn asset_id(s: &str) -> Result<AssetId, Error> {
    AssetId::parse(s).map_err(|_| Error::new(Code::AssetNotFound))
}

/// Uploads a new immutable version of one of the caller's assets.
#[utoipa::path(post, path = "/api/v1/assets/{id}/versions", tag = "assets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)"),
           ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried upload safe")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = AssetDetailView), (status = 404, body = ProblemView), (status = 422, body = ProblemView)))]
pub(crate) async fn add_version(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
) -> ApiResult<Response> {
    let key = idempotency::key(&headers)?;
    let id = asset_id(&id)?;
    state.app.check_may_upload(&auth.principal)?;
    // Not the caller's asset: refuse before receiving the file.
    let existing = state.app.asset(&auth.principal, &id).await?;
    if existing.asset.participant_id != auth.principal.participant().id {
        return Err(ApiError(Error::new(Code::AssetNotFound)));
    }
    let received = receive(&state.app, &headers, multipart).await?;
    let hash = received.request_hash();
    let scope = auth.principal.user().id.to_string();
    let route = format!("POST /api/v1/assets/{id}/versions");
    let app = state.app.clone();
    idempotency::run(&state.app, &scope, key, &route, &hash, async move {
        let detail = app
            .add_version(&auth.principal, &id, received.staged)
            .await?;
        let view = AssetDetailView::from(&detail);
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(view).map_err(Error::internal)?,
        ))
    })
    .await
}

/// Assets, newest first: the caller's own; all of them for the operator and regulators.
#[utoipa::path(get, path = "/api/v1/assets", tag = "assets", security(("bearer" = [])),
    params(PageParams),
    responses((status = 200, body = AssetPage), (status = 401, body = ProblemView)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<PageParams>,
) -> ApiResult<Json<AssetPage>> {
    let page = state
        .app
        .assets(&auth.principal, q.cursor.as_deref(), q.limit)
        .await?;
    Ok(Json(AssetPage {
        items: page.items.iter().map(AssetView::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One asset: metadata, the latest schema and row count, and every version.
#[utoipa::path(get, path = "/api/v1/assets/{id}", tag = "assets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    responses((status = 200, body = AssetDetailView), (status = 404, body = ProblemView)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<AssetDetailView>> {
    let detail = state.app.asset(&auth.principal, &asset_id(&id)?).await?;
    Ok(Json(AssetDetailView::from(&detail)))
}

/// Downloads a version's file exactly as it was uploaded (owner, operator, regulators).
#[utoipa::path(get, path = "/api/v1/assets/{id}/versions/{version}/file", tag = "assets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)"), ("version" = i64, Path, description = "Version number")),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ProblemView)))]
pub(crate) async fn download(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, version)): Path<(String, String)>,
) -> ApiResult<Response> {
    let version: i64 = version
        .parse()
        .map_err(|_| Error::new(Code::AssetNotFound))?;
    let (v, size, stream) = state
        .app
        .version_file(&auth.principal, &asset_id(&id)?, version)
        .await?;
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!(
            "attachment; filename=\"{}\"",
            v.file_name
                .replace(|c: char| !c.is_ascii_graphic() || c == '"', "_")
        ))
        .unwrap_or(HeaderValue::from_static("attachment")),
    );
    headers.insert(
        "x-content-sha256",
        HeaderValue::from_str(&v.sha256).unwrap_or(HeaderValue::from_static("")),
    );
    Ok(response)
}

/// A declaration of the level an authority notified.
#[derive(Deserialize, ToSchema)]
pub(crate) struct DeclarationRequest {
    /// `important` or `core`; an explicit `null` withdraws the declaration. Required: a body
    /// that forgets it must not withdraw anything.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub level: Option<Option<String>>,
    /// The authority's notice or catalogue entry it rests on (required with a level).
    #[serde(default)]
    pub basis: String,
}

/// Declares (or withdraws) the level an authority notified for an asset's data (NDSMR Art. 29):
/// its provider or operator reviewers. Every scanned version is graded again at once.
#[utoipa::path(post, path = "/api/v1/assets/{id}/declaration", tag = "assets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Asset id (`ast_…`)")),
    request_body = DeclarationRequest,
    responses((status = 200, body = AssetDetailView), (status = 400, body = ProblemView),
              (status = 403, body = ProblemView), (status = 404, body = ProblemView)))]
pub(crate) async fn declare(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    super::JsonBody(req): super::JsonBody<DeclarationRequest>,
) -> ApiResult<Json<AssetDetailView>> {
    let level = req.level.ok_or_else(|| {
        Error::new(Code::BadRequest).detail(
            "level is required: important, core, or null to withdraw.",
            "level 必填：important、core，或 null 表示撤回。",
        )
    })?;
    let level = level
        .as_deref()
        .map(|l| {
            l.parse::<classify::Level>().map_err(|_| {
                Error::new(Code::BadRequest).detail(
                    "level is important or core (or null to withdraw).",
                    "level 取值为 important 或 core（null 表示撤回）。",
                )
            })
        })
        .transpose()?;
    let detail = state
        .app
        .declare_level(&auth.principal, &asset_id(&id)?, level, &req.basis)
        .await?;
    Ok(Json(AssetDetailView::from(&detail)))
}

/// Tells a field given as `null` (`Some(None)`) from one left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

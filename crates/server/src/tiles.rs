//! The log as a C2SP tlog-tiles client reads it: `/log/checkpoint` (the signed note) and
//! `/log/tile/…` (hash tiles and entry bundles, checked against their recorded digests before
//! they are served). Tiles never change once written, so they may be cached forever; the
//! checkpoint changes with every batch.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::problem::ApiResult;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/log/checkpoint", get(checkpoint))
        .route("/log/tile/{*path}", get(tile))
}

async fn checkpoint(State(state): State<AppState>) -> ApiResult<Response> {
    let c = state
        .app
        .log_checkpoint()
        .await?
        .ok_or_else(|| app::Error::new(app::Code::LogEmpty))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        c.note,
    )
        .into_response())
}

async fn tile(State(state): State<AppState>, Path(path): Path<String>) -> ApiResult<Response> {
    let bytes = state.app.log_tile(&format!("tile/{path}")).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    )
        .into_response())
}

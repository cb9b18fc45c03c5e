//! The only crate that speaks HTTP. It turns requests into `app` use cases and their results
//! into JSON (the API under `/api/v1`, described by the OpenAPI document generated from the
//! handlers), RFC 9457 problem details, or server-rendered portal pages in Chinese and English.
//!
//! `router(state)` is a plain value, so tests drive it in-process or bind it to port 0.

mod api;
mod auth;
mod idempotency;
mod metrics;
mod portal;
mod problem;
mod tiles;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;

pub use api::openapi_document;
pub use problem::status_of;

/// How the server presents itself.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Mark cookies `Secure` (set when the portal is served over HTTPS, e.g. behind a proxy).
    pub secure_cookies: bool,
    /// Shown in the portal header when the demo world is loaded.
    pub demo: bool,
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub(crate) app: app::App,
    pub(crate) options: ServerOptions,
    pub(crate) metrics: Arc<metrics::Metrics>,
}

impl AppState {
    pub fn new(app: app::App, options: ServerOptions) -> AppState {
        AppState {
            app,
            options,
            metrics: Arc::new(metrics::Metrics::new()),
        }
    }
}

/// Every route of Dataport: API, portal, log-free health and metrics endpoints.
pub fn router(state: AppState) -> Router {
    let (api, _) = api::router().split_for_parts();
    Router::new()
        .merge(api)
        .merge(portal::router())
        .merge(tiles::router())
        .merge(metrics::router())
        .fallback(problem::not_found)
        // Uploads are limited by `AppConfig::max_upload_bytes` as they stream; the default
        // 2 MB body limit applies to every other request.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(DefaultBodyLimit::max(2 * 1024 * 1024))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

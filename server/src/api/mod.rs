//! The HTTP API (`/v1/…`) and the app's files.

pub mod blobs;
pub mod error;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use error::ApiError;

/// `GET /v1/health`.
async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    axum::Json(serde_json::json!({"version": env!("CARGO_PKG_VERSION"), "database": state.db.kind().name()}))
}

async fn no_route() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no_route", "no such API route")
}

async fn no_method() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method", "this route does not take that method")
}

/// The API's routes, with rate limiting and CORS for the origins listed.
pub fn routes(state: &AppState) -> Router<AppState> {
    let origins: Vec<HeaderValue> = state.origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::CONTENT_TYPE,
            HeaderName::from_static("x-floe-space"),
        ])
        .expose_headers([header::ETAG, header::RETRY_AFTER, HeaderName::from_static("x-request-id")]);
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/blobs", axum::routing::post(blobs::create))
        .route("/v1/blobs/{id}", get(blobs::read).put(blobs::update).delete(blobs::delete))
        .route("/v1/blobs/{id}/events", get(crate::events::stream))
        .route("/v1/{*rest}", axum::routing::any(no_route))
        .method_not_allowed_fallback(no_method)
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::limits::rate_limit))
        .layer(cors)
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

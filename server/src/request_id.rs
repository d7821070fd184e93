//! Request ids: every request gets `x-request-id` (kept when a proxy set
//! one), echoed in the response and named in the request's log span.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::{HeaderName, HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};

const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Ids are a per-process random prefix and a counter.
#[derive(Clone)]
struct Counter {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix)).ok().map(RequestId::new)
    }
}

/// Gives a request an id unless it has one (outermost).
pub fn set() -> SetRequestIdLayer<impl MakeRequestId + Clone> {
    let mut seed = [0u8; 4];
    let _ = getrandom::fill(&mut seed);
    let prefix: String = seed.iter().map(|b| format!("{b:02x}")).collect();
    SetRequestIdLayer::new(HEADER, Counter { prefix: prefix.into(), next: Arc::new(AtomicU64::new(1)) })
}

/// Echoes the id in the response.
pub fn propagate() -> PropagateRequestIdLayer {
    PropagateRequestIdLayer::new(HEADER)
}

/// The log span of a request: its id, method and path (never its body).
pub fn span<B>(request: &Request<B>) -> tracing::Span {
    let id = request.headers().get(HEADER).and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
}

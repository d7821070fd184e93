//! Limits, each configurable, each answered with a JSON error and nothing
//! stored: the body size (413), a space's total size (413) and requests per
//! client per minute (429).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::error::ApiError;

/// The limits in force.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The largest body, in bytes.
    pub max_body: usize,
    /// API requests per client address per minute.
    pub requests_per_minute: u32,
    /// The most a space (its index and every blob created in it) may hold, in bytes.
    pub max_space: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_body: 8 << 20, requests_per_minute: 600, max_space: 256 << 20 }
    }
}

/// How many client addresses the rate limiter remembers; past it, windows
/// that have ended are dropped first, then the table starts over (so a
/// flood of addresses costs bounded memory).
const MAX_CLIENTS: usize = 100_000;
const WINDOW: Duration = Duration::from_secs(60);

/// Requests per client per minute, counted in fixed one-minute windows.
/// Per process: a client spread over several servers gets each one's share.
#[derive(Clone, Debug, Default)]
pub struct RateLimiter {
    clients: Arc<Mutex<HashMap<IpAddr, (Instant, u32)>>>,
}

impl RateLimiter {
    /// Counts a request from `ip`; how long until it may retry when over `per_minute`.
    pub fn hit(&self, ip: IpAddr, per_minute: u32, now: Instant) -> Result<(), Duration> {
        let mut clients = self.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if clients.len() >= MAX_CLIENTS && !clients.contains_key(&ip) {
            clients.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
            if clients.len() >= MAX_CLIENTS {
                clients.clear();
            }
        }
        let entry = clients.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= per_minute {
            return Err(WINDOW.saturating_sub(now.duration_since(entry.0)));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The middleware: `429` past the limit, with `Retry-After`.
pub async fn rate_limit(
    State(state): State<crate::AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    match state.rate.hit(peer.ip(), state.limits.requests_per_minute, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let mut e = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!(
                    "more than {} requests in a minute from your address; wait a little",
                    state.limits.requests_per_minute
                ),
            );
            e.retry_after = Some(wait.as_secs().max(1));
            e.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_client_in_one_minute_windows() {
        let r = RateLimiter::default();
        let (a, b): (IpAddr, IpAddr) = ("127.0.0.1".parse().unwrap(), "127.0.0.2".parse().unwrap());
        let t = Instant::now();
        assert!(r.hit(a, 2, t).is_ok());
        assert!(r.hit(a, 2, t).is_ok());
        let wait = r.hit(a, 2, t + Duration::from_secs(20)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(40));
        assert!(r.hit(b, 2, t).is_ok(), "another client has its own count");
        assert!(r.hit(a, 2, t + WINDOW).is_ok(), "a new window starts over");
    }
}

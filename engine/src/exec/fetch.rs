//! One HTTP request of a node, under the run's policy: before every hop the
//! origin and method must be declared by the node and granted by the user;
//! the secrets the request names are filled in only then (URL: percent-
//! encoded after the authority; headers: as they are) and taken back out
//! of what comes back; redirects are followed by the run, hop by hop, never
//! by the host.

use std::sync::Arc;

use floe_node_sdk::host::Capabilities;

use super::host::Host;
use crate::http::{self, Grants, HttpError, HttpLimits, HttpRequest, HttpResponse, MAX_REDIRECTS};
use crate::limits::RunLimits;

/// A request a node asked for, waiting to be sent.
pub(super) struct Pending {
    /// The node's plan index and kind.
    pub node: usize,
    pub kind: Arc<str>,
    pub request: HttpRequest,
    pub declared: Arc<Capabilities>,
}

/// Sends `p`'s request within `time_left` ms (the run's wall clock).
pub(super) async fn send<H: Host + ?Sized>(
    host: &H,
    grants: &Grants,
    limits: &RunLimits,
    p: Pending,
    time_left: f64,
) -> Result<HttpResponse, HttpError> {
    let Pending { kind, mut request, declared, .. } = p;
    http::check_request(&request, limits.max_text_bytes)?;
    let hop_limits = HttpLimits {
        timeout_ms: limits.http_timeout_ms.min(time_left).max(0.0),
        max_response_bytes: limits.max_response_bytes,
    };
    for hop in 0..=MAX_REDIRECTS {
        let parsed = http::parse(&request.url)?;
        let origin = parsed.origin();
        grants.allow(&kind, &declared, &origin, &request.method)?;
        let mut names: Vec<&str> = http::placeholders(parsed.rest);
        for (_, v) in &request.headers {
            for n in http::placeholders(v) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        let mut values = Vec::with_capacity(names.len());
        for name in names {
            grants.allow_secret(&kind, &declared, name)?;
            let value = host.secret(name).await.ok_or_else(|| HttpError::Secret {
                name: name.to_owned(),
                why: "not in this browser's vault, or the vault is locked (in the CLI: not given)".into(),
            })?;
            if value.bytes().any(|b| b.is_ascii_control()) {
                return Err(HttpError::Secret { name: name.to_owned(), why: "a value with control characters".into() });
            }
            values.push((name.to_owned(), value));
        }
        let authority_end = request.url.len() - parsed.rest.len();
        let wire = HttpRequest {
            method: request.method.clone(),
            url: format!(
                "{}{}",
                &request.url[..authority_end],
                http::substitute(parsed.rest, &values, http::percent_encode)
            ),
            headers: request
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), http::substitute(v, &values, |s| s.to_owned())))
                .collect(),
            body: request.body.clone(),
        };
        let mut response = host.http(wire, hop_limits).await.map_err(|e| redact_error(e, &values))?;
        if matches!(response.status, 301 | 302 | 303 | 307 | 308) {
            let location = response.header("location").ok_or_else(|| {
                HttpError::Redirect(format!(
                    "a {} without a Location (in a browser, where it goes is hidden from pages)",
                    response.status
                ))
            })?;
            if hop == MAX_REDIRECTS {
                return Err(HttpError::Redirect(format!("more than {MAX_REDIRECTS} redirects")));
            }
            let next = http::redirect_target(&request.url, location)?;
            if response.status == 303 || (matches!(response.status, 301 | 302) && request.method == "POST") {
                request.method = "GET".into();
                request.body.clear();
            }
            request.url = next;
            continue;
        }
        if !values.is_empty() {
            response.body = http::redact(&response.body, &values);
            for (_, v) in &mut response.headers {
                *v = String::from_utf8_lossy(&http::redact(v.as_bytes(), &values)).into_owned();
            }
        }
        // The URL as the node wrote it (placeholders, never values).
        response.url = request.url;
        return Ok(response);
    }
    Err(HttpError::Redirect(format!("more than {MAX_REDIRECTS} redirects")))
}

/// A transport error's text may quote the URL it was sent to.
fn redact_error(e: HttpError, values: &[(String, Arc<str>)]) -> HttpError {
    match e {
        HttpError::Network(text) if !values.is_empty() => {
            HttpError::Network(String::from_utf8_lossy(&http::redact(text.as_bytes(), values)).into_owned())
        }
        other => other,
    }
}

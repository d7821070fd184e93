//! One HTTP hop for a node, from the run worker: the browser's `fetch` with
//! no credentials (no cookies, no HTTP auth), no referrer, no cache, CORS,
//! and `redirect: "manual"` — the run checks each hop against the node's
//! grants before it asks (`floe_engine::exec`'s fetch), and a browser
//! hides where a redirect leads, so in the tab a redirect is refused. The
//! run's timeout and body cap end the request (`AbortController`).

use std::cell::Cell;
use std::rc::Rc;

use floe_engine::http::{HttpError, HttpLimits, HttpRequest, HttpResponse};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::net::{global, js_text, read_capped};

/// Sends `req` once, exactly as given.
pub async fn send(req: HttpRequest, limits: HttpLimits) -> Result<HttpResponse, HttpError> {
    let fail = |what: &str| HttpError::Network(what.to_owned());
    let abort = web_sys::AbortController::new().map_err(|e| fail(&js_text(&e)))?;
    let init = web_sys::RequestInit::new();
    init.set_method(&req.method);
    init.set_signal(Some(&abort.signal()));
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_redirect(web_sys::RequestRedirect::Manual);
    init.set_mode(web_sys::RequestMode::Cors);
    let headers = web_sys::Headers::new().map_err(|e| fail(&js_text(&e)))?;
    for (k, v) in &req.headers {
        headers.append(k, v).map_err(|e| HttpError::BadRequest(format!("the header `{k}`: {}", js_text(&e))))?;
    }
    init.set_headers(&headers);
    if !req.body.is_empty() {
        init.set_body(&js_sys::Uint8Array::from(req.body.as_slice()));
    }
    let timed_out = Rc::new(Cell::new(false));
    let (flag, cancel) = (timed_out.clone(), abort.clone());
    let ms = limits.timeout_ms.clamp(1.0, i32::MAX as f64);
    let _timer = gloo_timers::callback::Timeout::new(ms as u32, move || {
        flag.set(true);
        cancel.abort();
    });
    let timeout = || HttpError::Timeout { ms: ms as u64 };
    let resp = JsFuture::from(global().fetch_with_str_and_init(&req.url, &init)).await.map_err(|e| {
        if timed_out.get() {
            timeout()
        } else {
            HttpError::Network(format!(
                "{} (the server did not answer, or does not allow this page's origin: CORS)",
                js_text(&e)
            ))
        }
    })?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| fail("not a response"))?;
    if resp.type_() == web_sys::ResponseType::Opaqueredirect {
        return Err(HttpError::Redirect(
            "the server answered with a redirect; a browser hides where it leads, so the tab does not follow redirects (the floe CLI does, checking each hop)"
                .into(),
        ));
    }
    let mut pairs = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&resp.headers()) {
        for entry in entries.flatten() {
            let entry: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
                pairs.push((k, v));
            }
        }
    }
    let status = resp.status();
    let body = read_capped(&resp, &abort, limits.max_response_bytes).await.map_err(|too_large| {
        if too_large {
            HttpError::TooLarge { limit: limits.max_response_bytes }
        } else if timed_out.get() {
            timeout()
        } else {
            fail("the response stopped before its end")
        }
    })?;
    Ok(HttpResponse { status, headers: pairs, body, url: req.url })
}

//! `floe run BOARD --listen ADDR`: the board answers HTTP requests. Each
//! request matched by an HTTP In node (method and path pattern, in board
//! order) is a run of its own, on a blocking thread, with the request as
//! its input (`{"http": {"node", "method", "path", "query", "headers",
//! "body"}}`) and the run's limits (`--timeout` per request); its HTTP
//! Response node answers. No match: 404. A run that fails: 500 with the
//! error as JSON; one that outlives its time: 504. At most `MAX_RUNS` run at
//! once (others wait); the server itself never stops for a run.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderName, HeaderValue, Request, Response, StatusCode};
use floe_engine::{Board, CancelToken, Plan, RunOptions, RunStatus, Runner, Value};

use crate::Outcome;
use crate::net::NetHost;

/// Runs at once; more requests wait for a place.
const MAX_RUNS: usize = 32;
/// The largest request body read.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// One HTTP In node: its id, method (`ANY` or one) and path pattern.
struct Route {
    node: String,
    method: String,
    path: String,
}

struct Served {
    plan: Arc<Plan>,
    routes: Vec<Route>,
    options: RunOptions,
    host: NetHost,
    runs: tokio::sync::Semaphore,
}

/// Serves `plan` (of `board`) on `addr` until interrupted.
pub fn listen(
    board: &Board,
    plan: Arc<Plan>,
    addr: &str,
    options: RunOptions,
    host: NetHost,
) -> anyhow::Result<Outcome> {
    let routes: Vec<Route> = board
        .nodes
        .iter()
        .filter(|n| n.kind == "http.in")
        .map(|n| Route {
            node: n.id.to_string(),
            method: n.config.get("method").and_then(|m| m.as_str()).unwrap_or("ANY").to_owned(),
            path: n.config.get("path").and_then(|m| m.as_str()).unwrap_or("/").to_owned(),
        })
        .collect();
    if routes.is_empty() {
        tell!("the board has no HTTP In node: nothing to listen for");
        return Ok(Outcome::Invalid);
    }
    let addr: SocketAddr =
        addr.parse().with_context(|| format!("--listen {addr}: not an address like 127.0.0.1:8080"))?;
    let served = Arc::new(Served { plan, routes, options, host, runs: tokio::sync::Semaphore::new(MAX_RUNS) });
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        // Never `say!` here: a closed stdout (a pipe nobody reads) must not
        // stop a server.
        let mut banner = format!("listening on http://{local}\n");
        for r in &served.routes {
            banner.push_str(&crate::terminal::safe(&format!("  {} {} → node `{}`", r.method, r.path, r.node)));
            banner.push('\n');
        }
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
        drop(out);
        let app = axum::Router::new().fallback(move |req: Request<Body>| {
            let served = served.clone();
            async move { answer(&served, req).await }
        });
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("the server stopped")?;
        anyhow::Ok(())
    })?;
    Ok(Outcome::Ok)
}

fn json_error(status: StatusCode, code: &str, message: &str) -> Response<Body> {
    let body = serde_json::json!({"error": {"code": code, "message": message}}).to_string();
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("a static response")
}

async fn answer(served: &Served, req: Request<Body>) -> Response<Body> {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let Some(route) = served
        .routes
        .iter()
        .find(|r| (r.method == "ANY" || r.method == method) && floe_engine::http::match_path(&r.path, &path).is_some())
    else {
        return json_error(StatusCode::NOT_FOUND, "no-route", &format!("no HTTP In node answers {method} {path}"));
    };
    let query: BTreeMap<String, String> = req
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').map_or((p.to_owned(), String::new()), |(k, v)| (k.to_owned(), v.to_owned())))
        .collect();
    let headers: BTreeMap<String, String> = req
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = match to_bytes(req.into_body(), MAX_BODY).await {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => {
            return json_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                &format!("a body is at most {MAX_BODY} bytes"),
            );
        }
    };
    let input = serde_json::json!({"http": {
        "node": route.node, "method": method, "path": path, "query": query, "headers": headers, "body": body,
    }});
    let Ok(_place) = served.runs.acquire().await else {
        return json_error(StatusCode::SERVICE_UNAVAILABLE, "closing", "the server is stopping");
    };
    let opts = RunOptions { input: Value::from_json(&input), run_id: "listen".into(), ..served.options.clone() };
    let (plan, host) = (served.plan.clone(), served.host.clone());
    let wall = served.options.limits.max_wall_ms.unwrap_or(600_000.0);
    let run = tokio::task::spawn_blocking(move || {
        crate::guard::guarded(move || {
            let mut runner = Runner::new(&plan);
            let summary = runner.run_sync(
                &opts,
                &host,
                &mut |e: floe_engine::RunEvent<'_>| crate::guard::track(&e),
                &CancelToken::new(),
            );
            (summary.status, runner.record())
        })
    });
    // The run stops at its own time limit; this only guards against a host call that would not.
    let ran = tokio::time::timeout(Duration::from_secs_f64(wall / 1000.0 + 5.0), run).await;
    let (status, record) = match ran {
        Err(_) => return json_error(StatusCode::GATEWAY_TIMEOUT, "time-limit", "the board did not answer in time"),
        Ok(Err(_)) | Ok(Ok(Err(_))) => {
            return json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the run stopped on an internal error");
        }
        Ok(Ok(Ok(done))) => done,
    };
    if status != RunStatus::Succeeded {
        let (code, message) = record
            .error
            .as_ref()
            .map_or(("failed", "the run failed".to_owned()), |e| (e.code.as_str(), e.message.clone()));
        let http = if code == "time-limit" { StatusCode::GATEWAY_TIMEOUT } else { StatusCode::INTERNAL_SERVER_ERROR };
        return json_error(http, code, &message);
    }
    let Some(response) = record.outputs.get(floe_engine::http::RESPONSE_OUTPUT) else {
        return json_error(StatusCode::INTERNAL_SERVER_ERROR, "no-response", "the run ended without an HTTP Response");
    };
    respond(&response.to_json())
}

/// The response an HTTP Response node described.
fn respond(r: &serde_json::Value) -> Response<Body> {
    let status = r["status"].as_u64().and_then(|s| StatusCode::from_u16(s as u16).ok()).unwrap_or(StatusCode::OK);
    let (body, json) = match &r["body"] {
        serde_json::Value::String(s) => (s.clone(), false),
        serde_json::Value::Null => (String::new(), false),
        other => (other.to_string(), true),
    };
    let mut out = Response::builder().status(status);
    if json {
        out = out.header("content-type", "application/json");
    }
    if let Some(headers) = r["headers"].as_object() {
        for (k, v) in headers {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            if let (Ok(k), Ok(v)) = (HeaderName::try_from(k.as_str()), HeaderValue::try_from(v)) {
                out = out.header(k, v);
            }
        }
    }
    out.body(Body::from(body))
        .unwrap_or_else(|e| json_error(StatusCode::INTERNAL_SERVER_ERROR, "bad-response", &e.to_string()))
}

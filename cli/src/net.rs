//! HTTP for `floe run`/`floe test`: the host that sends (ureq, one hop at a
//! time; the engine checks every hop against the grants), the grants from
//! `--allow-origin`/`--allow-secret`/`--grants`, and the secrets from
//! `FLOE_SECRET_<NAME>` or `--secrets`. Without a grant a node's request
//! fails with `not-granted`, naming the flag.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use floe_engine::http::{self, Grant, Grants, HttpError, HttpLimits, HttpRequest, HttpResponse};
use floe_engine::{Host, HostFuture, HttpCapability, HttpFuture, SecretFuture, StdHost};

/// What a run's nodes may reach.
#[derive(clap::Args, Debug, Default, Clone)]
pub struct NetArgs {
    /// Grant HTTP to this origin (scheme://host[:port]) to every node that
    /// declares it, for the methods it declares. Repeatable.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origin: Vec<String>,
    /// Grant the secret NAME to every node that declares it. Repeatable.
    #[arg(long = "allow-secret", value_name = "NAME")]
    allow_secret: Vec<String>,
    /// Grants from a JSON file: {"entries": [{"kind": "*" or a node kind,
    /// "http": [{"origin": ..., "methods": [...]}], "secrets": [...]}]}.
    #[arg(long, value_name = "FILE")]
    grants: Option<PathBuf>,
    /// Secrets from a file of NAME=value lines (besides FLOE_SECRET_<NAME>
    /// variables).
    #[arg(long, value_name = "FILE")]
    secrets: Option<PathBuf>,
}

const HINT: &str = "; grant it with --allow-origin ORIGIN / --allow-secret NAME, or --grants FILE";

/// The largest grants or secrets file.
const MAX_FILE: u64 = 1024 * 1024;

fn read_small(path: &PathBuf, what: &str) -> anyhow::Result<String> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read the {what} file {}", path.display()))?;
    anyhow::ensure!(meta.len() <= MAX_FILE, "the {what} file {} is larger than 1 MiB", path.display());
    std::fs::read_to_string(path).with_context(|| format!("cannot read the {what} file {}", path.display()))
}

impl NetArgs {
    /// The grants these flags give, or what is wrong with them.
    pub fn grants(&self) -> anyhow::Result<Grants> {
        let mut grants = match &self.grants {
            Some(path) => serde_json::from_str::<Grants>(&read_small(path, "grants")?)
                .with_context(|| format!("{}: not a grants file", path.display()))?,
            None => Grants::default(),
        };
        let mut any = Grant { kind: "*".into(), ..Grant::default() };
        for origin in &self.allow_origin {
            let origin = http::check_origin(origin).map_err(|e| anyhow::anyhow!("--allow-origin: {e}"))?;
            any.http.push(HttpCapability { origin, methods: Vec::new() });
        }
        for name in &self.allow_secret {
            anyhow::ensure!(
                http::is_secret_name(name),
                "--allow-secret: `{name}` is not a secret name (letters, digits and _)"
            );
            any.secrets.push(name.clone());
        }
        for g in &grants.entries {
            for cap in &g.http {
                http::check_origin(&cap.origin).map_err(|e| anyhow::anyhow!("grants file: {e}"))?;
            }
        }
        grants.entries.push(any);
        grants.hint = HINT.into();
        Ok(grants)
    }

    /// The host, with the secrets from the environment and `--secrets`.
    pub fn host(&self) -> anyhow::Result<NetHost> {
        let mut secrets = BTreeMap::new();
        for (key, value) in std::env::vars_os() {
            if let (Some(key), Some(value)) = (key.to_str(), value.to_str())
                && let Some(name) = key.strip_prefix("FLOE_SECRET_")
                && http::is_secret_name(name)
            {
                secrets.insert(name.to_owned(), Arc::<str>::from(value));
            }
        }
        if let Some(path) = &self.secrets {
            for (n, line) in read_small(path, "secrets")?.lines().enumerate() {
                let line = line.trim_start();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (name, value) = line
                    .split_once('=')
                    .with_context(|| format!("{}:{}: expected NAME=value", path.display(), n + 1))?;
                let name = name.trim();
                anyhow::ensure!(
                    http::is_secret_name(name),
                    "{}:{}: `{name}` is not a secret name (letters, digits and _)",
                    path.display(),
                    n + 1
                );
                secrets.insert(name.to_owned(), Arc::<str>::from(value.trim_end_matches(['\r', '\n'])));
            }
        }
        Ok(NetHost { clock: StdHost::default(), secrets })
    }
}

/// The CLI's host: the standard clocks, and HTTP through ureq.
#[derive(Clone)]
pub struct NetHost {
    clock: StdHost,
    secrets: BTreeMap<String, Arc<str>>,
}

impl Host for NetHost {
    fn now_ms(&self) -> f64 {
        self.clock.now_ms()
    }

    fn monotonic_ms(&self) -> f64 {
        self.clock.monotonic_ms()
    }

    fn sleep(&self, ms: f64) -> HostFuture {
        self.clock.sleep(ms)
    }

    fn yield_now(&self) -> HostFuture {
        self.clock.yield_now()
    }

    fn http(&self, request: HttpRequest, limits: HttpLimits) -> HttpFuture {
        Box::pin(std::future::ready(send(request, limits)))
    }

    fn secret(&self, name: &str) -> SecretFuture {
        Box::pin(std::future::ready(self.secrets.get(name).cloned()))
    }
}

/// One hop: no redirect followed, no cookies, nothing but what the node set
/// (and a user agent), within the time and size limits.
fn send(request: HttpRequest, limits: HttpLimits) -> Result<HttpResponse, HttpError> {
    let timeout_ms = limits.timeout_ms.max(1.0);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs_f64(timeout_ms / 1000.0)))
        .user_agent("floe")
        .build()
        .into();
    let mut builder = ureq::http::Request::builder().method(request.method.as_str()).uri(&request.url);
    for (k, v) in &request.headers {
        builder = builder.header(k, v);
    }
    let req = builder.body(request.body).map_err(|e| HttpError::BadRequest(e.to_string()))?;
    let timeout = || HttpError::Timeout { ms: timeout_ms as u64 };
    let mut response = agent.run(req).map_err(|e| match e {
        ureq::Error::Timeout(_) => timeout(),
        other => HttpError::Network(other.to_string()),
    })?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = response.body_mut().with_config().limit(limits.max_response_bytes as u64).read_to_vec().map_err(
        |e| match e {
            ureq::Error::BodyExceedsLimit(_) => HttpError::TooLarge { limit: limits.max_response_bytes },
            ureq::Error::Timeout(_) => timeout(),
            other => HttpError::Network(other.to_string()),
        },
    )?;
    Ok(HttpResponse { status, headers, body, url: request.url })
}

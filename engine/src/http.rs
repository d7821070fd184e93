//! HTTP as a capability: the request and response a node exchanges with the
//! host, the origins a URL may reach, what a run's grants allow, and the
//! `{{secret:NAME}}` placeholders the host fills in (and takes back out of
//! what comes back). Pure: the host sends (`exec::Host::http`), and the run
//! applies this policy before every hop (`exec/fetch.rs`).
//!
//! URLs are read strictly: `http`/`https`, a lower-case ASCII host (or an
//! IPv6 literal), an optional port, and printable ASCII after it. Anything
//! a browser and a Rust client might read differently (user info, `\`,
//! spaces, non-ASCII, `%` in the host) is refused, so the origin checked is
//! the origin the request goes to.

use std::collections::BTreeSet;
use std::sync::Arc;

use floe_node_sdk::host::{Capabilities, HttpCapability};

/// The methods a node may declare and use.
pub const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// Request headers no node may set (the transport's own, or the browser's).
const FORBIDDEN_HEADERS: &[&str] = &[
    "accept-charset",
    "accept-encoding",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// The run output an HTTP Response node writes (`{status, headers, body}`),
/// what `floe run --listen` answers with.
pub const RESPONSE_OUTPUT: &str = "http_response";

/// The longest URL a request may have.
pub const MAX_URL_BYTES: usize = 8 * 1024;
/// The most headers a request may have.
pub const MAX_HEADERS: usize = 100;
/// The most redirects one request follows (each hop is checked).
pub const MAX_REDIRECTS: usize = 5;
/// The longest secret name.
pub const MAX_SECRET_NAME: usize = 64;

/// A request as a node asks for it (secrets still as placeholders).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HttpRequest {
    /// Upper case, one of [`METHODS`].
    pub method: String,
    /// An absolute `http`/`https` URL.
    pub url: String,
    /// Name/value pairs, in order.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The body (empty: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<u8>,
}

/// What came back.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Name (lower case)/value pairs, in order.
    pub headers: Vec<(String, String)>,
    /// The body, at most the run's `max_response_bytes`.
    pub body: Vec<u8>,
    /// The URL that answered (after redirects).
    pub url: String,
}

impl HttpResponse {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What one hop may take: the host enforces both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HttpLimits {
    /// Milliseconds until the hop is abandoned.
    pub timeout_ms: f64,
    /// The most bytes of body read.
    pub max_response_bytes: usize,
}

/// Why a request was refused or failed. Each has a stable code.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum HttpError {
    /// The URL is not one Floe sends to.
    #[error("bad URL `{url}`: {reason}")]
    BadUrl {
        /// The URL (placeholders kept).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The request itself is malformed (method, header, size).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The node did not declare this origin or method.
    #[error("{method} to {origin} is not declared by this node (it declares: {declared})")]
    Undeclared {
        /// The method.
        method: String,
        /// The origin.
        origin: String,
        /// What it does declare.
        declared: String,
    },
    /// Declared, but the user has not granted it.
    #[error("{method} to {origin} is not granted to this node{hint}")]
    NotGranted {
        /// The method.
        method: String,
        /// The origin.
        origin: String,
        /// How to grant it here (the host's words).
        hint: String,
    },
    /// A secret the node did not declare, or that is not granted.
    #[error("secret `{name}` is {why}")]
    Secret {
        /// The secret's name.
        name: String,
        /// Why it cannot be used.
        why: String,
    },
    /// A redirect that cannot be followed.
    #[error("redirect refused: {0}")]
    Redirect(String),
    /// The response was larger than the limit.
    #[error("the response is larger than {limit} bytes (the run's limit `max_response_bytes`)")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// No answer in time.
    #[error("no response within {ms} ms")]
    Timeout {
        /// The time allowed.
        ms: u64,
    },
    /// The connection failed (refused, DNS, TLS, CORS in a browser).
    #[error("network error: {0}")]
    Network(String),
    /// This host cannot send requests.
    #[error("this host cannot send HTTP requests")]
    Unsupported,
}

impl HttpError {
    /// A stable code for the error pin and tests.
    pub fn code(&self) -> &'static str {
        match self {
            HttpError::BadUrl { .. } => "bad-url",
            HttpError::BadRequest(_) => "bad-request",
            HttpError::Undeclared { .. } => "undeclared",
            HttpError::NotGranted { .. } => "not-granted",
            HttpError::Secret { .. } => "secret-refused",
            HttpError::Redirect(_) => "redirect-refused",
            HttpError::TooLarge { .. } => "response-too-large",
            HttpError::Timeout { .. } => "timeout",
            HttpError::Network(_) => "network",
            HttpError::Unsupported => "http-unsupported",
        }
    }
}

fn bad_url(url: &str, reason: impl Into<String>) -> HttpError {
    let shown: String = url.chars().take(200).collect();
    HttpError::BadUrl { url: shown, reason: reason.into() }
}

/// A URL split where the origin ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parsed<'a> {
    /// `scheme://host[:port]`, with the scheme's default port left out
    /// (owned text is built by [`origin_of`]).
    pub scheme: &'a str,
    /// The host as written (checked lower case).
    pub host: &'a str,
    /// The port, if one other than the scheme's default was written.
    pub port: Option<u16>,
    /// Everything after the authority (`/path?query#fragment`), may be empty.
    pub rest: &'a str,
}

impl Parsed<'_> {
    /// The origin, `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{p}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }
}

/// Reads `url` strictly (see the module's notes).
pub fn parse(url: &str) -> Result<Parsed<'_>, HttpError> {
    if url.len() > MAX_URL_BYTES {
        return Err(bad_url(url, format!("longer than {MAX_URL_BYTES} bytes")));
    }
    if let Some(c) = url.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(bad_url(url, format!("it holds {c:?}; write it percent-encoded")));
    }
    if url.contains('\\') {
        return Err(bad_url(url, "it holds a backslash"));
    }
    let (scheme, after) = url.split_once("://").ok_or_else(|| bad_url(url, "not an absolute http(s) URL"))?;
    let (scheme, default_port) = match scheme {
        "http" => ("http", 80),
        "https" => ("https", 443),
        _ => return Err(bad_url(url, "only http and https are allowed (lower case)")),
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    if authority.contains('@') {
        return Err(bad_url(url, "user names and passwords in URLs are not allowed; use a header"));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let close = v6.find(']').ok_or_else(|| bad_url(url, "an IPv6 address without `]`"))?;
        let addr = &v6[..close];
        if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return Err(bad_url(url, "a malformed IPv6 address"));
        }
        let host = &authority[..close + 2];
        (host, &v6[close + 1..])
    } else {
        let colon = authority.find(':').unwrap_or(authority.len());
        (&authority[..colon], &authority[colon..])
    };
    if !host.starts_with('[') {
        if host.is_empty() {
            return Err(bad_url(url, "no host"));
        }
        if !host.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.') {
            return Err(bad_url(
                url,
                "the host may hold only lower-case letters, digits, `-` and `.` (international names in their xn-- form)",
            ));
        }
        if host.starts_with('.') || host.contains("..") {
            return Err(bad_url(url, "an empty label in the host"));
        }
    }
    let port = match port {
        "" => None,
        p => {
            let digits = p.strip_prefix(':').unwrap_or(p);
            if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad_url(url, "a malformed port"));
            }
            match digits.parse::<u16>() {
                Ok(0) | Err(_) => return Err(bad_url(url, "a port out of range")),
                Ok(p) if p == default_port => None,
                Ok(p) => Some(p),
            }
        }
    };
    Ok(Parsed { scheme, host, port, rest })
}

/// The origin of `url`.
pub fn origin_of(url: &str) -> Result<String, HttpError> {
    parse(url).map(|p| p.origin())
}

/// `origin` as Floe writes it (`HTTPS://Example.com:443` is refused: an
/// origin is written lower case, without path or default port).
pub fn check_origin(origin: &str) -> Result<String, String> {
    match parse(origin) {
        Ok(p) if p.rest.is_empty() => {
            let normal = p.origin();
            if normal == origin { Ok(normal) } else { Err(format!("write the origin `{origin}` as `{normal}`")) }
        }
        Ok(_) => Err(format!("`{origin}` is not an origin (scheme://host[:port], no path)")),
        Err(e) => Err(e.to_string()),
    }
}

/// Whether `name` is a secret name (`A-Z a-z 0-9 _`, at most 64).
pub fn is_secret_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= MAX_SECRET_NAME && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Every problem with a declaration: malformed origins, unknown methods,
/// bad secret names. Empty when it is well-formed.
pub fn check_capabilities(caps: &Capabilities) -> Vec<String> {
    let mut problems = Vec::new();
    for cap in &caps.http {
        if let Err(e) = check_origin(&cap.origin) {
            problems.push(e);
        }
        if cap.methods.is_empty() {
            problems.push(format!("`{}` lists no methods", cap.origin));
        }
        for m in &cap.methods {
            if !METHODS.contains(&m.as_str()) {
                problems.push(format!("`{m}` is not a method (one of {})", METHODS.join(", ")));
            }
        }
    }
    for s in &caps.secrets {
        if !is_secret_name(s) {
            problems.push(format!("`{s}` is not a secret name (letters, digits and _, at most {MAX_SECRET_NAME})"));
        }
    }
    problems
}

/// One line per capability, for messages and the consent dialog.
pub fn describe(caps: &Capabilities) -> String {
    let mut parts: Vec<String> = caps.http.iter().map(|c| format!("{} {}", c.methods.join("/"), c.origin)).collect();
    parts.extend(caps.secrets.iter().map(|s| format!("secret {s}")));
    if parts.is_empty() { "nothing".into() } else { parts.join("; ") }
}

/// What the user granted a run: per node kind (`*`: any kind), HTTP to some
/// origins and some secrets. A node may use what it declares **and** a
/// grant of its kind (or `*`) allows. Kept by the host only: boards, links,
/// exports and server copies never carry grants.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Grants {
    /// The grants, in any order.
    #[serde(default)]
    pub entries: Vec<Grant>,
    /// How to grant more here, e.g. "; run with --allow-origin ORIGIN".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hint: String,
}

/// One grant.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Grant {
    /// The node kind (`wasm:<hash>` ties it to a module's bytes), or `*`.
    pub kind: String,
    /// Origins, each with the methods granted (empty methods: every method declared).
    #[serde(default)]
    pub http: Vec<HttpCapability>,
    /// Secret names.
    #[serde(default)]
    pub secrets: Vec<String>,
}

impl Grants {
    fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Grant> + 'a {
        self.entries.iter().filter(move |g| g.kind == "*" || g.kind == kind)
    }

    /// Whether a node of `kind` that declares `declared` may send `method`
    /// to `origin`: the declaration is checked first (nothing undeclared
    /// is ever possible), then the grant.
    pub fn allow(&self, kind: &str, declared: &Capabilities, origin: &str, method: &str) -> Result<(), HttpError> {
        let covers =
            |c: &HttpCapability| c.origin == origin && (c.methods.is_empty() || c.methods.iter().any(|m| m == method));
        if !declared.http.iter().any(|c| c.origin == origin && c.methods.iter().any(|m| m == method)) {
            return Err(HttpError::Undeclared {
                method: method.into(),
                origin: origin.into(),
                declared: describe(declared),
            });
        }
        if !self.of_kind(kind).any(|g| g.http.iter().any(covers)) {
            return Err(HttpError::NotGranted {
                method: method.into(),
                origin: origin.into(),
                hint: self.hint.clone(),
            });
        }
        Ok(())
    }

    /// Whether everything `declared` is granted to nodes of `kind` (what a
    /// host asks consent for when it is not).
    pub fn covers(&self, kind: &str, declared: &Capabilities) -> bool {
        declared.http.iter().all(|c| c.methods.iter().all(|m| self.allow(kind, declared, &c.origin, m).is_ok()))
            && declared.secrets.iter().all(|s| self.allow_secret(kind, declared, s).is_ok())
    }

    /// Grants nodes of `kind` exactly what `declared` asks.
    pub fn grant(&mut self, kind: &str, declared: &Capabilities) {
        self.entries.push(Grant {
            kind: kind.to_owned(),
            http: declared.http.clone(),
            secrets: declared.secrets.clone(),
        });
    }

    /// Whether a node of `kind` that declares `declared` may use secret `name`.
    pub fn allow_secret(&self, kind: &str, declared: &Capabilities, name: &str) -> Result<(), HttpError> {
        if !declared.secrets.iter().any(|s| s == name) {
            return Err(HttpError::Secret { name: name.into(), why: "not declared by this node".into() });
        }
        if !self.of_kind(kind).any(|g| g.secrets.iter().any(|s| s == name)) {
            let why = format!("not granted to this node{}", self.hint);
            return Err(HttpError::Secret { name: name.into(), why });
        }
        Ok(())
    }
}

/// The secret names `text` refers to as `{{secret:NAME}}`, in order, once each.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("{{secret:") {
        let after = &rest[at + 9..];
        let Some(end) = after.find("}}") else { break };
        let name = &after[..end];
        if seen.insert(name) {
            out.push(name);
        }
        rest = &after[end + 2..];
    }
    out
}

/// `text` with each `{{secret:NAME}}` of `values` replaced by `encode(value)`.
pub fn substitute(text: &str, values: &[(String, Arc<str>)], encode: fn(&str) -> String) -> String {
    let mut out = text.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{{secret:{name}}}}}"), &encode(value));
    }
    out
}

/// `value` percent-encoded for a URL (everything but unreserved characters).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `bytes` with every occurrence of a secret's value (as sent raw or
/// percent-encoded) replaced by its placeholder, so what comes back never
/// shows a node a secret (a server that echoes its request, say).
pub fn redact(bytes: &[u8], values: &[(String, Arc<str>)]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for (name, value) in values {
        let placeholder = format!("{{{{secret:{name}}}}}");
        for form in [value.to_string(), percent_encode(value)] {
            if form.is_empty() {
                continue;
            }
            out = replace_bytes(&out, form.as_bytes(), placeholder.as_bytes());
        }
    }
    out
}

fn replace_bytes(hay: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

/// Checks what a request holds before anything about it is decided: the
/// method, the headers (no forbidden name, no control characters) and the
/// body's size.
pub fn check_request(req: &HttpRequest, max_body: usize) -> Result<(), HttpError> {
    if !METHODS.contains(&req.method.as_str()) {
        return Err(HttpError::BadRequest(format!("`{}` is not a method (one of {})", req.method, METHODS.join(", "))));
    }
    if req.headers.len() > MAX_HEADERS {
        return Err(HttpError::BadRequest(format!("more than {MAX_HEADERS} headers")));
    }
    for (name, value) in &req.headers {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
            return Err(HttpError::BadRequest(format!("`{name}` is not a header name")));
        }
        let lower = name.to_ascii_lowercase();
        if FORBIDDEN_HEADERS.contains(&lower.as_str()) || lower.starts_with("proxy-") || lower.starts_with("sec-") {
            return Err(HttpError::BadRequest(format!("the header `{name}` is set by the host, not by nodes")));
        }
        if value.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
            return Err(HttpError::BadRequest(format!("the header `{name}` holds a control character")));
        }
    }
    if req.body.len() > max_body {
        return Err(HttpError::BadRequest(format!(
            "a body of {} bytes is over the limit of {max_body}",
            req.body.len()
        )));
    }
    if matches!(req.method.as_str(), "GET" | "HEAD") && !req.body.is_empty() {
        return Err(HttpError::BadRequest(format!("a {} request has no body", req.method)));
    }
    Ok(())
}

/// Where a redirect from `from` to `location` goes: an absolute URL or an
/// absolute path on the same origin (anything else is refused).
pub fn redirect_target(from: &str, location: &str) -> Result<String, HttpError> {
    if location.starts_with("http://") || location.starts_with("https://") {
        parse(location).map_err(|e| HttpError::Redirect(format!("to a URL Floe does not send to: {e}")))?;
        return Ok(location.to_owned());
    }
    if location.starts_with('/') && !location.starts_with("//") {
        let origin = origin_of(from)?;
        return Ok(format!("{origin}{location}"));
    }
    Err(HttpError::Redirect(format!(
        "to `{}`, which is not an absolute URL or path",
        location.chars().take(200).collect::<String>()
    )))
}

/// The parameters of `path` under `pattern` (`/items/:id`: each `:name`
/// segment takes one segment of the path, the others must be equal), or
/// `None` when it does not match. A trailing `/` is ignored on both; the
/// query (after `?`) is not part of the path.
pub fn match_path(pattern: &str, path: &str) -> Option<std::collections::BTreeMap<String, String>> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let pat: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let got: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if pat.len() != got.len() || pat.len() > 64 {
        return None;
    }
    let mut params = std::collections::BTreeMap::new();
    for (p, g) in pat.iter().zip(&got) {
        match p.strip_prefix(':') {
            Some(name) if !g.is_empty() => {
                params.insert(name.to_owned(), (*g).to_owned());
            }
            Some(_) => return None,
            None if p == g => {}
            None => return None,
        }
    }
    Some(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(http: &[(&str, &[&str])], secrets: &[&str]) -> Capabilities {
        Capabilities {
            http: http
                .iter()
                .map(|(o, m)| HttpCapability { origin: (*o).into(), methods: m.iter().map(|s| (*s).into()).collect() })
                .collect(),
            secrets: secrets.iter().map(|s| (*s).into()).collect(),
        }
    }

    #[test]
    fn urls_are_read_strictly_and_origins_normalised() {
        assert_eq!(origin_of("https://api.example.com/v1?q=1").unwrap(), "https://api.example.com");
        assert_eq!(origin_of("https://api.example.com:443/x").unwrap(), "https://api.example.com");
        assert_eq!(origin_of("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(origin_of("http://[::1]:9/x").unwrap(), "http://[::1]:9");
        for (url, says) in [
            ("ftp://x.org/", "only http and https"),
            ("HTTPS://x.org/", "only http and https"),
            ("https://X.org/", "lower-case"),
            ("https://evil.com@x.org/", "user names"),
            ("https://x.org\\@evil.com/", "backslash"),
            ("https://x.org /", "percent-encoded"),
            ("https://bücher.de/", "percent-encoded"),
            ("https://x.org:99999/", "port out of range"),
            ("https://x.org:/", "malformed port"),
            ("https:///path", "no host"),
            ("https://a..b/", "empty label"),
            ("https://x.org%2f@y/", "user names"),
            ("//x.org/", "absolute"),
        ] {
            let e = origin_of(url).unwrap_err();
            assert_eq!(e.code(), "bad-url");
            assert!(e.to_string().contains(says), "{url}: {e}");
        }
        assert_eq!(
            check_origin("https://x.org:443").unwrap_err(),
            "write the origin `https://x.org:443` as `https://x.org`"
        );
        assert!(check_origin("https://x.org/").unwrap_err().contains("not an origin"));
    }

    #[test]
    fn a_request_needs_the_declaration_and_the_grant() {
        let declared = caps(&[("https://api.x.org", &["GET"])], &["TOKEN"]);
        let mut grants = Grants { entries: vec![], hint: "; run with --allow-origin".into() };
        let e = grants.allow("k", &declared, "https://api.x.org", "GET").unwrap_err();
        assert_eq!(e.code(), "not-granted");
        assert!(e.to_string().ends_with("--allow-origin"), "{e}");
        grants.entries.push(Grant {
            kind: "k".into(),
            http: caps(&[("https://api.x.org", &[])], &[]).http,
            secrets: vec![],
        });
        grants.allow("k", &declared, "https://api.x.org", "GET").unwrap();
        // Another kind is not covered by k's grant.
        assert_eq!(grants.allow("other", &declared, "https://api.x.org", "GET").unwrap_err().code(), "not-granted");
        // Granted for every origin, but never beyond the declaration.
        grants.entries.push(Grant {
            kind: "*".into(),
            http: caps(&[("https://evil.org", &[])], &[]).http,
            secrets: vec![],
        });
        let e = grants.allow("k", &declared, "https://evil.org", "GET").unwrap_err();
        assert_eq!(e.code(), "undeclared");
        assert!(e.to_string().contains("GET https://api.x.org"), "{e}");
        assert_eq!(grants.allow("k", &declared, "https://api.x.org", "POST").unwrap_err().code(), "undeclared");
        // Secrets the same way.
        assert_eq!(
            grants.allow_secret("k", &declared, "OTHER").unwrap_err().to_string(),
            "secret `OTHER` is not declared by this node"
        );
        assert!(grants.allow_secret("k", &declared, "TOKEN").is_err());
        grants.entries.push(Grant { kind: "k".into(), http: vec![], secrets: vec!["TOKEN".into()] });
        grants.allow_secret("k", &declared, "TOKEN").unwrap();
    }

    #[test]
    fn a_grant_covers_exactly_what_was_asked() {
        let asked = caps(&[("https://a.org", &["GET"])], &["K"]);
        let mut grants = Grants::default();
        grants.grant("wasm:aa", &asked);
        assert!(grants.covers("wasm:aa", &asked));
        // Another module (its bytes changed: another kind) or a wider request asks again.
        assert!(!grants.covers("wasm:bb", &asked));
        assert!(!grants.covers("wasm:aa", &caps(&[("https://a.org", &["GET", "POST"])], &["K"])));
        assert!(!grants.covers("wasm:aa", &caps(&[("https://a.org", &["GET"]), ("https://b.org", &["GET"])], &["K"])));
        assert!(!grants.covers("wasm:aa", &caps(&[("https://a.org", &["GET"])], &["K", "L"])));
        // A narrower one is covered.
        assert!(grants.covers("wasm:aa", &caps(&[("https://a.org", &["GET"])], &[])));
    }

    #[test]
    fn declarations_are_checked() {
        assert!(check_capabilities(&caps(&[("https://a.org", &["GET"])], &["A_1"])).is_empty());
        let problems =
            check_capabilities(&caps(&[("https://A.org/x", &["FETCH"]), ("http://b.org", &[])], &["no-dash"]));
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn placeholders_are_found_filled_and_taken_back_out() {
        assert_eq!(placeholders("a {{secret:A}} b {{secret:B}} {{secret:A}} {{secret:C"), vec!["A", "B"]);
        let values = vec![("A".to_owned(), Arc::<str>::from("s3 cr/t"))];
        assert_eq!(substitute("q={{secret:A}}", &values, percent_encode), "q=s3%20cr%2Ft");
        assert_eq!(substitute("Bearer {{secret:A}}", &values, |v| v.to_owned()), "Bearer s3 cr/t");
        let echoed = b"got s3 cr/t and s3%20cr%2Ft";
        assert_eq!(redact(echoed, &values), b"got {{secret:A}} and {{secret:A}}".to_vec());
    }

    #[test]
    fn requests_are_checked_before_sending() {
        let ok = HttpRequest {
            method: "POST".into(),
            url: "https://x.org".into(),
            headers: vec![("X-A".into(), "1".into())],
            body: b"{}".to_vec(),
        };
        check_request(&ok, 10).unwrap();
        assert_eq!(check_request(&ok, 1).unwrap_err().code(), "bad-request");
        for (name, value) in
            [("Host", "x"), ("Cookie", "a=1"), ("X-A", "a\r\nB: c"), ("bad name", "x"), ("Sec-Fetch-Mode", "x")]
        {
            let req = HttpRequest { headers: vec![(name.into(), value.into())], ..ok.clone() };
            assert_eq!(check_request(&req, 10).unwrap_err().code(), "bad-request", "{name}");
        }
        let get = HttpRequest { method: "GET".into(), ..ok.clone() };
        assert!(check_request(&get, 10).unwrap_err().to_string().contains("no body"));
    }

    #[test]
    fn paths_match_patterns_with_parameters() {
        let m = match_path("/items/:id/parts/:part", "/items/42/parts/wheel?x=1").unwrap();
        assert_eq!(m.get("id").map(String::as_str), Some("42"));
        assert_eq!(m.get("part").map(String::as_str), Some("wheel"));
        assert_eq!(match_path("/hello/", "/hello").unwrap().len(), 0);
        assert_eq!(match_path("/", "/").unwrap().len(), 0);
        for (pattern, path) in [("/items/:id", "/items"), ("/items/:id", "/items/"), ("/a", "/b"), ("/a/:x", "/a/1/2")]
        {
            assert_eq!(match_path(pattern, path), None, "{pattern} {path}");
        }
    }

    #[test]
    fn redirects_resolve_absolute_urls_and_paths_only() {
        assert_eq!(redirect_target("http://a.org:8/x", "/y?z").unwrap(), "http://a.org:8/y?z");
        assert_eq!(redirect_target("http://a.org/x", "https://b.org/").unwrap(), "https://b.org/");
        for bad in ["//b.org/", "y", "javascript:x", "https://B.org/"] {
            assert_eq!(redirect_target("http://a.org/", bad).unwrap_err().code(), "redirect-refused", "{bad}");
        }
    }
}

//! `http.request`: one HTTP request to an origin the node declares (its URL
//! setting's, and any listed in `origins`) and the user granted.

#[cfg(feature = "run")]
use std::sync::Arc;

use super::super::prelude::*;
#[cfg(feature = "run")]
use crate::def::{Capabilities, HttpCapability};
#[cfg(feature = "run")]
use crate::http::{self, HttpError, HttpRequest, HttpResponse};

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "http.request",
        "HTTP Request",
        "Network",
        "Sends an HTTP request to the origin of its URL (or one in Origins) once you grant it; {{secret:NAME}} in a header or the URL uses a secret named in Secrets.",
    )
    .icon("globe")
    .setting(ConfigField::new("method", "Method", STR, json!("GET")).options(METHODS))
    .setting(ConfigField::new("url", "URL", STR, json!("")))
    .setting(ConfigField::new("origins", "Origins", STR, json!("")).describe("More origins for the url input"))
    .setting(ConfigField::new("secrets", "Secrets", STR, json!("")))
    .setting(ConfigField::new("response", "Response body", STR, json!("auto")).options(&["auto", "text", "json", "bytes"]))
    .setting(ConfigField::new("fail_on_status", "Fail on 4xx/5xx", BOOL, json!(true)))
    .pin(exec_in())
    .pin(PinDef::input("url", "URL", STR).optional())
    .pin(PinDef::input("headers", "Headers", STRUCT).optional())
    .pin(PinDef::input("body", "Body", ANY).optional())
    .pin(then_out())
    .pin(PinDef::output("status", "Status", INT))
    .pin(PinDef::output("headers", "Headers", STRUCT))
    .pin(PinDef::output("body", "Body", ANY));
    let kind = Builtin::new(def, build);
    // The page never runs a board, so it neither reads a node's capabilities
    // nor links the URL reader: the run worker asks for consent.
    #[cfg(feature = "run")]
    let kind = kind.capabilities(capabilities);
    kind
}

/// The origins (of the URL setting and the `origins` list) with the
/// method, and the secrets (named in `secrets` or in the URL setting).
#[cfg(feature = "run")]
fn capabilities(c: &Config<'_>) -> Result<Capabilities, ConfigError> {
    let method = c.choice("method")?.to_owned();
    let url = c.string("url")?;
    let mut origins = Vec::new();
    if !url.is_empty() {
        origins.push(http::origin_of(url).map_err(|e| c.error("url", e.to_string()))?);
    }
    for o in c.string("origins")?.split([' ', ',', '\n']).filter(|o| !o.is_empty()) {
        origins.push(http::check_origin(o).map_err(|e| c.error("origins", e))?);
    }
    origins.sort();
    origins.dedup();
    let mut secrets: Vec<String> = http::placeholders(url).into_iter().map(str::to_owned).collect();
    for s in c.string("secrets")?.split([' ', ',', '\n']).filter(|s| !s.is_empty()) {
        if !http::is_secret_name(s) {
            return Err(c.error("secrets", format!("`{s}` is not a secret name (letters, digits and _)")));
        }
        secrets.push(s.to_owned());
    }
    if let Some(bad) = secrets.iter().find(|s| !http::is_secret_name(s)) {
        return Err(c.error("url", format!("`{{{{secret:{bad}}}}}` does not name a secret (letters, digits and _)")));
    }
    secrets.sort();
    secrets.dedup();
    let http = origins.into_iter().map(|origin| HttpCapability { origin, methods: vec![method.clone()] }).collect();
    Ok(Capabilities { http, secrets })
}

#[cfg(not(feature = "run"))]
fn build(_: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
    Ok(Box::new(crate::catalog::NoRun))
}

#[cfg(feature = "run")]
fn build(cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
    let c = &cx.config;
    node(Request {
        caps: Arc::new(capabilities(c)?),
        method: c.choice("method")?.to_owned(),
        url: c.string("url")?.to_owned(),
        response: match c.choice("response")? {
            "text" => Body::Text,
            "json" => Body::Json,
            "bytes" => Body::Bytes,
            _ => Body::Auto,
        },
        fail_on_status: c.bool("fail_on_status")?,
    })
}

#[cfg(feature = "run")]
#[derive(Clone, Copy)]
enum Body {
    Auto,
    Text,
    Json,
    Bytes,
}

#[cfg(feature = "run")]
struct Request {
    caps: Arc<Capabilities>,
    method: String,
    url: String,
    response: Body,
    fail_on_status: bool,
}

#[cfg(feature = "run")]
impl NodeImpl for Request {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        if cx.entry() == Entry::Continue
            && let Some(answer) = cx.fetched()
        {
            return self.finish(cx, answer);
        }
        let request = self.request(cx)?;
        Ok(cx.fetch(request, self.caps.clone()))
    }
}

#[cfg(feature = "run")]
impl Request {
    fn request(&self, cx: &Cx<'_>) -> Result<HttpRequest, NodeError> {
        let url = match cx.input(0) {
            Value::Str(s) if !s.is_empty() => s.to_string(),
            Value::Null | Value::Str(_) if !self.url.is_empty() => self.url.clone(),
            Value::Null | Value::Str(_) => {
                return Err(cx.bad_input(0, "no URL: set the URL setting or connect the url input"));
            }
            other => return Err(cx.bad_input(0, format!("a URL is text, got {}", other.describe()))),
        };
        let mut headers = Vec::new();
        match cx.input(1) {
            Value::Null => {}
            Value::Map(m) => {
                for (k, v) in m.iter() {
                    let text = match v {
                        Value::Str(s) => s.to_string(),
                        other => other.to_string(),
                    };
                    headers.push((k.clone(), text));
                }
            }
            other => return Err(cx.bad_input(1, format!("headers are an object of texts, got {}", other.describe()))),
        }
        let body = match cx.input(2) {
            Value::Null => Vec::new(),
            Value::Str(s) => s.as_bytes().to_vec(),
            other => {
                if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
                    headers.push(("content-type".into(), "application/json".into()));
                }
                other.to_string().into_bytes()
            }
        };
        Ok(HttpRequest { method: self.method.clone(), url, headers, body })
    }

    fn finish(&self, cx: &mut Cx<'_>, answer: Result<HttpResponse, HttpError>) -> Result<Step, NodeError> {
        let response = answer.map_err(|e| NodeError::failed(e.code(), e.to_string()))?;
        let text = || String::from_utf8_lossy(&response.body).into_owned();
        if self.fail_on_status && response.status >= 400 {
            let text = text();
            let start: String = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(200).collect();
            return Err(NodeError::failed(
                "http-status",
                format!("{} answered {}: {start}", response.url, response.status),
            ));
        }
        let json = match self.response {
            Body::Json => true,
            Body::Auto => response.header("content-type").is_some_and(|t| t.contains("json")),
            Body::Text | Body::Bytes => false,
        };
        let body = if json {
            let parsed: serde_json::Value = serde_json::from_slice(&response.body).map_err(|e| {
                NodeError::failed("bad-json", format!("{} answered text that is not JSON: {e}", response.url))
            })?;
            let v = Value::from_json(&parsed);
            cx.check_depth(&v)?;
            v
        } else if let Body::Bytes = self.response {
            cx.check_list(response.body.len())?;
            Value::array(response.body.iter().map(|b| Value::Int(i64::from(*b))).collect())
        } else {
            let t = text();
            cx.check_text(t.len())?;
            Value::from(t)
        };
        let mut headers = std::collections::BTreeMap::new();
        for (k, v) in &response.headers {
            headers.entry(k.to_ascii_lowercase()).or_insert_with(|| Value::str(v));
        }
        cx.set(0, Value::Int(i64::from(response.status)));
        cx.set(1, Value::map(headers));
        cx.set(2, body);
        Ok(Step::Done)
    }
}

//! Pin values across the sandbox boundary: the binary wire format of
//! `run_typed` (defined in `floe-node-sdk`) and the JSON of `run`.

use std::collections::BTreeMap;

use floe_node_sdk::abi::wire::{self, Reader, WireError, Writer, tag};
use floe_node_sdk::abi::{ABI_VERSION, LogLevel};

use super::error::JsonResultError;
use crate::node::Level;
use crate::value::Value;

/// How deep values may nest when read back from a node.
const MAX_DEPTH: usize = 64;

/// The wire form of a context would pass its cap (the node's memory).
#[derive(Debug)]
pub(crate) struct TooLarge;

/// Appends `v` in wire form, refusing to let `w` grow past `cap` bytes (a
/// value that shares one large part many times is never written out whole).
pub(crate) fn write_value(v: &Value, w: &mut Writer, cap: usize) -> Result<(), TooLarge> {
    match v {
        Value::Null => w.u8(tag::NULL),
        Value::Bool(b) => {
            w.u8(tag::BOOL);
            w.u8(u8::from(*b));
        }
        Value::Int(i) => {
            w.u8(tag::INT);
            w.i64(*i);
        }
        Value::Float(f) => {
            w.u8(tag::FLOAT);
            w.f64(*f);
        }
        Value::Str(s) => {
            if w.buf.len().saturating_add(s.len()) > cap {
                return Err(TooLarge);
            }
            w.u8(tag::TEXT);
            w.str(s);
        }
        Value::Date(ms) => {
            w.u8(tag::DATE);
            w.i64(*ms);
        }
        Value::Array(items) => {
            w.u8(tag::LIST);
            w.u32(items.len() as u32);
            for item in items.iter() {
                write_value(item, w, cap)?;
            }
        }
        Value::Map(m) => {
            w.u8(tag::MAP);
            w.u32(m.len() as u32);
            for (k, item) in m.iter() {
                w.str(k);
                write_value(item, w, cap)?;
            }
        }
    }
    if w.buf.len() > cap { Err(TooLarge) } else { Ok(()) }
}

/// Reads one value, refusing over-deep nesting and counts larger than the data.
pub(crate) fn read_value(r: &mut Reader<'_>, depth: usize) -> Result<Value, WireError> {
    if depth > MAX_DEPTH {
        return Err(WireError { at: 0, what: "values nest too deeply" });
    }
    Ok(match r.u8()? {
        tag::NULL => Value::Null,
        tag::BOOL => Value::Bool(r.u8()? != 0),
        tag::INT => Value::Int(r.i64()?),
        tag::FLOAT => Value::Float(r.f64()?),
        tag::TEXT => Value::str(r.str()?),
        tag::DATE => Value::Date(r.i64()?),
        tag::LIST => Value::array(read_items(r, depth + 1)?),
        tag::MAP => {
            let n = r.count(5)?;
            let mut m = BTreeMap::new();
            for _ in 0..n {
                let k = r.str()?.to_owned();
                m.insert(k, read_value(r, depth + 1)?);
            }
            Value::map(m)
        }
        _ => return Err(WireError { at: 0, what: "unknown value tag" }),
    })
}

/// A list's items (after its tag), each at `depth`.
fn read_items(r: &mut Reader<'_>, depth: usize) -> Result<Vec<Value>, WireError> {
    let n = r.count(1)?;
    let mut items = Vec::with_capacity(n);
    for _ in 0..n {
        items.push(read_value(r, depth)?);
    }
    Ok(items)
}

/// The `run_typed` context: ABI version, inputs in pin order, config, run
/// id; refused when it would pass `cap` bytes.
pub(crate) fn encode_context<'v>(
    inputs: impl ExactSizeIterator<Item = &'v Value>,
    config: &serde_json::Map<String, serde_json::Value>,
    run_id: &str,
    cap: usize,
) -> Result<Vec<u8>, TooLarge> {
    let mut w = Writer::new();
    w.u32(ABI_VERSION as u32);
    w.u8(tag::LIST);
    w.u32(inputs.len() as u32);
    for v in inputs {
        write_value(v, &mut w, cap)?;
    }
    w.u8(tag::MAP);
    w.u32(config.len() as u32);
    for (k, v) in config {
        w.str(k);
        write_value(&Value::from_json(v), &mut w, cap)?;
    }
    w.str(run_id);
    Ok(w.buf)
}

/// What a node returned.
pub(crate) struct Returned {
    pub outcome: Result<(Vec<Value>, Option<usize>), (String, String)>,
    pub logs: Vec<(Level, String)>,
}

pub(crate) fn level(l: LogLevel) -> Level {
    match l {
        LogLevel::Debug => Level::Debug,
        LogLevel::Info => Level::Info,
        LogLevel::Warn => Level::Warn,
        LogLevel::Error => Level::Error,
    }
}

/// Reads a `run_typed` result.
pub(crate) fn decode_result(bytes: &[u8]) -> Result<Returned, WireError> {
    let mut r = Reader::new(bytes);
    let outcome = match r.u8()? {
        wire::OK => {
            let fire = r.u16()?;
            if r.u8()? != tag::LIST {
                return Err(WireError { at: 3, what: "outputs are not a list" });
            }
            Ok((read_items(&mut r, 1)?, (fire != wire::NO_FIRE).then_some(fire as usize)))
        }
        wire::FAILED => Err((r.str()?.to_owned(), r.str()?.to_owned())),
        _ => return Err(WireError { at: 0, what: "unknown result status" }),
    };
    let n = r.count(5)?;
    let mut logs = Vec::with_capacity(n);
    for _ in 0..n {
        let l = level(LogLevel::from_i32(i32::from(r.u8()?)));
        logs.push((l, r.str()?.to_owned()));
    }
    Ok(Returned { outcome, logs })
}

/// The `run` context as JSON: `{"abi", "inputs": {name: value}, "config",
/// "run_id"}`; refused when its inputs would pass `cap` bytes of JSON.
pub(crate) fn json_context<'v>(
    inputs: impl Iterator<Item = (&'v str, &'v Value)>,
    config: &serde_json::Map<String, serde_json::Value>,
    run_id: &str,
    cap: usize,
) -> Result<Vec<u8>, TooLarge> {
    let mut room = cap;
    let mut map = serde_json::Map::new();
    for (k, v) in inputs {
        room = room.checked_sub(v.json_len_within(room).ok_or(TooLarge)?).ok_or(TooLarge)?;
        map.insert(k.to_owned(), v.to_json());
    }
    let json = serde_json::json!({"abi": ABI_VERSION, "inputs": map, "config": config, "run_id": run_id});
    Ok(serde_json::to_vec(&json).expect("JSON values serialise"))
}

/// Reads a `run` result: `{"outputs": {..}, "fire": name|null, "logs": [..]}`
/// or `{"error": {"code", "message"}, "logs": [..]}`. Outputs are returned
/// by name; `exec_names` maps a fired name to its index.
pub(crate) fn decode_json_result(
    bytes: &[u8],
    output_names: &[&str],
    exec_names: &[&str],
) -> Result<Returned, JsonResultError> {
    use JsonResultError as E;
    let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| E::NotJson(e.to_string()))?;
    let obj = v.as_object().ok_or(E::NotObject)?;
    let mut logs = Vec::new();
    if let Some(list) = obj.get("logs") {
        for (i, line) in list.as_array().ok_or(E::LogsNotList)?.iter().enumerate() {
            let text = line.get("text").and_then(|t| t.as_str()).ok_or(E::LogWithoutText(i))?;
            let l = match line.get("level").and_then(|l| l.as_str()).unwrap_or("info") {
                "debug" => Level::Debug,
                "warn" => Level::Warn,
                "error" => Level::Error,
                _ => Level::Info,
            };
            logs.push((l, text.to_owned()));
        }
    }
    if let Some(err) = obj.get("error").filter(|e| !e.is_null()) {
        let code = err.get("code").and_then(|c| c.as_str()).unwrap_or("node-failed").to_owned();
        let message = err.get("message").and_then(|m| m.as_str()).ok_or(E::ErrorWithoutMessage)?.to_owned();
        return Ok(Returned { outcome: Err((code, message)), logs });
    }
    let outputs = match obj.get("outputs") {
        None | Some(serde_json::Value::Null) => serde_json::Map::new(),
        Some(serde_json::Value::Object(m)) => m.clone(),
        Some(_) => return Err(E::OutputsNotObject),
    };
    if let Some(unknown) = outputs.keys().find(|k| !output_names.contains(&k.as_str())) {
        let known = output_names.iter().map(|n| (*n).to_owned()).collect();
        return Err(E::NoSuchOutput { name: unknown.clone(), known });
    }
    let values = output_names.iter().map(|n| outputs.get(*n).map(Value::from_json).unwrap_or(Value::Null)).collect();
    let fire = match obj.get("fire") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(name)) => {
            Some(exec_names.iter().position(|n| n == name).ok_or_else(|| E::NoSuchExec(name.clone()))?)
        }
        Some(_) => return Err(E::FireNotText),
    };
    Ok(Returned { outcome: Ok((values, fire)), logs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use floe_node_sdk::PinValue;
    use floe_node_sdk::protocol::{RunContext, RunResult};
    use serde_json::json;

    #[test]
    fn the_engine_writes_exactly_what_the_sdk_reads() {
        let inputs = [Value::Int(3), Value::from_json(&json!({"b": [1.5, "x", null], "a": true}))];
        let config = json!({"k": 1}).as_object().unwrap().clone();
        let bytes = encode_context(inputs.iter(), &config, "r", 1 << 20).unwrap();
        let cx = RunContext::decode(&bytes).unwrap();
        assert_eq!(cx.inputs[0], PinValue::Int(3));
        assert_eq!(
            cx.inputs[1],
            PinValue::Map(vec![
                ("a".into(), PinValue::Bool(true)),
                ("b".into(), PinValue::List(vec![PinValue::Float(1.5), PinValue::Text("x".into()), PinValue::Null])),
            ])
        );
        assert_eq!(cx.config, vec![("k".to_owned(), PinValue::Int(1))]);
    }

    #[test]
    fn the_engine_reads_what_the_sdk_writes() {
        let sdk = RunResult {
            outcome: Ok((vec![PinValue::Text("t".into()), PinValue::Date(5)], Some(0))),
            logs: vec![(LogLevel::Warn, "careful".into())],
        };
        let r = decode_result(&sdk.encode()).unwrap();
        assert_eq!(r.outcome.unwrap(), (vec![Value::str("t"), Value::Date(5)], Some(0)));
        assert_eq!(r.logs, vec![(Level::Warn, "careful".to_owned())]);
    }

    #[test]
    fn json_results_are_checked_against_the_pins() {
        let ok = decode_json_result(br#"{"outputs": {"y": 2}, "fire": "done"}"#, &["y"], &["done"]).unwrap();
        assert_eq!(ok.outcome.unwrap(), (vec![Value::Int(2)], Some(0)));
        let e = decode_json_result(br#"{"outputs": {"z": 2}}"#, &["y"], &[]).err().unwrap();
        assert_eq!(e.to_string(), "the node has no output `z`; its outputs are: y");
        let e = decode_json_result(b"not json", &["y"], &[]).err().unwrap();
        assert!(e.to_string().starts_with("the result is not JSON"), "{e}");
        let failed = decode_json_result(br#"{"error": {"code": "c", "message": "m"}}"#, &["y"], &[]).unwrap();
        assert_eq!(failed.outcome.unwrap_err(), ("c".to_owned(), "m".to_owned()));
    }
}

/// The request a guest passes to `floe.http_fetch` (ABI.md, "HTTP"):
/// `headers` as `[[name, value], …]` or `{name: value}`, the body as text
/// or base64.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GuestRequest {
    #[serde(default = "get")]
    method: String,
    url: String,
    #[serde(default)]
    headers: GuestHeaders,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_base64: Option<String>,
}

fn get() -> String {
    "GET".into()
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum GuestHeaders {
    List(Vec<(String, String)>),
    Map(BTreeMap<String, String>),
}

impl Default for GuestHeaders {
    fn default() -> Self {
        GuestHeaders::List(Vec::new())
    }
}

/// Reads a guest's `floe.http_fetch` request, or says what is wrong with it.
pub(crate) fn http_request(bytes: &[u8]) -> Result<crate::http::HttpRequest, String> {
    use base64::Engine as _;
    let r: GuestRequest = serde_json::from_slice(bytes).map_err(|e| format!("the request is not valid JSON: {e}"))?;
    let body = match (r.body, r.body_base64) {
        (Some(_), Some(_)) => return Err("give `body` or `body_base64`, not both".into()),
        (Some(text), None) => text.into_bytes(),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| format!("`body_base64` is not base64: {e}"))?,
        (None, None) => Vec::new(),
    };
    let headers = match r.headers {
        GuestHeaders::List(l) => l,
        GuestHeaders::Map(m) => m.into_iter().collect(),
    };
    Ok(crate::http::HttpRequest { method: r.method, url: r.url, headers, body })
}

/// The answer a guest reads with `floe.http_read`: the response (the body
/// as text when it is UTF-8, else as base64) or the error.
pub(crate) fn http_answer(answer: &Result<crate::http::HttpResponse, crate::http::HttpError>) -> Vec<u8> {
    use base64::Engine as _;
    let json = match answer {
        Ok(r) => {
            let mut o = serde_json::json!({"status": r.status, "headers": r.headers, "url": r.url});
            match std::str::from_utf8(&r.body) {
                Ok(text) => o["body"] = text.into(),
                Err(_) => o["body_base64"] = base64::engine::general_purpose::STANDARD.encode(&r.body).into(),
            }
            o
        }
        Err(e) => serde_json::json!({"error": {"code": e.code(), "message": e.to_string()}}),
    };
    serde_json::to_vec(&json).expect("JSON values serialise")
}

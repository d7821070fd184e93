//! `http.in`: fires when the board is run for an HTTP request that matches
//! its method and path pattern (`floe run BOARD --listen`, or a sample
//! request in the run input: `{"http": {"method": "GET", "path": "/items/7"}}`).

use std::collections::BTreeMap;

use super::super::prelude::*;

const METHODS: &[&str] = &["ANY", "GET", "POST", "PUT", "PATCH", "DELETE"];

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "http.in",
        "HTTP In",
        "Network",
        "Fires for an HTTP request matching Method and Path (`/items/:id` takes a parameter): served by floe run --listen, or a sample request in the run input, {\"http\": {\"method\": \"GET\", \"path\": \"/items/7\"}}.",
    )
    .icon("log-in")
    .setting(ConfigField::new("method", "Method", STR, json!("ANY")).options(METHODS))
    .setting(ConfigField::new("path", "Path", STR, json!("/")))
    .pin(then_out())
    .pin(PinDef::output("params", "Params", STRUCT).describe("The path's :parameters."))
    .pin(PinDef::output("query", "Query", STRUCT))
    .pin(PinDef::output("headers", "Headers", STRUCT))
    .pin(PinDef::output("body", "Body", ANY).describe("JSON when it parses as JSON, else text."))
    .pin(PinDef::output("request", "Request", STRUCT).describe("All of it: method, path, params, query, headers, body."));
    Builtin::new(def, |cx| {
        let path = cx.config.string("path")?;
        if !path.starts_with('/') {
            return Err(cx.config.error("path", "a path starts with /"));
        }
        node(HttpIn { method: cx.config.choice("method")?.to_owned(), path: path.to_owned() })
    })
    .role(Role::Event)
}

struct HttpIn {
    method: String,
    path: String,
}

impl NodeImpl for HttpIn {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let request = cx.payload().as_map().and_then(|m| m.get("http")).and_then(Value::as_map).cloned();
        let Some(request) = request else { return Ok(Step::Stop) };
        let text = |k: &str| request.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        // A server names the node it matched; a sample request may not.
        if request.get("node").and_then(Value::as_str).is_some_and(|n| n != cx.node_id().as_str()) {
            return Ok(Step::Stop);
        }
        let method = text("method").to_ascii_uppercase();
        let method = if method.is_empty() { "GET".to_owned() } else { method };
        if self.method != "ANY" && self.method != method {
            return Ok(Step::Stop);
        }
        let path = match text("path") {
            p if p.is_empty() => "/".to_owned(),
            p => p,
        };
        let Some(params) = crate::http::match_path(&self.path, &path) else { return Ok(Step::Stop) };
        let params: BTreeMap<String, Value> = params.into_iter().map(|(k, v)| (k, Value::from(v))).collect();
        let map_of = |k: &str| {
            request.get(k).filter(|v| v.as_map().is_some()).cloned().unwrap_or_else(|| Value::map(BTreeMap::new()))
        };
        let body = match request.get("body") {
            Some(Value::Str(s)) => match serde_json::from_str::<serde_json::Value>(s) {
                Ok(json) if !s.trim().is_empty() => Value::from_json(&json),
                _ => Value::Str(s.clone()),
            },
            Some(other) => other.clone(),
            None => Value::Null,
        };
        cx.check_depth(&body)?;
        let mut all = request.clone();
        all.insert("method".into(), Value::from(method));
        all.insert("path".into(), Value::from(path));
        all.insert("params".into(), Value::map(params.clone()));
        all.insert("body".into(), body.clone());
        cx.set(0, Value::map(params));
        cx.set(1, map_of("query"));
        cx.set(2, map_of("headers"));
        cx.set(3, body);
        cx.set(4, Value::map(all));
        Ok(Step::Done)
    }

    fn trigger(&self) -> Option<Trigger> {
        Some(Trigger::Start)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn fires_only_for_its_method_and_path() {
        let board = |payload: serde_json::Value| {
            let b = json!({"format_version": 1,
                "nodes": [{"id": "in", "kind": "http.in", "config": {"method": "POST", "path": "/items/:id"}},
                          {"id": "out", "kind": "event.board_output", "config": {"name": "id"}},
                          {"id": "get", "kind": "data.get_path", "inputs": {"path": "id"}}],
                "edges": [{"id": "e1", "from": {"node": "in", "pin": "params"}, "to": {"node": "get", "pin": "value"}},
                          {"id": "e2", "from": {"node": "get", "pin": "value"}, "to": {"node": "out", "pin": "value"}},
                          {"id": "e3", "from": {"node": "in", "pin": "then"}, "to": {"node": "out", "pin": "exec"}}]});
            let board = crate::Board::from_value(b).unwrap();
            let plan = std::sync::Arc::new(crate::Plan::compile(&board, &crate::Catalog::builtin()).unwrap());
            let input = crate::Value::from_json(&payload);
            crate::run_blocking(&plan, &crate::RunOptions { input, ..crate::RunOptions::default() }).outputs
        };
        let fired = board(json!({"http": {"method": "post", "path": "/items/7", "body": "{\"n\": 1}"}}));
        assert_eq!(fired.get("id").map(|v| v.to_json()), Some(json!("7")));
        for other in [
            json!({"http": {"method": "GET", "path": "/items/7"}}),
            json!({"http": {"method": "POST", "path": "/things/7"}}),
            json!({"http": {"method": "POST", "path": "/items/7", "node": "another"}}),
            json!({"celsius": 3}),
        ] {
            assert!(board(other.clone()).is_empty(), "{other}");
        }
    }
}

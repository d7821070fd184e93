//! `http.response`: the answer to the request an HTTP In node fired for
//! (`floe run --listen` sends it; in the tab it is the run output
//! `http_response`).

use std::collections::BTreeMap;

use super::super::prelude::*;

use crate::http::RESPONSE_OUTPUT;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "http.response",
        "HTTP Response",
        "Network",
        "Answers the request an HTTP In node fired for: Status, Headers (an object of texts) and Body (text as it is, anything else as JSON).",
    )
    .icon("log-out")
    .pin(exec_in())
    .pin(PinDef::input("status", "Status", INT).default_value(json!(200)))
    .pin(PinDef::input("headers", "Headers", STRUCT).optional())
    .pin(PinDef::input("body", "Body", ANY).optional())
    .pin(then_out())
    .pin(PinDef::output("response", "Response", STRUCT));
    Builtin::new(def, |_| node(Response))
}

struct Response;

impl NodeImpl for Response {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let status = match cx.input(0) {
            Value::Int(s) if (100..=599).contains(s) => *s,
            Value::Null => 200,
            other => return Err(cx.bad_input(0, format!("a status is 100 to 599, got {}", other.describe()))),
        };
        let headers = match cx.input(1) {
            Value::Null => Value::map(BTreeMap::new()),
            h @ Value::Map(_) => h.clone(),
            other => return Err(cx.bad_input(1, format!("headers are an object of texts, got {}", other.describe()))),
        };
        let mut m = BTreeMap::new();
        m.insert("status".to_owned(), Value::Int(status));
        m.insert("headers".to_owned(), headers);
        m.insert("body".to_owned(), cx.input(2).clone());
        cx.set(0, Value::map(m));
        Ok(Step::Done)
    }

    fn board_output(&self) -> Option<&str> {
        Some(RESPONSE_OUTPUT)
    }
}

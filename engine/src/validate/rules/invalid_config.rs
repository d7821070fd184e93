//! `invalid-config`: a node's settings must be accepted by its kind.

use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    for (node, info) in a.board.nodes.iter().zip(&a.nodes) {
        if let Some(e) = &info.config_error {
            out.error(Code::InvalidConfig, Target::Node { node: node.id.clone() }, e.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn bad_settings_are_named() {
        let lines = with_code(
            json!({"nodes": [
                {"id": "s", "kind": "flow.sequence", "config": {"count": "two"}},
                {"id": "g", "kind": "var.get", "config": {"name": "nope"}}
            ]}),
            "invalid-config",
        );
        assert_eq!(
            lines,
            [
                "error[invalid-config] node `s`: setting `count`: expected a whole number ≥ 0, got \"two\"",
                "error[invalid-config] node `g`: setting `name`: no board variable is called \"nope\"",
            ]
        );
    }
}

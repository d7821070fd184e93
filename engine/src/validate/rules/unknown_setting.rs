//! `unknown-setting` (warning): a setting the node's kind does not declare is ignored.

use crate::catalog::Config;
use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    for (node, info) in a.board.nodes.iter().zip(&a.nodes) {
        let Some(kind) = &info.kind else { continue };
        for field in Config::new(node, kind.def(), &a.variables).unknown_fields() {
            out.warning(
                Code::UnknownSetting,
                Target::Node { node: node.id.clone() },
                format!("`{}` has no setting `{field}`; it is ignored", node.kind),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn warns_about_unknown_settings() {
        let lines = with_code(
            json!({"nodes": [{"id": "a", "kind": "logic.not", "config": {"colour": "red"}}]}),
            "unknown-setting",
        );
        assert_eq!(lines, ["warning[unknown-setting] node `a`: `logic.not` has no setting `colour`; it is ignored"]);
    }
}

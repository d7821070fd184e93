//! `bad-schema` and `schema-violation`: pin schemas must be usable, and the
//! values known before a run (inline values, defaults) must satisfy them.

use std::collections::HashSet;

use crate::schema::{check_schema, validate_within};
use crate::validate::{Code, Target};
use crate::value::Value;

use super::{Analysis, Sink};

/// Steps all of a board's values may take against their schemas together,
/// so validating any board stays quick (a run checks values again, each
/// with its own budget).
const BOARD_STEPS: u64 = 200_000;

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    let mut budget = BOARD_STEPS;
    // Nodes of one kind share their pins' schemas: each is checked once.
    let mut usable: HashSet<*const serde_json::Value> = HashSet::new();
    for (node, info) in a.board.nodes.iter().zip(&a.nodes) {
        for pin in &info.pins[..info.own_pins] {
            let Some(schema) = &pin.schema else { continue };
            let target = || Target::Pin { node: node.id.clone(), pin: pin.name.as_str().into() };
            if !usable.contains(&std::sync::Arc::as_ptr(schema)) {
                if let Err(e) = check_schema(schema.as_ref()) {
                    out.error(Code::BadSchema, target(), format!("schema of `{}`: {e}", pin.name));
                    continue;
                }
                usable.insert(std::sync::Arc::as_ptr(schema));
            }
            let known = node.inputs.get(pin.name.as_str()).filter(|_| pin.is_input()).or(pin.default.as_ref());
            if budget == 0 {
                continue; // said once, below
            }
            if let Some(json) = known
                && let Err(e) = validate_within(schema, &Value::from_json(json), &mut budget)
                && budget > 0
            {
                out.error(Code::SchemaViolation, target(), format!("value of `{}` violates its schema: {e}", pin.name));
            }
        }
    }
    if budget == 0 {
        out.warning(
            Code::SchemaViolation,
            Target::Board,
            format!("values were checked against their schemas for {BOARD_STEPS} steps; the rest are checked when the board runs"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use serde_json::json;

    #[test]
    fn inline_values_are_checked_against_the_pin_schema() {
        let lines = with_code(
            json!({"nodes": [{"id": "o", "kind": "event.board_input", "config": {
                "name": "person", "data_type": "Struct",
                "schema": {"type": "object", "required": ["age"], "properties": {"age": {"type": "integer"}}},
                "default": {"name": "x"}
            }}]}),
            "schema-violation",
        );
        assert_eq!(
            lines,
            [
                "error[schema-violation] node `o` pin `value`: value of `value` violates its schema: missing required field `age`"
            ]
        );
    }

    #[test]
    fn unusable_schemas_are_reported() {
        let lines = with_code(
            json!({"nodes": [{"id": "o", "kind": "event.board_input", "config": {
                "name": "p", "data_type": "Struct", "schema": {"type": "thing"}
            }}]}),
            "bad-schema",
        );
        assert_eq!(
            lines,
            [
                "error[bad-schema] node `o` pin `value`: schema of `value`: invalid schema at /type: unknown type \"thing\""
            ]
        );
    }
}

//! `bad-schema` and `schema-violation`: pin schemas must be usable, and the
//! values known before a run (inline values, defaults) must satisfy them.

use crate::schema::{check_schema, validate};
use crate::validate::{Code, Target};
use crate::value::Value;

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    for (node, info) in a.board.nodes.iter().zip(&a.nodes) {
        for pin in &info.pins[..info.own_pins] {
            let Some(schema) = &pin.schema else { continue };
            let target = || Target::Pin { node: node.id.clone(), pin: pin.name.as_str().into() };
            if let Err(e) = check_schema(schema.as_ref()) {
                out.error(Code::BadSchema, target(), format!("schema of `{}`: {e}", pin.name));
                continue;
            }
            let known = node.inputs.get(pin.name.as_str()).filter(|_| pin.is_input()).or(pin.default.as_ref());
            if let Some(json) = known
                && let Err(e) = validate(schema, &Value::from_json(json))
            {
                out.error(Code::SchemaViolation, target(), format!("value of `{}` violates its schema: {e}", pin.name));
            }
        }
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

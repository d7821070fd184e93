//! `event.board_input`: a named, typed field of the run's input.

use std::sync::Arc;

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "event.board_input",
        "Board input",
        "Events",
        "Reads the field `name` of the run's input object (or the whole input when `name` is empty), checks it against the chosen type, and fires once when the run starts.",
    )
    .icon("log-in")
    .setting(ConfigField::new("name", "Name", STR, json!("input")).describe("Field of the input object; empty for the whole input."))
    .setting(ConfigField::new("data_type", "Type", STR, json!("Generic")).options(TYPE_OPTIONS))
    .setting(ConfigField::new("value_type", "Shape", STR, json!("Normal")).options(SHAPE_OPTIONS))
    .setting(ConfigField::new("default", "Default", ANY, json!(null)).describe("Used when the field is missing; null makes the field required."))
    .setting(ConfigField::new("schema", "JSON Schema", STRUCT, json!(null)).describe("For Struct inputs: the schema values must satisfy."))
    .pin(then_out())
    .pin(PinDef::output("value", "Value", ANY));
    Builtin::new(def, build).role(Role::Event).dynamic_pins(pins)
}

fn pins(def: &NodeDef, c: &Config<'_>) -> Result<Vec<PinDef>, ConfigError> {
    let ty = configured_type(c, "data_type", "value_type")?;
    let mut value = PinDef::output("value", "Value", ty);
    if let Ok(name) = c.string("name")
        && !name.is_empty()
    {
        value.friendly_name = name.to_owned();
    }
    let default = c.get("default");
    if !default.is_null() {
        value.default = Some(default.clone());
    }
    let schema = c.get("schema");
    if !schema.is_null() {
        if ty.data != DataType::Struct {
            return Err(c.error("schema", "a schema needs the Struct type"));
        }
        value.schema = Some(Arc::new(schema.clone()));
    }
    Ok(vec![def.pins[0].clone(), value])
}

fn build(cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
    let name = cx.config.string("name")?.to_owned();
    let ty = configured_type(&cx.config, "data_type", "value_type")?;
    let default = cx.config.get("default");
    let default = if default.is_null() {
        None
    } else {
        Some(Value::from_json(default).coerce(ty).map_err(|e| cx.config.error("default", e.to_string()))?)
    };
    let schema = cx.config.get("schema");
    let schema = (!schema.is_null()).then(|| Arc::new(schema.clone()));
    node(BoardInput { name, ty, default, schema })
}

struct BoardInput {
    name: String,
    ty: PinType,
    default: Option<Value>,
    schema: Option<Arc<serde_json::Value>>,
}

impl NodeImpl for BoardInput {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let payload = cx.payload();
        let raw = if self.name.is_empty() { Some(payload) } else { payload.as_map().and_then(|m| m.get(&self.name)) };
        let raw = match (raw, &self.default) {
            (Some(Value::Null) | None, Some(d)) => d,
            (Some(v), _) => v,
            (None, None) => {
                return Err(NodeError::failed(
                    "missing-board-input",
                    format!(
                        "the run input has no field `{}`: give the run an input like {{\"{}\": ...}}",
                        self.name, self.name
                    ),
                ));
            }
        };
        let v = if raw.fits(self.ty) {
            raw.clone()
        } else {
            raw.clone()
                .coerce(self.ty)
                .map_err(|e| NodeError::failed("bad-board-input", format!("board input `{}`: {e}", self.name)))?
        };
        if let Some(schema) = &self.schema {
            crate::schema::validate(schema, &v).map_err(|e| {
                NodeError::failed("bad-board-input", format!("board input `{}` violates its schema: {e}", self.name))
            })?;
        }
        cx.set(0, v);
        Ok(Step::Done)
    }

    fn trigger(&self) -> Option<Trigger> {
        Some(Trigger::Start)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn a_missing_required_field_names_itself() {
        let err = eval("event.board_input", json!({}), json!({"name": "age", "data_type": "Integer"})).unwrap_err();
        assert!(err.contains("the run input has no field `age`"), "{err}");
    }

    #[test]
    fn the_default_fills_in() {
        let out =
            eval("event.board_input", json!({}), json!({"name": "age", "data_type": "Integer", "default": 7})).unwrap();
        assert_eq!(out, json!({"value": 7}));
    }

    #[test]
    fn a_schema_needs_struct() {
        let err = eval("event.board_input", json!({}), json!({"data_type": "String", "schema": {"type": "string"}}))
            .unwrap_err();
        assert!(err.contains("a schema needs the Struct type"), "{err}");
    }
}

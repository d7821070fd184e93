//! `value.constant`: a fixed value.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "value.constant",
        "Constant",
        "Values",
        "Outputs a fixed value. With type `auto` the type follows the value: 3 is an Integer, 3.5 a Float, \"x\" a String, [..] an Array, {..} a Struct.",
    )
    .icon("hash")
    .setting(ConfigField::new("value", "Value", ANY, json!(0)))
    .setting(ConfigField::new("data_type", "Type", STR, json!("auto")).options(&["auto", "String", "Integer", "Float", "Boolean", "Date", "PathBuf", "Struct", "Byte", "Generic"]))
    .setting(ConfigField::new("value_type", "Shape", STR, json!("Normal")).options(SHAPE_OPTIONS))
    .pin(PinDef::output("value", "Value", ANY));
    Builtin::new(def, build).dynamic_pins(|def, c| {
        let mut pin = def.pins[0].clone();
        let ty = constant_type(c)?;
        pin.data_type = ty.data;
        pin.value_type = ty.value;
        Ok(vec![pin])
    })
}

/// The type of the constant: configured, or inferred from the value.
fn constant_type(c: &Config<'_>) -> Result<PinType, ConfigError> {
    if c.choice("data_type")? != "auto" {
        return configured_type(c, "data_type", "value_type");
    }
    Ok(infer(c.get("value")))
}

fn infer(v: &serde_json::Value) -> PinType {
    let data = |v: &serde_json::Value| match v {
        serde_json::Value::Bool(_) => DataType::Boolean,
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => DataType::Integer,
        serde_json::Value::Number(_) => DataType::Float,
        serde_json::Value::String(_) => DataType::String,
        serde_json::Value::Object(_) => DataType::Struct,
        _ => DataType::Generic,
    };
    match v {
        serde_json::Value::Array(items) => {
            let mut kinds = items.iter().map(data);
            let first = kinds.next().unwrap_or(DataType::Generic);
            let all = kinds.try_fold(first, crate::compat::join);
            PinType::array(all.unwrap_or(DataType::Generic))
        }
        other => PinType::normal(data(other)),
    }
}

fn build(cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
    let ty = constant_type(&cx.config)?;
    let value =
        Value::from_json(cx.config.get("value")).coerce(ty).map_err(|e| cx.config.error("value", e.to_string()))?;
    node(Fixed(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nodes::test_util::eval;

    #[test]
    fn infers_types_from_values() {
        assert_eq!(infer(&json!(3)), INT);
        assert_eq!(infer(&json!([1, 2.5])), PinType::array(DataType::Float));
        assert_eq!(infer(&json!(["a", 1])), PinType::array(DataType::Generic));
        assert_eq!(infer(&json!({"a": 1})), STRUCT);
    }

    #[test]
    fn a_typed_constant_checks_its_value() {
        assert_eq!(
            eval("value.constant", json!({}), json!({"value": "2026-01-31", "data_type": "Date"})).unwrap(),
            json!({"value": "2026-01-31T00:00:00.000Z"})
        );
        let err = eval("value.constant", json!({}), json!({"value": "x", "data_type": "Integer"})).unwrap_err();
        assert!(err.contains("setting `value`: expected Integer, got String \"x\""), "{err}");
    }
}

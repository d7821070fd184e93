//! `subflow.parameter`: inside a subflow, the value of one of the
//! instance's settings.

use super::super::prelude::*;
use crate::board::PARAMETER_DEFAULTS;

/// One source for the defaults: the interface reads them too.
const NAME: &str = PARAMETER_DEFAULTS.0;
const DATA: &str = PARAMETER_DEFAULTS.1;
const SHAPE: &str = PARAMETER_DEFAULTS.2;
const DEFAULT: i64 = PARAMETER_DEFAULTS.3;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "subflow.parameter",
        "Parameter",
        "Subflows",
        "Inside a subflow: the value of the instance's setting `name` (each instance sets its own in the inspector; `default` when it does not).",
    )
    .icon("sliders")
    .setting(ConfigField::new("name", "Name", STR, json!(NAME)))
    .setting(ConfigField::new("data_type", "Type", STR, json!(DATA)).options(TYPE_OPTIONS))
    .setting(ConfigField::new("value_type", "Shape", STR, json!(SHAPE)).options(SHAPE_OPTIONS))
    .setting(ConfigField::new("default", "Default", ANY, json!(DEFAULT)))
    .pin(PinDef::output("value", "Value", ANY));
    Builtin::new(def, build).dynamic_pins(|def, c| {
        let mut pin = def.pins[0].clone();
        let ty = configured_type(c, "data_type", "value_type")?;
        pin.data_type = ty.data;
        pin.value_type = ty.value;
        if let Ok(name) = c.string("name")
            && !name.is_empty()
        {
            pin.friendly_name = name.to_owned();
        }
        Ok(vec![pin])
    })
}

fn build(cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
    if cx.config.string("name")?.is_empty() {
        return Err(cx.config.error("name", "a parameter needs a name"));
    }
    let ty = configured_type(&cx.config, "data_type", "value_type")?;
    let value =
        Value::from_json(cx.config.get("default")).coerce(ty).map_err(|e| cx.config.error("default", e.to_string()))?;
    node(Fixed(value))
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn a_parameter_outputs_its_value_in_its_type() {
        let got = eval("subflow.parameter", json!({}), json!({"name": "rate", "data_type": "Float", "default": 2}));
        assert_eq!(got.unwrap(), json!({"value": 2.0}));
        let err = eval("subflow.parameter", json!({}), json!({"name": "n", "data_type": "Integer", "default": "x"}));
        assert!(err.unwrap_err().contains("default"));
    }
}

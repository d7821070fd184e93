//! `var.get`: reads a board variable.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "var.get",
        "Get variable",
        "Values",
        "Reads the current value of a board variable. Variables start at their default at the beginning of every run.",
    )
    .icon("box")
    .setting(ConfigField::new("name", "Variable", STR, json!("")))
    .pin(PinDef::output("value", "Value", ANY));
    Builtin::new(def, |cx| {
        let (index, _) = cx.variable("name")?;
        node(GetVariable(index))
    })
    .dynamic_pins(|def, c| {
        let (_, var) = c.variable("name")?;
        let mut pin = def.pins[0].clone();
        pin.data_type = var.data_type;
        pin.value_type = var.value_type;
        pin.friendly_name = var.name.clone();
        Ok(vec![pin])
    })
}

struct GetVariable(usize);

impl NodeImpl for GetVariable {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let v = cx.var(self.0).clone();
        cx.set(0, v);
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn an_unknown_variable_is_a_config_error() {
        let err = eval("var.get", json!({}), json!({"name": "score"})).unwrap_err();
        assert!(err.contains("no board variable is called \"score\""), "{err}");
    }
}

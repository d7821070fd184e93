//! `var.set`: writes a board variable.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "var.set",
        "Set variable",
        "Values",
        "Writes a value into a board variable (checked against the variable's type) and passes it on.",
    )
    .icon("box")
    .setting(ConfigField::new("name", "Variable", STR, json!("")))
    .pin(exec_in())
    .pin(PinDef::input("value", "Value", ANY))
    .pin(then_out())
    .pin(PinDef::output("value", "Value", ANY));
    Builtin::new(def, |cx| {
        let (index, var) = cx.variable("name")?;
        node(SetVariable { index, ty: var.pin_type(), name: var.name.clone() })
    })
    .dynamic_pins(|def, c| {
        let (_, var) = c.variable("name")?;
        let mut pins = def.pins.clone();
        for p in pins.iter_mut().filter(|p| p.name == "value") {
            p.data_type = var.data_type;
            p.value_type = var.value_type;
        }
        Ok(pins)
    })
}

struct SetVariable {
    index: usize,
    ty: PinType,
    name: String,
}

impl NodeImpl for SetVariable {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let v = cx.input(0).clone().coerce(self.ty).map_err(|error| {
            NodeError::bad_input(
                cx.input_name(0).clone(),
                format!("variable `{}` holds {}: {error}", self.name, self.ty),
            )
        })?;
        cx.set_var(self.index, v.clone());
        cx.set(0, v);
        Ok(Step::Done)
    }
}

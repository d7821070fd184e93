//! `flow.switch`: one execution output per case.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "flow.switch",
        "Switch",
        "Flow",
        "Continues along the output whose case equals Value (compared as text: the case \"3\" matches the number 3), or along Default.",
    )
    .icon("list-tree")
    .setting(ConfigField::new("cases", "Cases", PinType::array(DataType::String), json!(["a", "b"])))
    .pin(exec_in())
    .pin(PinDef::input("value", "Value", ANY));
    Builtin::new(def, build).role(Role::Control).dynamic_pins(|def, c| {
        let cases = c.strings("cases")?;
        let mut pins = def.pins.clone();
        for (i, case) in cases.iter().enumerate() {
            pins.push(PinDef::output(&format!("case_{i}"), &format!("= {case}"), EXEC));
        }
        pins.push(PinDef::output("default", "Default", EXEC));
        Ok(pins)
    })
}

fn build(cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
    let cases = cx.config.strings("cases")?;
    for (i, c) in cases.iter().enumerate() {
        if cases[..i].contains(c) {
            return Err(cx.config.error("cases", format!("the case {c:?} appears twice")));
        }
    }
    node(Switch(cases))
}

struct Switch(Vec<String>);

impl NodeImpl for Switch {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let text = cx.input(0).to_string();
        let k = self.0.iter().position(|c| *c == text).unwrap_or(self.0.len());
        Ok(Step::Fire(k as u16))
    }
}

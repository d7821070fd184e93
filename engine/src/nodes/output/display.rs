//! `output.display`: shows a value on the canvas.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "output.display",
        "Display",
        "Output",
        "Shows Value on the node after a run: text as text, a list of Structs as a table, a list of numbers as a chart.",
    )
    .icon("monitor")
    .setting(ConfigField::new("as", "Show as", STR, json!("auto")).options(&["auto", "text", "table", "chart"]))
    .pin(exec_in())
    .pin(PinDef::input("value", "Value", ANY))
    .pin(then_out());
    Builtin::new(def, |cx| {
        cx.config.choice("as")?;
        func(|_| Ok(Step::Done))
    })
}

//! `subflow.pass`: an instance's boundary in a flattened board. Each pin of
//! the `pins` setting is an input and an output of one name and type, so
//! the wires on both sides are checked against the interface; the planner
//! then wires through it (it never runs, and costs a run nothing).

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "subflow.pass",
        "Subflow boundary",
        "Subflows",
        "Where a flattened subflow instance's pins are: each value or execution goes through unchanged.",
    )
    .icon("git-commit")
    .setting(super::pins_setting())
    .setting(ConfigField::new("side", "Side", STR, json!("in")).options(&["in", "out"]).describe(
        "`in`: where the instance's inputs enter its subflow; `out`: where its outputs leave (and its errors are caught).",
    ));
    Builtin::new(def, |_| node(Pass)).dynamic_pins(|_, c| {
        let mut pins = super::boundary_pins(c, true)?;
        pins.extend(super::boundary_pins(c, false)?);
        Ok(pins)
    })
}

/// What the planner does without running it: each data input to the output of its name.
struct Pass;

impl NodeImpl for Pass {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        for i in 0..cx.input_count() {
            let v = cx.input(i).clone();
            cx.set(i, v);
        }
        Ok(Step::Done)
    }
}

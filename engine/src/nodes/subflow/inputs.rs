//! `subflow.inputs`: inside a subflow, where the instance's input pins come in.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "subflow.inputs",
        "Subflow inputs",
        "Subflows",
        "Inside a subflow: the instance's input pins, as outputs to wire into the nodes inside. Add a pin here to give the subflow a new input.",
    )
    .icon("log-in")
    .setting(super::pins_setting());
    Builtin::new(def, |_| node(Inputs)).dynamic_pins(|_, c| super::boundary_pins(c, false))
}

/// Never runs: a flattened board has a `subflow.pass` in its place.
struct Inputs;

impl NodeImpl for Inputs {
    fn run(&self, _cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        Err(NodeError::failed("not-in-an-instance", "a subflow's inputs node runs only inside an instance"))
    }
}

//! `subflow.outputs`: inside a subflow, where the instance's output pins go out.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "subflow.outputs",
        "Subflow outputs",
        "Subflows",
        "Inside a subflow: the instance's output pins, as inputs to wire the results into. Add a pin here to give the subflow a new output.",
    )
    .icon("log-out")
    .setting(super::pins_setting());
    Builtin::new(def, |_| node(Outputs)).dynamic_pins(|_, c| super::boundary_pins(c, true))
}

/// Never runs: a flattened board has a `subflow.pass` in its place.
struct Outputs;

impl NodeImpl for Outputs {
    fn run(&self, _cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        Err(NodeError::failed("not-in-an-instance", "a subflow's outputs node runs only inside an instance"))
    }
}

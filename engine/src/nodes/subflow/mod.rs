//! Subflows: the nodes that draw a definition's interface inside it
//! (`subflow.inputs`, `subflow.outputs`, `subflow.parameter`) and the
//! typed pass-through (`subflow.pass`) they become in a flattened board.

mod inputs;
mod outputs;
mod parameter;
mod pass;

use super::prelude::*;
use crate::board::InterfacePin;

pub(crate) fn all() -> Vec<Builtin> {
    vec![inputs::kind(), outputs::kind(), parameter::kind(), pass::kind()]
}

/// The `pins` setting every boundary node has.
fn pins_setting() -> ConfigField {
    ConfigField::new("pins", "Pins", ANY, json!([]))
        .describe("The interface pins: a list of {name, label, data_type, value_type}.")
}

/// The boundary pins a `pins` setting lists, as inputs or outputs. A
/// Generic pin gets a type parameter of its own name, so a pass-through's
/// input and output of one name resolve to one type.
fn boundary_pins(c: &Config<'_>, input: bool) -> Result<Vec<PinDef>, ConfigError> {
    let list = InterfacePin::list_from(c.get("pins")).map_err(|e| c.error("pins", e))?;
    Ok(list.iter().map(|p| pin_of(p, input)).collect())
}

fn pin_of(p: &InterfacePin, input: bool) -> PinDef {
    let label = if p.label.is_empty() { p.name.as_str() } else { p.label.as_str() };
    let pin = if input { PinDef::input(&p.name, label, p.ty()) } else { PinDef::output(&p.name, label, p.ty()) };
    // Required, like any node's inputs: an instance whose input is neither
    // wired nor given a value is a diagnostic, never a silent null.
    if p.data_type == DataType::Generic { pin.param(&p.name) } else { pin }
}

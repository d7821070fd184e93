//! Conversions: the explicit nodes that turn one data type into another.

mod to_boolean;
mod to_float;
mod to_integer;
mod to_string;

use super::prelude::*;

pub(crate) fn all() -> Vec<Builtin> {
    vec![to_string::kind(), to_integer::kind(), to_float::kind(), to_boolean::kind()]
}

/// `value (any) → value (ty)`.
fn convert_def(name: &str, friendly: &str, description: &str, ty: PinType) -> NodeDef {
    NodeDef::new(name, friendly, "Convert", description)
        .icon("repeat")
        .pin(PinDef::input("value", "Value", ANY))
        .pin(PinDef::output("value", "Value", ty))
}

fn cannot(cx: &Cx<'_>, into: &str) -> NodeError {
    cx.bad_input(0, format!("cannot turn {} into {into}", cx.input(0).describe()))
}

//! Compare and logic: equality, ordering, and boolean algebra.

mod and;
mod equal;
mod greater;
mod less;
mod not;
mod or;

use super::prelude::*;

pub(crate) fn all() -> Vec<Builtin> {
    vec![equal::kind(), less::kind(), greater::kind(), and::kind(), or::kind(), not::kind()]
}

/// `a (T), b (T) → result (Boolean)` with T orderable.
fn compare_def(name: &str, friendly: &str, description: &str) -> NodeDef {
    NodeDef::new(name, friendly, "Logic", description)
        .icon("scale")
        .type_param("T", &[DataType::Integer, DataType::Float, DataType::String, DataType::Date, DataType::Byte])
        .pin(PinDef::input("a", "A", ANY).param("T"))
        .pin(PinDef::input("b", "B", ANY).param("T"))
        .pin(PinDef::output("result", "Result", BOOL))
}

/// Orders inputs 0 and 1, or says why they cannot be compared.
fn order(cx: &Cx<'_>) -> Result<std::cmp::Ordering, NodeError> {
    cx.input(0).compare(cx.input(1)).ok_or_else(|| {
        NodeError::failed(
            "not-comparable",
            format!("cannot compare {} with {}", cx.input(0).describe(), cx.input(1).describe()),
        )
    })
}

/// `a, b (Boolean) → result (Boolean)`.
fn bool_def(name: &str, friendly: &str, description: &str) -> NodeDef {
    NodeDef::new(name, friendly, "Logic", description)
        .icon("binary")
        .pin(PinDef::input("a", "A", BOOL))
        .pin(PinDef::input("b", "B", BOOL))
        .pin(PinDef::output("result", "Result", BOOL))
}

//! Math: arithmetic on Integers and Floats.
//!
//! Binary operators are generic over `T` ∈ {Integer, Float}: two Integers give
//! an Integer (overflow is an error, never a wrap), anything else a Float.

mod add;
mod clamp;
mod divide;
mod max;
mod min;
mod modulo;
mod multiply;
mod power;
mod random;
mod round;
mod subtract;

use super::prelude::*;

pub(crate) fn all() -> Vec<Builtin> {
    vec![
        add::kind(),
        subtract::kind(),
        multiply::kind(),
        divide::kind(),
        modulo::kind(),
        power::kind(),
        min::kind(),
        max::kind(),
        round::kind(),
        clamp::kind(),
        random::kind(),
    ]
}

/// `a (T), b (T) → result (T)` with T ∈ {Integer, Float}.
fn binary_def(
    name: &str,
    friendly: &str,
    description: &str,
    default_a: serde_json::Value,
    default_b: serde_json::Value,
) -> NodeDef {
    NodeDef::new(name, friendly, "Math", description)
        .icon("calculator")
        .type_param("T", &[DataType::Integer, DataType::Float])
        .pin(PinDef::input("a", "A", ANY).param("T").default_value(default_a))
        .pin(PinDef::input("b", "B", ANY).param("T").default_value(default_b))
        .pin(PinDef::output("result", "Result", ANY).param("T"))
}

/// Applies an integer operation to two Integers, or a float operation otherwise.
#[inline]
fn arith(
    cx: &Cx<'_>,
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
    what: &'static str,
) -> Result<Value, NodeError> {
    match (cx.input(0), cx.input(1)) {
        (Value::Int(a), Value::Int(b)) => int(*a, *b).map(Value::Int).ok_or_else(|| {
            NodeError::failed("integer-overflow", format!("{what} of {a} and {b} does not fit in an Integer"))
        }),
        _ => {
            let r = float(cx.f64(0)?, cx.f64(1)?);
            if r.is_finite() {
                Ok(Value::Float(r))
            } else {
                Err(NodeError::failed(
                    "not-finite",
                    format!("{what} of {} and {} is not a finite number", cx.input(0), cx.input(1)),
                ))
            }
        }
    }
}

/// Fails when input `i` is zero.
fn nonzero(cx: &Cx<'_>, i: usize) -> Result<(), NodeError> {
    if cx.input(i).as_f64() == Some(0.0) {
        return Err(NodeError::failed("division-by-zero", format!("input `{}` is zero", cx.input_name(i))));
    }
    Ok(())
}

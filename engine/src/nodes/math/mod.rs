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
#[inline(always)]
fn arith(
    cx: &Cx<'_>,
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
    what: &'static str,
) -> Result<Value, NodeError> {
    match (cx.input(0), cx.input(1)) {
        (Value::Int(a), Value::Int(b)) => match int(*a, *b) {
            Some(r) => Ok(Value::Int(r)),
            None => Err(overflow(what, *a, *b)),
        },
        (a, b) => {
            let r = float(num(cx, 0, a)?, num(cx, 1, b)?);
            if r.is_finite() { Ok(Value::Float(r)) } else { Err(not_finite(what, a, b)) }
        }
    }
}

#[inline(always)]
fn num(cx: &Cx<'_>, i: usize, v: &Value) -> Result<f64, NodeError> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(n) => Ok(*n as f64),
        _ => Err(cx.type_error(i, "a number")),
    }
}

#[cold]
#[inline(never)]
fn overflow(what: &str, a: i64, b: i64) -> NodeError {
    NodeError::failed("integer-overflow", format!("{what} of {a} and {b} does not fit in an Integer"))
}

#[cold]
#[inline(never)]
fn not_finite(what: &str, a: &Value, b: &Value) -> NodeError {
    NodeError::failed("not-finite", format!("{what} of {a} and {b} is not a finite number"))
}

/// Fails when input `i` is zero.
fn nonzero(cx: &Cx<'_>, i: usize) -> Result<(), NodeError> {
    if cx.input(i).as_f64() == Some(0.0) {
        return Err(NodeError::failed("division-by-zero", format!("input `{}` is zero", cx.input_name(i))));
    }
    Ok(())
}

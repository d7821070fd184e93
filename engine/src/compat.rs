//! The one connection rule table. The editor (live wire checks), the validator
//! and the executor all ask [`can_connect`]; nothing else decides compatibility.

use crate::types::{DataType, PinType, ValueType};

/// How a connection is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// The types are the same.
    Exact,
    /// The value is widened on the way (Integer → Float, Byte → Integer, HashSet → Array).
    Widen,
    /// One side is `Generic` and takes the other side's type; checked at run time.
    Generic,
}

/// Why two pins cannot be connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Incompatible {
    /// Execution pins connect only to execution pins.
    #[error("an execution pin connects only to another execution pin ({from} → {to})")]
    ExecutionMix {
        /// Source type.
        from: PinType,
        /// Target type.
        to: PinType,
    },
    /// One side is a single value, the other a collection (or two different collections).
    #[error("{from} cannot flow into {to}: one is {} and the other {}", from.value.name(), to.value.name())]
    Shape {
        /// Source type.
        from: PinType,
        /// Target type.
        to: PinType,
    },
    /// Different data types without an implicit conversion.
    #[error("{from} cannot flow into {to} without a conversion node")]
    NeedsConversion {
        /// Source type.
        from: PinType,
        /// Target type.
        to: PinType,
    },
}

/// Decides whether an output pin of type `from` may feed an input pin of type `to`.
///
/// * Execution pins connect only to execution pins.
/// * `Generic` + `Normal` on either side accepts anything (it adopts the other side's type).
/// * Otherwise the value types must match (a HashSet may widen to an Array), and
///   the data types must be equal, or one is `Generic`, or Integer/Byte widen to Float
///   and Byte widens to Integer. Anything else needs an explicit conversion node.
pub fn can_connect(from: PinType, to: PinType) -> Result<Connection, Incompatible> {
    if from.is_exec() || to.is_exec() {
        return if from.is_exec() && to.is_exec() {
            Ok(Connection::Exact)
        } else {
            Err(Incompatible::ExecutionMix { from, to })
        };
    }
    if from.is_any() || to.is_any() {
        return Ok(Connection::Generic);
    }
    let shape_widened = match (from.value, to.value) {
        (a, b) if a == b => false,
        (ValueType::HashSet, ValueType::Array) => true,
        _ => return Err(Incompatible::Shape { from, to }),
    };
    let data = match (from.data, to.data) {
        (DataType::Generic, _) | (_, DataType::Generic) => Connection::Generic,
        (a, b) if a == b => Connection::Exact,
        (DataType::Integer | DataType::Byte, DataType::Float) => Connection::Widen,
        (DataType::Byte, DataType::Integer) => Connection::Widen,
        _ => return Err(Incompatible::NeedsConversion { from, to }),
    };
    Ok(if shape_widened && data == Connection::Exact { Connection::Widen } else { data })
}

/// The data type two pins agree on when one widens into the other, if any.
/// Used to resolve `Generic` type parameters: `Integer` joined with `Float` is `Float`.
pub fn join(a: DataType, b: DataType) -> Option<DataType> {
    use DataType::*;
    match (a, b) {
        (Generic, x) | (x, Generic) => Some(x),
        (x, y) if x == y => Some(x),
        (Integer | Byte, Float) | (Float, Integer | Byte) => Some(Float),
        (Byte, Integer) | (Integer, Byte) => Some(Integer),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DataType::*;

    fn n(d: DataType) -> PinType {
        PinType::normal(d)
    }

    #[test]
    fn execution_only_meets_execution() {
        assert_eq!(can_connect(PinType::EXEC, PinType::EXEC), Ok(Connection::Exact));
        assert!(matches!(can_connect(PinType::EXEC, n(Generic)), Err(Incompatible::ExecutionMix { .. })));
        assert!(matches!(can_connect(n(Integer), PinType::EXEC), Err(Incompatible::ExecutionMix { .. })));
    }

    #[test]
    fn integer_widens_to_float_but_not_back() {
        assert_eq!(can_connect(n(Integer), n(Float)), Ok(Connection::Widen));
        assert!(matches!(can_connect(n(Float), n(Integer)), Err(Incompatible::NeedsConversion { .. })));
        assert_eq!(can_connect(PinType::array(Integer), PinType::array(Float)), Ok(Connection::Widen));
    }

    #[test]
    fn generic_normal_accepts_every_shape() {
        for d in DataType::ALL.into_iter().filter(|d| *d != Execution) {
            for v in [ValueType::Normal, ValueType::Array, ValueType::HashMap, ValueType::HashSet] {
                let t = PinType::new(d, v);
                assert_eq!(can_connect(t, n(Generic)), Ok(Connection::Generic), "{t}");
                assert_eq!(can_connect(n(Generic), t), Ok(Connection::Generic), "{t}");
            }
        }
    }

    #[test]
    fn generic_array_needs_an_array() {
        assert_eq!(can_connect(PinType::array(String), PinType::array(Generic)), Ok(Connection::Generic));
        assert!(matches!(can_connect(n(String), PinType::array(Generic)), Err(Incompatible::Shape { .. })));
    }

    #[test]
    fn text_needs_a_conversion_to_become_a_number() {
        let err = can_connect(n(String), n(Integer)).unwrap_err();
        assert_eq!(err.to_string(), "String cannot flow into Integer without a conversion node");
    }

    #[test]
    fn set_widens_to_array() {
        let set = PinType::new(String, ValueType::HashSet);
        assert_eq!(can_connect(set, PinType::array(String)), Ok(Connection::Widen));
        assert!(can_connect(PinType::array(String), set).is_err());
    }

    #[test]
    fn join_picks_the_wider_type() {
        assert_eq!(join(Integer, Float), Some(Float));
        assert_eq!(join(Generic, String), Some(String));
        assert_eq!(join(String, Integer), None);
    }
}

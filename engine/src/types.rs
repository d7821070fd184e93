//! The pin type system: a data type crossed with a value type. The types
//! live in `floe-node-sdk` (node authors use them too); this module names
//! them for the engine.
//!
//! Which pin may connect to which is decided in exactly one place,
//! [`crate::compat::can_connect`].

pub use floe_node_sdk::{DataType, PinType, ValueType};

//! Every error type the engine's public API returns, in one place.

pub use crate::board::BoardError;
pub use crate::catalog::{ConfigError, NodePinsError};
pub use crate::compat::Incompatible;
pub use crate::exec::RunError;
pub use crate::node::NodeError;
pub use crate::schema::{SchemaError, SchemaViolation};
pub use crate::value::TypeError;

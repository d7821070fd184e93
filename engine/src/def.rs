//! Node definitions, in Flow-Like's schema. The same types describe built-in
//! nodes and user wasm nodes (whose `get_node` returns this JSON); they live
//! in `floe-node-sdk`, whose guest side writes the JSON these types read.

pub use floe_node_sdk::host::{Capabilities, ConfigField, HttpCapability, NodeDef, PinDef};
pub use floe_node_sdk::{Direction as PinDirection, Scores};

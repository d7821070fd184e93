//! A module ready to run: its definition, compiled code and entry points,
//! bound to the engine generation it was compiled in.

use std::sync::Arc;

use wasmi::{Engine, Linker, Module};

use super::load::{Entry, ModuleKind};
use super::state::HostState;
use crate::custom::CustomDef;
use crate::def::NodeDef;
use crate::module::{IoSchema, ModuleHash};

/// A module ready to run: its definition and compiled code.
pub struct LoadedModule {
    /// sha256 of the bytes given.
    pub hash: ModuleHash,
    /// A display name (usually the file name).
    pub name: String,
    /// Floe ABI or WASI.
    pub kind: ModuleKind,
    /// The node definition; its `name` is the node kind, `wasm:<hash>`.
    pub def: NodeDef,
    /// The name the module gives its node (`get_node`'s `name`).
    pub node_name: String,
    /// A WASI node's io schema.
    pub io: Option<IoSchema>,
    pub(crate) bytes: Arc<[u8]>,
    pub(crate) module: Module,
    pub(crate) linker: Arc<Linker<HostState>>,
    pub(crate) engine: Engine,
    pub(crate) entry: Entry,
    pub(crate) metered: bool,
    /// Whether the host's own engine runs this module's nodes, by memory
    /// limit (a metered module holds its limit): kept with the module, so
    /// a node that moved stays moved when its board is edited.
    pub(crate) native: std::sync::Mutex<Vec<(usize, NativeState)>>,
}

/// Whether a module, under one memory limit, runs on the host's engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NativeState {
    /// Metered and compiled there, under this key.
    Ready(String),
    /// It could not move (why, for the node's details).
    Refused(String),
}

impl std::fmt::Debug for LoadedModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedModule")
            .field("hash", &self.hash)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish()
    }
}

impl LoadedModule {
    /// The module's bytes, as given (wasm binary or WAT text).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// What the editor needs to know of the module (no code).
    pub fn custom_def(&self) -> CustomDef {
        CustomDef {
            hash: self.hash,
            name: self.name.clone(),
            kind: self.kind,
            node_name: self.node_name.clone(),
            def: self.def.clone(),
            io: self.io.clone(),
            size: self.bytes.len(),
            is_text: !self.bytes.starts_with(b"\0asm"),
        }
    }
}

//! Custom node modules in the editor: the board carries them (embedded);
//! the engine's `Modules` compiles each once; the catalog gains their kinds.
//! Adding a module whose node has the same name as one on the board
//! replaces it, and every node using it follows (hot reload).

use floe_editor::Command;
use floe_engine::wasm::{IoSchema, LoadedModule, ModuleHash, Modules};
use floe_engine::{Board, Catalog, ModuleRef};
use leptos::prelude::*;

use super::Editor;

/// What happened to a module given to the editor.
#[derive(Clone, Debug, PartialEq)]
pub enum Added {
    /// A new node kind in the palette (its kind name).
    New(String),
    /// It replaced an older version; this many nodes now use it.
    Replaced(String, usize),
    /// The same bytes were already there.
    Same(String),
}

impl Editor {
    /// Compiles the modules `board` carries (before it is shown).
    pub(crate) fn load_modules(&self, board: &Board) {
        let problems = self.modules.try_update_value(|m| {
            // Drop modules of the previous board.
            let old: Vec<ModuleHash> = m.iter().map(|x| x.hash).collect();
            for h in old {
                m.remove(&h);
            }
            m.load_board(board, &|path| {
                Err(std::io::Error::new(
                    std::io::ErrorKind::Unsupported,
                    format!("`{path}` is a file beside the board; in the browser, modules must be embedded"),
                ))
            })
        });
        for p in problems.unwrap_or_default() {
            self.notify(p.to_string(), true);
        }
        self.rebuild_catalog();
    }

    fn rebuild_catalog(&self) {
        let mut catalog = Catalog::builtin();
        self.modules.with_value(|m| m.register_into(&mut catalog));
        self.catalog.set_value(catalog);
        self.catalog_rev.update(|r| *r += 1);
    }

    /// Makes the loaded modules match the board's list (after a module command, undo or redo).
    pub(crate) fn reload_modules(&self) {
        let wanted: Vec<ModuleRef> = self.with_board(|b| b.modules.clone());
        let problems = self.modules.try_update_value(|m| {
            let stale: Vec<ModuleHash> =
                m.iter().map(|x| x.hash).filter(|h| !wanted.iter().any(|w| &w.hash == h)).collect();
            for h in stale {
                m.remove(&h);
            }
            let board = Board { modules: wanted.clone(), ..Board::default() };
            m.load_board(&board, &|_| Err(std::io::Error::other("not embedded")))
        });
        for p in problems.unwrap_or_default() {
            self.notify(p.to_string(), true);
        }
        self.rebuild_catalog();
        self.relook_all();
    }

    /// Checks and adds a module from its bytes (`.wasm`, or WebAssembly text).
    /// Errors come back as one line naming the problem.
    pub fn add_module(&self, name: &str, bytes: &[u8], io: Option<IoSchema>) -> Result<Added, String> {
        // Compile in a scratch registry first: a bad module never touches the board.
        let loaded = Modules::new().load(name, bytes, io.clone()).map_err(|e| format!("{name}: [{}] {e}", e.code()))?;
        let module = ModuleRef::embed(name, bytes, io);
        let kind = loaded.def.name.clone();
        if self.with_board(|b| b.modules.iter().any(|m| m.hash == module.hash)) {
            return Ok(Added::Same(kind));
        }
        let previous = self.same_node(&loaded);
        let added = match previous {
            Some(old) => {
                let users = self.with_board(|b| b.nodes.iter().filter(|n| n.kind == old.kind_name()).count());
                self.apply(Command::ReplaceModule { old, new: module });
                Added::Replaced(kind, users)
            }
            None => {
                self.apply(Command::SetModule { module });
                Added::New(kind)
            }
        };
        Ok(added)
    }

    /// A module on the board whose node has the same name as `loaded`'s (an older version).
    fn same_node(&self, loaded: &LoadedModule) -> Option<ModuleHash> {
        self.modules.with_value(|m| {
            m.iter()
                .find(|x| x.node_name == loaded.node_name && x.hash != loaded.hash && x.kind == loaded.kind)
                .map(|x| x.hash)
        })
    }

    /// A module's WebAssembly text, if it was given as text.
    pub fn module_text(&self, hash: &ModuleHash) -> Option<String> {
        self.with_board(|b| b.modules.iter().find(|m| &m.hash == hash).and_then(|m| m.wat.clone()))
    }

    /// Facts about the module behind node kind `kind`, for the inspector.
    pub fn module_info(&self, kind: &str) -> Option<ModuleInfo> {
        let hash = ModuleHash::from_kind(kind)?;
        self.modules.with_value(|m| {
            m.get(&hash).map(|x| ModuleInfo {
                hash,
                name: x.name.clone(),
                node_name: x.node_name.clone(),
                wasi: x.kind == floe_engine::wasm::ModuleKind::Wasi,
                scores: x.def.scores,
                is_text: !x.bytes().starts_with(b"\0asm"),
                size: x.bytes().len(),
            })
        })
    }
}

/// What the inspector shows about a custom node's module.
#[derive(Clone, Debug, PartialEq)]
pub struct ModuleInfo {
    /// Content hash.
    pub hash: ModuleHash,
    /// File name.
    pub name: String,
    /// The name the module gives its node.
    pub node_name: String,
    /// A WASI program (not a Floe ABI node).
    pub wasi: bool,
    /// Quality scores.
    pub scores: floe_engine::Scores,
    /// Given as WebAssembly text (editable inline).
    pub is_text: bool,
    /// Size in bytes.
    pub size: usize,
}

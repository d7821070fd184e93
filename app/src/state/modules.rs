//! Custom node modules in the editor: the board carries them (embedded);
//! the run worker compiles each once and reads its definition (no guest
//! code runs on the page); the catalog gains their kinds by definition.
//! Adding a module whose node has the same name as one on the board
//! replaces it, and every node using it follows (hot reload).

use std::collections::BTreeMap;
use std::sync::Arc;

use floe_editor::Command;
use floe_engine::custom::{CustomDef, CustomKind};
use floe_engine::module::{IoSchema, ModuleHash, ModuleKind};
use floe_engine::{Catalog, ModuleRef};
use floe_runner::protocol::{Defined, Reply, Request};
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

/// The definitions of the modules the board carries, by hash.
pub type Defs = BTreeMap<ModuleHash, Arc<CustomDef>>;

impl Editor {
    /// Calls `then` once no module definitions are in flight (at once when
    /// none are): a run or a check sees every custom kind of the board.
    pub(crate) fn when_modules_loaded(&self, then: impl FnOnce() + 'static) {
        if self.modules_loading.get_untracked() == 0 {
            return then();
        }
        let loading = self.modules_loading;
        leptos::task::spawn_local(async move {
            for _ in 0..500 {
                gloo_timers::future::TimeoutFuture::new(20).await;
                if loading.get_untracked() == 0 {
                    break;
                }
            }
            then();
        });
    }

    /// Asks the worker for the definitions of the board's modules not known
    /// yet; the catalog follows when they arrive.
    pub(crate) fn load_modules(&self) {
        let wanted: Vec<ModuleRef> = self.with_document(|b| b.modules.clone());
        self.defs.update_value(|d| d.retain(|h, _| wanted.iter().any(|m| &m.hash == h)));
        let missing: Vec<ModuleRef> =
            wanted.into_iter().filter(|m| !self.defs.with_value(|d| d.contains_key(&m.hash))).collect();
        self.rebuild_catalog();
        if missing.is_empty() {
            return;
        }
        self.modules_loading.update(|n| *n += 1);
        let editor = *self;
        self.runner.send(
            |id| Request::Define { id, modules: missing },
            true,
            move |reply| {
                let Reply::Defined { id, defs } = reply else { return };
                editor.runner.done(id);
                editor.modules_loading.update(|n| *n -= 1);
                editor.take_defs(defs);
            },
            |_| {},
        );
    }

    /// Keeps the definitions that loaded (for modules still on the board)
    /// and says why the others did not.
    fn take_defs(&self, defs: Vec<Defined>) {
        let on_board: Vec<ModuleHash> = self.with_document(|b| b.modules.iter().map(|m| m.hash).collect());
        for d in defs {
            match d.result {
                Ok(def) if on_board.contains(&d.hash) => {
                    self.defs.update_value(|m| {
                        m.insert(d.hash, Arc::new(def));
                    });
                }
                Ok(_) => {}
                Err(reason) => self.notify(format!("module `{}` ({}): {reason}", d.name, d.hash), true),
            }
        }
        self.rebuild_catalog();
        self.relook_all();
    }

    fn rebuild_catalog(&self) {
        let mut catalog = Catalog::builtin();
        self.defs.with_value(|d| {
            for def in d.values() {
                catalog.register(Arc::new(CustomKind::defined(def.clone())));
            }
        });
        // The board's subflows are kinds too (their instances' pins).
        self.with_document(|b| catalog.set_subflows(b));
        self.catalog.set_value(catalog);
        self.catalog_rev.update(|r| *r += 1);
    }

    /// Makes the known modules match the board's list (after a module command, undo or redo).
    pub(crate) fn reload_modules(&self) {
        self.load_modules();
        self.relook_all();
    }

    /// Has the worker check a module from its bytes (`.wasm`, or WebAssembly
    /// text); `done` gets its definition or the problem in one line. Nothing
    /// of it touches the board.
    pub fn check_module(
        &self,
        name: &str,
        bytes: &[u8],
        io: Option<IoSchema>,
        done: impl Fn(Result<CustomDef, String>) + 'static,
    ) {
        let module = ModuleRef::embed(name, bytes, io);
        let runner = self.runner;
        runner.send(
            |id| Request::Define { id, modules: vec![module] },
            true,
            move |reply| {
                let Reply::Defined { id, mut defs } = reply else { return };
                runner.done(id);
                done(defs.pop().map(|d| d.result).unwrap_or_else(|| Err("the runner said nothing".into())));
            },
            |_| {},
        );
    }

    /// Checks and adds a module from its bytes; `done` says what happened
    /// (or the problem, naming the module).
    pub fn add_module(
        &self,
        name: &str,
        bytes: &[u8],
        io: Option<IoSchema>,
        done: impl Fn(Result<Added, String>) + 'static,
    ) {
        let editor = *self;
        let (name, module) = (name.to_owned(), ModuleRef::embed(name, bytes, io.clone()));
        self.check_module(&name.clone(), bytes, io, move |checked| {
            let result = checked.map_err(|e| format!("{name}: {e}")).map(|def| editor.put_module(module.clone(), def));
            done(result);
        });
    }

    /// Puts a checked module on the board: a new kind, or the new version of
    /// the module whose node has the same name.
    fn put_module(&self, module: ModuleRef, def: CustomDef) -> Added {
        let kind = def.def.name.clone();
        if self.with_document(|b| b.modules.iter().any(|m| m.hash == module.hash)) {
            return Added::Same(kind);
        }
        let previous = self.defs.with_value(|d| {
            d.values()
                .find(|x| x.node_name == def.node_name && x.hash != def.hash && x.kind == def.kind)
                .map(|x| x.hash)
        });
        self.defs.update_value(|d| {
            d.insert(def.hash, Arc::new(def));
        });
        match previous {
            Some(old) => {
                let users = self.with_document(|b| b.nodes.iter().filter(|n| n.kind == old.kind_name()).count());
                self.apply(Command::ReplaceModule { old, new: module });
                Added::Replaced(kind, users)
            }
            None => {
                self.apply(Command::SetModule { module });
                Added::New(kind)
            }
        }
    }

    /// A module's WebAssembly text, if it was given as text.
    pub fn module_text(&self, hash: &ModuleHash) -> Option<String> {
        self.with_document(|b| b.modules.iter().find(|m| &m.hash == hash).and_then(|m| m.wat.clone()))
    }

    /// Facts about the module behind node kind `kind`, for the inspector.
    pub fn module_info(&self, kind: &str) -> Option<ModuleInfo> {
        let hash = ModuleHash::from_kind(kind)?;
        self.defs.with_value(|d| {
            d.get(&hash).map(|x| ModuleInfo {
                hash,
                name: x.name.clone(),
                node_name: x.node_name.clone(),
                wasi: x.kind == ModuleKind::Wasi,
                scores: x.def.scores,
                is_text: x.is_text,
                size: x.size,
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

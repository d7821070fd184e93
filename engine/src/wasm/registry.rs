//! Loaded modules, compiled once per content hash. Modules compile into the
//! current *generation*'s wasmi `Engine`; a wasmi engine keeps every module's
//! code until the engine itself is dropped, so after enough modules were
//! removed (an editor recompiles a node on every edit) the live ones move to
//! a fresh generation and the old engine goes away with its last user.

use std::collections::BTreeMap;
use std::sync::Arc;

use floe_node_sdk::abi;
use wasmi::{CompilationMode, Config, CustomFuelCosts, Engine, Linker, Module};

use super::error::{DefinitionError, WasmError};
use super::invoke::{self, caller_text, classify, read_bytes};
use super::limits::{DEFAULT_FUEL, DEFAULT_MEMORY, DEFINITION_BUDGET, DEFINITION_FUEL, Limits, MAX_RECURSION_DEPTH};
use super::load::{self, Entry, ModuleKind};
use super::loaded::LoadedModule;
use super::state::HostState;
use super::wasi;
use crate::catalog::Catalog;
use crate::custom::{BuildCustom, CustomKind, wasi_definition};
use crate::def::{ConfigField, NodeDef};
use crate::module::{IoSchema, ModuleHash};
use crate::types::{DataType, PinType};

/// Removed modules after which the live ones move to a fresh engine.
const DEAD_PER_GENERATION: usize = 16;
/// Modules whose loading failed, remembered by hash (so a hostile module's
/// definition is read once), at most this many.
const MAX_FAILED: usize = 256;
/// The largest node definition accepted from `get_node`.
const MAX_DEFINITION_BYTES: u32 = 1024 * 1024;

/// A wasmi engine and the Floe linker bound to it.
pub(crate) struct Generation {
    pub engine: Engine,
    pub floe_linker: Arc<Linker<HostState>>,
}

impl Generation {
    fn new(metered: bool) -> Self {
        let mut config = Config::default();
        config.consume_fuel(metered);
        config.set_max_recursion_depth(MAX_RECURSION_DEPTH);
        config.compilation_mode(CompilationMode::LazyTranslation);
        // Translating a function on its first call costs no fuel: in wasmi
        // 2.0 running out of fuel there escapes the resumable call as an
        // error, so a sliced call could fail depending on what was compiled
        // already. Translation is bounded by the module's size and cached.
        config.fuel_cost(CustomFuelCosts {
            bytes_copied_per_fuel: 64,
            fuel_per_bytes_translated: 0,
            fuel_per_bytes_validated: 0,
        });
        let engine = Engine::new(&config);
        let mut linker = Linker::<HostState>::new(&engine);
        linker
            .func_wrap(
                abi::IMPORT_MODULE,
                abi::IMPORT_LOG,
                |mut caller: wasmi::Caller<'_, HostState>,
                 level: i32,
                 ptr: i32,
                 len: i32|
                 -> Result<(), wasmi::Error> {
                    let text = caller_text(&mut caller, ptr, len)?;
                    let level = super::codec::level(abi::LogLevel::from_i32(level));
                    caller.data_mut().logs.push((level, text));
                    Ok(())
                },
            )
            .expect("a fresh linker has no `floe.log`");
        invoke::link_http(&mut linker).expect("a fresh linker has no `floe.http_*`");
        Generation { engine, floe_linker: Arc::new(linker) }
    }
}

/// A board module that could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleProblem {
    /// The module's name in the board.
    pub name: String,
    /// The hash the board gives it.
    pub hash: ModuleHash,
    /// What went wrong.
    pub reason: ModuleFault,
}

/// Why a board's module could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ModuleFault {
    /// Its embedded bytes are not base64.
    #[error("`wasm_base64` is not valid base64: {0}")]
    Base64(String),
    /// Its file could not be read.
    #[error("cannot read `{path}`: {error}")]
    Unreadable {
        /// The path the board gives.
        path: String,
        /// Why.
        error: String,
    },
    /// None, or more than one, of its sources is given.
    #[error("give exactly one of `wasm_base64`, `wat` or `path`")]
    Sources,
    /// Its bytes are not the ones the board names.
    #[error("its bytes hash to {actual}, not to the {claimed} the board names")]
    HashMismatch {
        /// The hash of the bytes.
        actual: ModuleHash,
        /// The hash the board gives.
        claimed: ModuleHash,
    },
    /// It does not load.
    #[error(transparent)]
    Load(WasmError),
}

impl std::fmt::Display for ModuleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "module `{}` ({}): {}", self.name, self.hash, self.reason)
    }
}

/// All loaded modules.
pub struct Modules {
    generation: Generation,
    modules: BTreeMap<ModuleHash, Arc<LoadedModule>>,
    dead: usize,
    compiles: u64,
    generations: u64,
    metered: bool,
    /// Why modules failed to load, by hash: loading them again fails at once.
    failed: BTreeMap<ModuleHash, WasmError>,
    /// During `load_board`: the definition fuel its modules have left.
    shared_fuel: Option<u64>,
}

impl Default for Modules {
    fn default() -> Self {
        Self::new()
    }
}

impl Modules {
    /// No modules yet; every call is fuel-metered.
    pub fn new() -> Self {
        Modules {
            generation: Generation::new(true),
            modules: BTreeMap::new(),
            dead: 0,
            compiles: 0,
            generations: 1,
            metered: true,
            failed: BTreeMap::new(),
            shared_fuel: None,
        }
    }

    /// Without fuel metering, so calls cannot be bounded or time-sliced: only
    /// for measuring what metering costs.
    pub fn without_fuel_for_benchmarks() -> Self {
        Modules { metered: false, generation: Generation::new(false), ..Self::new() }
    }

    /// Loads a module (wasm binary or WebAssembly text), compiling it unless a
    /// module with the same bytes is loaded already. WASI programs take their
    /// pins from `io`; without one they get a single `input` and `output` pin.
    /// Reading a Floe module's definition runs its guest code within
    /// [`DEFINITION_FUEL`]; a module that failed to load fails again at once
    /// (remembered by hash), without running anything.
    pub fn load(&mut self, name: &str, bytes: &[u8], io: Option<IoSchema>) -> Result<Arc<LoadedModule>, WasmError> {
        let hash = ModuleHash::of(bytes);
        if let Some(m) = self.modules.get(&hash).filter(|m| m.io == io) {
            return Ok(m.clone());
        }
        if let Some(e) = self.failed.get(&hash) {
            return Err(e.clone());
        }
        match self.build(name, Arc::from(bytes), io, hash) {
            Ok(loaded) => {
                let loaded = Arc::new(loaded);
                self.modules.insert(hash, loaded.clone());
                Ok(loaded)
            }
            Err(e) => {
                // Running out of the shared budget says nothing about the module itself.
                if !matches!(e, WasmError::DefinitionOutOfFuel { shared: true, .. }) {
                    if self.failed.len() >= MAX_FAILED {
                        self.failed.clear();
                    }
                    self.failed.insert(hash, e.clone());
                }
                Err(e)
            }
        }
    }

    fn build(
        &mut self,
        name: &str,
        bytes: Arc<[u8]>,
        io: Option<IoSchema>,
        hash: ModuleHash,
    ) -> Result<LoadedModule, WasmError> {
        let generation = &self.generation;
        let module = load::compile(&generation.engine, &bytes)?;
        self.compiles += 1;
        let kind = load::kind_of(&module);
        let (def, node_name, linker, entry, io) = match kind {
            ModuleKind::Floe => {
                let mut entry = load::check_floe(&module)?;
                let shared = self.shared_fuel.filter(|&left| left < DEFINITION_FUEL);
                let fuel = shared.unwrap_or(DEFINITION_FUEL);
                let read = read_definition(&generation.engine, &generation.floe_linker, &module, self.metered, fuel);
                if let Some(left) = &mut self.shared_fuel {
                    *left = left.saturating_sub(read.as_ref().map_or(fuel, |r| r.2));
                }
                let (def, input, _) = read.map_err(|e| match e {
                    WasmError::OutOfFuel { .. } if shared.is_some() => {
                        WasmError::DefinitionOutOfFuel { budget: DEFINITION_BUDGET, shared: true }
                    }
                    WasmError::OutOfFuel { .. } => WasmError::DefinitionOutOfFuel { budget: fuel, shared: false },
                    e => e,
                })?;
                entry.input = input;
                let node_name = def.name.clone();
                (def, node_name, generation.floe_linker.clone(), entry, None)
            }
            ModuleKind::Wasi => {
                load::check_wasi(&module)?;
                let io = io.unwrap_or_else(|| IoSchema {
                    input: serde_json::json!({}),
                    output: serde_json::json!({}),
                    example: None,
                    description: None,
                    capabilities: Default::default(),
                });
                let problems = crate::http::check_capabilities(&io.capabilities);
                if !problems.is_empty() {
                    return Err(WasmError::InvalidDefinition {
                        path: "capabilities".into(),
                        problem: DefinitionError::Capabilities(problems.join("; ")),
                    });
                }
                let mut def = wasi_definition(&hash.kind_name(), display_name(name), &io);
                def.config.push(
                    ConfigField::new(
                        "io",
                        "Input/output schema",
                        PinType::normal(DataType::Struct),
                        serde_json::Value::Null,
                    )
                    .describe(
                        "This node's own {input, output, example} JSON Schemas, replacing the module's: \
                             its pins follow them.",
                    ),
                );
                let linker = Arc::new(wasi::linker(&generation.engine, &module)?);
                let http =
                    module.imports().any(|i| i.module() == abi::IMPORT_MODULE && i.name() == abi::IMPORT_HTTP_FETCH);
                (def, display_name(name).to_owned(), linker, Entry { typed: false, input: None, http }, Some(io))
            }
        };
        Ok(LoadedModule {
            hash,
            name: name.to_owned(),
            kind,
            def: finish_definition(def, &hash),
            node_name,
            io,
            bytes,
            module,
            linker,
            engine: generation.engine.clone(),
            entry,
            metered: self.metered,
            native: Default::default(),
        })
    }

    /// The module with this hash.
    pub fn get(&self, hash: &ModuleHash) -> Option<&Arc<LoadedModule>> {
        self.modules.get(hash)
    }

    /// Every loaded module, by hash.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<LoadedModule>> {
        self.modules.values()
    }

    /// Unloads a module. Plans that use it keep working until dropped.
    pub fn remove(&mut self, hash: &ModuleHash) -> Option<Arc<LoadedModule>> {
        let removed = self.modules.remove(hash)?;
        self.dead += 1;
        if self.dead >= DEAD_PER_GENERATION {
            self.regenerate();
        }
        Some(removed)
    }

    /// Moves every live module to a fresh engine, so the old one (holding the
    /// code of removed modules) is freed once nothing uses it.
    fn regenerate(&mut self) {
        self.generation = Generation::new(self.metered);
        self.generations += 1;
        self.dead = 0;
        let live: Vec<Arc<LoadedModule>> = self.modules.values().cloned().collect();
        for m in live {
            if let Ok(fresh) = self.build(&m.name, m.bytes.clone(), m.io.clone(), m.hash) {
                self.modules.insert(m.hash, Arc::new(fresh));
            }
        }
    }

    /// How many times a module was compiled (a cache hit compiles nothing).
    pub fn compiles(&self) -> u64 {
        self.compiles
    }

    /// How many engines have been created (for tests of the generations).
    pub fn generations(&self) -> u64 {
        self.generations
    }

    /// Loads every module of `board`, reading `path` sources with `read`;
    /// returns a problem for each module that could not be loaded (never
    /// stopping at the first). Reading their definitions runs at most
    /// [`DEFINITION_BUDGET`] fuel of guest code in all.
    pub fn load_board(
        &mut self,
        board: &crate::board::Board,
        read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    ) -> Vec<ModuleProblem> {
        self.shared_fuel = Some(DEFINITION_BUDGET);
        let problems = self.load_board_within(board, read);
        self.shared_fuel = None;
        problems
    }

    fn load_board_within(
        &mut self,
        board: &crate::board::Board,
        read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    ) -> Vec<ModuleProblem> {
        let mut problems = Vec::new();
        for r in &board.modules {
            let problem = |reason: ModuleFault| ModuleProblem { name: r.name.clone(), hash: r.hash, reason };
            let bytes = match (&r.wasm_base64, &r.wat, &r.path) {
                (Some(_), None, None) | (None, Some(_), None) => match r.embedded_bytes() {
                    Some(Ok(b)) => b,
                    Some(Err(e)) => {
                        problems.push(problem(ModuleFault::Base64(e.to_string())));
                        continue;
                    }
                    None => unreachable!("the board embeds the module"),
                },
                (None, None, Some(path)) => match read(path) {
                    Ok(b) => b,
                    Err(e) => {
                        problems.push(problem(ModuleFault::Unreadable { path: path.clone(), error: e.to_string() }));
                        continue;
                    }
                },
                _ => {
                    problems.push(problem(ModuleFault::Sources));
                    continue;
                }
            };
            let actual = ModuleHash::of(&bytes);
            if actual != r.hash {
                problems.push(problem(ModuleFault::HashMismatch { actual, claimed: r.hash }));
                continue;
            }
            if let Err(e) = self.load(&r.name, &bytes, r.io.clone()) {
                problems.push(problem(ModuleFault::Load(e)));
            }
        }
        problems
    }

    /// Registers every module's node kind in `catalog` (replacing older versions).
    pub fn register_into(&self, catalog: &mut Catalog) {
        for m in self.modules.values() {
            let module = m.clone();
            let build: BuildCustom = Arc::new(move |cx, io| super::kind::build(&module, cx, io));
            catalog.register(Arc::new(CustomKind::runnable(Arc::new(m.custom_def()), build)));
        }
    }
}

fn display_name(name: &str) -> &str {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.strip_suffix(".wasm").or_else(|| file.strip_suffix(".wat")).unwrap_or(file)
}

/// Gives the definition the module's kind name, a Custom category and the budget settings.
fn finish_definition(mut def: NodeDef, hash: &ModuleHash) -> NodeDef {
    def.name = hash.kind_name();
    if !def.category.starts_with("Custom") {
        def.category = if def.category.is_empty() { "Custom".into() } else { format!("Custom/{}", def.category) };
    }
    def.config.retain(|f| f.name != "fuel" && f.name != "memory_bytes");
    // (`io`, for WASI programs, is kept: it was added with the definition.)
    def.config.push(
        ConfigField::new("fuel", "Fuel budget", PinType::normal(DataType::Integer), DEFAULT_FUEL.into())
            .describe("Instructions (about) one call may execute, 1,000 to 10^10."),
    );
    def.config.push(
        ConfigField::new(
            "memory_bytes",
            "Memory limit (bytes)",
            PinType::normal(DataType::Integer),
            (DEFAULT_MEMORY as u64).into(),
        )
        .describe(if cfg!(target_arch = "wasm32") {
            "Linear memory one call may use, 64 KiB to 512 MiB."
        } else {
            "Linear memory one call may use, 64 KiB to 2 GiB."
        }),
    );
    def
}

/// The definition, input buffer and fuel used.
type Definition = (NodeDef, Option<(u32, u32)>, u64);

/// Calls `floe_abi_version`, `get_node` and (when exported)
/// `floe_input_buffer` in a fresh instance limited to `fuel`.
fn read_definition(
    engine: &Engine,
    linker: &Linker<HostState>,
    module: &Module,
    metered: bool,
    fuel: u64,
) -> Result<Definition, WasmError> {
    let invalid = |problem| WasmError::InvalidDefinition { path: String::new(), problem };
    let limits = Limits { fuel, ..Limits::default() };
    let mut store = invoke::store(engine, &limits, None);
    if metered {
        store.set_fuel(limits.fuel).expect("the engine meters fuel");
    }
    let instance = linker.instantiate_and_start(&mut store, module).map_err(|e| classify(e, &limits))?;
    let version = instance
        .get_typed_func::<(), i32>(&store, abi::EXPORT_ABI_VERSION)
        .and_then(|f| f.call(&mut store, ()))
        .map_err(|e| classify(e, &limits))?;
    if version != abi::ABI_VERSION {
        return Err(WasmError::AbiVersion { found: version, supported: abi::ABI_VERSION });
    }
    let packed = instance
        .get_typed_func::<(), i64>(&store, abi::EXPORT_GET_NODE)
        .and_then(|f| f.call(&mut store, ()))
        .map_err(|e| match classify(e, &limits) {
            WasmError::Trap { reason } => invalid(DefinitionError::Trapped(reason)),
            other => other,
        })?;
    let (ptr, len) = abi::unpack(packed);
    if len > MAX_DEFINITION_BYTES {
        return Err(invalid(DefinitionError::TooLarge { len, limit: MAX_DEFINITION_BYTES }));
    }
    let memory = instance.get_memory(&store, abi::EXPORT_MEMORY).expect("checked by check_floe");
    let bytes =
        read_bytes(&store, &memory, "get_node's result", ptr, len).map_err(|e| invalid(DefinitionError::Outside(e)))?;
    let def = load::parse_definition(bytes)?;
    let used = |store: &wasmi::Store<HostState>| if metered { fuel - store.get_fuel().unwrap_or(0) } else { 0 };
    let Ok(buffer) = instance.get_typed_func::<(), i64>(&store, abi::EXPORT_INPUT_BUFFER) else {
        return Ok((def, None, used(&store)));
    };
    let (ptr, len) = abi::unpack(buffer.call(&mut store, ()).map_err(|e| classify(e, &limits))?);
    read_bytes(&store, &memory, "floe_input_buffer", ptr, len)?;
    Ok((def, Some((ptr, len)), used(&store)))
}

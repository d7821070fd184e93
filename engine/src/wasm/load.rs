//! Compiling and inspecting modules: WAT or binary in, typed errors out.

use floe_node_sdk::abi;
use wasmi::{Engine, ExternType, FuncType, Module, ValType};

use super::error::{Allowed, DefinitionError, NotWasm, WasmError};
use crate::def::NodeDef;
pub use crate::module::ModuleKind;

/// A function type as WebAssembly text writes it.
pub(crate) fn func_type_text(ty: &FuncType) -> String {
    let names = |tys: &[ValType]| tys.iter().map(|t| format!("{t:?}").to_lowercase()).collect::<Vec<_>>().join(" ");
    let mut s = String::from("func");
    if !ty.params().is_empty() {
        s.push_str(&format!(" (param {})", names(ty.params())));
    }
    if !ty.results().is_empty() {
        s.push_str(&format!(" (result {})", names(ty.results())));
    }
    format!("({s})")
}

fn extern_text(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => func_type_text(f),
        ExternType::Memory(_) => "(memory)".into(),
        ExternType::Table(_) => "(table)".into(),
        ExternType::Global(_) => "(global)".into(),
    }
}

/// Compiles wasm bytes or WebAssembly text.
pub(crate) fn compile(engine: &Engine, bytes: &[u8]) -> Result<Module, WasmError> {
    let binary = bytes.starts_with(b"\0asm");
    if !binary && std::str::from_utf8(bytes).is_err() {
        return Err(WasmError::NotWasm(NotWasm::Binary { head: bytes.iter().take(4).copied().collect() }));
    }
    if !binary {
        let text = std::str::from_utf8(bytes).unwrap_or_default().trim_start();
        if !(text.starts_with('(') || text.starts_with(";;")) {
            return Err(WasmError::NotWasm(NotWasm::Text { head: text.chars().take(24).collect() }));
        }
    }
    Module::new(engine, bytes).map_err(|e| {
        let reason = e.to_string();
        if binary { WasmError::Invalid { reason } } else { WasmError::Wat { reason } }
    })
}

/// Whether the module is a WASI program (exports `_start`).
pub(crate) fn kind_of(module: &Module) -> ModuleKind {
    if module.exports().any(|e| e.name() == abi::WASI_START) { ModuleKind::Wasi } else { ModuleKind::Floe }
}

/// The run entry points a Floe module offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Exports `run_typed` (preferred).
    pub typed: bool,
    /// Where a context of up to `.1` bytes may be written without calling
    /// `alloc` (the optional `floe_input_buffer` export, asked once at load).
    pub input: Option<(u32, u32)>,
    /// Imports `floe.http_fetch`: its calls may wait for an answer, so they
    /// always run resumable, and never on the host's own engine.
    pub http: bool,
}

fn has_func(module: &Module, name: &str) -> bool {
    module.exports().any(|e| e.name() == name && matches!(e.ty(), ExternType::Func(_)))
}

fn require_func(module: &Module, name: &str, want: &FuncType) -> Result<(), WasmError> {
    let expected = func_type_text(want);
    match module.exports().find(|e| e.name() == name) {
        None => Err(WasmError::MissingExport { name: name.into(), expected }),
        Some(e) => match e.ty() {
            ExternType::Func(f) if f == want => Ok(()),
            other => Err(WasmError::MistypedExport { name: name.into(), expected, found: extern_text(other) }),
        },
    }
}

fn require_memory(module: &Module) -> Result<(), WasmError> {
    match module.exports().find(|e| e.name() == abi::EXPORT_MEMORY) {
        Some(e) if matches!(e.ty(), ExternType::Memory(_)) => Ok(()),
        Some(e) => Err(WasmError::MistypedExport {
            name: abi::EXPORT_MEMORY.into(),
            expected: "(memory)".into(),
            found: extern_text(e.ty()),
        }),
        None => Err(WasmError::MissingExport { name: abi::EXPORT_MEMORY.into(), expected: "(memory)".into() }),
    }
}

fn run_type() -> FuncType {
    FuncType::new([ValType::I32, ValType::I32], [ValType::I64])
}

/// Checks a Floe module's exports and imports against the node ABI.
pub(crate) fn check_floe(module: &Module) -> Result<Entry, WasmError> {
    let allowed = |name: &str, ty: &ExternType| {
        let want = match name {
            abi::IMPORT_LOG => FuncType::new([ValType::I32; 3], []),
            abi::IMPORT_HTTP_FETCH => FuncType::new([ValType::I32; 2], [ValType::I32]),
            abi::IMPORT_HTTP_READ => FuncType::new([ValType::I32], []),
            _ => return false,
        };
        matches!(ty, ExternType::Func(f) if *f == want)
    };
    let unsupported: Vec<String> = module
        .imports()
        .filter(|i| !(i.module() == abi::IMPORT_MODULE && allowed(i.name(), i.ty())))
        .map(|i| format!("`{}.{}` {}", i.module(), i.name(), extern_text(i.ty())))
        .collect();
    if !unsupported.is_empty() {
        return Err(WasmError::UnsupportedImports { imports: unsupported, allowed: Allowed::FloeLog });
    }
    require_memory(module)?;
    require_func(module, abi::EXPORT_ABI_VERSION, &FuncType::new([], [ValType::I32]))?;
    require_func(module, abi::EXPORT_ALLOC, &FuncType::new([ValType::I32], [ValType::I32]))?;
    require_func(module, abi::EXPORT_GET_NODE, &FuncType::new([], [ValType::I64]))?;
    let typed = has_func(module, abi::EXPORT_RUN_TYPED);
    if typed {
        require_func(module, abi::EXPORT_RUN_TYPED, &run_type())?;
    } else if has_func(module, abi::EXPORT_RUN) {
        require_func(module, abi::EXPORT_RUN, &run_type())?;
    } else {
        return Err(WasmError::MissingExport {
            name: format!("{} or {}", abi::EXPORT_RUN, abi::EXPORT_RUN_TYPED),
            expected: func_type_text(&run_type()),
        });
    }
    if has_func(module, abi::EXPORT_INPUT_BUFFER) {
        require_func(module, abi::EXPORT_INPUT_BUFFER, &FuncType::new([], [ValType::I64]))?;
    }
    let http = module.imports().any(|i| i.module() == abi::IMPORT_MODULE && i.name() == abi::IMPORT_HTTP_FETCH);
    Ok(Entry { typed, input: None, http })
}

/// Checks a WASI program: `_start`, memory, and only WASI preview1 imports.
pub(crate) fn check_wasi(module: &Module) -> Result<(), WasmError> {
    let http = |name: &str, ty: &ExternType| match name {
        abi::IMPORT_HTTP_FETCH => {
            matches!(ty, ExternType::Func(f) if *f == FuncType::new([ValType::I32; 2], [ValType::I32]))
        }
        abi::IMPORT_HTTP_READ => matches!(ty, ExternType::Func(f) if *f == FuncType::new([ValType::I32], [])),
        _ => false,
    };
    let unsupported: Vec<String> = module
        .imports()
        .filter(|i| !(i.module() == abi::WASI_MODULE && matches!(i.ty(), ExternType::Func(_))))
        .filter(|i| !(i.module() == abi::IMPORT_MODULE && http(i.name(), i.ty())))
        .map(|i| format!("`{}.{}` {}", i.module(), i.name(), extern_text(i.ty())))
        .collect();
    if !unsupported.is_empty() {
        return Err(WasmError::UnsupportedImports { imports: unsupported, allowed: Allowed::WasiFunctions });
    }
    require_memory(module)?;
    require_func(module, abi::WASI_START, &FuncType::new([], []))
}

/// Reads and checks a node definition returned by `get_node`.
pub(crate) fn parse_definition(bytes: &[u8]) -> Result<NodeDef, WasmError> {
    let invalid = |problem| WasmError::InvalidDefinition { path: String::new(), problem };
    let text = std::str::from_utf8(bytes).map_err(|e| invalid(DefinitionError::NotUtf8(e.to_string())))?;
    let mut de = serde_json::Deserializer::from_str(text);
    let def: NodeDef = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        WasmError::InvalidDefinition {
            path: if path == "." { String::new() } else { path },
            problem: DefinitionError::Json(e.into_inner().to_string()),
        }
    })?;
    de.end().map_err(|e| invalid(DefinitionError::Json(e.to_string())))?;
    check_definition(&def)?;
    Ok(def)
}

fn check_definition(def: &NodeDef) -> Result<(), WasmError> {
    let bad = |path: String, problem| Err(WasmError::InvalidDefinition { path, problem });
    if def.name.trim().is_empty() {
        return bad("name".into(), DefinitionError::Empty);
    }
    for (i, p) in def.pins.iter().enumerate() {
        if p.name.trim().is_empty() {
            return bad(format!("pins[{i}].name"), DefinitionError::Empty);
        }
        if p.name == crate::catalog::ERROR_PIN || p.name == crate::catalog::ON_ERROR_PIN {
            return bad(format!("pins[{i}].name"), DefinitionError::ReservedPin);
        }
        if def.pins[..i].iter().any(|q| q.name == p.name && q.pin_type == p.pin_type) {
            let direction = if p.is_input() { "Input" } else { "Output" };
            return bad(format!("pins[{i}].name"), DefinitionError::DuplicatePin { name: p.name.clone(), direction });
        }
    }
    let problems = crate::http::check_capabilities(&def.capabilities);
    if !problems.is_empty() {
        return bad("capabilities".into(), DefinitionError::Capabilities(problems.join("; ")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_errors_name_the_path() {
        let e = parse_definition(
            br#"{"name": "x", "friendly_name": "X", "description": "d", "category": "c",
            "pins": [{"name": "a", "friendly_name": "A", "pin_type": "Input", "data_type": "Strng"}]}"#,
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("invalid node definition at `pins[0].data_type`: unknown variant `Strng`"),
            "{e}"
        );
        let e = parse_definition(b"\xff\xfe").unwrap_err();
        assert!(e.to_string().starts_with("invalid node definition: not UTF-8 text"), "{e}");
        let e = parse_definition(
            br#"{"name": "x", "friendly_name": "X", "description": "d", "category": "c",
            "pins": [{"name": "error", "friendly_name": "E", "pin_type": "Output", "data_type": "String"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid node definition at `pins[0].name`: `error` and `on_error` are reserved for every node's error pins"
        );
    }

    #[test]
    fn types_print_like_wat() {
        assert_eq!(
            func_type_text(&FuncType::new([ValType::I32, ValType::I32], [ValType::I64])),
            "(func (param i32 i32) (result i64))"
        );
        assert_eq!(func_type_text(&FuncType::new([], [])), "(func)");
    }
}

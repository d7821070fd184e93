//! Fuel metering written into a module, for engines that have none of their
//! own (the browser's WebAssembly engine, where a custom node runs at the
//! JIT's speed): charges are taken from an exported `i64` global where wasmi
//! takes its own (at a function's start, a loop's head, each arm of an
//! `if`), each the same amount wasmi charges there, and the module traps
//! (`unreachable`) once the global is below zero. The host sets the global
//! before a call and reads what is left after it; a trap with the global
//! below zero is out of fuel, at the same instruction on every run. The
//! memory limit is written in too: maxima cut to it, and a `memory.grow`
//! past it traps with a flag set, as wasmi's limiter refuses it.
//!
//! Units: one fuel is one WebAssembly operator, as in wasmi (`nop`, `drop`,
//! `block`, `loop`, `else`, `end`, `return`, `unreachable` are free), so a
//! node's budget means the same on both paths. What differs: wasmi also
//! charges instantiation's data copy and bulk memory operations by the 64
//! bytes (metered: one each); on the example nodes the two counts are within
//! 0.2 % (`tests`).
//!
//! The module is read with wasmparser (the version wasmi uses, so nothing is
//! linked twice) and only what changes is written again with wasm-encoder:
//! two globals and their exports appended (no index shifts), the memory
//! section, a guard function appended, and each function body with the
//! charges spliced in between its original bytes. One pass over the code
//! and a stack of open blocks, no recursion: nesting depth costs nothing.

use std::ops::Range;

use wasm_encoder::{Encode, Instruction};
use wasmparser::{BinaryReader, Operator, Parser, Payload};

/// The name the fuel global is exported under.
pub const FUEL_EXPORT: &str = "floe:fuel";

/// The name of the exported `i32` global set to 1 just before the module
/// traps because a `memory.grow` would pass the memory limit.
pub const LIMIT_EXPORT: &str = "floe:limit";

/// The name the module's start function is exported under: a metered
/// module has no start section (it would run before the host could set the
/// fuel), so the host calls it, metered, after instantiating.
pub const START_EXPORT: &str = "floe:start";

/// How much larger than its input a metered module may grow.
const MAX_GROWTH: usize = 4;

/// Why a module could not be metered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MeterError {
    /// The bytes are not a module wasmparser can read.
    #[error("not a WebAssembly module: {0}")]
    Parse(String),
    /// The module already exports a name metering needs.
    #[error("the module already exports `{0}`, a name metering needs")]
    NameTaken(&'static str),
    /// The charges would make the module too large.
    #[error("metering would make the module {would} bytes, more than {MAX_GROWTH}× its {was}")]
    TooLarge {
        /// The module's size.
        was: usize,
        /// At least this size once metered.
        would: usize,
    },
    /// A memory starts larger than the limit.
    #[error("the module's memory starts at {pages} pages, more than the limit of {limit} bytes")]
    MemoryTooLarge {
        /// Its initial size in 64 KiB pages.
        pages: u64,
        /// The limit.
        limit: usize,
    },
}

impl From<wasmparser::BinaryReaderError> for MeterError {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        MeterError::Parse(e.to_string())
    }
}

/// A module with fuel metering written in.
#[derive(Debug, Clone)]
pub struct Metered {
    /// The metered module.
    pub bytes: Vec<u8>,
    /// How many charges were written in.
    pub charges: usize,
}

const TYPE_SECTION: u8 = 1;
const FUNCTION_SECTION: u8 = 3;
const MEMORY_SECTION: u8 = 5;
const GLOBAL_SECTION: u8 = 6;
const EXPORT_SECTION: u8 = 7;
const START_SECTION: u8 = 8;
const CODE_SECTION: u8 = 10;

/// What a module holds that metering adds to.
#[derive(Default)]
struct Counts {
    types: u32,
    imported_funcs: u32,
    funcs: u32,
    globals: u32,
    /// Memory 0 is the module's own 32-bit memory.
    own_memory: bool,
}

/// Writes fuel metering into `wasm`, and holds its memory to `memory_bytes`:
/// each memory's maximum is cut to the limit and a `memory.grow` of memory
/// 0 that would pass it traps (with [`LIMIT_EXPORT`] set), as wasmi's
/// limiter does.
pub fn meter(wasm: &[u8], memory_bytes: usize) -> Result<Metered, MeterError> {
    // First pass: where the sections are, and what the module holds.
    let mut sections: Vec<(u8, Range<usize>)> = Vec::new();
    let mut counts = Counts::default();
    let mut bodies: Vec<Range<usize>> = Vec::new();
    let mut memory_imported = false;
    let mut start = None;
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        match &payload {
            Payload::TypeSection(s) => counts.types = s.count(),
            Payload::ImportSection(s) => {
                for import in s.clone() {
                    match import?.ty {
                        wasmparser::TypeRef::Global(_) => counts.globals += 1,
                        wasmparser::TypeRef::Func(_) => counts.imported_funcs += 1,
                        wasmparser::TypeRef::Memory(_) => memory_imported = true,
                        _ => {}
                    }
                }
            }
            Payload::FunctionSection(s) => counts.funcs = s.count(),
            Payload::GlobalSection(s) => counts.globals += s.count(),
            Payload::MemorySection(s) => {
                let first = s.clone().into_iter().next().transpose()?;
                counts.own_memory = !memory_imported && first.is_some_and(|m| !m.memory64);
            }
            Payload::ExportSection(s) => {
                for export in s.clone() {
                    let name = export?.name;
                    for taken in [FUEL_EXPORT, LIMIT_EXPORT, START_EXPORT] {
                        if name == taken {
                            return Err(MeterError::NameTaken(taken));
                        }
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.range()),
            Payload::StartSection { func, .. } => start = Some(*func),
            // A component is not a core module; wasmi refuses it too.
            Payload::Version { encoding: wasmparser::Encoding::Component, .. } => {
                return Err(MeterError::Parse("a component, not a core module".into()));
            }
            _ => {}
        }
        if let Some(section) = payload.as_section() {
            sections.push(section);
        }
    }
    let fuel = counts.globals;
    let limit_flag = counts.globals + 1;
    let limit_pages = (memory_bytes / 65_536) as u64;
    // The guarded `memory.grow`, appended after every function.
    let grow = counts.own_memory.then(|| counts.imported_funcs + counts.funcs);
    let size_cap = wasm.len().saturating_mul(MAX_GROWTH).max(4096);

    // What is appended to each vector section (the code section aside).
    let mut appended: Vec<(u8, Vec<Vec<u8>>)> = vec![
        (GLOBAL_SECTION, vec![global_entry(wasm_encoder::ValType::I64), global_entry(wasm_encoder::ValType::I32)]),
        (
            EXPORT_SECTION,
            vec![
                export(FUEL_EXPORT, wasm_encoder::ExportKind::Global, fuel),
                export(LIMIT_EXPORT, wasm_encoder::ExportKind::Global, limit_flag),
            ],
        ),
    ];
    if let Some(func) = start {
        appended[1].1.push(export(START_EXPORT, wasm_encoder::ExportKind::Func, func));
    }
    if grow.is_some() {
        let mut ty = Vec::new();
        ty.push(0x60);
        [wasm_encoder::ValType::I32].as_slice().encode(&mut ty);
        [wasm_encoder::ValType::I32].as_slice().encode(&mut ty);
        let mut func = Vec::new();
        counts.types.encode(&mut func);
        appended.push((TYPE_SECTION, vec![ty]));
        appended.push((FUNCTION_SECTION, vec![func]));
    }

    let mut out = wasm_encoder::Module::new();
    let mut charges = 0usize;
    let mut wrote_code = false;
    let write_missing = |out: &mut wasm_encoder::Module, appended: &mut Vec<(u8, Vec<Vec<u8>>)>, before: u8| {
        appended.retain(|(id, entries)| {
            if section_order(*id) < section_order(before) {
                out.section(&wasm_encoder::RawSection { id: *id, data: &vector(None, entries).expect("a new vector") });
                false
            } else {
                true
            }
        });
    };
    for (id, range) in &sections {
        if *id != 0 {
            write_missing(&mut out, &mut appended, *id);
        }
        if *id == CODE_SECTION || (!wrote_code && grow.is_some() && section_order(*id) > section_order(CODE_SECTION)) {
            let code = code_section(wasm, &bodies, fuel, grow, limit_flag, limit_pages, &mut charges, size_cap)?;
            out.section(&wasm_encoder::RawSection { id: CODE_SECTION, data: &code });
            wrote_code = true;
            if *id == CODE_SECTION {
                continue;
            }
        }
        let data = &wasm[range.clone()];
        if *id == START_SECTION {
            continue;
        }
        if *id == MEMORY_SECTION {
            out.section(&clamped_memories(data, range.start, limit_pages, memory_bytes)?);
        } else if let Some(at) = appended.iter().position(|(a, _)| a == id) {
            let (_, entries) = appended.remove(at);
            out.section(&wasm_encoder::RawSection { id: *id, data: &vector(Some((data, range.start)), &entries)? });
        } else {
            out.section(&wasm_encoder::RawSection { id: *id, data });
        }
    }
    write_missing(&mut out, &mut appended, u8::MAX);
    if !wrote_code && grow.is_some() {
        let code = code_section(wasm, &bodies, fuel, grow, limit_flag, limit_pages, &mut charges, size_cap)?;
        out.section(&wasm_encoder::RawSection { id: CODE_SECTION, data: &code });
    }
    let bytes = out.finish();
    if bytes.len() > size_cap {
        return Err(MeterError::TooLarge { was: wasm.len(), would: bytes.len() });
    }
    Ok(Metered { bytes, charges })
}

/// The code section: every body metered, then the guarded `memory.grow`.
#[allow(clippy::too_many_arguments)]
fn code_section(
    wasm: &[u8],
    bodies: &[Range<usize>],
    fuel: u32,
    grow: Option<u32>,
    limit_flag: u32,
    limit_pages: u64,
    charges: &mut usize,
    size_cap: usize,
) -> Result<Vec<u8>, MeterError> {
    let mut code = Vec::with_capacity(wasm.len() * 2);
    (bodies.len() as u32 + u32::from(grow.is_some())).encode(&mut code);
    for body in bodies {
        let metered = meter_body(&wasm[body.clone()], body.start, fuel, grow, charges)?;
        metered.len().encode(&mut code);
        code.extend_from_slice(&metered);
        if code.len() > size_cap {
            return Err(MeterError::TooLarge { was: wasm.len(), would: code.len() });
        }
    }
    if grow.is_some() {
        let mut f = wasm_encoder::Function::new([]);
        for i in [
            Instruction::LocalGet(0),
            Instruction::I64ExtendI32U,
            Instruction::MemorySize(0),
            Instruction::I64ExtendI32U,
            Instruction::I64Add,
            Instruction::I64Const(limit_pages as i64),
            Instruction::I64GtU,
            Instruction::If(wasm_encoder::BlockType::Empty),
            Instruction::I32Const(1),
            Instruction::GlobalSet(limit_flag),
            Instruction::Unreachable,
            Instruction::End,
            Instruction::LocalGet(0),
            Instruction::MemoryGrow(0),
            Instruction::End,
        ] {
            f.instruction(&i);
        }
        f.encode(&mut code);
    }
    Ok(code)
}

/// The memory section with each maximum cut to `limit_pages`.
fn clamped_memories(
    data: &[u8],
    offset: usize,
    limit_pages: u64,
    memory_bytes: usize,
) -> Result<wasm_encoder::MemorySection, MeterError> {
    let reader = wasmparser::MemorySectionReader::new(BinaryReader::new(data, offset))?;
    let mut section = wasm_encoder::MemorySection::new();
    for memory in reader {
        let m = memory?;
        if m.initial > limit_pages {
            return Err(MeterError::MemoryTooLarge { pages: m.initial, limit: memory_bytes });
        }
        section.memory(wasm_encoder::MemoryType {
            minimum: m.initial,
            maximum: Some(m.maximum.map_or(limit_pages, |max| max.min(limit_pages))),
            memory64: m.memory64,
            shared: m.shared,
            page_size_log2: m.page_size_log2,
        });
    }
    Ok(section)
}

/// Where a section id goes in a module (custom sections, 0, anywhere).
fn section_order(id: u8) -> u8 {
    match id {
        13 => 6,         // tag, between memory and global
        6..=9 => id + 1, // global, export, start, element
        12 => 11,        // data count, before code
        10 => 12,        // code
        11 => 13,        // data
        _ => id,         // custom (0), type, import, function, table, memory
    }
}

/// A vector section's payload with `entries` appended: `existing` is the
/// old payload and where it starts in the module (its count may be padded).
fn vector(existing: Option<(&[u8], usize)>, entries: &[Vec<u8>]) -> Result<Vec<u8>, MeterError> {
    let mut data = Vec::new();
    let (count, rest) = match existing {
        Some((payload, offset)) => {
            let mut reader = BinaryReader::new(payload, offset);
            let count = reader.read_var_u32()?;
            (count, &payload[reader.current_position()..])
        }
        None => (0, &[][..]),
    };
    let count = count.checked_add(entries.len() as u32).ok_or_else(|| MeterError::Parse("too many entries".into()))?;
    count.encode(&mut data);
    data.extend_from_slice(rest);
    for entry in entries {
        data.extend_from_slice(entry);
    }
    Ok(data)
}

/// `(global (mut ty) (ty.const 0))`.
fn global_entry(ty: wasm_encoder::ValType) -> Vec<u8> {
    let mut entry = Vec::new();
    ty.encode(&mut entry);
    entry.push(1); // mutable
    match ty {
        wasm_encoder::ValType::I64 => Instruction::I64Const(0).encode(&mut entry),
        _ => Instruction::I32Const(0).encode(&mut entry),
    }
    Instruction::End.encode(&mut entry);
    entry
}

/// `(export "name" (kind index))`.
fn export(name: &str, kind: wasm_encoder::ExportKind, index: u32) -> Vec<u8> {
    let mut entry = Vec::new();
    name.encode(&mut entry);
    kind.encode(&mut entry);
    index.encode(&mut entry);
    entry
}

/// The charge for a stretch of `cost` instructions: take it, trap below zero.
fn charge(fuel: u32, cost: u64, out: &mut Vec<u8>) {
    for i in [
        Instruction::GlobalGet(fuel),
        Instruction::I64Const(cost as i64),
        Instruction::I64Sub,
        Instruction::GlobalSet(fuel),
        Instruction::GlobalGet(fuel),
        Instruction::I64Const(0),
        Instruction::I64LtS,
        Instruction::If(wasm_encoder::BlockType::Empty),
        Instruction::Unreachable,
        Instruction::End,
    ] {
        i.encode(out);
    }
}

/// What an operator costs: wasmi's default, one each but for those that
/// generate no work of their own.
fn cost(op: &Operator<'_>) -> u64 {
    match op {
        Operator::Nop
        | Operator::Drop
        | Operator::Block { .. }
        | Operator::Loop { .. }
        | Operator::Unreachable
        | Operator::Return
        | Operator::Else
        | Operator::End => 0,
        _ => 1,
    }
}

/// Whether control never falls through `op` (the rest of its block is dead).
fn leaves(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::Br { .. }
            | Operator::BrTable { .. }
            | Operator::Return
            | Operator::Unreachable
            | Operator::ReturnCall { .. }
            | Operator::ReturnCallIndirect { .. }
            | Operator::ReturnCallRef { .. }
            | Operator::Throw { .. }
            | Operator::Rethrow { .. }
            | Operator::ThrowRef
    )
}

/// An open block while a body is read: the charge its operators add to
/// (a `block` shares its parent's), and whether its code can run.
struct Frame {
    charge: usize,
    live: bool,
}

/// One function body (`bytes`, at `offset` in the module) with fuel charges,
/// placed as wasmi places its own: one at the function's start, at each
/// loop's head and at the start of each arm of an `if`, each taking up
/// front 1 plus what the operators of its frame cost (a `block`'s operators
/// and those after it belong to the enclosing frame; dead code after a
/// branch costs nothing). So a call uses the same fuel on both paths, but
/// for bulk memory operations, which wasmi charges per 64 bytes.
fn meter_body(
    bytes: &[u8],
    offset: usize,
    fuel: u32,
    grow: Option<u32>,
    charges: &mut usize,
) -> Result<Vec<u8>, MeterError> {
    let body = wasmparser::FunctionBody::new(BinaryReader::new(bytes, offset));
    let mut ops = body.get_operators_reader()?;
    let code_start = ops.original_position() - offset;
    // (where a charge goes, relative to `bytes`; what it takes)
    let mut points: Vec<(usize, u64)> = vec![(code_start, 1)];
    // `memory.grow`s to replace by a call of the guarded one (byte ranges).
    let mut grows: Vec<Range<usize>> = Vec::new();
    let mut frames = vec![Frame { charge: 0, live: true }];
    while !ops.eof() {
        let (op, at) = ops.read_with_offset()?;
        let after = ops.original_position() - offset;
        let Some(top) = frames.last_mut() else {
            return Err(MeterError::Parse("code after the function's end".into()));
        };
        let live = top.live;
        if live {
            points[top.charge].1 += cost(&op);
        }
        match op {
            Operator::Block { .. } | Operator::Try { .. } | Operator::TryTable { .. } => {
                let charge = top.charge;
                frames.push(Frame { charge, live });
            }
            Operator::Loop { .. } | Operator::If { .. } => {
                let charge = if live {
                    points.push((after, 1));
                    points.len() - 1
                } else {
                    top.charge
                };
                frames.push(Frame { charge, live });
            }
            Operator::Else => {
                // The `if`'s frame becomes the `else`'s: live when the
                // `if` itself could run.
                let outer_live = frames.len() < 2 || frames[frames.len() - 2].live;
                let top = frames.last_mut().expect("checked above");
                top.live = outer_live;
                if outer_live {
                    points.push((after, 1));
                    top.charge = points.len() - 1;
                }
            }
            Operator::End => {
                frames.pop();
                // After a block, code runs again if it ran before it (it may
                // be a branch target).
                if let Some(top) = frames.last_mut() {
                    top.live = top.live || live;
                }
            }
            Operator::MemoryGrow { mem: 0 } if grow.is_some() => grows.push(at - offset..after),
            ref op if leaves(op) => top.live = false,
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(bytes.len() + points.len() * 20);
    let mut copied = 0;
    let mut grows = grows.into_iter().peekable();
    for (at, cost) in points {
        while let Some(g) = grows.next_if(|g| g.start < at) {
            out.extend_from_slice(&bytes[copied..g.start]);
            Instruction::Call(grow.expect("grows only with a guard")).encode(&mut out);
            copied = g.end;
        }
        out.extend_from_slice(&bytes[copied..at]);
        copied = at;
        charge(fuel, cost, &mut out);
        *charges += 1;
    }
    for g in grows {
        out.extend_from_slice(&bytes[copied..g.start]);
        Instruction::Call(grow.expect("grows only with a guard")).encode(&mut out);
        copied = g.end;
    }
    out.extend_from_slice(&bytes[copied..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wat(text: &str) -> Vec<u8> {
        wat::parse_str(text).expect("test module parses")
    }

    /// Runs export `f` of a metered module in wasmi with its own fuel off
    /// and `fuel` in the global; returns the result (or the trap) and the
    /// fuel left.
    fn run(metered: &[u8], f: &str, args: &[wasmi::Val], fuel: i64) -> (Result<Vec<wasmi::Val>, String>, i64) {
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, metered).expect("metered module is valid");
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Linker::new(&engine).instantiate_and_start(&mut store, &module).expect("instantiates");
        let global = instance.get_global(&store, FUEL_EXPORT).expect("fuel global exported");
        global.set(&mut store, wasmi::Val::I64(fuel)).unwrap();
        let func = instance.get_func(&store, f).unwrap();
        let mut results = vec![wasmi::Val::I32(0); func.ty(&store).results().len()];
        let result = func.call(&mut store, args, &mut results).map(|()| results).map_err(|e| e.to_string());
        let wasmi::Val::I64(left) = global.get(&store) else { panic!("fuel is an i64") };
        (result, left)
    }

    const LOOP: &str = r#"(module
        (global $g (mut i32) (i32.const 7))
        (func (export "sum") (param $n i32) (result i32) (local $acc i32)
          (block $out
            (loop $top
              (br_if $out (i32.eqz (local.get $n)))
              (local.set $acc (i32.add (local.get $acc) (local.get $n)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $top)))
          (i32.add (local.get $acc) (global.get $g)))
        (func (export "spin") (loop $l (br $l))))"#;

    #[test]
    fn a_metered_module_computes_the_same_and_counts_its_instructions() {
        let metered = meter(&wat(LOOP), 1 << 26).unwrap();
        wasmparser::validate(&metered.bytes).expect("valid after metering");
        let (r, left) = run(&metered.bytes, "sum", &[wasmi::Val::I32(10)], 1_000_000);
        assert_eq!(r.unwrap()[0].i32(), Some(55 + 7));
        let used = 1_000_000 - left;
        // Charged up front per frame, as wasmi does: the function's 1 + the
        // 3 operators after the block, and per entry of the loop 1 + its 12
        // operators up to `br` (the last entry leaves at `br_if` but pays
        // the same), 11 entries.
        assert_eq!(used, 4 + 11 * 13, "fuel used");
        // wasmi's own count for the same call of the unmetered module.
        let engine = wasmi::Engine::new(&host_config(true));
        let module = wasmi::Module::new(&engine, wat(LOOP)).unwrap();
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Linker::new(&engine).instantiate_and_start(&mut store, &module).unwrap();
        store.set_fuel(1_000_000).unwrap();
        let sum = instance.get_typed_func::<i32, i32>(&store, "sum").unwrap();
        assert_eq!(sum.call(&mut store, 10).unwrap(), 62);
        assert_eq!(1_000_000 - store.get_fuel().unwrap(), used as u64, "the same fuel as wasmi");
        // Twice the same: deterministic.
        assert_eq!(run(&metered.bytes, "sum", &[wasmi::Val::I32(10)], 1_000_000).1, left);
    }

    #[test]
    fn a_runaway_loop_runs_out_at_the_same_instruction_every_time() {
        let metered = meter(&wat(LOOP), 1 << 26).unwrap();
        let (r, left) = run(&metered.bytes, "spin", &[], 10_000);
        assert!(r.is_err(), "the spin must trap");
        assert!(left < 0, "out of fuel, not another trap: {left}");
        assert_eq!(run(&metered.bytes, "spin", &[], 10_000).1, left);
        // And a sum that needs more than it has traps too, with the global
        // telling it apart from the guest's own `unreachable`.
        let (r, left) = run(&metered.bytes, "sum", &[wasmi::Val::I32(1_000)], 500);
        assert!(r.is_err() && left < 0);
    }

    #[test]
    fn a_guest_trap_leaves_fuel_above_zero() {
        let metered = meter(&wat(r#"(module (func (export "f") unreachable))"#), 1 << 26).unwrap();
        let (r, left) = run(&metered.bytes, "f", &[], 100);
        assert!(r.is_err());
        assert!(left >= 0, "the guest's own trap is not out of fuel: {left}");
    }

    #[test]
    fn modules_without_globals_or_exports_get_both_sections_in_order() {
        for text in [
            r#"(module (func (result i32) i32.const 1) (start 1) (func))"#,
            r#"(module (memory 1) (data (i32.const 0) "x"))"#,
        ] {
            let metered = meter(&wat(text), 1 << 26).unwrap();
            wasmparser::validate(&metered.bytes).unwrap_or_else(|e| panic!("{text}: {e}"));
        }
    }

    #[test]
    fn the_fuel_name_cannot_be_taken_by_the_guest() {
        let module = wat(r#"(module (global (export "floe:fuel") i64 (i64.const 5)))"#);
        assert_eq!(meter(&module, 1 << 26).unwrap_err(), MeterError::NameTaken(FUEL_EXPORT));
    }

    #[test]
    fn deep_nesting_costs_no_stack_and_garbage_is_an_error() {
        let depth = 50_000;
        // Each loop's head takes a charge; blocks share their parent's.
        let nops = "(nop) ".repeat(8);
        let text =
            format!("(module (func {} {}))", format!("(loop {nops}(block {nops}").repeat(depth), "))".repeat(depth));
        let metered = meter(&wat(&text), 1 << 26).unwrap();
        assert_eq!(metered.charges, depth + 1, "the function's and one per loop");
        wasmparser::validate(&metered.bytes).unwrap();
        // Nothing but loop heads: every 3 bytes would take a charge.
        let text = format!("(module (func {}))", "(loop) ".repeat(depth));
        assert!(matches!(meter(&wat(&text), 1 << 26), Err(MeterError::TooLarge { .. })));
        assert!(matches!(meter(b"\0asm\x01\0\0\0\x0a\x05garbage", 1 << 26), Err(MeterError::Parse(_))));
        assert!(matches!(meter(b"not wasm", 1 << 26), Err(MeterError::Parse(_))));
    }

    /// A wasmi config with fuel costs as the node host sets them (registry.rs).
    fn host_config(fuel: bool) -> wasmi::Config {
        let mut config = wasmi::Config::default();
        config.consume_fuel(fuel);
        config.fuel_cost(wasmi::CustomFuelCosts {
            bytes_copied_per_fuel: 64,
            fuel_per_bytes_translated: 0,
            fuel_per_bytes_validated: 0,
        });
        config
    }

    /// Calls `run_typed` of a Floe ABI module with `context`, in wasmi:
    /// with wasmi's own fuel (`metered` false), or with its fuel off and the
    /// module's global holding `budget`. Returns the result bytes and the
    /// fuel used.
    fn call_typed(module: &[u8], context: &[u8], metered: bool, budget: u64) -> (Vec<u8>, u64) {
        let engine = wasmi::Engine::new(&host_config(!metered));
        let module = wasmi::Module::new(&engine, module).expect("valid module");
        let mut store = wasmi::Store::new(&engine, ());
        if !metered {
            store.set_fuel(budget).unwrap();
        }
        let mut linker = wasmi::Linker::new(&engine);
        linker.func_wrap("floe", "log", |_: i32, _: i32, _: i32| {}).unwrap();
        let instance = linker.instantiate_and_start(&mut store, &module).expect("instantiates");
        let global = instance.get_global(&store, FUEL_EXPORT);
        if let Some(g) = global {
            g.set(&mut store, wasmi::Val::I64(budget as i64)).unwrap();
        }
        let memory = instance.get_memory(&store, "memory").unwrap();
        let alloc = instance.get_typed_func::<i32, i32>(&store, "alloc").unwrap();
        let ptr = alloc.call(&mut store, context.len() as i32).unwrap();
        memory.write(&mut store, ptr as usize, context).unwrap();
        let run = instance.get_typed_func::<(i32, i32), i64>(&store, "run_typed").unwrap();
        let packed = run.call(&mut store, (ptr, context.len() as i32)).expect("the call succeeds");
        let (p, len) = floe_node_sdk::abi::unpack(packed);
        let out = memory.data(&store)[p as usize..(p + len) as usize].to_vec();
        let used = match global {
            Some(g) => budget - g.get(&store).i64().unwrap() as u64,
            None => budget - store.get_fuel().unwrap(),
        };
        (out, used)
    }

    /// Fuel on the two paths for the same calls of the example nodes.
    #[test]
    fn metered_fuel_against_wasmi_fuel_on_the_example_nodes() {
        use crate::value::Value;
        let cases: [(&str, Vec<Value>); 4] = [
            ("add_one", vec![Value::Int(41)]),
            ("prime_sieve", vec![Value::Int(200_000)]),
            ("caesar", vec![Value::from("The quick brown fox jumps over the lazy dog. ".repeat(200)), Value::Int(3)]),
            ("word_freq", vec![Value::from("the cat and the hat and the bat ".repeat(300))]),
        ];
        for (name, inputs) in cases {
            let module = floe_test_support::abi_example(name);
            let metered = meter(&module, 1 << 26).unwrap();
            assert!(
                metered.bytes.len() < module.len() * 2,
                "{name}: {} -> {} bytes",
                module.len(),
                metered.bytes.len()
            );
            let context =
                crate::wasm::codec::encode_context(inputs.iter(), &serde_json::Map::new(), "run", 1 << 26).unwrap();
            let (want, wasmi_fuel) = call_typed(&module, &context, false, 1 << 40);
            let (got, metered_fuel) = call_typed(&metered.bytes, &context, true, 1 << 40);
            assert_eq!(got, want, "{name}: the metered module returns the same bytes");
            let ratio = metered_fuel as f64 / wasmi_fuel as f64;
            println!("{name}: wasmi {wasmi_fuel} fuel, metered {metered_fuel} ({ratio:.4}x)");
            // wasmi also charges instantiation's data copy and bulk memory
            // operations by the 64 bytes; the rest is counted alike.
            assert!(metered_fuel.abs_diff(wasmi_fuel) <= wasmi_fuel / 500 + 16, "{name}: {ratio:.4}");
        }
    }

    #[test]
    fn memory_is_held_to_the_limit_as_wasmi_holds_it() {
        let text = r#"(module (memory (export "memory") 1)
            (func (export "grow") (param $n i32) (result i32) (memory.grow (local.get $n)))
            (func (export "runaway") (loop $l (drop (memory.grow (i32.const 1))) (br $l))))"#;
        let metered = meter(&wat(text), 4 * 65_536).unwrap();
        wasmparser::validate(&metered.bytes).unwrap();
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, &metered.bytes).unwrap();
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Linker::new(&engine).instantiate_and_start(&mut store, &module).unwrap();
        instance.get_global(&store, FUEL_EXPORT).unwrap().set(&mut store, wasmi::Val::I64(1 << 40)).unwrap();
        let flag = instance.get_global(&store, LIMIT_EXPORT).unwrap();
        let grow = instance.get_typed_func::<i32, i32>(&store, "grow").unwrap();
        assert_eq!(grow.call(&mut store, 2).unwrap(), 1, "growing within the limit works");
        assert_eq!(flag.get(&store).i32(), Some(0));
        assert!(grow.call(&mut store, 2).is_err(), "passing the limit traps");
        assert_eq!(flag.get(&store).i32(), Some(1), "and says why");
        // Huge and negative-looking deltas do not wrap around the check.
        let runaway = instance.get_typed_func::<(), ()>(&store, "runaway").unwrap();
        assert!(runaway.call(&mut store, ()).is_err());
        let memory = instance.get_memory(&store, "memory").unwrap();
        assert_eq!(memory.ty(&store).maximum(), Some(4), "the declared maximum is cut to the limit");
        assert!(grow.call(&mut store, -1).is_err());
        assert_eq!(
            meter(&wat(text), 65_535).unwrap_err(),
            MeterError::MemoryTooLarge { pages: 1, limit: 65_535 },
            "a memory that starts above the limit is refused"
        );
    }

    #[test]
    fn every_example_and_hostile_module_meters_into_a_valid_module() {
        let mut modules: Vec<(String, Vec<u8>)> = floe_test_support::ABI_EXAMPLES
            .iter()
            .map(|name| (name.to_string(), floe_test_support::abi_example(name)))
            .collect();
        modules.push(("wasi example".into(), floe_test_support::wasi_example().0));
        modules.push(("add.wat".into(), wat(&floe_test_support::wat_example())));
        for path in floe_test_support::files("tests/hostile/modules", ".wat") {
            modules.push((path.display().to_string(), wat(&std::fs::read_to_string(&path).unwrap())));
        }
        assert!(modules.len() > 15, "{} modules", modules.len());
        for (name, bytes) in modules {
            let metered = match meter(&bytes, 64 << 20) {
                Ok(m) => m,
                // A memory larger than the limit from the start (it stays
                // on wasmi, which refuses it as it instantiates).
                Err(MeterError::MemoryTooLarge { .. }) if name.contains("hostile") => continue,
                Err(e) => panic!("{name}: {e}"),
            };
            wasmparser::validate(&metered.bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(metered.bytes.len() < bytes.len() * 2 + 256, "{name}: {} -> {}", bytes.len(), metered.bytes.len());
        }
    }

    #[test]
    fn a_start_function_waits_for_the_host_and_is_metered() {
        let text = r#"(module (func $spin (loop $l (br $l))) (start $spin) (func (export "f")))"#;
        let metered = meter(&wat(text), 1 << 26).unwrap();
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, &metered.bytes).unwrap();
        assert!(module.exports().any(|e| e.name() == START_EXPORT));
        let mut store = wasmi::Store::new(&engine, ());
        // Instantiating runs nothing (the spin would never return).
        let instance = wasmi::Linker::new(&engine).instantiate_and_start(&mut store, &module).unwrap();
        let fuel = instance.get_global(&store, FUEL_EXPORT).unwrap();
        fuel.set(&mut store, wasmi::Val::I64(1_000)).unwrap();
        let start = instance.get_typed_func::<(), ()>(&store, START_EXPORT).unwrap();
        assert!(start.call(&mut store, ()).is_err());
        assert!(fuel.get(&store).i64().unwrap() < 0, "the start function ran out of fuel");
    }
}

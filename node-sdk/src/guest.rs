//! The code `export_node!` wires into a wasm module: the allocator, the
//! definition export, and `run_typed`. Only compiled for wasm32.

#![allow(unsafe_code)]

#[allow(unused_imports)]
use crate::prelude::*;

use crate::abi::{LogLevel, pack};
use crate::context::{Context, Node};
use crate::def::PinNames;

#[link(wasm_import_module = "floe")]
unsafe extern "C" {
    #[link_name = "log"]
    fn floe_log(level: i32, ptr: i32, len: i32);
}

/// Sends a log line to the host right away.
pub fn log(level: LogLevel, text: &str) {
    // SAFETY: the host reads `len` bytes at `ptr` in this module's memory; the
    // slice lives for the duration of the call.
    unsafe { floe_log(level as i32, text.as_ptr() as i32, text.len() as i32) }
}

/// The allocator `export_node!` installs: bumps a pointer through linear
/// memory, growing it as needed; frees and grows the most recent block in place.
pub struct BumpAllocator;

/// The first free byte (0 until the first allocation). Wasm nodes are single-threaded.
static NEXT: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);

unsafe extern "C" {
    /// Where the linker puts the heap: after data and stack.
    static __heap_base: u8;
}

const PAGE: usize = 65536;

impl BumpAllocator {
    #[inline(always)]
    fn next() -> usize {
        use core::sync::atomic::Ordering::Relaxed;
        match NEXT.load(Relaxed) {
            // SAFETY: only the symbol's address is taken.
            0 => core::ptr::addr_of!(__heap_base) as usize,
            n => n,
        }
    }

    /// Makes `end` addressable, growing memory if needed.
    #[inline(always)]
    fn reserve(end: usize) -> bool {
        end <= core::arch::wasm32::memory_size(0) * PAGE || Self::grow(end)
    }

    #[cold]
    fn grow(end: usize) -> bool {
        let have = core::arch::wasm32::memory_size(0) * PAGE;
        let pages = (end - have).div_ceil(PAGE);
        core::arch::wasm32::memory_grow(0, pages) != usize::MAX
    }
}

// SAFETY: blocks never overlap: each starts at or after the previous end, and
// only the most recent block is ever freed or resized in place.
unsafe impl core::alloc::GlobalAlloc for BumpAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        let start = Self::next().next_multiple_of(layout.align());
        let Some(end) = start.checked_add(layout.size()) else { return core::ptr::null_mut() };
        if !Self::reserve(end) {
            return core::ptr::null_mut();
        }
        NEXT.store(end, core::sync::atomic::Ordering::Relaxed);
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: core::alloc::Layout) {
        if ptr as usize + layout.size() == Self::next() {
            NEXT.store(ptr as usize, core::sync::atomic::Ordering::Relaxed);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: core::alloc::Layout, new_size: usize) -> *mut u8 {
        let start = ptr as usize;
        if start + layout.size() == Self::next() {
            let Some(end) = start.checked_add(new_size) else { return core::ptr::null_mut() };
            if !Self::reserve(end) {
                return core::ptr::null_mut();
            }
            NEXT.store(end, core::sync::atomic::Ordering::Relaxed);
            return ptr;
        }
        // SAFETY: the layout is valid (same alignment, a size the caller vouches for).
        let new_layout = unsafe { core::alloc::Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: forwarding the caller's contract.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are at least `min(old, new)` bytes and do not overlap.
            unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        }
        new
    }
}

/// The `alloc` export with the bump allocator: reserves `len` bytes straight
/// from it (no allocator shims in between); 0 when memory cannot grow that far.
pub fn bump_alloc(len: i32) -> i32 {
    let Some(layout) = input_layout(len) else { return 0 };
    // SAFETY: the layout's size is not zero.
    unsafe { core::alloc::GlobalAlloc::alloc(&BumpAllocator, layout) as i32 }
}

/// What `alloc(len)` reserves: at least one byte, 8-aligned.
fn input_layout(len: i32) -> Option<core::alloc::Layout> {
    core::alloc::Layout::from_size_align(len.max(1) as usize, 8).ok()
}

/// Reserves `len` bytes through the global allocator and returns where (the
/// instance lives for one call, so nothing is freed); 0 when memory cannot grow that far.
pub fn alloc(len: i32) -> i32 {
    let Some(layout) = input_layout(len) else { return 0 };
    // SAFETY: the layout's size is not zero.
    unsafe { alloc::alloc::alloc(layout) as i32 }
}

/// How many bytes of context fit in [`input_buffer`].
pub const INPUT_BUFFER: usize = 2048;

/// The `floe_input_buffer` export: where the host writes a context of up to
/// [`INPUT_BUFFER`] bytes, saving the `alloc` call (a static, so the same in every instance).
pub fn input_buffer() -> i64 {
    static mut BUFFER: [u8; INPUT_BUFFER] = [0; INPUT_BUFFER];
    pack(core::ptr::addr_of_mut!(BUFFER) as u32, INPUT_BUFFER as u32)
}

/// Hands `bytes` to the host: they stay where they are (the instance ends with the call).
fn leak(bytes: Vec<u8>) -> i64 {
    let bytes = core::mem::ManuallyDrop::new(bytes);
    pack(bytes.as_ptr() as u32, bytes.len() as u32)
}

/// `get_node`'s result: where the definition JSON is (it lives in the data section).
pub fn bytes(json: &'static [u8]) -> i64 {
    pack(json.as_ptr() as u32, json.len() as u32)
}

/// Sends "node panicked at FILE:LINE:COLUMN: MESSAGE" to the host's log
/// (the message only when it is plain text: formatting it would link Rust's
/// formatting machinery into every node). Called by the panic hook or panic
/// handler `export_node!` installs; the module then traps.
#[inline(always)]
pub fn report_panic(location: Option<(&str, u32, u32)>, message: Option<&str>) {
    let mut line = String::from("node panicked");
    if let Some((file, l, c)) = location {
        line.push_str(" at ");
        line.push_str(file);
        line.push(':');
        crate::json::push_u64(&mut line, u64::from(l));
        line.push(':');
        crate::json::push_u64(&mut line, u64::from(c));
    }
    if let Some(message) = message {
        line.push_str(": ");
        line.push_str(message);
    }
    log(LogLevel::Error, &line);
}

/// `run_typed`: reads the context, runs the node, encodes the result.
pub fn run_typed<N: Node>(ptr: i32, len: i32, names: PinNames<'static>) -> i64 {
    // SAFETY: the host wrote `len` bytes at `ptr`, inside memory it got from `alloc`.
    let bytes = unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len.max(0) as usize) };
    let result = match Context::from_wire(names, bytes, None) {
        Ok(mut cx) => {
            let outcome = N::run(&mut cx);
            cx.finish(outcome)
        }
        Err(e) => crate::context::failure(&crate::context::bad_context(e)),
    };
    leak(result)
}

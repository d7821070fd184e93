//! The code `export_node!` wires into a wasm module: the allocator, the
//! definition export, and `run_typed`. Only compiled for wasm32.

#![allow(unsafe_code)]

use crate::abi::{LogLevel, pack};
use crate::context::{Context, Node};
use crate::protocol::RunResult;

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
    fn next() -> usize {
        use core::sync::atomic::Ordering::Relaxed;
        match NEXT.load(Relaxed) {
            // SAFETY: only the symbol's address is taken.
            0 => core::ptr::addr_of!(__heap_base) as usize,
            n => n,
        }
    }

    /// Makes `end` addressable, growing memory if needed.
    fn reserve(end: usize) -> bool {
        let have = core::arch::wasm32::memory_size(0) * PAGE;
        if end <= have {
            return true;
        }
        let pages = (end - have).div_ceil(PAGE);
        core::arch::wasm32::memory_grow(0, pages) != usize::MAX
    }
}

// SAFETY: blocks never overlap: each starts at or after the previous end, and
// only the most recent block is ever freed or resized in place.
unsafe impl core::alloc::GlobalAlloc for BumpAllocator {
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

/// Reserves `len` bytes and returns where (the instance lives for one call, so nothing is freed).
pub fn alloc(len: i32) -> i32 {
    let mut buf = Vec::<u8>::with_capacity(len.max(0) as usize);
    let ptr = buf.as_mut_ptr();
    core::mem::forget(buf);
    ptr as i32
}

fn leak(bytes: Vec<u8>) -> i64 {
    let bytes = bytes.into_boxed_slice();
    let len = bytes.len() as u32;
    let ptr = Box::into_raw(bytes) as *mut u8 as u32;
    pack(ptr, len)
}

/// `get_node`: the definition as JSON.
pub fn get_node<N: Node>() -> i64 {
    leak(N::DEFINITION.to_json().into_bytes())
}

/// `run_typed`: reads the context, runs the node, encodes the result.
pub fn run_typed<N: Node>(ptr: i32, len: i32) -> i64 {
    std::panic::set_hook(Box::new(|info| log(LogLevel::Error, &format!("node panicked: {info}"))));
    // SAFETY: the host wrote `len` bytes at `ptr`, inside memory it got from `alloc`.
    let bytes = unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len.max(0) as usize) };
    let mut sink = |level: LogLevel, text: &str| log(level, text);
    let result = match Context::from_wire(&N::DEFINITION, bytes, &mut sink) {
        Ok(mut cx) => {
            let outcome = N::run(&mut cx);
            cx.finish(outcome)
        }
        Err(e) => {
            let e = crate::NodeError::new("bad-context", format!("cannot read the run context: {e}"));
            RunResult { outcome: Err(e), logs: Vec::new() }.encode()
        }
    };
    leak(result)
}

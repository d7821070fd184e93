//! An in-memory WASI preview1 subset for stdio nodes: stdin holds the input
//! JSON, stdout and stderr are captured, args and environment are empty,
//! clocks and randomness come from the host (random is seeded). Nothing else
//! exists: every filesystem, socket or other call returns an error code.

use rand::Rng;
use wasmi::{Caller, Engine, Error, ExternType, Linker, Module, Val};

use super::error::WasmError;
use super::invoke::{caller_memory, charge};
use super::state::HostState;

// WASI errno values.
const SUCCESS: i32 = 0;
const EBADF: i32 = 8;
const EFAULT: i32 = 21;
const EINVAL: i32 = 28;
const ENOSYS: i32 = 52;
const ESPIPE: i32 = 70;
const ENOTCAPABLE: i32 = 76;

const STDIN: i32 = 0;
const STDOUT: i32 = 1;
const STDERR: i32 = 2;

fn write_u32(data: &mut [u8], at: i32, v: u32) -> bool {
    write_bytes(data, at, &v.to_le_bytes())
}

fn write_bytes(data: &mut [u8], at: i32, bytes: &[u8]) -> bool {
    let start = at as u32 as usize;
    match data.get_mut(start..start.saturating_add(bytes.len())) {
        Some(dst) => {
            dst.copy_from_slice(bytes);
            true
        }
        None => false,
    }
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Most iovecs one read or write may pass (Linux's `IOV_MAX`).
const MAX_IOVECS: i32 = 1024;
/// Bytes a host call moves for one unit of fuel (as wasmi charges `memory.copy`, a little dearer).
const BYTES_PER_FUEL: u64 = 16;
/// Random bytes made for one unit of fuel.
const RANDOM_BYTES_PER_FUEL: u64 = 4;

/// The (ptr, len) pairs of an iovec array (`None`: it lies outside memory).
fn iovecs(data: &[u8], iovs: i32, n: i32) -> Option<Vec<(usize, usize)>> {
    (0..n.max(0) as usize)
        .map(|i| {
            let at = iovs as u32 as usize + i * 8;
            Some((read_u32(data, at)? as usize, read_u32(data, at + 4)? as usize))
        })
        .collect()
}

fn fd_write(mut caller: Caller<'_, HostState>, fd: i32, iovs: i32, n: i32, nwritten: i32) -> Result<i32, Error> {
    if fd != STDOUT && fd != STDERR {
        return Ok(EBADF);
    }
    if !(0..=MAX_IOVECS).contains(&n) {
        return Ok(EINVAL);
    }
    let memory = caller_memory(&caller)?;
    let Some(vecs) = iovecs(memory.data(&caller), iovs, n) else { return Ok(EFAULT) };
    let bytes: u64 = vecs.iter().map(|&(_, len)| len as u64).sum();
    charge(&mut caller, 1 + n as u64 + bytes / BYTES_PER_FUEL)?;
    let (data, host) = memory.data_and_store_mut(&mut caller);
    let mut total = 0usize;
    for (ptr, len) in vecs {
        let Some(bytes) = data.get(ptr..ptr.saturating_add(len)) else { return Ok(EFAULT) };
        host.spend_output(len)?;
        let wasi = host.wasi.as_mut().ok_or_else(|| Error::new("WASI call outside a WASI node"))?;
        if fd == STDOUT {
            wasi.stdout.extend_from_slice(bytes)
        } else {
            wasi.stderr.extend_from_slice(bytes)
        }
        total += len;
    }
    Ok(if write_u32(data, nwritten, total as u32) { SUCCESS } else { EFAULT })
}

fn fd_read(mut caller: Caller<'_, HostState>, fd: i32, iovs: i32, n: i32, nread: i32) -> Result<i32, Error> {
    if fd != STDIN {
        return Ok(EBADF);
    }
    if !(0..=MAX_IOVECS).contains(&n) {
        return Ok(EINVAL);
    }
    let memory = caller_memory(&caller)?;
    let Some(vecs) = iovecs(memory.data(&caller), iovs, n) else { return Ok(EFAULT) };
    let bytes: u64 = vecs.iter().map(|&(_, len)| len as u64).sum();
    charge(&mut caller, 1 + n as u64 + bytes / BYTES_PER_FUEL)?;
    let (data, host) = memory.data_and_store_mut(&mut caller);
    let wasi = host.wasi.as_mut().ok_or_else(|| Error::new("WASI call outside a WASI node"))?;
    let mut total = 0usize;
    for (ptr, len) in vecs {
        let rest = &wasi.stdin[wasi.stdin_pos..];
        let take = rest.len().min(len);
        let Some(dst) = data.get_mut(ptr..ptr.saturating_add(take)) else { return Ok(EFAULT) };
        dst.copy_from_slice(&rest[..take]);
        wasi.stdin_pos += take;
        total += take;
        if take < len {
            break;
        }
    }
    Ok(if write_u32(data, nread, total as u32) { SUCCESS } else { EFAULT })
}

fn fd_fdstat_get(mut caller: Caller<'_, HostState>, fd: i32, stat: i32) -> Result<i32, Error> {
    if !(STDIN..=STDERR).contains(&fd) {
        return Ok(EBADF);
    }
    let memory = caller_memory(&caller)?;
    let data = memory.data_mut(&mut caller);
    // filetype: character device (2); flags 0; rights: read (for stdin) or write.
    let rights: u64 = if fd == STDIN { 1 << 1 } else { 1 << 6 };
    let mut buf = [0u8; 24];
    buf[0] = 2;
    buf[8..16].copy_from_slice(&rights.to_le_bytes());
    Ok(if write_bytes(data, stat, &buf) { SUCCESS } else { EFAULT })
}

fn sizes_zero(mut caller: Caller<'_, HostState>, count: i32, size: i32) -> Result<i32, Error> {
    let memory = caller_memory(&caller)?;
    let data = memory.data_mut(&mut caller);
    Ok(if write_u32(data, count, 0) && write_u32(data, size, 0) { SUCCESS } else { EFAULT })
}

fn clock_time_get(mut caller: Caller<'_, HostState>, id: i32, _precision: i64, out: i32) -> Result<i32, Error> {
    let memory = caller_memory(&caller)?;
    let (data, host) = memory.data_and_store_mut(&mut caller);
    let state = host.wasi.as_mut().ok_or_else(|| Error::new("WASI call outside a WASI node"))?;
    let ns = match id {
        0 => state.now_ns,
        1..=3 => {
            state.mono_ns += 1_000;
            state.mono_ns
        }
        _ => return Ok(EINVAL),
    };
    Ok(if write_bytes(data, out, &ns.to_le_bytes()) { SUCCESS } else { EFAULT })
}

fn clock_res_get(mut caller: Caller<'_, HostState>, id: i32, out: i32) -> Result<i32, Error> {
    if !(0..=3).contains(&id) {
        return Ok(EINVAL);
    }
    let memory = caller_memory(&caller)?;
    Ok(if write_bytes(memory.data_mut(&mut caller), out, &1_000u64.to_le_bytes()) { SUCCESS } else { EFAULT })
}

fn random_get(mut caller: Caller<'_, HostState>, buf: i32, len: i32) -> Result<i32, Error> {
    charge(&mut caller, 1 + u64::from(len as u32) / RANDOM_BYTES_PER_FUEL)?;
    let memory = caller_memory(&caller)?;
    let (data, host) = memory.data_and_store_mut(&mut caller);
    let wasi = host.wasi.as_mut().ok_or_else(|| Error::new("WASI call outside a WASI node"))?;
    let start = buf as u32 as usize;
    let Some(dst) = data.get_mut(start..start.saturating_add(len as u32 as usize)) else { return Ok(EFAULT) };
    wasi.rng.fill_bytes(dst);
    Ok(SUCCESS)
}

/// The error code every other WASI function returns.
fn refusal(name: &str) -> i32 {
    if name.starts_with("path_") || name.starts_with("fd_") || name.starts_with("sock_") { ENOTCAPABLE } else { ENOSYS }
}

/// A linker for one WASI module: the functions above, and a refusing stub
/// for every other WASI function the module imports (with its own type).
pub(crate) fn linker(engine: &Engine, module: &Module) -> Result<Linker<HostState>, WasmError> {
    let m = floe_node_sdk::abi::WASI_MODULE;
    let mut l = Linker::<HostState>::new(engine);
    let fail = |e: wasmi::errors::LinkerError| WasmError::Invalid { reason: e.to_string() };
    l.func_wrap(m, "fd_write", fd_write).map_err(fail)?;
    l.func_wrap(m, "fd_read", fd_read).map_err(fail)?;
    l.func_wrap(m, "fd_fdstat_get", fd_fdstat_get).map_err(fail)?;
    l.func_wrap(m, "args_sizes_get", sizes_zero).map_err(fail)?;
    l.func_wrap(m, "environ_sizes_get", sizes_zero).map_err(fail)?;
    l.func_wrap(m, "args_get", |_: Caller<'_, HostState>, _: i32, _: i32| -> i32 { SUCCESS }).map_err(fail)?;
    l.func_wrap(m, "environ_get", |_: Caller<'_, HostState>, _: i32, _: i32| -> i32 { SUCCESS }).map_err(fail)?;
    l.func_wrap(m, "clock_time_get", clock_time_get).map_err(fail)?;
    l.func_wrap(m, "clock_res_get", clock_res_get).map_err(fail)?;
    l.func_wrap(m, "random_get", random_get).map_err(fail)?;
    l.func_wrap(m, "sched_yield", |_: Caller<'_, HostState>| -> i32 { SUCCESS }).map_err(fail)?;
    l.func_wrap(m, "fd_close", |_: Caller<'_, HostState>, fd: i32| -> i32 {
        if (STDIN..=STDERR).contains(&fd) { SUCCESS } else { EBADF }
    })
    .map_err(fail)?;
    l.func_wrap(m, "fd_seek", |_: Caller<'_, HostState>, fd: i32, _: i64, _: i32, _: i32| -> i32 {
        if (STDIN..=STDERR).contains(&fd) { ESPIPE } else { EBADF }
    })
    .map_err(fail)?;
    l.func_wrap(m, "fd_prestat_get", |_: Caller<'_, HostState>, _: i32, _: i32| -> i32 { EBADF }).map_err(fail)?;
    l.func_wrap(m, "fd_prestat_dir_name", |_: Caller<'_, HostState>, _: i32, _: i32, _: i32| -> i32 { EBADF })
        .map_err(fail)?;
    l.func_wrap(m, "proc_exit", |_: Caller<'_, HostState>, status: i32| -> Result<(), Error> {
        Err(Error::i32_exit(status))
    })
    .map_err(fail)?;
    const DONE: &[&str] = &[
        "fd_write",
        "fd_read",
        "fd_fdstat_get",
        "args_sizes_get",
        "environ_sizes_get",
        "args_get",
        "environ_get",
        "clock_time_get",
        "clock_res_get",
        "random_get",
        "sched_yield",
        "fd_close",
        "fd_seek",
        "fd_prestat_get",
        "fd_prestat_dir_name",
        "proc_exit",
    ];
    super::invoke::link_http(&mut l).map_err(fail)?;
    for import in module.imports() {
        let (ExternType::Func(ty), true) = (import.ty(), import.module() == m) else { continue };
        if DONE.contains(&import.name()) {
            continue;
        }
        let code = refusal(import.name());
        l.func_new(m, import.name(), ty.clone(), move |_, _: &[Val], results: &mut [Val]| {
            if let Some(r) = results.first_mut() {
                *r = Val::I32(code);
            }
            Ok(())
        })
        .map_err(fail)?;
    }
    Ok(l)
}

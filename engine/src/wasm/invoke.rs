//! One call into a sandboxed module: a fresh store with fuel and memory
//! limits, a resumable call that can pause when a fuel slice runs out (so a
//! browser tab can breathe), and typed errors for everything that goes wrong.

use wasmi::{
    AsContext as _, Caller, Engine, Error, Func, Memory, ResumableCall, ResumableCallHostTrap, ResumableCallOutOfFuel,
    Store, TrapCode, Val,
};

use super::error::{Abort, OutputError, WasmError};
use super::limits::Limits;
use super::state::{HostState, WasiState};

/// A fresh store for one call.
pub(crate) fn store(engine: &Engine, limits: &Limits, wasi: Option<WasiState>) -> Store<HostState> {
    let mut store = Store::new(engine, HostState::new(limits, wasi));
    store.limiter(|s| &mut s.limits);
    store
}

/// Turns a wasmi error into a typed one.
pub(crate) fn classify(e: Error, limits: &Limits) -> WasmError {
    if let Some(status) = e.i32_exit_status() {
        return WasmError::Exit { status, stderr: String::new() };
    }
    if let Some(code) = e.as_trap_code() {
        return match code {
            TrapCode::OutOfFuel => WasmError::OutOfFuel { budget: limits.fuel },
            TrapCode::StackOverflow => WasmError::StackExhausted,
            TrapCode::GrowthOperationLimited => WasmError::MemoryLimit { limit: limits.memory_bytes },
            TrapCode::UnreachableCodeReached => WasmError::Trap {
                reason: "unreachable code reached (a Rust node panicked, or the module aborted)".into(),
            },
            other => WasmError::Trap { reason: other.to_string() },
        };
    }
    if let Some(Abort(inner)) = e.downcast_ref::<Abort>() {
        return inner.clone();
    }
    WasmError::Trap { reason: e.to_string() }
}

/// The `len` bytes at `ptr`, or an error saying that `what` (e.g. "the
/// result") points outside memory.
pub(crate) fn read_bytes<'s>(
    store: impl Into<wasmi::StoreContext<'s, HostState>>,
    memory: &Memory,
    what: &'static str,
    ptr: u32,
    len: u32,
) -> Result<&'s [u8], OutputError> {
    let data = memory.data(store);
    let end = u64::from(ptr) + u64::from(len);
    usize::try_from(end).ok().and_then(|end| data.get(ptr as usize..end)).ok_or(OutputError::OutsideMemory {
        what,
        start: ptr,
        end,
        size: data.len(),
    })
}

/// Charges `cost` fuel for work a host function does for the guest (in
/// proportion to the bytes it touches), before it does it. What the current
/// grant cannot pay is owed, and the call pauses or runs out of fuel at its
/// next instruction; the debt comes out of the next grant. Engines without
/// fuel (benchmarks) charge nothing.
pub(crate) fn charge(caller: &mut Caller<'_, HostState>, cost: u64) -> Result<(), Error> {
    let Ok(fuel) = caller.get_fuel() else { return Ok(()) };
    if fuel >= cost {
        caller.set_fuel(fuel - cost)?;
    } else {
        caller.set_fuel(0)?;
        let host = caller.data_mut();
        host.debt = host.debt.saturating_add(cost - fuel);
    }
    Ok(())
}

/// The `memory` export of the calling instance, inside a host function.
pub(crate) fn caller_memory(caller: &Caller<'_, HostState>) -> Result<Memory, Error> {
    caller.get_export("memory").and_then(|e| e.into_memory()).ok_or_else(|| {
        Error::host(Abort(WasmError::MissingExport { name: "memory".into(), expected: "memory".into() }))
    })
}

/// Reads a guest string inside a host function (bounded by the output limit).
pub(crate) fn caller_text(caller: &mut Caller<'_, HostState>, ptr: i32, len: i32) -> Result<String, Error> {
    let memory = caller_memory(caller)?;
    caller.data_mut().spend_output(len.max(0) as usize)?;
    let data = memory.data(&*caller);
    let bytes = data
        .get(ptr as u32 as usize..(ptr as u32 as usize).saturating_add(len as u32 as usize))
        .ok_or_else(|| Error::host(Abort(OutputError::LogOutside { ptr, len }.into())))?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// A call to start: the function, its arguments, and the budget it runs under.
pub(crate) struct CallSpec<'a> {
    /// The function.
    pub func: Func,
    /// Its arguments.
    pub params: &'a [Val],
    /// How many results it returns (the ABI's functions have at most one).
    pub results: usize,
    /// The budgets; `limits.fuel` covers instantiation and the call.
    pub limits: &'a Limits,
    /// Pause each time this much fuel is used (a host that slices), or never.
    pub slice: Option<u64>,
    /// False only for engines built without fuel (benchmarks).
    pub metered: bool,
    /// Fuel already used (on instantiation and `alloc`).
    pub spent: u64,
    /// The instance's memory, where the result will be read.
    pub memory: Option<Memory>,
    /// The call may pause in a host function (`floe.http_fetch`), so it
    /// runs resumable even when it would never pause for fuel.
    pub may_wait: bool,
}

/// A call in progress: the store, and where to resume when paused.
pub(crate) struct Call {
    pub store: Store<HostState>,
    /// The instance's memory, when the protocol reads its result there.
    pub memory: Option<Memory>,
    resumable: Option<ResumableCallOutOfFuel>,
    /// Where to resume a call waiting in `floe.http_fetch`.
    waiting: Option<ResumableCallHostTrap>,
    /// Room for the called function's result (the ABI's functions have at most one).
    results: [Val; 1],
    n_results: usize,
    /// Fuel handed out so far, and in the current grant.
    granted_total: u64,
    grant: u64,
    budget: u64,
    slice: u64,
    metered: bool,
}

/// How far a call got. Every case keeps the store, so output written before
/// a failure (stdout, stderr, logs) can still be read.
///
/// The call is boxed: a store is large, and it would otherwise be copied at
/// every step of a call that takes a few microseconds in all.
pub(crate) enum Progress {
    /// Finished; the result is `call.result()`.
    Done(Box<Call>),
    /// The fuel slice ran out with budget left: resume after the host breathed.
    Paused(Box<Call>),
    /// Waiting in `floe.http_fetch` for the answer to
    /// `call.store.data().http_request`: resume with [`Call::answer`].
    Fetch(Box<Call>),
    /// The call failed.
    Failed(Box<Call>, WasmError),
}

impl Call {
    /// The called function's result, if it has one.
    pub fn result(&self) -> Option<&Val> {
        self.results[..self.n_results].first()
    }

    /// Fuel used so far.
    pub fn fuel_used(&self) -> u64 {
        if !self.metered {
            return 0;
        }
        let left = self.store.get_fuel().unwrap_or(0);
        self.granted_total - left.min(self.grant)
    }

    /// Starts the call `spec` describes in `store`; with a slice, the call
    /// pauses each time that much fuel is used.
    pub fn start(mut store: Store<HostState>, spec: CallSpec<'_>) -> Progress {
        let CallSpec { func, params, results, limits, slice, metered, spent, memory, may_wait } = spec;
        let budget = limits.fuel;
        let slice = slice.unwrap_or(u64::MAX).max(1);
        let grant = budget.saturating_sub(spent).min(slice);
        if metered {
            store.set_fuel(grant).expect("the engine meters fuel");
        }
        let mut call = Box::new(Call {
            store,
            memory,
            resumable: None,
            waiting: None,
            results: [Val::I32(0)],
            n_results: results.min(1),
            granted_total: spent + grant,
            grant,
            budget,
            slice,
            metered,
        });
        if metered && grant == 0 {
            return Progress::Failed(call, WasmError::OutOfFuel { budget });
        }
        if call.slice >= budget && !may_wait {
            // One slice holds the whole budget, so the call never pauses: a
            // plain call does the same with less bookkeeping.
            return match func.call(&mut call.store, params, &mut call.results[..call.n_results]) {
                Ok(()) => Progress::Done(call),
                Err(e) => {
                    let e = classify(e, limits);
                    Progress::Failed(call, e)
                }
            };
        }
        match func.call_resumable(&mut call.store, params, &mut call.results[..call.n_results]) {
            Ok(outcome) => call.settle(outcome, limits),
            Err(e) => Progress::Failed(call, classify(e, limits)),
        }
    }

    /// Continues a paused call with another slice of fuel.
    pub fn resume(mut self: Box<Self>, limits: &Limits) -> Progress {
        if self.waiting.is_some() {
            // Never resumed without its answer: the call gets an error for one.
            let e = crate::http::HttpError::Network("the request was not answered".into());
            return self.answer(super::codec::http_answer(&Err(e)), limits);
        }
        let Some(resumable) = self.resumable.take() else {
            return Progress::Done(self);
        };
        match resumable.resume(&mut self.store, &mut self.results[..self.n_results]) {
            Ok(outcome) => self.settle(outcome, limits),
            Err(e) => Progress::Failed(self, classify(e, limits)),
        }
    }

    /// Continues a call waiting in `floe.http_fetch`: the answer (JSON) is
    /// what `floe.http_read` copies, and its length what `http_fetch` returns.
    pub fn answer(mut self: Box<Self>, answer: Vec<u8>, limits: &Limits) -> Progress {
        let Some(waiting) = self.waiting.take() else {
            return Progress::Done(self);
        };
        let len = Val::I32(i32::try_from(answer.len()).unwrap_or(i32::MAX));
        self.store.data_mut().http_answer = answer;
        match waiting.resume(&mut self.store, &[len], &mut self.results[..self.n_results]) {
            Ok(outcome) => self.settle(outcome, limits),
            Err(e) => Progress::Failed(self, classify(e, limits)),
        }
    }

    fn settle(mut self: Box<Self>, mut outcome: ResumableCall, limits: &Limits) -> Progress {
        loop {
            match outcome {
                ResumableCall::Finished => return Progress::Done(self),
                ResumableCall::HostTrap(trap)
                    if trap.host_error().downcast_ref::<super::state::FetchPending>().is_some() =>
                {
                    self.waiting = Some(trap);
                    return Progress::Fetch(self);
                }
                ResumableCall::HostTrap(trap) => {
                    let e = classify(trap.into_host_error(), limits);
                    return Progress::Failed(self, e);
                }
                ResumableCall::OutOfFuel(next) => {
                    // Host calls may owe fuel: it is paid from this grant.
                    let debt = std::mem::take(&mut self.store.data_mut().debt);
                    let left = self.budget.saturating_sub(self.granted_total);
                    let grant = left.min(self.slice).max(next.required_fuel().saturating_add(debt));
                    if left == 0 || grant > left {
                        let budget = self.budget;
                        return Progress::Failed(self, WasmError::OutOfFuel { budget });
                    }
                    self.store.set_fuel(grant - debt).expect("the engine meters fuel");
                    self.granted_total += grant;
                    self.grant = grant;
                    if self.slice < self.budget {
                        self.resumable = Some(next);
                        return Progress::Paused(self);
                    }
                    outcome = match next.resume(&mut self.store, &mut self.results[..self.n_results]) {
                        Ok(o) => o,
                        Err(e) => return Progress::Failed(self, classify(e, limits)),
                    };
                }
            }
        }
    }
}

/// The largest request a guest may pass to `floe.http_fetch`.
const MAX_HTTP_REQUEST: usize = 16 * 1024 * 1024;

/// Adds `floe.http_fetch` and `floe.http_read` to a linker. A well-formed
/// request pauses the call (a resumable host trap the run answers; no fuel
/// runs meanwhile); a malformed one is answered at once with an error.
pub(crate) fn link_http(linker: &mut wasmi::Linker<HostState>) -> Result<(), wasmi::errors::LinkerError> {
    use floe_node_sdk::abi;
    linker.func_wrap(
        abi::IMPORT_MODULE,
        abi::IMPORT_HTTP_FETCH,
        |mut caller: Caller<'_, HostState>, ptr: i32, len: i32| -> Result<i32, Error> {
            let len = len.max(0) as u32;
            if len as usize > MAX_HTTP_REQUEST {
                let e = crate::http::HttpError::BadRequest(format!("a request of more than {MAX_HTTP_REQUEST} bytes"));
                let answer = super::codec::http_answer(&Err(e));
                let n = answer.len() as i32;
                caller.data_mut().http_answer = answer;
                return Ok(n);
            }
            charge(&mut caller, u64::from(len) / 64)?;
            let memory = caller_memory(&caller)?;
            let bytes = read_bytes(caller.as_context(), &memory, "the HTTP request", ptr as u32, len)
                .map_err(|e| Error::host(Abort(e.into())))?
                .to_vec();
            match super::codec::http_request(&bytes) {
                Ok(request) => {
                    caller.data_mut().http_request = Some(request);
                    Err(Error::host(super::state::FetchPending))
                }
                Err(message) => {
                    let answer = super::codec::http_answer(&Err(crate::http::HttpError::BadRequest(message)));
                    let n = answer.len() as i32;
                    caller.data_mut().http_answer = answer;
                    Ok(n)
                }
            }
        },
    )?;
    linker.func_wrap(
        abi::IMPORT_MODULE,
        abi::IMPORT_HTTP_READ,
        |mut caller: Caller<'_, HostState>, ptr: i32| -> Result<(), Error> {
            let answer = std::mem::take(&mut caller.data_mut().http_answer);
            charge(&mut caller, answer.len() as u64 / 64)?;
            let memory = caller_memory(&caller)?;
            let start = ptr as u32 as usize;
            let data = memory.data_mut(&mut caller);
            let end = start.saturating_add(answer.len());
            let size = data.len();
            let dst = data.get_mut(start..end).ok_or_else(|| {
                Error::host(Abort(
                    OutputError::OutsideMemory { what: "the HTTP answer", start: ptr as u32, end: end as u64, size }
                        .into(),
                ))
            })?;
            dst.copy_from_slice(&answer);
            Ok(())
        },
    )?;
    Ok(())
}

//! What the executor needs from its surroundings: clocks, sleeping, and a way
//! to give the thread back (a browser tab must stay responsive), plus cancellation.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use crate::http::{HttpError, HttpLimits, HttpRequest, HttpResponse};

/// A boxed future the host returns for sleeping and yielding.
pub type HostFuture = Pin<Box<dyn Future<Output = ()>>>;

/// One HTTP hop, as the host sends it.
pub type HttpFuture = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>>>>;

/// A secret's value from the host's vault.
pub type SecretFuture = Pin<Box<dyn Future<Output = Option<Arc<str>>>>>;

/// Clocks and scheduling, provided by the native CLI or the browser.
pub trait Host {
    /// Wall-clock time, milliseconds since the Unix epoch (for `time.now`).
    fn now_ms(&self) -> f64;
    /// A monotonic clock in milliseconds (durations, timers).
    fn monotonic_ms(&self) -> f64;
    /// Completes after `ms` milliseconds.
    fn sleep(&self, ms: f64) -> HostFuture;
    /// Gives the thread back to the event loop once.
    fn yield_now(&self) -> HostFuture;
    /// How long the executor may run before yielding, in milliseconds.
    /// `f64::INFINITY` (the default) never yields.
    fn slice_ms(&self) -> f64 {
        f64::INFINITY
    }

    /// How much fuel a custom (wasm) node may use before it yields, so a
    /// long call is spread over slices. `None` (the default) never yields.
    fn fuel_slice(&self) -> Option<u64> {
        None
    }

    /// A WebAssembly engine of the host's own, for custom nodes whose calls
    /// are heavy (the browser's). `None` (the default): wasmi runs them all.
    fn native_wasm(&self) -> Option<&dyn crate::native::NativeWasm> {
        None
    }

    /// Sends one HTTP request exactly as given and answers what came back,
    /// **without following redirects** (a 3xx is the response): the run
    /// checks every hop against the node's grants before it asks. The host
    /// sends no cookies or credentials of its own, keeps to `limits` and
    /// answers `HttpError::Timeout`/`TooLarge` past them. The default
    /// cannot send.
    fn http(&self, request: HttpRequest, limits: HttpLimits) -> HttpFuture {
        let _ = (request, limits);
        Box::pin(std::future::ready(Err(HttpError::Unsupported)))
    }

    /// The value of the secret `name` from the host's vault, if it holds
    /// one. Asked only for a request the node's grants allow it in.
    fn secret(&self, name: &str) -> SecretFuture {
        let _ = name;
        Box::pin(std::future::ready(None))
    }
}

/// A native host for blocking use (the CLI, tests): sleeping blocks the thread,
/// yielding is a no-op.
#[derive(Clone, Debug)]
pub struct StdHost {
    start: std::time::Instant,
}

impl Default for StdHost {
    fn default() -> Self {
        StdHost { start: std::time::Instant::now() }
    }
}

impl Host for StdHost {
    fn now_ms(&self) -> f64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    }

    fn monotonic_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }

    fn sleep(&self, ms: f64) -> HostFuture {
        if ms > 0.0 {
            std::thread::sleep(std::time::Duration::from_secs_f64(ms / 1000.0));
        }
        Box::pin(std::future::ready(()))
    }

    fn yield_now(&self) -> HostFuture {
        Box::pin(std::future::ready(()))
    }
}

/// Stops a run from outside. Cheap to clone; all clones share one flag.
#[derive(Clone, Debug, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token that is not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the run to stop at the next node boundary.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether `cancel` was called.
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Drives a future to completion on this thread, for hosts whose futures are
/// always ready (such as [`StdHost`]). Panics if the future stays pending
/// after the host said it was done, which would be a host bug.
pub fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let mut cx = Context::from_waker(std::task::Waker::noop());
    loop {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}

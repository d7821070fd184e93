//! The engine's [`Host`] in a browser tab: clocks from `performance.now()`,
//! sleeping and yielding through timers so the page stays responsive.

use floe_engine::Host;
use floe_engine::exec::HostFuture;
use gloo_timers::future::TimeoutFuture;

/// Runs the engine on the page's main thread in slices of a few milliseconds.
pub struct BrowserHost {
    performance: Option<web_sys::Performance>,
}

impl BrowserHost {
    pub fn new() -> Self {
        BrowserHost { performance: web_sys::window().and_then(|w| w.performance()) }
    }
}

impl Host for BrowserHost {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn monotonic_ms(&self) -> f64 {
        self.performance.as_ref().map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
    }

    fn sleep(&self, ms: f64) -> HostFuture {
        Box::pin(TimeoutFuture::new(ms.clamp(0.0, u32::MAX as f64) as u32))
    }

    fn yield_now(&self) -> HostFuture {
        Box::pin(TimeoutFuture::new(0))
    }

    fn slice_ms(&self) -> f64 {
        8.0
    }
}

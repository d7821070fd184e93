//! The engine's [`Host`] in a browser tab: clocks from `performance.now()`,
//! sleeping through timers, and yielding through a `MessageChannel` (a new
//! task right away, unlike `setTimeout(0)`, which browsers delay by 4 ms
//! once nested) so the page can handle input and paint between slices.

use floe_engine::Host;
use floe_engine::exec::HostFuture;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// How long the executor runs before it lets the page breathe.
pub const SLICE_MS: f64 = 8.0;
/// Fuel a custom node may use before it yields (a few milliseconds of wasmi in the tab).
pub const FUEL_SLICE: u64 = 1_000_000;

/// Runs the engine on the page's main thread in slices of a few milliseconds.
pub struct BrowserHost {
    performance: Option<web_sys::Performance>,
}

impl BrowserHost {
    /// A host for the current window.
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
        Box::pin(next_task())
    }

    fn slice_ms(&self) -> f64 {
        SLICE_MS
    }

    fn fuel_slice(&self) -> Option<u64> {
        Some(FUEL_SLICE)
    }
}

/// Resolves in a new task: input events and a paint may come first.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let port = channel.port1();
        let done = Closure::once_into_js(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
        port.set_onmessage(Some(done.unchecked_ref()));
        let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

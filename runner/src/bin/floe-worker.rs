//! The run worker's entry point (a dedicated Web Worker, built by Trunk
//! from `index.html`'s `data-type="worker"` link). Natively it does nothing.

fn main() {
    #[cfg(target_arch = "wasm32")]
    floe_runner::worker::start();
}

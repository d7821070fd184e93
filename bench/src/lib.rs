//! Portable benchmark programs (see `src/bin/`). They depend only on the
//! engine, so they build for `wasm32-wasip1` and run under Node's V8 with
//! `scripts/run-wasi.mjs`, measuring what the browser's engine would run.

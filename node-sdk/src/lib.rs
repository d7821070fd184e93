//! Floe node SDK (the node ABI arrives with custom wasm nodes).

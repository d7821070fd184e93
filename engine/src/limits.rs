//! What one run may use. Each limit has a name (the one its error gives), a
//! default, and can be set per run (`RunOptions::limits`; the CLI's flags).
//! Hitting one is a node error (or, for the wall clock, the run's error)
//! that names the limit, never an abort.

/// Values never nest deeper than this, whatever a run's limit says, so the
/// recursive walks over values (drop, JSON, comparison) stay shallow.
pub const MAX_DEPTH_CEILING: usize = 512;

/// The limits of one run.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct RunLimits {
    /// `max_text_bytes`: the longest text a node may make, in bytes.
    pub max_text_bytes: usize,
    /// `max_list_len`: the most items a list (or entries a map) a node makes may hold.
    pub max_list_len: usize,
    /// `max_depth`: how deep lists and maps may nest (at most [`MAX_DEPTH_CEILING`]).
    pub max_depth: usize,
    /// `max_log_bytes`: the log lines of a run together, in bytes.
    pub max_log_bytes: usize,
    /// `max_wall_ms`: the run's wall-clock time, in milliseconds (`None`: no limit).
    pub max_wall_ms: Option<f64>,
    /// `native_after_fuel`: how much fuel one call of a custom node must use
    /// on the interpreter before the node moves to the host's own engine
    /// (`None`: the host's threshold; 0: from its first call).
    pub native_after_fuel: Option<u64>,
    /// `http_timeout_ms`: how long one HTTP request (each redirect hop) may
    /// take before it fails with `timeout`.
    pub http_timeout_ms: f64,
    /// `max_response_bytes`: the largest HTTP response body a node may read.
    pub max_response_bytes: usize,
}

impl RunLimits {
    /// The defaults: 16 MiB of text, a million items, 128 levels, 4 MiB of
    /// log, ten minutes; HTTP requests of at most 30 s and 8 MiB.
    pub const DEFAULT: RunLimits = RunLimits {
        max_text_bytes: 16 * 1024 * 1024,
        max_list_len: 1_000_000,
        max_depth: 128,
        max_log_bytes: 4 * 1024 * 1024,
        max_wall_ms: Some(600_000.0),
        native_after_fuel: None,
        http_timeout_ms: 30_000.0,
        max_response_bytes: 8 * 1024 * 1024,
    };

    /// The nesting limit in force (the setting, capped at [`MAX_DEPTH_CEILING`]).
    pub fn depth(&self) -> usize {
        self.max_depth.min(MAX_DEPTH_CEILING)
    }
}

impl Default for RunLimits {
    fn default() -> Self {
        RunLimits::DEFAULT
    }
}

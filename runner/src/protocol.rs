//! What the page and the run worker say to each other: one JSON text per
//! message. The page sends [`Request`]s; the worker answers with [`Reply`]s
//! carrying the request's id.
//!
//! Enums are serde's default, externally tagged (`{"finished": {...}}`):
//! an internally tagged enum (`"type": ...`) is read through serde's
//! buffered `Content`, which cost the page 58 KB of wasm (about 15 KiB
//! brotli) for these two deserialisers alone.

use floe_engine::custom::CustomDef;
use floe_engine::exercise::CaseResult;
use floe_engine::module::ModuleHash;
use floe_engine::{Board, LogLine, ModuleRef, NodeId, RunLimits, RunRecord};
use serde::{Deserialize, Serialize};

/// What the page asks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Compile modules and read their definitions (their start and
    /// definition functions run, within a small budget; nothing else).
    Define {
        /// Matches the reply.
        id: u64,
        /// The modules, with their bytes.
        modules: Vec<ModuleRef>,
    },
    /// Run a board.
    Run {
        /// Matches the replies.
        id: u64,
        /// The board, its modules embedded; `None`: the board last sent with
        /// the same `key` (the worker keeps its plan).
        board: Option<Box<Board>>,
        /// Names this version of the board (the page's document revision
        /// and catalog revision): the same key, the same board.
        key: (u64, u64),
        /// The run's input payload.
        input: serde_json::Value,
        /// The run's limits.
        limits: RunLimits,
    },
    /// Run every case of a board's exercise.
    Check {
        /// Matches the reply.
        id: u64,
        /// The board, its modules embedded.
        board: Box<Board>,
    },
    /// The QR code of a text (a link).
    Qr {
        /// Matches the reply.
        id: u64,
        /// What it encodes.
        text: String,
    },
    /// A board's share link (made here: the page carries no compressor).
    Pack {
        /// Matches the reply.
        id: u64,
        /// The board.
        board: Box<Board>,
        /// Every module, however long the link (for a link through a server).
        whole: bool,
    },
    /// One sync round with a space (boards in IndexedDB, the space on its server).
    Sync {
        /// Matches the reply.
        id: u64,
        /// The space (its link, `floe_editor::space::Joined::url`).
        space: String,
        /// This browser's name in it.
        device: String,
        /// The board the page has open with edits not yet saved (not pulled now).
        busy: Option<String>,
    },
    /// Make a space on a server.
    NewSpace {
        /// Matches the reply.
        id: u64,
        /// The server (a `sealed::server_base`).
        server: String,
    },
}

/// A module's definition, or why it cannot be used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Defined {
    /// The hash the board gives it.
    pub hash: ModuleHash,
    /// The module's name in the board.
    pub name: String,
    /// Its definition, or the problem (one line).
    pub result: Result<CustomDef, String>,
}

/// What happened to one node (a run's live events, batched).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// It started.
    Started {
        /// The node.
        node: NodeId,
    },
    /// A custom node between fuel slices.
    Progress {
        /// The node.
        node: NodeId,
        /// Fuel used so far in this execution.
        fuel: u64,
    },
    /// A custom node's call started on the browser's own engine: it reports
    /// no fuel until it ends.
    Native {
        /// The node.
        node: NodeId,
    },
    /// It finished.
    Finished {
        /// The node.
        node: NodeId,
        /// It failed.
        failed: bool,
        /// Time in it, when timed.
        duration_ms: Option<f64>,
        /// Its failure, in words.
        error: Option<String>,
    },
    /// It did not run (an input it needed was missing).
    Skipped {
        /// The node.
        node: NodeId,
    },
    /// A log line.
    Log(LogLine),
}

/// What the worker says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The worker is listening.
    Ready,
    /// Modules' definitions.
    Defined {
        /// The request's id.
        id: u64,
        /// One per module asked for, in order.
        defs: Vec<Defined>,
    },
    /// Events of a run in progress (also a sign of life).
    Events {
        /// The run's id.
        id: u64,
        /// In order.
        events: Vec<Event>,
    },
    /// A run ended (or could not start: `record` is `None` and `problem` says why).
    Finished {
        /// The run's id.
        id: u64,
        /// The run's record (values too large to send are shown by a preview).
        record: Option<Box<RunRecord>>,
        /// Why the run could not start.
        problem: Option<String>,
    },
    /// An exercise's cases ran.
    Checked {
        /// The request's id.
        id: u64,
        /// Each case's result, or why none could run.
        results: Result<Vec<CaseResult>, String>,
    },
    /// A text's QR code, or why it has none (too long).
    Qr {
        /// The request's id.
        id: u64,
        /// The code, an SVG image's `data:` URL.
        code: Result<String, String>,
    },
    /// A board's share link.
    Packed {
        /// The request's id.
        id: u64,
        /// `b=1.…`.
        fragment: String,
        /// The modules left out to keep it short.
        omitted: Vec<String>,
    },
    /// What a sync round did, or why it failed.
    Synced {
        /// The request's id.
        id: u64,
        /// Boards taken from the space.
        pulled: Vec<String>,
        /// Conflicts, in words.
        conflicts: Vec<String>,
        /// Why the round failed, if it did.
        problem: Option<String>,
        /// It failed because the server could not be reached.
        offline: bool,
    },
    /// A new space's link (`Joined::url`), or why none was made.
    NewSpace {
        /// The request's id.
        id: u64,
        /// The space.
        space: Result<String, String>,
    },
    /// The worker is about to stop: a panic inside it (its last words).
    Crashed {
        /// The panic's message.
        message: String,
        /// The node that was running, if one was.
        node: Option<NodeId>,
    },
}

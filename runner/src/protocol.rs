//! What the page and the run worker say to each other: one JSON text per
//! message. The page sends [`Request`]s; the worker answers with [`Reply`]s
//! carrying the request's id.
//!
//! Enums are serde's default, externally tagged (`{"finished": {...}}`):
//! an internally tagged enum (`"type": ...`) is read through serde's
//! buffered `Content`, which cost the page 58 KB of wasm (about 15 KiB
//! brotli) for these two deserialisers alone.

use floe_editor::sealed::SealedError;
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
        /// The board's id in this browser's library: its grants are kept under it.
        #[serde(default)]
        board_id: String,
        /// What the user just allowed (a [`Reply::Consent`]'s `grant`), kept before the run.
        #[serde(default)]
        approve: Option<String>,
    },
    /// What a board's nodes were granted, in words; with `revoke`, forgets it all first.
    Permissions {
        /// Matches the reply.
        id: u64,
        /// The board's id in this browser's library.
        board_id: String,
        /// Revoke every grant of the board.
        revoke: bool,
    },
    /// Opens a link's board: `#b=…` (unpacked here: the page carries no
    /// decompressor), or `#s=…` on `server` (fetched and opened here).
    Open {
        /// Matches the reply.
        id: u64,
        /// The link's fragment.
        fragment: String,
        /// The server a `#s=` link is on.
        server: Option<String>,
    },
    /// The example gallery's cards.
    Examples {
        /// Matches the reply.
        id: u64,
    },
    /// One example's board.
    Example {
        /// Matches the reply.
        id: u64,
        /// Its file name (an [`Example`]'s `file`).
        file: String,
    },
    /// The secrets vault (in the worker; the page only ever gets names back).
    Secrets {
        /// Matches the reply.
        id: u64,
        /// What to do.
        op: SecretOp,
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

/// A card of the example gallery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// Its file name, without `.board.json`.
    pub file: String,
    /// The board's name.
    pub name: String,
    /// What it shows.
    pub description: String,
    /// 1: an exercise to finish; 2: a finished board with tests; 0: neither.
    pub badge: u8,
}

/// A change to the secrets vault.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretOp {
    /// Only list the names.
    List,
    /// Add a secret, or replace its value.
    Put {
        /// Its name.
        name: String,
        /// Its value (never sent back).
        value: String,
    },
    /// Rename one.
    Rename {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// Delete one.
    Delete {
        /// Its name.
        name: String,
    },
    /// Turn the passphrase on (`Some`, at least 8 characters) or off (`None`).
    Protect {
        /// The new passphrase.
        passphrase: Option<String>,
    },
    /// Unlock a vault with a passphrase (for the worker's life).
    Unlock {
        /// The passphrase.
        passphrase: String,
    },
    /// Lock it again.
    Lock,
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
    /// The run did not start: the board's nodes need what they were not
    /// granted. The page asks; `Request::Run` with `approve: grant` runs it.
    Consent {
        /// The run's id.
        id: u64,
        /// One line per node: what it asks for.
        asks: Vec<String>,
        /// What allowing grants (opaque to the page).
        grant: String,
    },
    /// A link's board, or why it cannot be opened (a `#b=` link's problem
    /// is `SealedError::Board`).
    Opened {
        /// The request's id.
        id: u64,
        /// The board.
        board: Result<Box<Board>, SealedError>,
    },
    /// The example gallery's cards.
    Examples {
        /// The request's id.
        id: u64,
        /// In gallery order.
        cards: Vec<Example>,
    },
    /// An example's board (`None`: no such example).
    Board {
        /// The request's id.
        id: u64,
        /// The board.
        board: Option<Box<Board>>,
    },
    /// What a `Permissions` request (a board's grants, in words) or a
    /// `Secrets` request (the vault's names, sorted, after the change) found.
    Listed {
        /// The request's id.
        id: u64,
        /// One line per grant, or the secrets' names.
        items: Vec<String>,
        /// Why the request failed, if it did.
        problem: Option<String>,
        /// For `Secrets`: whether the vault has a passphrase and is locked
        /// (`None`: no passphrase).
        #[serde(default)]
        locked: Option<bool>,
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

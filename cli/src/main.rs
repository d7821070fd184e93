//! `floe`: run and check boards headlessly, with the same engine as the editor.
//!
//! Exit codes: 0 success, 1 the run (or a test case) failed, 2 invalid board or usage.

#[macro_use]
mod terminal;
mod board_cmd;
mod guard;
mod listen;
mod net;
mod node_cmd;
mod serve_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Floe's command line.
#[derive(Parser)]
#[command(name = "floe", version, about = "Run and check Floe boards without a browser")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a board and print its outputs and log.
    Run {
        /// The board file (JSON).
        board: std::path::PathBuf,
        /// The run's input payload: JSON text, or @FILE to read it from a file.
        #[arg(long)]
        input: Option<String>,
        /// Print the whole run record as JSON instead.
        #[arg(long)]
        json: bool,
        /// Seed for random nodes.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[command(flatten)]
        limits: board_cmd::LimitArgs,
        #[command(flatten)]
        net: net::NetArgs,
        /// Serve the board on ADDR (e.g. 127.0.0.1:8080): each HTTP request
        /// an HTTP In node matches is a run; its HTTP Response node answers.
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
    },
    /// Validate a board and print every diagnostic.
    Check {
        /// The board file (JSON).
        board: std::path::PathBuf,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run a board's exercise cases and say which pass.
    Test {
        /// The board file (JSON).
        board: std::path::PathBuf,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        limits: board_cmd::LimitArgs,
        #[command(flatten)]
        net: net::NetArgs,
    },
    /// List every built-in node kind with its pins and settings.
    Catalog {
        /// Print the definitions as JSON (the same schema custom nodes use).
        #[arg(long)]
        json: bool,
    },
    /// Run the optional sync server: encrypted blobs for short links and
    /// sync, and the app itself (see README, "Running a server").
    Serve(serve_cmd::ServeArgs),
    /// Inspect or run one custom node module (.wasm or .wat).
    Node {
        #[command(subcommand)]
        command: NodeCommand,
    },
}

#[derive(Subcommand)]
enum NodeCommand {
    /// Print a module's node definition, or why it cannot be used.
    Inspect {
        /// The module: a .wasm binary or WebAssembly text (.wat).
        module: std::path::PathBuf,
        /// A WASI program's io schema (default: NAME.io.json beside the module, if present).
        #[arg(long)]
        io: Option<std::path::PathBuf>,
        /// Print the definition as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run the module's node once and print its outputs as JSON.
    Run {
        /// The module: a .wasm binary or WebAssembly text (.wat).
        module: std::path::PathBuf,
        /// Input values by pin name: a JSON object, or @FILE.
        #[arg(long)]
        input: Option<String>,
        /// Fuel budget (about one unit per instruction).
        #[arg(long)]
        fuel: Option<u64>,
        /// Memory limit in bytes.
        #[arg(long)]
        memory: Option<u64>,
        /// A WASI program's io schema (default: NAME.io.json beside the module, if present).
        #[arg(long)]
        io: Option<std::path::PathBuf>,
    },
}

/// The most output one command prints as JSON (or as one value), in bytes.
pub const OUTPUT_LIMIT: usize = 256 * 1024 * 1024;

/// How a command ended, mapped to the exit code.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: the run failed.
    RunFailed,
    /// Exit 2: bad board, input or usage.
    Invalid,
}

fn main() -> ExitCode {
    guard::install_hook();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run { board, input, json, seed, limits, net, listen } => {
            board_cmd::run(&board, input.as_deref(), json, seed, &limits, &net, listen.as_deref())
        }
        Command::Check { board, json } => board_cmd::check(&board, json),
        Command::Test { board, json, limits, net } => board_cmd::test(&board, json, &limits, &net),
        Command::Catalog { json } => board_cmd::catalog(json),
        Command::Serve(args) => serve_cmd::serve(args),
        Command::Node { command: NodeCommand::Inspect { module, io, json } } => {
            node_cmd::inspect(&module, io.as_deref(), json)
        }
        Command::Node { command: NodeCommand::Run { module, input, fuel, memory, io } } => {
            node_cmd::run(&module, input.as_deref(), fuel, memory, io.as_deref())
        }
    };
    match outcome {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::RunFailed) => ExitCode::from(1),
        Ok(Outcome::Invalid) => ExitCode::from(2),
        Err(e) => {
            tell!("floe: {e:#}");
            ExitCode::from(2)
        }
    }
}

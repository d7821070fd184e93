//! `floe`: run and check boards headlessly, with the same engine as the editor.
//!
//! Exit codes: 0 success, 1 the run failed, 2 invalid board or usage.

mod board_cmd;

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
    },
    /// Validate a board and print every diagnostic.
    Check {
        /// The board file (JSON).
        board: std::path::PathBuf,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// How a command ended, mapped to the exit code.
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: the run failed.
    RunFailed,
    /// Exit 2: bad board, input or usage.
    Invalid,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run { board, input, json, seed } => board_cmd::run(&board, input.as_deref(), json, seed),
        Command::Check { board, json } => board_cmd::check(&board, json),
    };
    match outcome {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::RunFailed) => ExitCode::from(1),
        Ok(Outcome::Invalid) => ExitCode::from(2),
        Err(e) => {
            eprintln!("floe: {e:#}");
            ExitCode::from(2)
        }
    }
}

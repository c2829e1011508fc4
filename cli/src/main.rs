//! `warmline`: the command line for managers and developers.
//!
//! It runs the server, manages teams, reps and lead sources, imports leads, shows a rep's
//! queue and the team's report, and demonstrates the whole flow. Every rule about leads
//! and calls lives in the core (`warmline-core`) and the server's service layer
//! (`warmline_server::service`); this crate only parses arguments, forwards them and
//! formats what comes back. A failure is one readable line on stderr and exit code 1.

mod args;
mod card;
mod commands;
mod demo;
mod fail;
mod format;
mod http;
mod store;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("warmline: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let result = match cli.command {
        Command::Demo(demo) => demo::run(&runtime, &demo),
        Command::Manage(command) => runtime.block_on(store::run(cli.store, command)),
    };
    // A request still in flight (a long poll) must not hold the exit up for long.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    result
}

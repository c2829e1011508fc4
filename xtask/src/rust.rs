//! The Rust steps: one build shared by everything after it, checks, tests.

use std::process::Command;

use crate::process::{run, run_captured};
use crate::summary::{parse_cargo, Counts};
use crate::workspace::Workspace;

fn cargo(ws: &Workspace) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(&ws.root)
        .env("CARGO_TARGET_DIR", &ws.target);
    cmd
}

/// Builds every crate (the FFI library for the Kotlin and Swift tests, the bindings
/// generator) and the Rust tests, once.
pub fn build(ws: &Workspace) -> Result<(), String> {
    run(cargo(ws).args(["build", "--workspace", "--all-targets", "--locked"]))
}

/// The FFI library as the apps ship it (release), for the kits' benchmarks.
pub fn build_release_library(ws: &Workspace) -> Result<(), String> {
    run(cargo(ws).args(["build", "--release", "--locked", "-p", "warmline-ffi"]))
}

pub fn fmt_check(ws: &Workspace) -> Result<(), String> {
    run(cargo(ws).args(["fmt", "--all", "--check"]))
}

pub fn clippy(ws: &Workspace) -> Result<(), String> {
    run(cargo(ws).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))
}

pub fn test(ws: &Workspace) -> Result<Counts, String> {
    let captured = run_captured(cargo(ws).args(["test", "--workspace", "--locked"]))?;
    let counts = parse_cargo(&captured.output);
    if !captured.success && counts.failed == 0 {
        return Err("cargo test failed before reporting results".into());
    }
    Ok(counts)
}

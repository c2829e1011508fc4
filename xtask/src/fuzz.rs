//! Fuzzing the parsers of outside input (`fuzz/`, cargo-fuzz with libFuzzer).
//!
//! `cargo xtask test` runs every target briefly (a smoke run that catches a parser that
//! panics on the first odd input); `cargo xtask fuzz --seconds N` runs them for longer.
//! These machines have one stable toolchain and cannot fetch nightly, so cargo-fuzz's
//! nightly-only flags are unlocked with `RUSTC_BOOTSTRAP=1` on stable (the sanitizer
//! runtime ships with stable's standard library). cargo-fuzz is installed once into the
//! tool cache.

use std::path::PathBuf;
use std::process::Command;

use crate::process::{path_str, run};
use crate::workspace::Workspace;

/// Every target in `fuzz/fuzz_targets/`.
pub const TARGETS: [&str; 5] = [
    "generic_json",
    "meta_json",
    "google_json",
    "csv_import",
    "signature_headers",
];

/// Seconds per target in `cargo xtask test`.
pub const SMOKE_SECONDS: u32 = 15;

/// Builds and runs every target for `seconds` each; fails on the first crash (the input
/// is left in `fuzz/artifacts/<target>/`).
pub fn run_all(ws: &Workspace, seconds: u32) -> Result<(), String> {
    let cargo_fuzz = ensure_cargo_fuzz(ws)?;
    run(fuzz_command(ws, &cargo_fuzz).args(["build", "-O"]))?;
    for target in TARGETS {
        run(fuzz_command(ws, &cargo_fuzz).args([
            "run",
            "-O",
            target,
            "--",
            &format!("-max_total_time={seconds}"),
            "-print_final_stats=1",
        ]))
        .map_err(|e| format!("fuzz target {target}: {e}"))?;
    }
    Ok(())
}

fn fuzz_command(ws: &Workspace, cargo_fuzz: &PathBuf) -> Command {
    let mut command = Command::new(cargo_fuzz);
    command
        .arg("fuzz")
        .current_dir(&ws.root)
        .env("RUSTC_BOOTSTRAP", "1");
    command
}

/// cargo-fuzz from crates.io, built once into the cache.
fn ensure_cargo_fuzz(ws: &Workspace) -> Result<PathBuf, String> {
    let root = ws.cache.join("cargo-fuzz");
    let binary = root.join("bin").join("cargo-fuzz");
    if binary.exists() {
        return Ok(binary);
    }
    run(Command::new("cargo").args([
        "install",
        "cargo-fuzz",
        "--locked",
        "--root",
        path_str(&root)?,
    ]))?;
    Ok(binary)
}

//! `cargo xtask`: the one entry point for building, generating bindings and testing
//! every language.
//!
//! - `cargo xtask test`: build once, generate bindings, fmt + clippy, then the Rust,
//!   Kotlin and Swift tests; ends with `N passed, N failed`.
//! - `cargo xtask bindings`: generate Kotlin and Swift into `target/bindings/`.
//! - `cargo xtask xcframework`: the core as an XCFramework for the iPhone app (macOS).
//! - `cargo xtask size`: the stripped release library's size.
//! - `cargo xtask bench-kits`: what a screen state costs through the Kotlin and Swift
//!   kits, against the release library.
//! - `cargo xtask fuzz [--seconds N]`: every fuzz target for N seconds (default 60).
//! - `cargo xtask zones`: regenerates `core/data/prefix-zones.tsv` (phone prefixes' time
//!   zones) from libphonenumber's map, as the PyPI package `phonenumbers` ships it.
//! - `cargo xtask postgres`: installs PostgreSQL if missing (for `cargo test -p
//!   warmline-server` alone; `cargo xtask test` does it too).
//!
//! Toolchains that are missing (Kotlin, JNA, JUnit, the Swift chroot, PostgreSQL) are installed on
//! first use into a cache outside the repository; a toolchain that cannot be set up
//! fails the run with the reason, never a silent skip.

mod android_app;
mod bindings;
mod fuzz;
mod install;
mod ios_app;
mod kotlin;
mod process;
mod rust;
mod size;
mod summary;
mod swift;
mod workspace;
mod xcframework;
mod xlang;
mod zones;

use std::process::ExitCode;

use summary::Summary;
use workspace::Workspace;

const USAGE: &str =
    "usage: cargo xtask <test | bindings | xcframework | size | bench-kits | postgres | zones | fuzz [--seconds N]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("bindings") => Workspace::locate().and_then(|ws| bindings::generate(&ws)),
        Some("xcframework") => Workspace::locate().and_then(|ws| xcframework::build(&ws)),
        Some("size") => Workspace::locate().and_then(|ws| size::report(&ws)),
        Some("bench-kits") => Workspace::locate().and_then(|ws| bench_kits(&ws)),
        Some("postgres") => install::ensure_postgres(),
        Some("zones") => Workspace::locate().and_then(|ws| zones::generate(&ws)),
        Some("fuzz") => fuzz_seconds(&args[1..])
            .and_then(|seconds| Workspace::locate().and_then(|ws| fuzz::run_all(&ws, seconds))),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The kits' benchmarks: Kotlin on the JVM, then Swift, on the release library.
fn bench_kits(ws: &Workspace) -> Result<(), String> {
    let tools = install::ensure_all(ws)?;
    rust::build(ws)?;
    bindings::generate(ws)?;
    rust::build_release_library(ws)?;
    kotlin::bench(ws, &tools)?;
    swift::bench(ws, &tools)
}

/// Every check and every language's tests. Keeps going after a failure so one run shows
/// everything that is wrong, then fails if anything did.
fn test() -> Result<(), String> {
    let ws = Workspace::locate()?;
    let tools = install::ensure_all(&ws)?;
    rust::build(&ws)?;
    bindings::generate(&ws)?;

    let mut summary = Summary::default();
    summary.check("cargo fmt --check", rust::fmt_check(&ws));
    summary.check("cargo clippy -D warnings", rust::clippy(&ws));
    summary.check("Android: ktlint, manifest", android_app::check(&ws, &tools));
    summary.check("iOS app: parse, project.yml", ios_app::check(&ws, &tools));
    summary.record("Rust", rust::test(&ws));
    // Kotlin and Swift run side by side against one server: their cross-language test
    // needs both clients online at once.
    let server = xlang::SharedServer::start(&ws);
    let (kotlin, swift) = match &server {
        Ok(server) => std::thread::scope(|scope| {
            let kotlin = scope.spawn(|| kotlin::test(&ws, &tools, server));
            let swift = swift::test(&ws, &tools, server);
            (
                kotlin
                    .join()
                    .unwrap_or_else(|_| Err("the Kotlin run panicked".into())),
                swift,
            )
        }),
        Err(why) => (Err(why.clone()), Err(why.clone())),
    };
    drop(server);
    summary.record("Kotlin", kotlin);
    summary.record("Swift", swift);
    summary.check(
        &format!("fuzz the intake parsers, {} s each", fuzz::SMOKE_SECONDS),
        fuzz::run_all(&ws, fuzz::SMOKE_SECONDS),
    );
    summary.print();
    if summary.all_green() {
        Ok(())
    } else {
        Err("some checks or tests failed (see above)".into())
    }
}

fn fuzz_seconds(args: &[String]) -> Result<u32, String> {
    match args {
        [] => Ok(60),
        [flag, seconds] if flag == "--seconds" => seconds
            .parse()
            .map_err(|_| format!("--seconds takes a whole number, not {seconds:?}")),
        _ => Err(USAGE.to_owned()),
    }
}

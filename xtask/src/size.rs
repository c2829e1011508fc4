//! `cargo xtask size`: how big the native library the apps ship is.

use std::fs;
use std::process::Command;

use crate::bindings::{host_library, LIBRARY_NAME};
use crate::process::run;
use crate::workspace::Workspace;

pub fn report(ws: &Workspace) -> Result<(), String> {
    run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&ws.root)
            .env("CARGO_TARGET_DIR", &ws.target)
            .args([
                "build",
                "--release",
                "--locked",
                "--package",
                "warmline-ffi",
                "--lib",
            ]),
    )?;
    // The release profile strips symbols; this is the size that ships.
    let library = host_library(&ws.target.join("release"));
    let bytes = fs::metadata(&library)
        .map_err(|e| format!("cannot read {}: {e}", library.display()))?
        .len();
    println!(
        "lib{LIBRARY_NAME} (release, stripped, {}): {bytes} bytes ({:.2} MiB)",
        std::env::consts::ARCH,
        bytes as f64 / (1024.0 * 1024.0)
    );
    Ok(())
}

//! Generates the Kotlin and Swift bindings from the built library (uniffi library mode).
//!
//! Output goes to `target/bindings/`; the Swift files are also copied into the
//! WarmlineKit package's targets (git-ignored there), since SwiftPM only compiles sources
//! inside the package.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::process::run;
use crate::workspace::Workspace;

pub const LIBRARY_NAME: &str = "warmline_ffi";

pub fn host_library(dir: &Path) -> std::path::PathBuf {
    let file = if cfg!(target_os = "macos") {
        format!("lib{LIBRARY_NAME}.dylib")
    } else {
        format!("lib{LIBRARY_NAME}.so")
    };
    dir.join(file)
}

pub fn generate(ws: &Workspace) -> Result<(), String> {
    let library = host_library(&ws.debug_dir());
    let bindgen = ws.debug_dir().join("uniffi-bindgen");
    if !library.is_file() || !bindgen.is_file() {
        crate::rust::build(ws)?;
    }
    let out = ws.bindings_dir();
    for language in ["kotlin", "swift"] {
        let dir = out.join(language);
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
        }
        run(Command::new(&bindgen)
            .current_dir(&ws.root)
            .args([
                "generate",
                "--no-format",
                "--language",
                language,
                "--library",
            ])
            .arg(&library)
            .arg("--out-dir")
            .arg(&dir))?;
    }
    install_into_swift_package(ws)
}

fn install_into_swift_package(ws: &Workspace) -> Result<(), String> {
    let generated = ws.bindings_dir().join("swift");
    let package = ws.swift_package().join("Sources");
    copy(
        &generated.join("WarmlineFFI.h"),
        &package.join("WarmlineFFI/WarmlineFFI.h"),
    )?;
    copy(
        &generated.join("WarmlineCore.swift"),
        &package.join("WarmlineCore/WarmlineCore.swift"),
    )
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

//! `cargo xtask xcframework`: the Rust core as the XCFramework WarmlineKit's binary
//! target links on Apple platforms (`ios/WarmlineKit/Package.swift`).
//!
//! Builds `warmline-ffi` as a release static library for the iPhone
//! (`aarch64-apple-ios`), the simulator on Apple silicon and on Intel
//! (`aarch64-apple-ios-sim`, `x86_64-apple-ios`, one fat library by `lipo`) and the Mac
//! (both architectures, so `swift test` of the kit links on a Mac too), generates the
//! bindings, and packs libraries and header into
//! `ios/WarmlineKit/Frameworks/WarmlineFFI.xcframework` (git-ignored). Needs macOS with
//! Xcode's command line tools (`xcodebuild`, `lipo`); Linux keeps linking the host
//! library, as `cargo xtask test` does.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bindings::{self, LIBRARY_NAME};
use crate::process::run;
use crate::workspace::Workspace;

/// One slice of the XCFramework: the Rust targets lipo'd into it.
const SLICES: [(&str, &[&str]); 3] = [
    ("ios", &["aarch64-apple-ios"]),
    (
        "ios-simulator",
        &["aarch64-apple-ios-sim", "x86_64-apple-ios"],
    ),
    ("macos", &["aarch64-apple-darwin", "x86_64-apple-darwin"]),
];

pub fn build(ws: &Workspace) -> Result<(), String> {
    if !cfg!(target_os = "macos") {
        return Err(
            "cargo xtask xcframework runs on macOS only: it needs Xcode's xcodebuild and \
             lipo and Apple's SDKs. On Linux WarmlineKit links the host library (cargo xtask \
             test); build the iPhone app on a Mac (docs/ios.md)"
                .into(),
        );
    }
    let targets: Vec<&str> = SLICES.iter().flat_map(|(_, t)| t.iter().copied()).collect();
    run(Command::new("rustup")
        .args(["target", "add"])
        .args(&targets))?;
    for target in &targets {
        run(cargo(ws).args([
            "build",
            "--release",
            "--locked",
            "-p",
            "warmline-ffi",
            "--target",
            target,
        ]))?;
    }
    bindings::generate(ws)?;

    let work = ws.target.join("xcframework");
    let headers = headers(ws, &work)?;
    let mut create = Command::new("xcodebuild");
    create.arg("-create-xcframework");
    for (slice, targets) in SLICES {
        create
            .arg("-library")
            .arg(fat_library(ws, &work, slice, targets)?)
            .arg("-headers")
            .arg(&headers);
    }
    let output = ws
        .swift_package()
        .join("Frameworks/WarmlineFFI.xcframework");
    if output.exists() {
        fs::remove_dir_all(&output)
            .map_err(|e| format!("cannot remove {}: {e}", output.display()))?;
    }
    run(create.arg("-output").arg(&output))?;
    eprintln!("built {}", output.display());
    Ok(())
}

fn cargo(ws: &Workspace) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(&ws.root)
        .env("CARGO_TARGET_DIR", &ws.target);
    cmd
}

/// The generated C header with a module map naming the module `WarmlineFFI`, as the
/// generated Swift imports it (the XCFramework links the library itself).
fn headers(ws: &Workspace, work: &Path) -> Result<PathBuf, String> {
    let dir = work.join("headers");
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let header = ws.bindings_dir().join("swift/WarmlineFFI.h");
    fs::copy(&header, dir.join("WarmlineFFI.h"))
        .map_err(|e| format!("cannot copy {}: {e}", header.display()))?;
    fs::write(
        dir.join("module.modulemap"),
        "module WarmlineFFI {\n    header \"WarmlineFFI.h\"\n    export *\n}\n",
    )
    .map_err(|e| format!("cannot write the module map: {e}"))?;
    Ok(dir)
}

/// The slice's static library: the one target's, or its targets' joined by `lipo`.
fn fat_library(
    ws: &Workspace,
    work: &Path,
    slice: &str,
    targets: &[&str],
) -> Result<PathBuf, String> {
    let file = format!("lib{LIBRARY_NAME}.a");
    let built = |target: &str| ws.target.join(target).join("release").join(&file);
    if let [only] = targets {
        return Ok(built(only));
    }
    let dir = work.join(slice);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let fat = dir.join(&file);
    let mut lipo = Command::new("lipo");
    lipo.arg("-create");
    for target in targets {
        lipo.arg(built(target));
    }
    run(lipo.arg("-output").arg(&fat))?;
    Ok(fat)
}

//! The Swift tests: `swift test` on the WarmlineKit package, linked against the Rust
//! static library.
//!
//! On Linux, Swift runs inside a Debian 13 chroot (see `install.rs`). The workspace and
//! target directory are bind-mounted at the same paths inside it, so every path means
//! the same thing on both sides; every mount is undone when the guard drops, and stale
//! mounts from an interrupted run are cleared first.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bindings::LIBRARY_NAME;
use crate::install::{SwiftToolchain, Tools};
use crate::process::{path_str, run, run_captured};
use crate::summary::{parse_swift, Counts};
use crate::workspace::Workspace;
use crate::xlang::SharedServer;

pub fn test(ws: &Workspace, tools: &Tools, shared: &SharedServer) -> Result<Counts, String> {
    let link_dir = static_library_dir(ws)?;
    let script = format!(
        "cd '{package}' && WARMLINE_SCENARIOS='{scenarios}' WARMLINE_SERVER='{server}' WARMLINE_XLANG_SERVER='{xlang}' WARMLINE_XLANG_CODE='{code}' swift test --scratch-path '{scratch}' -Xlinker -L'{link}' 2>&1",
        package = path_str(&ws.swift_package())?,
        scenarios = path_str(&ws.root.join("tests/scenarios"))?,
        server = path_str(&ws.debug_dir().join("warmline-server"))?,
        xlang = shared.url,
        code = shared.swift_code,
        scratch = path_str(&ws.target.join("swift-build"))?,
        link = path_str(&link_dir)?,
    );
    let captured = match &tools.swift {
        SwiftToolchain::Native => run_captured(Command::new("sh").args(["-c", &script]))?,
        SwiftToolchain::Chroot(root) => {
            let _mounts = Mounts::for_workspace(root, ws)?;
            run_captured(
                Command::new("chroot")
                    .arg(root)
                    .args(["/bin/sh", "-c", &script]),
            )?
        }
    };
    let counts = parse_swift(&captured.output);
    if !captured.success && counts.failed == 0 {
        return Err("swift test failed before reporting results".into());
    }
    Ok(counts)
}

/// Runs the `WarmlineKitBench` executable (release) against the release library.
pub fn bench(ws: &Workspace, tools: &Tools) -> Result<(), String> {
    let link_dir = library_dir(ws, "swift-link-release", &ws.target.join("release"))?;
    let script = format!(
        "cd '{package}' && swift run -c release --scratch-path '{scratch}' -Xlinker -L'{link}' WarmlineKitBench 2>&1",
        package = path_str(&ws.swift_package())?,
        scratch = path_str(&ws.target.join("swift-bench"))?,
        link = path_str(&link_dir)?,
    );
    match &tools.swift {
        SwiftToolchain::Native => run(Command::new("sh").args(["-c", &script])),
        SwiftToolchain::Chroot(root) => {
            let _mounts = Mounts::for_workspace(root, ws)?;
            in_chroot(root, &script)
        }
    }
}

/// A folder holding only the static library, so the linker cannot pick the `.so`.
fn static_library_dir(ws: &Workspace) -> Result<PathBuf, String> {
    library_dir(ws, "swift-link", &ws.debug_dir())
}

fn library_dir(ws: &Workspace, name: &str, from: &Path) -> Result<PathBuf, String> {
    let dir = ws.target.join(name);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let file = format!("lib{LIBRARY_NAME}.a");
    let link = dir.join(&file);
    let _ = fs::remove_file(&link);
    std::os::unix::fs::symlink(from.join(&file), &link)
        .map_err(|e| format!("cannot link {}: {e}", link.display()))?;
    Ok(dir)
}

/// Runs `script` with `/bin/sh` inside the chroot at `root`.
pub fn in_chroot(root: &Path, script: &str) -> Result<(), String> {
    run(Command::new("chroot")
        .arg(root)
        .args(["/bin/sh", "-c", script]))
}

/// Mounts into a chroot, undone in reverse order on drop.
#[derive(Debug)]
pub struct Mounts {
    points: Vec<PathBuf>,
}

impl Mounts {
    /// `/proc` and `/dev`: enough for apt and the Swift toolchain.
    pub fn system(root: &Path) -> Result<Self, String> {
        unmount_all_under(root)?;
        let mut mounts = Self { points: Vec::new() };
        mounts.mount(&["-t", "proc", "proc"], root.join("proc"))?;
        mounts.bind(Path::new("/dev"), root)?;
        Ok(mounts)
    }

    /// The system mounts plus the workspace and target directory at their own paths.
    pub(crate) fn for_workspace(root: &Path, ws: &Workspace) -> Result<Self, String> {
        let mut mounts = Self::system(root)?;
        mounts.bind(&ws.root, root)?;
        if !ws.target.starts_with(&ws.root) {
            fs::create_dir_all(&ws.target).map_err(|e| format!("{}: {e}", ws.target.display()))?;
            mounts.bind(&ws.target, root)?;
        }
        Ok(mounts)
    }

    fn bind(&mut self, host: &Path, root: &Path) -> Result<(), String> {
        let inside = root.join(
            host.strip_prefix("/")
                .map_err(|_| "paths must be absolute")?,
        );
        self.mount(&["--bind", path_str(host)?], inside)
    }

    fn mount(&mut self, args: &[&str], point: PathBuf) -> Result<(), String> {
        fs::create_dir_all(&point)
            .map_err(|e| format!("cannot create {}: {e}", point.display()))?;
        run(Command::new("mount").args(args).arg(&point))?;
        self.points.push(point);
        Ok(())
    }
}

impl Drop for Mounts {
    fn drop(&mut self) {
        for point in self.points.iter().rev() {
            if let Err(err) = run(Command::new("umount").arg(point)) {
                eprintln!("warning: {err}; trying a lazy unmount");
                let _ = run(Command::new("umount").arg("-l").arg(point));
            }
        }
    }
}

/// Unmounts whatever an interrupted run left mounted under `root`, deepest first.
pub fn unmount_all_under(root: &Path) -> Result<(), String> {
    let table = fs::read_to_string("/proc/mounts").unwrap_or_default();
    let mut stale: Vec<&str> = table
        .lines()
        .filter_map(|line| line.split_whitespace().nth(1))
        .filter(|point| Path::new(point).starts_with(root))
        .collect();
    stale.sort_by_key(|point| std::cmp::Reverse(point.len()));
    for point in stale {
        run(Command::new("umount").arg("-l").arg(point))?;
    }
    Ok(())
}

//! Installs the toolchains the Kotlin and Swift tests need, once, into the cache, and
//! the PostgreSQL server the sync server's tests start throwaway clusters of.
//!
//! Everything comes from the registries these machines reach: the Kotlin compiler from
//! npm (`kotlin-compiler`), JNA, JUnit 5 and PostgreSQL from Debian, and Swift 6 from
//! Debian 13 in a debootstrapped chroot (Debian 12 has no Swift). Each step checks for
//! its result first, so a second run installs nothing. On macOS the native Swift
//! toolchain is used instead.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{on_path, path_str, run};
use crate::workspace::Workspace;

pub const KOTLIN_VERSION: &str = "2.4.20";
const DEBIAN_SUITE: &str = "trixie";
const JNA_JAR: &str = "/usr/share/java/jna.jar";
const JUNIT_CONSOLE_JAR: &str = "/usr/share/java/junit-platform-console-standalone.jar";

/// Where each installed tool is.
#[derive(Debug, Clone)]
pub struct Tools {
    /// The Kotlin distribution (`bin/kotlinc`, `lib/*.jar`).
    pub kotlin_home: PathBuf,
    pub jna_jar: PathBuf,
    pub junit_console_jar: PathBuf,
    pub swift: SwiftToolchain,
}

#[derive(Debug, Clone)]
pub enum SwiftToolchain {
    /// `swift` on the PATH (macOS, or a Linux machine that has it).
    Native,
    /// A Debian 13 root with Swift installed, entered with chroot.
    Chroot(PathBuf),
}

pub fn ensure_all(ws: &Workspace) -> Result<Tools, String> {
    fs::create_dir_all(&ws.cache)
        .map_err(|e| format!("cannot create {}: {e}", ws.cache.display()))?;
    let mut apt = Apt::default();
    if !on_path("java") {
        apt.install(&["default-jre-headless"])?;
    }
    if !Path::new(JNA_JAR).is_file() || !Path::new(JUNIT_CONSOLE_JAR).is_file() {
        apt.install(&["libjna-java", "junit5"])?;
    }
    ensure_postgres_with(&mut apt)?;
    let kotlin_home = ensure_kotlin(ws)?;
    let swift = ensure_swift(ws, &mut apt)?;
    Ok(Tools {
        kotlin_home,
        jna_jar: JNA_JAR.into(),
        junit_console_jar: JUNIT_CONSOLE_JAR.into(),
        swift,
    })
}

/// PostgreSQL's server binaries (`initdb`, `pg_ctl`), which the server's tests run a
/// throwaway cluster with (`server/tests/support/postgres.rs`); `cargo xtask postgres`.
pub fn ensure_postgres() -> Result<(), String> {
    ensure_postgres_with(&mut Apt::default())
}

fn ensure_postgres_with(apt: &mut Apt) -> Result<(), String> {
    if postgres_installed() {
        return Ok(());
    }
    apt.install(&["postgresql"])?;
    if postgres_installed() {
        Ok(())
    } else {
        Err("apt-get installed postgresql, yet no initdb is in /usr/lib/postgresql/*/bin or on the PATH".into())
    }
}

/// Whether `initdb` is where the server's tests look for it.
fn postgres_installed() -> bool {
    let debian = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .any(|version| version.path().join("bin/initdb").is_file());
    debian || on_path("initdb")
}

fn ensure_kotlin(ws: &Workspace) -> Result<PathBuf, String> {
    let prefix = ws.cache.join(format!("kotlin-{KOTLIN_VERSION}"));
    let home = prefix.join("node_modules/kotlin-compiler");
    if home.join("bin/kotlinc").is_file() {
        return Ok(home);
    }
    if !on_path("npm") {
        return Err("the Kotlin compiler comes from npm, and npm is not installed".into());
    }
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&prefix)
        .arg(format!("kotlin-compiler@{KOTLIN_VERSION}")))?;
    if home.join("bin/kotlinc").is_file() {
        Ok(home)
    } else {
        Err(format!(
            "npm installed kotlin-compiler but {} is missing",
            home.join("bin/kotlinc").display()
        ))
    }
}

fn ensure_swift(ws: &Workspace, apt: &mut Apt) -> Result<SwiftToolchain, String> {
    if cfg!(target_os = "macos")
        || (on_path("swift") && std::env::var_os("WARMLINE_SWIFT_CHROOT").is_none())
    {
        return Ok(SwiftToolchain::Native);
    }
    let root = ws.cache.join(format!("swift-{DEBIAN_SUITE}"));
    // `usr/bin/swift` is an absolute symlink inside the chroot: test the link itself.
    if fs::symlink_metadata(root.join("usr/bin/swift")).is_ok() {
        return Ok(SwiftToolchain::Chroot(root));
    }
    if !is_root() {
        return Err("Swift on Linux runs in a Debian 13 chroot, which needs root (or install swift on the PATH)".into());
    }
    if !on_path("debootstrap") {
        apt.install(&["debootstrap"])?;
    }
    // Build in a scratch folder and rename at the end, so an interrupted install is
    // never mistaken for a finished one.
    let partial = ws.cache.join(format!("swift-{DEBIAN_SUITE}.partial"));
    crate::swift::unmount_all_under(&partial)?;
    if partial.exists() {
        fs::remove_dir_all(&partial)
            .map_err(|e| format!("cannot clear {}: {e}", partial.display()))?;
    }
    run(Command::new("debootstrap")
        .args(["--variant=minbase", DEBIAN_SUITE])
        .arg(&partial))?;
    fs::copy("/etc/resolv.conf", partial.join("etc/resolv.conf"))
        .map_err(|e| format!("cannot copy resolv.conf into the chroot: {e}"))?;
    {
        let _mounts = crate::swift::Mounts::system(&partial)?;
        crate::swift::in_chroot(
            &partial,
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
             --no-install-recommends swiftlang libc6-dev libstdc++-14-dev",
        )?;
    }
    fs::rename(&partial, &root)
        .map_err(|e| format!("cannot move the finished chroot into place: {e}"))?;
    Ok(SwiftToolchain::Chroot(root))
}

/// Debian packages, with one `apt-get update` before the first install of a run.
#[derive(Debug, Default)]
struct Apt {
    updated: bool,
}

impl Apt {
    fn install(&mut self, packages: &[&str]) -> Result<(), String> {
        if !on_path("apt-get") {
            return Err(format!(
                "{} must be installed (no apt-get here to do it)",
                packages.join(", ")
            ));
        }
        let sudo = if is_root() { None } else { Some("sudo") };
        if !self.updated {
            run(command(sudo, "apt-get").args(["update", "-qq"]))?;
            self.updated = true;
        }
        run(command(sudo, "apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages))
    }
}

fn command(sudo: Option<&str>, program: &str) -> Command {
    match sudo {
        Some(sudo) => {
            let mut cmd = Command::new(sudo);
            cmd.arg(program);
            cmd
        }
        None => Command::new(program),
    }
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

/// The classpath entries of the Kotlin distribution the tests need.
pub fn kotlin_jars(tools: &Tools, names: &[&str]) -> Result<Vec<String>, String> {
    names
        .iter()
        .map(|name| {
            let jar = tools.kotlin_home.join("lib").join(name);
            if jar.is_file() {
                path_str(&jar).map(str::to_owned)
            } else {
                Err(format!(
                    "{} is missing from the Kotlin distribution",
                    jar.display()
                ))
            }
        })
        .collect()
}

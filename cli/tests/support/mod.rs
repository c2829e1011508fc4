//! Shared by the command's tests: running the built `warmline` binary on a throwaway
//! database, a `warmline serve` child process, and phones (the real core) syncing with
//! it over HTTP.
#![allow(dead_code)] // each test binary uses part of it

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use warmline_core::{Clock, DeviceSettings, Warmline};

pub const BINARY: &str = env!("CARGO_BIN_EXE_warmline");

/// A folder holding one server database, used by every command of a test.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn database(&self) -> PathBuf {
        self.path().join("team.db")
    }

    /// `warmline --database <ours> ARGS...`, run to the end.
    pub fn warmline(&self, args: &[&str]) -> Output {
        command(&self.database(), args).output().unwrap()
    }

    /// Like [`warmline`](Self::warmline), insisting on success; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.warmline(args);
        assert!(
            output.status.success(),
            "warmline {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Creates a team and returns its id.
    pub fn team(&self, name: &str) -> String {
        self.ok(&["team", "create", name]).trim().to_owned()
    }

    /// Adds a rep and returns their enrolment code.
    pub fn rep(&self, team: &str, name: &str) -> String {
        enrolment_code(&self.ok(&["rep", "add", "--team", team, name]))
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Starts `warmline serve` on a free port of loopback.
    pub fn serve(&self) -> Server {
        let mut child = command(&self.database(), &["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Server { url, child }
    }
}

/// The command with a clean environment: no WARMLINE_* setting of the machine leaks in.
fn command(database: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BINARY);
    for (name, _) in std::env::vars() {
        if name.starts_with("WARMLINE_") {
            command.env_remove(name);
        }
    }
    command
        .env("NO_COLOR", "1")
        .arg("--database")
        .arg(database)
        .args(args);
    command
}

/// The code on the `Enrolment code: K7QM-2XHP-9TRA` line.
pub fn enrolment_code(output: &str) -> String {
    output
        .lines()
        .find_map(|l| l.strip_prefix("Enrolment code: "))
        .unwrap_or_else(|| panic!("no enrolment code in {output:?}"))
        .trim()
        .to_owned()
}

/// A running `warmline serve`, stopped when dropped.
pub struct Server {
    pub url: String,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `warmline ARGS` with `input` on stdin, killing it after `limit`. Returns the
/// output and how long it ran.
pub fn run_within(args: &[&str], input: &str, limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = Command::new(BINARY)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || {
        // The demo may finish before reading everything; a closed pipe is fine.
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = Vec::new();
        stdout.read_to_end(&mut text).unwrap();
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = Vec::new();
        stderr.read_to_end(&mut text).unwrap();
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("warmline {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    writer.join().unwrap();
    let output = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (output, started.elapsed())
}

/// The `warmline` command's blocking client (one implementation for the CLI and the tests).
#[path = "../../src/http.rs"]
mod http;
#[allow(unused_imports)] // not every test binary syncs a phone
pub use http::Ureq;

/// A rep's phone: the core on its own store, enrolled on `server` with `code`.
pub struct Phone {
    pub core: Warmline,
    url: String,
    token: String,
}

impl Phone {
    pub fn enrol(dir: &Path, server: &Server, code: &str, clock: Arc<dyn Clock>) -> Self {
        let device = DeviceSettings {
            time_zone: "America/New_York".into(),
            rep_first_name: Some("Ann".into()),
        };
        let core = Warmline::open(dir.join("phone.db"), device, clock).unwrap();
        let enrolment = warmline_core::sync::enrol(&Ureq, &server.url, code, "test phone").unwrap();
        Self {
            core,
            url: server.url.clone(),
            token: enrolment.token,
        }
    }

    pub fn sync(&self) {
        self.try_sync().unwrap();
    }

    pub fn try_sync(&self) -> warmline_core::Result<warmline_core::sync::SyncReport> {
        self.core.sync(&Ureq, &self.url, &self.token)
    }
}

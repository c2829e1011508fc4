//! One sync server shared by the Kotlin and Swift suites, so a Kotlin client and a Swift
//! client can see each other's notes in one test run (the two suites run side by side).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::process::path_str;
use crate::workspace::Workspace;

/// A running `warmline-server` with one team and two enrolment codes.
#[derive(Debug)]
pub struct SharedServer {
    pub url: String,
    pub kotlin_code: String,
    pub swift_code: String,
    child: Child,
}

impl SharedServer {
    pub fn start(ws: &Workspace) -> Result<Self, String> {
        let dir = ws.target.join("xlang");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let binary = ws.debug_dir().join("warmline-server");
        let database = dir.join("server.db");
        let team = admin(&binary, &database, &["team-create", "Cross-language"])?;
        let kotlin_code = admin(&binary, &database, &["rep-add", "--team", &team, "Kotlin"])?;
        let swift_code = admin(&binary, &database, &["rep-add", "--team", &team, "Swift"])?;
        let mut child = Command::new(&binary)
            .args([
                "--listen",
                "127.0.0.1:0",
                "--database",
                path_str(&database)?,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut line = String::new();
        let stdout = child.stdout.take().ok_or("no stdout from the server")?;
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .ok_or("the server did not say where it listens")?
            .to_owned();
        Ok(Self {
            url,
            kotlin_code,
            swift_code,
            child,
        })
    }
}

impl Drop for SharedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn admin(binary: &Path, database: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new(binary)
        .arg("--database")
        .arg(database)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "warmline-server {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

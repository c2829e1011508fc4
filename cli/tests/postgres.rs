//! The manager's commands on PostgreSQL (`--database-url`): the same team, rep, import,
//! queue and report as on the embedded SQLite file, against a throwaway cluster (the
//! server tests' own, `server/tests/support/postgres.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

#[path = "../../server/tests/support/postgres.rs"]
mod postgres;

use std::process::{Command, Output};

use serde_json::Value;

const BINARY: &str = env!("CARGO_BIN_EXE_warmline");

struct Pg {
    url: String,
    replicas: tempfile::TempDir,
}

impl Pg {
    fn run(&self, args: &[&str]) -> Output {
        let mut command = Command::new(BINARY);
        for (name, _) in std::env::vars() {
            if name.starts_with("WARMLINE_") {
                command.env_remove(name);
            }
        }
        command
            .args(["--database-url", &self.url, "--data-dir"])
            .arg(self.replicas.path())
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "warmline {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

#[test]
fn a_team_imports_and_reports_on_postgresql() {
    let pg = Pg {
        url: postgres::fresh_database(),
        replicas: tempfile::tempdir().unwrap(),
    };
    pg.ok(&["team", "create", "Solar North"]);
    let code = pg.ok(&["rep", "add", "--team", "Solar North", "Pat Reyes"]);
    assert!(code.contains('-'), "an enrolment code: {code}");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("leads.csv");
    std::fs::write(
        &csv,
        "Name,Phone,Ad Name\n\
         Ann Lee,(415) 555-2671,Solar for farms - autumn\n\
         Bo Chen,,\n\
         Cy Diaz,+1 312 555 0143,Heat pumps - winter\n",
    )
    .unwrap();
    let output = pg.run(&["import", "--team", "Solar North", csv.to_str().unwrap()]);
    assert!(output.status.success());
    let summary = String::from_utf8(output.stdout).unwrap();
    assert!(
        summary.contains("line 3"),
        "the bad row, by its line: {summary}"
    );

    let queue: Value = serde_json::from_str(&pg.ok(&[
        "queue",
        "--team",
        "Solar North",
        "--rep",
        "Pat Reyes",
        "--json",
    ]))
    .unwrap();
    let mut names: Vec<&str> = queue["queue"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Ann Lee", "Cy Diaz"]);

    let report: Value =
        serde_json::from_str(&pg.ok(&["report", "--team", "Solar North", "--json"])).unwrap();
    assert_eq!(report["leads"], 2, "{report}");

    let unknown = pg.run(&["queue", "--team", "Nowhere", "--rep", "Pat Reyes"]);
    assert!(!unknown.status.success());
    assert_eq!(String::from_utf8_lossy(&unknown.stderr).lines().count(), 1);
}

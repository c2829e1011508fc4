//! Nothing acknowledged is lost to a process kill.
//!
//! A child process records leads, calls, notes and outcomes in a loop and prints a line after
//! each write returns; it is killed with SIGKILL at pseudo-random moments, 200 times over
//! the same database. After each kill, every write it acknowledged must be in the store,
//! and the database must pass SQLite's integrity check.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const ROUNDS: u64 = 200;

/// A small deterministic generator: the same kill schedule on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[derive(Default)]
struct Acknowledged {
    leads: Vec<String>,
    attempts: Vec<(String, String)>,
    outcomes: Vec<(String, String)>,
    notes: Vec<String>,
}

fn run_and_kill(db: &Path, first: u64, alive_for: Duration) -> Acknowledged {
    let mut child = Command::new(env!("CARGO_BIN_EXE_warmline-crash-writer"))
        .arg(db)
        .arg(first.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the writer");
    let stdout = child.stdout.take().expect("stdout");
    let (lines_tx, lines_rx) = mpsc::channel();
    let reader = thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    // Wait until the writer is up, then let it write for a while and kill it mid-stream.
    let ready = lines_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("writer ready");
    assert_eq!(ready, "ready");
    thread::sleep(alive_for);
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    reader.join().expect("reader");
    let mut acked = Acknowledged::default();
    for line in lines_rx.try_iter() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["lead", id] => acked.leads.push((*id).to_owned()),
            ["attempt", attempt, lead] => acked
                .attempts
                .push(((*attempt).to_owned(), (*lead).to_owned())),
            ["note", id] => acked.notes.push((*id).to_owned()),
            ["outcome", attempt, outcome] => acked
                .outcomes
                .push(((*attempt).to_owned(), (*outcome).to_owned())),
            other => panic!("unexpected line {other:?}"),
        }
    }
    acked
}

fn verify(db: &Path, acked: &Acknowledged, round: u64) {
    let conn = rusqlite::Connection::open(db).expect("open after the kill");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok", "round {round}");
    for id in &acked.leads {
        let found: i64 = conn
            .query_row("SELECT count(*) FROM leads WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(found, 1, "round {round}: acknowledged lead {id} is missing");
    }
    for (attempt, lead) in &acked.attempts {
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM attempts WHERE id = ?1 AND lead_id = ?2",
                [attempt, lead],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            found, 1,
            "round {round}: acknowledged attempt {attempt} is missing"
        );
    }
    for id in &acked.notes {
        let found: i64 = conn
            .query_row("SELECT count(*) FROM notes WHERE uid = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(found, 1, "round {round}: acknowledged note {id} is missing");
    }
    for (attempt, outcome) in &acked.outcomes {
        let stored: Option<String> = conn
            .query_row(
                "SELECT outcome FROM attempts WHERE id = ?1",
                [attempt],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            stored.as_deref(),
            Some(outcome.as_str()),
            "round {round}: outcome of {attempt} lost"
        );
    }
}

#[test]
fn acknowledged_writes_survive_sigkill_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let mut rng = Lcg(0x5eed);
    let mut total = 0;
    for round in 0..ROUNDS {
        let alive_for = Duration::from_micros(2_000 + rng.next() % 40_000);
        let acked = run_and_kill(&db, round * 100_000, alive_for);
        verify(&db, &acked, round);
        total +=
            acked.leads.len() + acked.attempts.len() + acked.outcomes.len() + acked.notes.len();
    }
    eprintln!("{ROUNDS} kills, {total} acknowledged writes checked");
    assert!(
        total > ROUNDS as usize,
        "the writer acknowledged only {total} writes in {ROUNDS} rounds"
    );
}

//! A database written by the previous server release (schema without routing, no
//! `user_version`) opens in this one: its changes are kept, its leads routed by their
//! assignments, and new changes are numbered after the old ones. A file from a newer
//! server is refused instead of misread.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

use std::time::Duration;

use rusqlite::{params, Connection};
use warmline_server::storage::{SqliteStorage, Storage};
use warmline_server::ServerError;

/// The previous release's schema, verbatim.
const PREVIOUS: &str = "
CREATE TABLE IF NOT EXISTS teams (
    id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS reps (
    id TEXT PRIMARY KEY NOT NULL, team_id TEXT NOT NULL REFERENCES teams (id),
    name TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS enrolment_codes (
    code_hash TEXT PRIMARY KEY NOT NULL, rep_id TEXT NOT NULL REFERENCES reps (id),
    expires_at INTEGER NOT NULL, used_at INTEGER) STRICT;
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY NOT NULL, team_id TEXT NOT NULL REFERENCES teams (id),
    rep_id TEXT NOT NULL REFERENCES reps (id), name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, revoked_at INTEGER) STRICT;
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, team_id TEXT NOT NULL REFERENCES teams (id),
    change_id TEXT NOT NULL, device_id TEXT NOT NULL, body TEXT NOT NULL,
    received_at INTEGER NOT NULL, UNIQUE (team_id, change_id)) STRICT;
CREATE INDEX IF NOT EXISTS changes_team ON changes (team_id, seq);
";

const STAMP: &str = "0001764255600000-0000000000-phone";

/// A previous-release file with one team, reps Sam and Ana (Ana's code unused), and
/// three changes: Sam's lead, a note on it, an unassigned lead.
fn previous_release_file(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(PREVIOUS).unwrap();
    conn.execute_batch(
        "INSERT INTO teams VALUES ('team', 'Brightside', 0);
         INSERT INTO reps VALUES ('sam', 'team', 'Sam', 0), ('ana', 'team', 'Ana', 0);",
    )
    .unwrap();
    let code = "ANACODE12345";
    conn.execute(
        "INSERT INTO enrolment_codes VALUES (?1, 'ana', ?2, NULL)",
        params![warmline_server::auth::hash_secret(code), i64::MAX],
    )
    .unwrap();
    let bodies = [
        format!(
            r#"{{"id":"f1","lead_id":"0190e7a0-0000-7000-8000-00000000005a","stamp":"{STAMP}","type":"fields","fields":{{"first_name":"Ann","assigned_to":"sam"}}}}"#
        ),
        format!(
            r#"{{"id":"n1","lead_id":"0190e7a0-0000-7000-8000-00000000005a","stamp":"{STAMP}","type":"record","kind":"note","record":"n1","body":"hers"}}"#
        ),
        format!(
            r#"{{"id":"f2","lead_id":"0190e7a0-0000-7000-8000-0000000000b0","stamp":"{STAMP}","type":"fields","fields":{{"first_name":"Bob","assigned_to":null}}}}"#
        ),
    ];
    for (id, body) in ["f1", "n1", "f2"].iter().zip(bodies) {
        conn.execute(
            "INSERT INTO changes (team_id, change_id, device_id, body, received_at)
             VALUES ('team', ?1, 'old-phone', ?2, 0)",
            params![id, body],
        )
        .unwrap();
    }
}

#[tokio::test]
async fn a_previous_release_database_opens_with_its_data_routed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.db");
    previous_release_file(&path);
    let storage = SqliteStorage::open(&path).unwrap();
    let (ana, _) = storage.enrol("ANACODE12345", "Ana's phone").await.unwrap();
    let page = storage.pull(&ana, 0, 100).await.unwrap();
    let ids: Vec<&str> = page.changes.iter().map(|c| c.change.id.as_str()).collect();
    assert_eq!(
        ids,
        ["f2"],
        "Sam's lead, assigned before the upgrade, stays Sam's"
    );
    assert_eq!(page.cursor, 3);

    let code = storage
        .issue_code("team", "sam", Duration::from_secs(60))
        .await
        .unwrap();
    let (sam, _) = storage.enrol(&code, "Sam's phone").await.unwrap();
    let sams = storage.pull(&sam, 0, 100).await.unwrap().changes;
    let ids: Vec<&str> = sams.iter().map(|c| c.change.id.as_str()).collect();
    assert_eq!(ids, ["f1", "n1", "f2"]);
    let outcome = storage
        .push(&sam, vec![sams[1].change.clone()])
        .await
        .unwrap();
    assert_eq!(
        outcome.duplicates, 1,
        "old change ids still count as duplicates"
    );
    drop(storage);

    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 5, "upgraded through every step");
    drop(conn);
    let reopened = SqliteStorage::open(&path).unwrap();
    let note = warmline_core::sync::wire::Change {
        id: "n2".into(),
        lead_id: "0190e7a0-0000-7000-8000-0000000000b0".into(),
        stamp: STAMP.into(),
        body: warmline_core::sync::wire::ChangeBody::Record {
            kind: warmline_core::sync::wire::RecordKind::Note,
            record: "n2".into(),
            body: Some("after".into()),
            question: None,
            prompt: None,
        },
    };
    let pushed = reopened.push(&ana, vec![note]).await.unwrap();
    assert!(
        pushed.latest > 3,
        "new changes are numbered after the old ones"
    );
}

#[test]
fn a_database_from_a_newer_server_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.db");
    drop(SqliteStorage::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    match SqliteStorage::open(&path) {
        Err(ServerError::Storage(message)) => assert!(message.contains("newer"), "{message}"),
        other => panic!("opened a newer database: {other:?}"),
    }
}

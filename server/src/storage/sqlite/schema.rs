//! The SQLite schema, as numbered steps.
//!
//! `PRAGMA user_version` counts the steps a file has had; opening applies the missing
//! ones, each in one transaction with its version bump, so an interrupted upgrade leaves
//! the file at the previous version. Servers of the first release never set the version,
//! so step 1 is their schema written to be harmless on a file that already has it. A
//! file from a newer server is refused rather than misread. Never edit a shipped step:
//! add one.

use rusqlite::{Connection, Transaction};
use warmline_core::sync::wire::Change;

use super::{owner_of, store_owner};
use crate::error::ServerError;
use crate::storage::routing::handover;
use crate::storage::{stored_change, Result};

/// One step: SQL, then an optional data fix-up in Rust, in the same transaction.
struct Step {
    sql: &'static str,
    backfill: Option<fn(&Transaction<'_>) -> Result<()>>,
}

const STEPS: [Step; 5] = [
    Step {
        sql: INITIAL,
        backfill: None,
    },
    Step {
        sql: PER_REP_ROUTING,
        backfill: Some(backfill_owners),
    },
    Step {
        sql: LEAD_SOURCES,
        backfill: None,
    },
    Step {
        sql: TEAM_CONFIG,
        backfill: None,
    },
    Step {
        sql: DELIVERIES,
        backfill: None,
    },
];

/// The first release's schema.
const INITIAL: &str = "
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

/// Pulls filtered per rep (ADR 0004): each log row names its lead, copies of a lead's
/// history for a new owner (`copy_of`, so change ids are unique among originals only),
/// and who else must see an assignment (`notify_rep`, `notify_all`); each lead's owner.
const PER_REP_ROUTING: &str = "
CREATE TABLE changes_v2 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, team_id TEXT NOT NULL REFERENCES teams (id),
    change_id TEXT NOT NULL, lead_id TEXT NOT NULL, device_id TEXT NOT NULL,
    body TEXT NOT NULL, received_at INTEGER NOT NULL, copy_of INTEGER,
    notify_rep TEXT, notify_all INTEGER NOT NULL DEFAULT 0) STRICT;
INSERT INTO changes_v2 (seq, team_id, change_id, lead_id, device_id, body, received_at)
    SELECT seq, team_id, change_id, json_extract(body, '$.lead_id'), device_id, body,
           received_at
    FROM changes ORDER BY seq;
DROP TABLE changes;
ALTER TABLE changes_v2 RENAME TO changes;
CREATE UNIQUE INDEX changes_original ON changes (team_id, change_id) WHERE copy_of IS NULL;
CREATE INDEX changes_team ON changes (team_id, seq);
CREATE INDEX changes_lead ON changes (team_id, lead_id, seq);
CREATE TABLE lead_owners (
    team_id TEXT NOT NULL REFERENCES teams (id), lead_id TEXT NOT NULL, rep_id TEXT,
    stamp TEXT NOT NULL, PRIMARY KEY (team_id, lead_id)) STRICT;
";

/// Lead intake: each team's webhook sources and their secrets.
const LEAD_SOURCES: &str = "
CREATE TABLE lead_sources (
    id TEXT PRIMARY KEY NOT NULL, team_id TEXT NOT NULL REFERENCES teams (id),
    kind TEXT NOT NULL, name TEXT NOT NULL, secret TEXT NOT NULL,
    created_at INTEGER NOT NULL) STRICT;
";

/// Each team's published script and settings, and their version.
const TEAM_CONFIG: &str = "
CREATE TABLE team_config (
    team_id TEXT PRIMARY KEY NOT NULL REFERENCES teams (id), version INTEGER NOT NULL,
    script TEXT, settings TEXT, updated_at INTEGER NOT NULL) STRICT;
";

/// Brings the file's schema up to date.
/// Leads delivered by webhook, by the sender's id: a retried delivery is answered as the
/// first was and stores nothing.
const DELIVERIES: &str = "
CREATE TABLE deliveries (
    source_id TEXT NOT NULL REFERENCES lead_sources (id), external_id TEXT NOT NULL,
    lead_id TEXT NOT NULL, merged INTEGER NOT NULL, assigned_to TEXT,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (source_id, external_id));
";

pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > STEPS.len() {
        return Err(ServerError::Storage(format!(
            "the database is at schema version {version}, newer than this server's {}: \
             upgrade the server",
            STEPS.len()
        )));
    }
    for (index, step) in STEPS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(step.sql)?;
        if let Some(backfill) = step.backfill {
            backfill(&tx)?;
        }
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Each lead's owner from the assignment changes already in the log, merged in log order
/// (the merge does not depend on the order; the log's is as good as any).
fn backfill_owners(tx: &Transaction<'_>) -> Result<()> {
    let rows: Vec<(i64, String, String)> = tx
        .prepare("SELECT seq, team_id, body FROM changes ORDER BY seq")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (seq, team_id, body) in rows {
        let change: Change = stored_change(u64::try_from(seq).unwrap_or(0), &body)?;
        let Some(assigned) = change.body.assignment() else {
            continue;
        };
        let current = owner_of(tx, &team_id, &change.lead_id)?;
        if let Some(h) = handover(current.as_ref(), assigned, &change.stamp)? {
            store_owner(tx, &team_id, &change.lead_id, &h.owner)?;
        }
    }
    Ok(())
}

//! The PostgreSQL schema, as numbered steps recorded in `schema_version`.
//!
//! Every instance runs this at startup. One transaction holds an advisory lock while it
//! reads the version and applies the missing steps (DDL is transactional in PostgreSQL),
//! so instances starting together neither race nor half-apply a step; an up-to-date
//! database is left untouched. A database from a newer server is refused. Never edit a
//! shipped step: add one.

use super::Result;
use crate::error::ServerError;

/// Any fixed number; instances starting together queue on it.
const MIGRATION_LOCK: i64 = 0x7761_726d_6c69_6e65; // "warmline"

const STEPS: [&str; 4] = [INITIAL, LEAD_SOURCES, TEAM_CONFIG, DELIVERIES];

/// Teams (with the counter of their log), reps, codes, devices, the change log (copies
/// and notifications as in SQLite's step 2, ADR 0004) and each lead's owner.
const INITIAL: &str = "
CREATE TABLE teams (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL,
    last_seq BIGINT NOT NULL DEFAULT 0);
CREATE TABLE reps (
    id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams (id),
    name TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE enrolment_codes (
    code_hash TEXT PRIMARY KEY, rep_id TEXT NOT NULL REFERENCES reps (id),
    expires_at BIGINT NOT NULL, used_at BIGINT);
CREATE TABLE devices (
    id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams (id),
    rep_id TEXT NOT NULL REFERENCES reps (id), name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, revoked_at BIGINT);
CREATE TABLE changes (
    team_id TEXT NOT NULL REFERENCES teams (id), seq BIGINT NOT NULL,
    change_id TEXT NOT NULL, lead_id TEXT NOT NULL, device_id TEXT NOT NULL,
    body TEXT NOT NULL, received_at BIGINT NOT NULL, copy_of BIGINT,
    notify_rep TEXT, notify_all BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (team_id, seq));
CREATE UNIQUE INDEX changes_original ON changes (team_id, change_id) WHERE copy_of IS NULL;
CREATE INDEX changes_lead ON changes (team_id, lead_id, seq);
CREATE TABLE lead_owners (
    team_id TEXT NOT NULL REFERENCES teams (id), lead_id TEXT NOT NULL, rep_id TEXT,
    stamp TEXT NOT NULL, PRIMARY KEY (team_id, lead_id));
";

/// Lead intake: each team's webhook sources and their secrets.
const LEAD_SOURCES: &str = "
CREATE TABLE lead_sources (
    id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams (id),
    kind TEXT NOT NULL, name TEXT NOT NULL, secret TEXT NOT NULL,
    created_at BIGINT NOT NULL);
";

/// Each team's published script and settings, and their version.
const TEAM_CONFIG: &str = "
CREATE TABLE team_config (
    team_id TEXT PRIMARY KEY REFERENCES teams (id), version BIGINT NOT NULL,
    script TEXT, settings TEXT, updated_at BIGINT NOT NULL);
";

/// Leads delivered by webhook, by the sender's id: a retried delivery is answered as the
/// first was and stores nothing.
const DELIVERIES: &str = "
CREATE TABLE deliveries (
    source_id TEXT NOT NULL REFERENCES lead_sources (id), external_id TEXT NOT NULL,
    lead_id TEXT NOT NULL, merged BOOLEAN NOT NULL, assigned_to TEXT,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (source_id, external_id));
";

/// Brings the database's schema up to date.
pub(super) async fn migrate(client: &mut deadpool_postgres::Object) -> Result<()> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        .await?;
    let version: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])
        .await?
        .try_get(0)?;
    let known = i32::try_from(STEPS.len()).unwrap_or(i32::MAX);
    if version > known {
        return Err(ServerError::Storage(format!(
            "the database is at schema version {version}, newer than this server's {known}: \
             upgrade the server"
        )));
    }
    for (step, number) in STEPS
        .iter()
        .zip(1..)
        .skip(usize::try_from(version).unwrap_or(0))
    {
        tx.batch_execute(step).await?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&number],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

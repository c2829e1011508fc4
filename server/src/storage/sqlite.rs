//! The embedded SQLite backend: one file, zero setup.
//!
//! One connection behind a mutex, used from tokio's blocking pool so a slow disk never
//! stalls the async workers. WAL with `synchronous = FULL`: a push is acknowledged only
//! once it is on disk, so a server killed right after answering loses nothing.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use warmline_core::sync::wire::{Change, PullResponse, Sequenced};

use super::{Device, PushOutcome, Rep, Result, Storage};
use crate::auth::{hash_secret, new_enrolment_code, new_token};
use crate::error::ServerError;

const SCHEMA: &str = "
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

#[derive(Debug, Clone)]
pub struct SqliteStorage {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStorage {
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the connection on the blocking pool.
    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut conn)
        })
        .await
        .map_err(|e| ServerError::Storage(format!("storage task failed: {e}")))?
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Storage for SqliteStorage {
    async fn create_team(&self, name: &str) -> Result<String> {
        let name = checked_name("team name", name)?;
        self.with(move |conn| {
            let id = new_id();
            conn.execute(
                "INSERT INTO teams (id, name, created_at) VALUES (?1, ?2, ?3)",
                params![id, name, now_ms()],
            )?;
            Ok(id)
        })
        .await
    }

    async fn create_rep(
        &self,
        team_id: &str,
        name: &str,
        valid_for: Duration,
    ) -> Result<(Rep, String)> {
        let name = checked_name("rep name", name)?;
        let team_id = team_id.to_owned();
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let exists: Option<String> = tx
                .query_row("SELECT id FROM teams WHERE id = ?1", [&team_id], |r| {
                    r.get(0)
                })
                .optional()?;
            if exists.is_none() {
                return Err(ServerError::NotFound(format!("team {team_id}")));
            }
            let rep = Rep {
                id: new_id(),
                team_id,
                name,
            };
            tx.execute(
                "INSERT INTO reps (id, team_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![rep.id, rep.team_id, rep.name, now_ms()],
            )?;
            let code = new_enrolment_code()?;
            let expires = now_ms() + i64::try_from(valid_for.as_millis()).unwrap_or(i64::MAX / 2);
            tx.execute(
                "INSERT INTO enrolment_codes (code_hash, rep_id, expires_at) VALUES (?1, ?2, ?3)",
                params![hash_secret(&code), rep.id, expires],
            )?;
            tx.commit()?;
            Ok((rep, code))
        })
        .await
    }

    async fn enrol(&self, code: &str, device_name: &str) -> Result<(Device, String)> {
        let code_hash = hash_secret(code);
        let device_name = checked_name("device name", device_name)?;
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let rep: Option<(String, String)> = tx
                .query_row(
                    "SELECT r.id, r.team_id FROM enrolment_codes c JOIN reps r ON r.id = c.rep_id
                     WHERE c.code_hash = ?1 AND c.used_at IS NULL AND c.expires_at > ?2",
                    params![code_hash, now_ms()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (rep_id, team_id) = rep.ok_or(ServerError::BadEnrolmentCode)?;
            tx.execute("UPDATE enrolment_codes SET used_at = ?2 WHERE code_hash = ?1", params![code_hash, now_ms()])?;
            let token = new_token()?;
            let device = Device { id: new_id(), team_id, rep_id, name: device_name };
            tx.execute(
                "INSERT INTO devices (id, team_id, rep_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![device.id, device.team_id, device.rep_id, device.name, hash_secret(&token), now_ms()],
            )?;
            tx.commit()?;
            Ok((device, token))
        })
        .await
    }

    async fn authenticate(&self, token: &str) -> Result<Device> {
        let token_hash = hash_secret(token);
        self.with(move |conn| {
            conn.prepare_cached(
                "SELECT id, team_id, rep_id, name FROM devices WHERE token_hash = ?1 AND revoked_at IS NULL",
            )?
            .query_row([token_hash], |r| Ok(Device { id: r.get(0)?, team_id: r.get(1)?, rep_id: r.get(2)?, name: r.get(3)? }))
            .optional()?
            .ok_or(ServerError::BadToken)
        })
        .await
    }

    async fn revoke_device(&self, team_id: &str, device_id: &str) -> Result<()> {
        let (team_id, device_id) = (team_id.to_owned(), device_id.to_owned());
        self.with(move |conn| {
            let changed = conn.execute(
                "UPDATE devices SET revoked_at = ?3 WHERE id = ?1 AND team_id = ?2 AND revoked_at IS NULL",
                params![device_id, team_id, now_ms()],
            )?;
            if changed == 0 {
                return Err(ServerError::NotFound(format!("device {device_id} in this team")));
            }
            Ok(())
        })
        .await
    }

    async fn push(&self, device: &Device, changes: Vec<Change>) -> Result<PushOutcome> {
        let device = device.clone();
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let (mut accepted, mut duplicates) = (0, 0);
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO changes (team_id, change_id, device_id, body, received_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (team_id, change_id) DO NOTHING",
                )?;
                for change in &changes {
                    let body = serde_json::to_string(change).map_err(|e| ServerError::BadRequest(e.to_string()))?;
                    match insert.execute(params![device.team_id, change.id, device.id, body, now_ms()])? {
                        0 => duplicates += 1,
                        _ => accepted += 1,
                    }
                }
            }
            let latest = latest_seq(&tx, &device.team_id)?;
            tx.commit()?;
            Ok(PushOutcome { accepted, duplicates, latest })
        })
        .await
    }

    async fn pull(&self, device: &Device, since: u64, limit: usize) -> Result<PullResponse> {
        let (team_id, rep_id) = (device.team_id.clone(), device.rep_id.clone());
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT seq, device_id, body FROM changes WHERE team_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )?;
            let rows = stmt.query_map(
                params![team_id, i64::try_from(since).unwrap_or(i64::MAX), i64::try_from(limit + 1).unwrap_or(i64::MAX)],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
            )?;
            let mut changes = Vec::new();
            for row in rows {
                let (seq, device_id, body) = row?;
                let change: Change = serde_json::from_str(&body)
                    .map_err(|e| ServerError::Storage(format!("stored change {seq} is unreadable: {e}")))?;
                changes.push(Sequenced { seq: u64::try_from(seq).unwrap_or(0), device_id, change });
            }
            let more = changes.len() > limit;
            changes.truncate(limit);
            let cursor = changes.last().map_or(since, |c| c.seq);
            Ok(PullResponse { changes, cursor, more, rep_id })
        })
        .await
    }

    async fn latest(&self, team_id: &str) -> Result<u64> {
        let team_id = team_id.to_owned();
        self.with(move |conn| latest_seq(conn, &team_id)).await
    }
}

fn latest_seq(conn: &Connection, team_id: &str) -> Result<u64> {
    let seq: Option<i64> = conn.query_row(
        "SELECT max(seq) FROM changes WHERE team_id = ?1",
        [team_id],
        |r| r.get(0),
    )?;
    Ok(seq.and_then(|s| u64::try_from(s).ok()).unwrap_or(0))
}

fn checked_name(what: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 200 {
        return Err(ServerError::BadRequest(format!(
            "the {what} must be 1 to 200 characters"
        )));
    }
    Ok(name.to_owned())
}

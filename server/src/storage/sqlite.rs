//! The embedded SQLite backend: one file, zero setup.
//!
//! One connection behind a mutex, used from tokio's blocking pool so a slow disk never
//! stalls the async workers. WAL with `synchronous = FULL`: a push is acknowledged only
//! once it is on disk, so a server killed right after answering loses nothing. One
//! connection also means one writer: `seq` order is commit order without further care.

mod schema;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use tokio::sync::watch;
use warmline_core::sync::wire::{Change, PullResponse, Sequenced, TeamConfig, TeamSettingsDoc};

use super::routing::{handover, Handover, Notify, Owner};
use super::{
    change_json, checked_name, expiry, new_id, new_source_secret, now_ms, settings_json,
    stored_change, stored_settings, Delivered, Device, DeviceEntry, LeadSource, PushOutcome, Rep,
    Result, SourceKind, Storage, WHOLE_TEAM,
};
use crate::auth::{hash_secret, new_enrolment_code, new_token};
use crate::error::ServerError;
use crate::watchers::Watchers;

#[derive(Debug, Clone)]
pub struct SqliteStorage {
    conn: Arc<Mutex<Connection>>,
    watchers: Arc<Watchers>,
}

impl SqliteStorage {
    /// Opens (or creates) the database file and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            watchers: Arc::default(),
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
            let code = insert_code(&tx, &rep.id, valid_for)?;
            tx.commit()?;
            Ok((rep, code))
        })
        .await
    }

    async fn issue_code(&self, team_id: &str, rep_id: &str, valid_for: Duration) -> Result<String> {
        let (team_id, rep_id) = (team_id.to_owned(), rep_id.to_owned());
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let rep: Option<String> = tx
                .query_row(
                    "SELECT id FROM reps WHERE id = ?1 AND team_id = ?2",
                    [&rep_id, &team_id],
                    |r| r.get(0),
                )
                .optional()?;
            if rep.is_none() {
                return Err(ServerError::NotFound(format!("rep {rep_id} in this team")));
            }
            let code = insert_code(&tx, &rep_id, valid_for)?;
            tx.commit()?;
            Ok(code)
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
            let (device, revoked_at): (Device, Option<i64>) = conn.prepare_cached(
                "SELECT id, team_id, rep_id, name, revoked_at FROM devices WHERE token_hash = ?1",
            )?
            .query_row([token_hash], |r| Ok((Device { id: r.get(0)?, team_id: r.get(1)?, rep_id: r.get(2)?, name: r.get(3)? }, r.get(4)?)))
            .optional()?
            .ok_or(ServerError::UnknownToken)?;
            match revoked_at {
                Some(_) => Err(ServerError::DeviceRevoked),
                None => Ok(device),
            }
        })
        .await
    }

    async fn names(&self, device: &Device) -> Result<(String, String)> {
        let (team_id, rep_id) = (device.team_id.clone(), device.rep_id.clone());
        self.with(move |conn| {
            conn.query_row(
                "SELECT r.name, t.name FROM reps r JOIN teams t ON t.id = r.team_id
                 WHERE r.id = ?1 AND t.id = ?2",
                [&rep_id, &team_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| ServerError::NotFound(format!("rep {rep_id} in this team")))
        })
        .await
    }

    async fn devices(&self, team_id: &str) -> Result<Vec<DeviceEntry>> {
        let team_id = team_id.to_owned();
        self.with(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT d.id, d.rep_id, r.name, d.name, d.created_at, d.revoked_at
                 FROM devices d JOIN reps r ON r.id = d.rep_id
                 WHERE d.team_id = ?1 ORDER BY d.created_at, d.id",
            )?;
            let rows = stmt.query_map([&team_id], |r| {
                Ok(DeviceEntry {
                    id: r.get(0)?,
                    rep_id: r.get(1)?,
                    rep_name: r.get(2)?,
                    name: r.get(3)?,
                    enrolled_at: r.get(4)?,
                    revoked_at: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        let team_id = device.team_id.clone();
        let outcome = self
            .with(move |conn| {
                let tx = conn.transaction()?;
                let outcome = append(&tx, &device, &changes)?;
                tx.commit()?;
                Ok(outcome)
            })
            .await?;
        if outcome.accepted > 0 {
            self.watchers.announce(&team_id, outcome.latest);
        }
        Ok(outcome)
    }

    async fn pull(&self, device: &Device, since: u64, limit: usize) -> Result<PullResponse> {
        let (team_id, rep_id) = (device.team_id.clone(), device.rep_id.clone());
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let mut changes = visible_changes(&tx, &team_id, &rep_id, since, limit + 1)?;
            let more = changes.len() > limit;
            changes.truncate(limit);
            let cursor = match changes.last() {
                Some(last) if more => last.seq,
                _ => latest_seq(&tx, &team_id)?.max(since),
            };
            Ok(PullResponse {
                changes,
                cursor,
                more,
                rep_id,
                team: None,
            })
        })
        .await
    }

    async fn latest(&self, team_id: &str) -> Result<u64> {
        let team_id = team_id.to_owned();
        self.with(move |conn| latest_seq(conn, &team_id)).await
    }

    fn subscribe(&self, team_id: &str) -> watch::Receiver<u64> {
        self.watchers.subscribe(team_id)
    }

    async fn teams(&self) -> Result<Vec<(String, String)>> {
        self.with(|conn| {
            let mut stmt = conn.prepare("SELECT id, name FROM teams ORDER BY created_at, id")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn reps(&self, team_id: &str) -> Result<Vec<Rep>> {
        let team_id = team_id.to_owned();
        self.with(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT id, team_id, name FROM reps WHERE team_id = ?1 ORDER BY created_at, id",
            )?;
            let rows = stmt.query_map([&team_id], |r| {
                Ok(Rep {
                    id: r.get(0)?,
                    team_id: r.get(1)?,
                    name: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn create_source(
        &self,
        team_id: &str,
        kind: SourceKind,
        name: &str,
    ) -> Result<LeadSource> {
        let source = LeadSource {
            id: new_id(),
            team_id: team_id.to_owned(),
            kind,
            name: checked_name("source name", name)?,
            secret: new_source_secret()?,
        };
        self.with(move |conn| {
            let team: Option<String> = conn
                .query_row(
                    "SELECT id FROM teams WHERE id = ?1",
                    [&source.team_id],
                    |r| r.get(0),
                )
                .optional()?;
            if team.is_none() {
                return Err(ServerError::NotFound(format!("team {}", source.team_id)));
            }
            conn.execute(
                "INSERT INTO lead_sources (id, team_id, kind, name, secret, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    source.id,
                    source.team_id,
                    source.kind.as_str(),
                    source.name,
                    source.secret,
                    now_ms()
                ],
            )?;
            Ok(source)
        })
        .await
    }

    async fn source(&self, source_id: &str) -> Result<LeadSource> {
        let source_id = source_id.to_owned();
        self.with(move |conn| {
            let row: Option<(String, String, String, String)> = conn
                .query_row(
                    "SELECT team_id, kind, name, secret FROM lead_sources WHERE id = ?1",
                    [&source_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let (team_id, kind, name, secret) =
                row.ok_or_else(|| ServerError::NotFound(format!("lead source {source_id}")))?;
            Ok(LeadSource {
                id: source_id,
                team_id,
                kind: SourceKind::parse(&kind)?,
                name,
                secret,
            })
        })
        .await
    }

    async fn delivered(&self, source_id: &str, external_id: &str) -> Result<Option<Delivered>> {
        let key = (source_id.to_owned(), external_id.to_owned());
        self.with(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT lead_id, merged, assigned_to FROM deliveries
                     WHERE source_id = ?1 AND external_id = ?2",
                )?
                .query_row(params![key.0, key.1], |r| {
                    Ok(Delivered {
                        lead_id: r.get(0)?,
                        merged: r.get(1)?,
                        assigned_to: r.get(2)?,
                    })
                })
                .optional()?)
        })
        .await
    }

    async fn remember_delivery(
        &self,
        source_id: &str,
        external_id: &str,
        delivered: &Delivered,
    ) -> Result<()> {
        let key = (source_id.to_owned(), external_id.to_owned());
        let delivered = delivered.clone();
        self.with(move |conn| {
            conn.prepare_cached(
                "INSERT INTO deliveries (source_id, external_id, lead_id, merged, assigned_to, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                key.0,
                key.1,
                delivered.lead_id,
                delivered.merged,
                delivered.assigned_to,
                now_ms()
            ])?;
            Ok(())
        })
        .await
    }

    async fn team_config(&self, team_id: &str) -> Result<Option<TeamConfig>> {
        let team_id = team_id.to_owned();
        self.with(move |conn| {
            let row: Option<(i64, Option<String>, Option<String>)> = conn
                .prepare_cached(
                    "SELECT version, script, settings FROM team_config WHERE team_id = ?1",
                )?
                .query_row([&team_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            row.map(|(version, script, settings)| {
                Ok(TeamConfig {
                    version: u64::try_from(version).unwrap_or(0),
                    script,
                    settings: settings
                        .map(|json| stored_settings(&team_id, &json))
                        .transpose()?,
                })
            })
            .transpose()
        })
        .await
    }

    async fn publish_script(&self, team_id: &str, toml: &str) -> Result<u64> {
        self.publish(team_id, "script", toml.to_owned()).await
    }

    async fn publish_settings(&self, team_id: &str, settings: &TeamSettingsDoc) -> Result<u64> {
        self.publish(team_id, "settings", settings_json(settings)?)
            .await
    }
}

impl SqliteStorage {
    /// Sets one part of the team's published config (`column`, a constant) and moves its
    /// version on.
    async fn publish(&self, team_id: &str, column: &'static str, value: String) -> Result<u64> {
        let team_id = team_id.to_owned();
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let team: Option<String> = tx
                .query_row("SELECT id FROM teams WHERE id = ?1", [&team_id], |r| {
                    r.get(0)
                })
                .optional()?;
            if team.is_none() {
                return Err(ServerError::NotFound(format!("team {team_id}")));
            }
            let version: i64 = tx.query_row(
                &format!(
                    "INSERT INTO team_config (team_id, version, {column}, updated_at)
                     VALUES (?1, 1, ?2, ?3)
                     ON CONFLICT (team_id) DO UPDATE SET version = version + 1,
                         {column} = excluded.{column}, updated_at = excluded.updated_at
                     RETURNING version"
                ),
                params![team_id, value, now_ms()],
                |r| r.get(0),
            )?;
            tx.commit()?;
            Ok(u64::try_from(version).unwrap_or(0))
        })
        .await
    }
}

/// Stores a new enrolment code for `rep_id`; the code, to show once.
fn insert_code(tx: &Transaction<'_>, rep_id: &str, valid_for: Duration) -> Result<String> {
    let code = new_enrolment_code()?;
    tx.execute(
        "INSERT INTO enrolment_codes (code_hash, rep_id, expires_at) VALUES (?1, ?2, ?3)",
        params![hash_secret(&code), rep_id, expiry(valid_for)],
    )?;
    Ok(code)
}

/// Appends a push's changes to the team's log and routes its leads, in `tx`.
fn append(tx: &Transaction<'_>, device: &Device, changes: &[Change]) -> Result<PushOutcome> {
    let (mut accepted, mut duplicates) = (0, 0);
    for change in changes {
        let routed = match change.body.assignment() {
            Some(assigned) => handover(
                owner_of(tx, &device.team_id, &change.lead_id)?.as_ref(),
                assigned,
                &change.stamp,
            )?,
            None => None,
        };
        let notify = routed.as_ref().map_or(&Notify::Nobody, |h| &h.notify);
        let Some(seq) = insert_original(tx, device, change, notify)? else {
            duplicates += 1;
            continue;
        };
        accepted += 1;
        if let Some(Handover {
            owner,
            copy_history,
            ..
        }) = routed
        {
            store_owner(tx, &device.team_id, &change.lead_id, &owner)?;
            if copy_history {
                copy_lead_history(tx, &device.team_id, &change.lead_id, seq)?;
            }
        }
    }
    let latest = latest_seq(tx, &device.team_id)?;
    Ok(PushOutcome {
        accepted,
        duplicates,
        latest,
    })
}

/// Stores a change unless the team's log already has it; its `seq`, or `None` for a
/// duplicate.
fn insert_original(
    tx: &Transaction<'_>,
    device: &Device,
    change: &Change,
    notify: &Notify,
) -> Result<Option<i64>> {
    let (notify_rep, notify_all) = match notify {
        Notify::Nobody => (None, false),
        Notify::Rep(rep) => (Some(rep.as_str()), false),
        Notify::Everyone => (None, true),
    };
    let seq = tx
        .prepare_cached(
            "INSERT INTO changes (team_id, change_id, lead_id, device_id, body, received_at, notify_rep, notify_all)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (team_id, change_id) WHERE copy_of IS NULL DO NOTHING RETURNING seq",
        )?
        .query_row(
            params![
                device.team_id,
                change.id,
                change.lead_id,
                device.id,
                change_json(change)?,
                now_ms(),
                notify_rep,
                notify_all
            ],
            |r| r.get(0),
        )
        .optional()?;
    Ok(seq)
}

pub(super) fn owner_of(conn: &Connection, team_id: &str, lead_id: &str) -> Result<Option<Owner>> {
    Ok(conn
        .prepare_cached(
            "SELECT rep_id, stamp FROM lead_owners WHERE team_id = ?1 AND lead_id = ?2",
        )?
        .query_row([team_id, lead_id], |r| {
            Ok(Owner {
                rep: r.get(0)?,
                stamp: r.get(1)?,
            })
        })
        .optional()?)
}

pub(super) fn store_owner(
    conn: &Connection,
    team_id: &str,
    lead_id: &str,
    owner: &Owner,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO lead_owners (team_id, lead_id, rep_id, stamp) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (team_id, lead_id) DO UPDATE SET rep_id = excluded.rep_id, stamp = excluded.stamp",
    )?
    .execute(params![team_id, lead_id, owner.rep, owner.stamp])?;
    Ok(())
}

/// Appends copies of the lead's changes before `before` for the lead's new audience.
fn copy_lead_history(
    tx: &Transaction<'_>,
    team_id: &str,
    lead_id: &str,
    before: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO changes (team_id, change_id, lead_id, device_id, body, received_at, copy_of)
         SELECT team_id, change_id, lead_id, device_id, body, ?4, seq FROM changes
         WHERE team_id = ?1 AND lead_id = ?2 AND copy_of IS NULL AND seq < ?3 ORDER BY seq",
    )?
    .execute(params![team_id, lead_id, before, now_ms()])?;
    Ok(())
}

/// Up to `limit` changes after `since` that `rep_id` may see, in log order.
fn visible_changes(
    conn: &Connection,
    team_id: &str,
    rep_id: &str,
    since: u64,
    limit: usize,
) -> Result<Vec<Sequenced>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.seq, c.device_id, c.body FROM changes c
         LEFT JOIN lead_owners o ON o.team_id = c.team_id AND o.lead_id = c.lead_id
         WHERE c.team_id = ?1 AND c.seq > ?2
           AND CASE WHEN ?3 = ?5 THEN c.copy_of IS NULL
                    ELSE o.rep_id IS NULL OR o.rep_id = ?3 OR c.notify_rep = ?3 OR c.notify_all
               END
         ORDER BY c.seq LIMIT ?4",
    )?;
    let rows = stmt.query_map(
        params![
            team_id,
            i64::try_from(since).unwrap_or(i64::MAX),
            rep_id,
            i64::try_from(limit).unwrap_or(i64::MAX),
            WHOLE_TEAM
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    )?;
    let mut changes = Vec::new();
    for row in rows {
        let (seq, device_id, body) = row?;
        let seq = u64::try_from(seq).unwrap_or(0);
        changes.push(Sequenced {
            seq,
            device_id,
            change: stored_change(seq, &body)?,
        });
    }
    Ok(changes)
}

fn latest_seq(conn: &Connection, team_id: &str) -> Result<u64> {
    let seq: Option<i64> = conn
        .prepare_cached("SELECT max(seq) FROM changes WHERE team_id = ?1")?
        .query_row([team_id], |r| r.get(0))?;
    Ok(seq.and_then(|s| u64::try_from(s).ok()).unwrap_or(0))
}

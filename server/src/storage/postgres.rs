//! The PostgreSQL backend: several server instances share one database.
//!
//! A pool of connections (`deadpool-postgres`) serves requests; one more connection per
//! instance `LISTEN`s for pushes taken by any instance and wakes that instance's long
//! polls ([`listen`]). Each team's log has its own counter (`teams.last_seq`); a push
//! locks it (`FOR UPDATE`) for its whole transaction, so seqs are handed out in commit
//! order and a pull can never pass a seq whose change commits later (ADR 0005). Commits
//! wait for the WAL flush (`synchronous_commit=on` on every connection): acknowledged means
//! durable.

mod listen;
mod schema;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio::sync::watch;
use tokio_postgres::NoTls;
use warmline_core::sync::wire::{Change, PullResponse, Sequenced, TeamConfig, TeamSettingsDoc};

use super::routing::{handover, Notify, Owner};
use super::{
    change_json, checked_name, expiry, new_id, new_source_secret, now_ms, settings_json,
    stored_change, stored_settings, Delivered, Device, DeviceEntry, LeadSource, PushOutcome, Rep,
    Result, SourceKind, Storage, WHOLE_TEAM,
};
use crate::auth::{hash_secret, new_enrolment_code, new_token};
use crate::error::ServerError;
use crate::watchers::Watchers;

/// Connections per instance: requests hold one only while they query (a long poll waits
/// without one), so a few serve many devices.
const POOL_SIZE: usize = 16;

#[derive(Debug, Clone)]
pub struct PgStorage {
    pool: Pool,
    watchers: Arc<Watchers>,
    _listener: Arc<listen::Listener>,
}

impl PgStorage {
    /// Connects to `url` (`postgres://user:password@host:port/database`, or key=value
    /// pairs), brings the schema up to date and starts listening for pushes.
    pub async fn connect(url: &str) -> Result<Self> {
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            ServerError::Storage(format!("the database URL is not a PostgreSQL URL: {e}"))
        })?;
        session_settings(&mut config);
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| ServerError::Storage(format!("cannot build the connection pool: {e}")))?;
        let mut client = pool.get().await?;
        schema::migrate(&mut client).await?;
        let watchers = Arc::new(Watchers::default());
        let listener = listen::Listener::start(config, Arc::clone(&watchers)).await?;
        Ok(Self {
            pool,
            watchers,
            _listener: Arc::new(listener),
        })
    }

    async fn client(&self) -> Result<deadpool_postgres::Object> {
        Ok(self.pool.get().await?)
    }
}

impl Storage for PgStorage {
    async fn create_team(&self, name: &str) -> Result<String> {
        let name = checked_name("team name", name)?;
        let id = new_id();
        self.client()
            .await?
            .execute(
                "INSERT INTO teams (id, name, created_at) VALUES ($1, $2, $3)",
                &[&id, &name, &now_ms()],
            )
            .await?;
        Ok(id)
    }

    async fn create_rep(
        &self,
        team_id: &str,
        name: &str,
        valid_for: Duration,
    ) -> Result<(Rep, String)> {
        let name = checked_name("rep name", name)?;
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let team = tx
            .query_opt("SELECT id FROM teams WHERE id = $1", &[&team_id])
            .await?;
        if team.is_none() {
            return Err(ServerError::NotFound(format!("team {team_id}")));
        }
        let rep = Rep {
            id: new_id(),
            team_id: team_id.to_owned(),
            name,
        };
        tx.execute(
            "INSERT INTO reps (id, team_id, name, created_at) VALUES ($1, $2, $3, $4)",
            &[&rep.id, &rep.team_id, &rep.name, &now_ms()],
        )
        .await?;
        let code = insert_code(&tx, &rep.id, valid_for).await?;
        tx.commit().await?;
        Ok((rep, code))
    }

    async fn issue_code(&self, team_id: &str, rep_id: &str, valid_for: Duration) -> Result<String> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let rep = tx
            .query_opt(
                "SELECT id FROM reps WHERE id = $1 AND team_id = $2",
                &[&rep_id, &team_id],
            )
            .await?;
        if rep.is_none() {
            return Err(ServerError::NotFound(format!("rep {rep_id} in this team")));
        }
        let code = insert_code(&tx, rep_id, valid_for).await?;
        tx.commit().await?;
        Ok(code)
    }

    async fn enrol(&self, code: &str, device_name: &str) -> Result<(Device, String)> {
        let device_name = checked_name("device name", device_name)?;
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        // One statement checks and uses the code, so two devices racing with one code
        // cannot both get in.
        let rep = tx
            .query_opt(
                "UPDATE enrolment_codes c SET used_at = $2 FROM reps r
                 WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2
                   AND r.id = c.rep_id
                 RETURNING r.id, r.team_id",
                &[&hash_secret(code), &now_ms()],
            )
            .await?
            .ok_or(ServerError::BadEnrolmentCode)?;
        let token = new_token()?;
        let device = Device {
            id: new_id(),
            team_id: rep.try_get(1)?,
            rep_id: rep.try_get(0)?,
            name: device_name,
        };
        tx.execute(
            "INSERT INTO devices (id, team_id, rep_id, name, token_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &device.id,
                &device.team_id,
                &device.rep_id,
                &device.name,
                &hash_secret(&token),
                &now_ms(),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok((device, token))
    }

    async fn authenticate(&self, token: &str) -> Result<Device> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "SELECT id, team_id, rep_id, name, revoked_at FROM devices WHERE token_hash = $1",
            )
            .await?;
        let row = client
            .query_opt(&statement, &[&hash_secret(token)])
            .await?
            .ok_or(ServerError::UnknownToken)?;
        if row.try_get::<_, Option<i64>>(4)?.is_some() {
            return Err(ServerError::DeviceRevoked);
        }
        Ok(Device {
            id: row.try_get(0)?,
            team_id: row.try_get(1)?,
            rep_id: row.try_get(2)?,
            name: row.try_get(3)?,
        })
    }

    async fn names(&self, device: &Device) -> Result<(String, String)> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT r.name, t.name FROM reps r JOIN teams t ON t.id = r.team_id
                 WHERE r.id = $1 AND t.id = $2",
                &[&device.rep_id, &device.team_id],
            )
            .await?
            .ok_or_else(|| ServerError::NotFound(format!("rep {} in this team", device.rep_id)))?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    async fn devices(&self, team_id: &str) -> Result<Vec<DeviceEntry>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT d.id, d.rep_id, r.name, d.name, d.created_at, d.revoked_at
                 FROM devices d JOIN reps r ON r.id = d.rep_id
                 WHERE d.team_id = $1 ORDER BY d.created_at, d.id",
                &[&team_id],
            )
            .await?;
        rows.iter()
            .map(|row| {
                Ok(DeviceEntry {
                    id: row.try_get(0)?,
                    rep_id: row.try_get(1)?,
                    rep_name: row.try_get(2)?,
                    name: row.try_get(3)?,
                    enrolled_at: row.try_get(4)?,
                    revoked_at: row.try_get(5)?,
                })
            })
            .collect()
    }

    async fn revoke_device(&self, team_id: &str, device_id: &str) -> Result<()> {
        let changed = self
            .client()
            .await?
            .execute(
                "UPDATE devices SET revoked_at = $3
                 WHERE id = $1 AND team_id = $2 AND revoked_at IS NULL",
                &[&device_id, &team_id, &now_ms()],
            )
            .await?;
        if changed == 0 {
            return Err(ServerError::NotFound(format!(
                "device {device_id} in this team"
            )));
        }
        Ok(())
    }

    async fn push(&self, device: &Device, changes: Vec<Change>) -> Result<PushOutcome> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        // The team's counter row, locked until commit: pushes to one team take turns,
        // so seqs are given out in commit order. Statements are cached per connection
        // and independent ones sent together, so the lock is held for few round trips.
        let lock = tx
            .prepare_cached("SELECT last_seq FROM teams WHERE id = $1 FOR UPDATE")
            .await?;
        let team: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&device.team_id];
        let counter = tx.query_one(&lock, &team).await?;
        let mut push = Appender::start(&tx, device, &changes, counter.try_get(0)?).await?;
        for change in &changes {
            push.add(&tx, change).await?;
        }
        let outcome = push.finish(&tx).await?;
        tx.commit().await?;
        if outcome.accepted > 0 {
            self.watchers.announce(&device.team_id, outcome.latest);
        }
        Ok(outcome)
    }

    async fn pull(&self, device: &Device, since: u64, limit: usize) -> Result<PullResponse> {
        let client = self.client().await?;
        // Read first: every seq up to `latest` is committed (seqs follow commit order),
        // so a page that is not full has seen everything up to it.
        let latest = team_latest(&client, &device.team_id).await?;
        let mut changes = Vec::new();
        let mut from = since;
        while changes.len() <= limit && from < latest {
            let to = latest.min(from.saturating_add(PULL_WINDOW));
            let wanted = limit + 1 - changes.len();
            changes.extend(visible_changes(&client, device, from, to, wanted).await?);
            from = to;
        }
        let more = changes.len() > limit;
        changes.truncate(limit);
        let cursor = match changes.last() {
            Some(last) if more => last.seq,
            _ => latest.max(since),
        };
        Ok(PullResponse {
            changes,
            cursor,
            more,
            rep_id: device.rep_id.clone(),
            team: None,
        })
    }

    async fn latest(&self, team_id: &str) -> Result<u64> {
        team_latest(&*self.client().await?, team_id).await
    }

    fn subscribe(&self, team_id: &str) -> watch::Receiver<u64> {
        self.watchers.subscribe(team_id)
    }

    async fn teams(&self) -> Result<Vec<(String, String)>> {
        let rows = self
            .client()
            .await?
            .query("SELECT id, name FROM teams ORDER BY created_at, id", &[])
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    async fn reps(&self, team_id: &str) -> Result<Vec<Rep>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT id, team_id, name FROM reps WHERE team_id = $1 ORDER BY created_at, id",
                &[&team_id],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Rep {
                    id: r.try_get(0)?,
                    team_id: r.try_get(1)?,
                    name: r.try_get(2)?,
                })
            })
            .collect()
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
        let client = self.client().await?;
        let team = client
            .query_opt("SELECT id FROM teams WHERE id = $1", &[&team_id])
            .await?;
        if team.is_none() {
            return Err(ServerError::NotFound(format!("team {team_id}")));
        }
        client
            .execute(
                "INSERT INTO lead_sources (id, team_id, kind, name, secret, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &source.id,
                    &source.team_id,
                    &source.kind.as_str(),
                    &source.name,
                    &source.secret,
                    &now_ms(),
                ],
            )
            .await?;
        Ok(source)
    }

    async fn source(&self, source_id: &str) -> Result<LeadSource> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT team_id, kind, name, secret FROM lead_sources WHERE id = $1",
                &[&source_id],
            )
            .await?
            .ok_or_else(|| ServerError::NotFound(format!("lead source {source_id}")))?;
        Ok(LeadSource {
            id: source_id.to_owned(),
            team_id: row.try_get(0)?,
            kind: SourceKind::parse(row.try_get(1)?)?,
            name: row.try_get(2)?,
            secret: row.try_get(3)?,
        })
    }

    async fn delivered(&self, source_id: &str, external_id: &str) -> Result<Option<Delivered>> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT lead_id, merged, assigned_to FROM deliveries
                 WHERE source_id = $1 AND external_id = $2",
                &[&source_id, &external_id],
            )
            .await?;
        row.map(|row| {
            Ok(Delivered {
                lead_id: row.try_get(0)?,
                merged: row.try_get(1)?,
                assigned_to: row.try_get(2)?,
            })
        })
        .transpose()
    }

    async fn remember_delivery(
        &self,
        source_id: &str,
        external_id: &str,
        delivered: &Delivered,
    ) -> Result<()> {
        self.client()
            .await?
            .execute(
                "INSERT INTO deliveries (source_id, external_id, lead_id, merged, assigned_to, received_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                &[
                    &source_id,
                    &external_id,
                    &delivered.lead_id,
                    &delivered.merged,
                    &delivered.assigned_to,
                    &now_ms(),
                ],
            )
            .await?;
        Ok(())
    }

    async fn team_config(&self, team_id: &str) -> Result<Option<TeamConfig>> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT version, script, settings FROM team_config WHERE team_id = $1",
                &[&team_id],
            )
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let settings: Option<String> = row.try_get(2)?;
        Ok(Some(TeamConfig {
            version: u64::try_from(row.try_get::<_, i64>(0)?).unwrap_or(0),
            script: row.try_get(1)?,
            settings: settings
                .map(|json| stored_settings(team_id, &json))
                .transpose()?,
        }))
    }

    async fn publish_script(&self, team_id: &str, toml: &str) -> Result<u64> {
        self.publish(team_id, "script", toml).await
    }

    async fn publish_settings(&self, team_id: &str, settings: &TeamSettingsDoc) -> Result<u64> {
        self.publish(team_id, "settings", &settings_json(settings)?)
            .await
    }
}

impl PgStorage {
    /// Sets one part of the team's published config (`column`, a constant) and moves its
    /// version on, in one statement.
    async fn publish(&self, team_id: &str, column: &'static str, value: &str) -> Result<u64> {
        let client = self.client().await?;
        let team = client
            .query_opt("SELECT id FROM teams WHERE id = $1", &[&team_id])
            .await?;
        if team.is_none() {
            return Err(ServerError::NotFound(format!("team {team_id}")));
        }
        let row = client
            .query_one(
                &format!(
                    "INSERT INTO team_config (team_id, version, {column}, updated_at)
                     VALUES ($1, 1, $2, $3)
                     ON CONFLICT (team_id) DO UPDATE SET version = team_config.version + 1,
                         {column} = excluded.{column}, updated_at = excluded.updated_at
                     RETURNING version"
                ),
                &[&team_id, &value, &now_ms()],
            )
            .await?;
        Ok(u64::try_from(row.try_get::<_, i64>(0)?).unwrap_or(0))
    }
}

/// Settings of every connection, added to any the URL gives:
/// - `synchronous_commit=on`: a push is acknowledged only once its WAL is flushed, even if
///   the database or role default says otherwise;
/// - `plan_cache_mode=force_custom_plan`: statements are prepared once per connection
///   (one round trip less per query), but planned with their actual values; a generic
///   plan cannot see a pull's seq window or a push's id list and was measured to sort a
///   team's whole log (seconds per pull).
fn session_settings(config: &mut tokio_postgres::Config) {
    let given = config.get_options().unwrap_or_default();
    config.options(format!(
        "{given} -c synchronous_commit=on -c plan_cache_mode=force_custom_plan"
    ));
}

/// Seqs a pull reads per query. A team's seqs are dense, so a window bounds the rows one
/// query can touch whatever plan PostgreSQL picks: on a log that grew faster than its
/// statistics (a bulk import), the planner may sort the team's whole tail to find the
/// first rows in seq order (measured: 150 ms per page of 50,000 rows, against 3 ms by
/// index); within a window the worst case stays a few milliseconds.
const PULL_WINDOW: u64 = 4_096;

/// Up to `limit` changes with `from < seq <= to` that the device's rep may see, in order.
async fn visible_changes(
    client: &deadpool_postgres::ClientWrapper,
    device: &Device,
    from: u64,
    to: u64,
    limit: usize,
) -> Result<Vec<Sequenced>> {
    let statement = client
        .prepare_cached(
            "SELECT c.seq, c.device_id, c.body FROM changes c
             LEFT JOIN lead_owners o ON o.team_id = c.team_id AND o.lead_id = c.lead_id
             WHERE c.team_id = $1 AND c.seq > $2 AND c.seq <= $3
               AND CASE WHEN $4 = $6 THEN c.copy_of IS NULL
                        ELSE o.rep_id IS NULL OR o.rep_id = $4 OR c.notify_rep = $4 OR c.notify_all
                   END
             ORDER BY c.seq LIMIT $5",
        )
        .await?;
    let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let rows = client
        .query(
            &statement,
            &[
                &device.team_id,
                &as_i64(from),
                &as_i64(to),
                &device.rep_id,
                &i64::try_from(limit).unwrap_or(i64::MAX),
                &WHOLE_TEAM,
            ],
        )
        .await?;
    let mut changes = Vec::with_capacity(rows.len());
    for row in rows {
        let seq = u64::try_from(row.try_get::<_, i64>(0)?).unwrap_or(0);
        changes.push(Sequenced {
            seq,
            device_id: row.try_get(1)?,
            change: stored_change(seq, row.try_get(2)?)?,
        });
    }
    Ok(changes)
}

/// Stores a new enrolment code for `rep_id`; the code, to show once.
async fn insert_code(
    tx: &deadpool_postgres::Transaction<'_>,
    rep_id: &str,
    valid_for: Duration,
) -> Result<String> {
    let code = new_enrolment_code()?;
    tx.execute(
        "INSERT INTO enrolment_codes (code_hash, rep_id, expires_at) VALUES ($1, $2, $3)",
        &[&hash_secret(&code), &rep_id, &expiry(valid_for)],
    )
    .await?;
    Ok(code)
}

async fn team_latest(client: &deadpool_postgres::ClientWrapper, team_id: &str) -> Result<u64> {
    let statement = client
        .prepare_cached("SELECT last_seq FROM teams WHERE id = $1")
        .await?;
    let row = client.query_opt(&statement, &[&team_id]).await?;
    let last: i64 = match row {
        Some(row) => row.try_get(0)?,
        None => 0,
    };
    Ok(u64::try_from(last).unwrap_or(0))
}

/// One push's rows on their way into the log: new changes are buffered and written in
/// one statement; an assignment that hands a lead to a new audience first writes the
/// buffer, then copies the lead's history behind it.
struct Appender<'a> {
    device: &'a Device,
    /// Change ids already in the log or earlier in this push.
    seen: HashSet<String>,
    /// Current owners of the leads this push assigns, as changed by it so far.
    owners: HashMap<String, Option<Owner>>,
    changed_owners: HashSet<String>,
    buffer: Rows,
    last_seq: i64,
    accepted: u32,
    duplicates: u32,
}

/// Columns of buffered rows, as arrays for `unnest`.
#[derive(Default)]
struct Rows {
    seq: Vec<i64>,
    change_id: Vec<String>,
    lead_id: Vec<String>,
    body: Vec<String>,
    notify_rep: Vec<Option<String>>,
    notify_all: Vec<bool>,
}

impl<'a> Appender<'a> {
    async fn start(
        tx: &deadpool_postgres::Transaction<'_>,
        device: &'a Device,
        changes: &[Change],
        last_seq: i64,
    ) -> Result<Appender<'a>> {
        let ids: Vec<&str> = changes.iter().map(|c| c.id.as_str()).collect();
        let leads: Vec<&str> = changes
            .iter()
            .filter(|c| c.body.assignment().is_some())
            .map(|c| c.lead_id.as_str())
            .collect();
        let (known, owned) = tokio::try_join!(
            tx.prepare_cached(
                "SELECT change_id FROM changes
                 WHERE team_id = $1 AND copy_of IS NULL AND change_id = ANY($2)",
            ),
            tx.prepare_cached(
                "SELECT lead_id, rep_id, stamp FROM lead_owners
                 WHERE team_id = $1 AND lead_id = ANY($2)",
            ),
        )?;
        let known_params: [&(dyn tokio_postgres::types::ToSql + Sync); 2] = [&device.team_id, &ids];
        let owned_params: [&(dyn tokio_postgres::types::ToSql + Sync); 2] =
            [&device.team_id, &leads];
        let (known, owned) = tokio::try_join!(
            tx.query(&known, &known_params),
            tx.query(&owned, &owned_params),
        )?;
        let seen: HashSet<String> = known
            .iter()
            .map(|row| row.try_get(0))
            .collect::<std::result::Result<_, _>>()?;
        let mut owners: HashMap<String, Option<Owner>> = leads
            .iter()
            .map(|lead| ((*lead).to_owned(), None))
            .collect();
        for row in owned {
            let owner = Owner {
                rep: row.try_get(1)?,
                stamp: row.try_get(2)?,
            };
            owners.insert(row.try_get(0)?, Some(owner));
        }
        Ok(Self {
            device,
            seen,
            owners,
            changed_owners: HashSet::new(),
            buffer: Rows::default(),
            last_seq,
            accepted: 0,
            duplicates: 0,
        })
    }

    async fn add(
        &mut self,
        tx: &deadpool_postgres::Transaction<'_>,
        change: &Change,
    ) -> Result<()> {
        if !self.seen.insert(change.id.clone()) {
            self.duplicates += 1;
            return Ok(());
        }
        self.accepted += 1;
        let routed = match change.body.assignment() {
            Some(assigned) => {
                let current = self.owners.get(&change.lead_id).and_then(Option::as_ref);
                handover(current, assigned, &change.stamp)?
            }
            None => None,
        };
        self.last_seq += 1;
        let seq = self.last_seq;
        let (notify_rep, notify_all) = match routed.as_ref().map(|h| &h.notify) {
            Some(Notify::Rep(rep)) => (Some(rep.clone()), false),
            Some(Notify::Everyone) => (None, true),
            Some(Notify::Nobody) | None => (None, false),
        };
        let rows = &mut self.buffer;
        rows.seq.push(seq);
        rows.change_id.push(change.id.clone());
        rows.lead_id.push(change.lead_id.clone());
        rows.body.push(change_json(change)?);
        rows.notify_rep.push(notify_rep);
        rows.notify_all.push(notify_all);
        let Some(routed) = routed else {
            return Ok(());
        };
        self.owners
            .insert(change.lead_id.clone(), Some(routed.owner));
        self.changed_owners.insert(change.lead_id.clone());
        if routed.copy_history {
            self.flush(tx).await?;
            self.copy_history(tx, &change.lead_id, seq).await?;
        }
        Ok(())
    }

    /// Writes the buffered rows.
    async fn flush(&mut self, tx: &deadpool_postgres::Transaction<'_>) -> Result<()> {
        insert_rows(tx, self.device, std::mem::take(&mut self.buffer)).await
    }

    /// Appends copies of the lead's changes before `before`, numbered after the last seq.
    async fn copy_history(
        &mut self,
        tx: &deadpool_postgres::Transaction<'_>,
        lead_id: &str,
        before: i64,
    ) -> Result<()> {
        let copied = tx
            .execute(
                "INSERT INTO changes (team_id, seq, change_id, lead_id, device_id, body,
                                      received_at, copy_of)
                 SELECT team_id, $4 + row_number() OVER (ORDER BY seq), change_id, lead_id,
                        device_id, body, $5, seq
                 FROM changes
                 WHERE team_id = $1 AND lead_id = $2 AND copy_of IS NULL AND seq < $3",
                &[
                    &self.device.team_id,
                    &lead_id,
                    &before,
                    &self.last_seq,
                    &now_ms(),
                ],
            )
            .await?;
        self.last_seq += i64::try_from(copied).unwrap_or(i64::MAX);
        Ok(())
    }

    /// Writes the owners this push changed, in one statement.
    async fn store_owners(&self, tx: &deadpool_postgres::Transaction<'_>) -> Result<()> {
        let mut leads = Vec::new();
        let mut reps = Vec::new();
        let mut stamps = Vec::new();
        for lead in &self.changed_owners {
            if let Some(Some(owner)) = self.owners.get(lead) {
                leads.push(lead.as_str());
                reps.push(owner.rep.as_deref());
                stamps.push(owner.stamp.as_str());
            }
        }
        if leads.is_empty() {
            return Ok(());
        }
        let statement = tx
            .prepare_cached(
                "INSERT INTO lead_owners (team_id, lead_id, rep_id, stamp)
                 SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])
                 ON CONFLICT (team_id, lead_id)
                 DO UPDATE SET rep_id = excluded.rep_id, stamp = excluded.stamp",
            )
            .await?;
        tx.execute(&statement, &[&self.device.team_id, &leads, &reps, &stamps])
            .await?;
        Ok(())
    }

    /// Writes what is left, the new owners and the counter, and tells every instance.
    async fn finish(mut self, tx: &deadpool_postgres::Transaction<'_>) -> Result<PushOutcome> {
        let rows = std::mem::take(&mut self.buffer);
        if self.accepted > 0 {
            let team = &self.device.team_id;
            let counter = tx
                .prepare_cached("UPDATE teams SET last_seq = $2 WHERE id = $1")
                .await?;
            // Independent statements, sent together: one round trip under the lock.
            tokio::try_join!(
                insert_rows(tx, self.device, rows),
                self.store_owners(tx),
                async {
                    tx.execute(&counter, &[team, &self.last_seq])
                        .await
                        .map_err(ServerError::from)
                },
                listen::notify(tx, team, self.last_seq),
            )?;
        }
        Ok(PushOutcome {
            accepted: self.accepted,
            duplicates: self.duplicates,
            latest: u64::try_from(self.last_seq).unwrap_or(0),
        })
    }
}

/// Writes buffered rows in one statement.
async fn insert_rows(
    tx: &deadpool_postgres::Transaction<'_>,
    device: &Device,
    rows: Rows,
) -> Result<()> {
    if rows.seq.is_empty() {
        return Ok(());
    }
    let statement = tx
        .prepare_cached(
            "INSERT INTO changes (team_id, device_id, received_at, seq, change_id, lead_id,
                                  body, notify_rep, notify_all)
             SELECT $1, $2, $3, * FROM unnest($4::bigint[], $5::text[], $6::text[],
                                              $7::text[], $8::text[], $9::boolean[])",
        )
        .await?;
    tx.execute(
        &statement,
        &[
            &device.team_id,
            &device.id,
            &now_ms(),
            &rows.seq,
            &rows.change_id,
            &rows.lead_id,
            &rows.body,
            &rows.notify_rep,
            &rows.notify_all,
        ],
    )
    .await?;
    Ok(())
}

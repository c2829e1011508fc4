//! The `Warmline` handle: one per signed-in rep, opened on the app's database file.
//!
//! Every operation that changes leads goes through [`Warmline::change_leads`]: one
//! transaction, then (still holding the writer) the queue index is brought in line with
//! the leads it touched, then observers hear which leads changed.

use std::path::Path;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::Transaction;

use crate::assignment::{self, Assignment};
use crate::attempt::{self, Attempt};
use crate::clock::Clock;
use crate::error::Result;
use crate::lead::{self, IntakeDefaults, Lead, LeadId, NewLead};
use crate::notify::{ChangeNotifier, Listener, Subscription};
use crate::queue::{self, Queue, QueueIndex};
use crate::settings::{self, TeamSettings};
use crate::store::{in_savepoint, Database, Durability};
use crate::timeline::{self, TimelineEvent};
use crate::timezone::parse_zone;

/// What the device knows before any sync: the rep's own time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSettings {
    /// IANA zone of the rep's phone; times in reasons are shown in it.
    pub time_zone: String,
    /// The signed-in rep's first name, said in the script's opener.
    pub rep_first_name: Option<String>,
}

/// A lead with its calls and its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadDetail {
    pub lead: Lead,
    pub attempts: Vec<Attempt>,
    pub timeline: Vec<TimelineEvent>,
}

/// Where a write comes from: this device (it enters the outbox) or sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Here,
    Replicated,
}

/// The core's entry point: the store, the clock, the queue and the change feed for one rep.
#[derive(Debug)]
pub struct Warmline {
    pub(crate) db: Database,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) rep_zone: Tz,
    pub(crate) rep_first_name: Option<String>,
    pub(crate) team: RwLock<(TeamSettings, IntakeDefaults)>,
    pub(crate) index: RwLock<QueueIndex>,
    pub(crate) changes: ChangeNotifier,
    /// Told after every commit, whether or not a lead changed (a note saved, a push
    /// acknowledged): what screens showing notes and "synced" ticks redraw on.
    pub(crate) writes: ChangeNotifier,
    /// Told the leads each pull wrote (what arrives from the server).
    pub(crate) pulled: ChangeNotifier,
    /// Stamps this device's changes for sync.
    pub(crate) hlc: crate::sync::HlcClock,
    /// Pushes take turns (a sync after a local edit may overlap a long poll).
    pub(crate) push_lock: std::sync::Mutex<()>,
}

impl Warmline {
    /// Opens the store at `path`, creating and migrating it as needed, and loads the queue.
    pub fn open(
        path: impl AsRef<Path>,
        device: DeviceSettings,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        Self::open_with(path, device, clock, Durability::default())
    }

    /// Like [`open`](Self::open), choosing how hard each commit works to be durable.
    pub fn open_with(
        path: impl AsRef<Path>,
        device: DeviceSettings,
        clock: Arc<dyn Clock>,
        durability: Durability,
    ) -> Result<Self> {
        let rep_zone = parse_zone("device_time_zone", &device.time_zone)?;
        let db = Database::open_with(path, durability)?;
        let team = db.read(|conn| settings::load(conn, rep_zone))?;
        let intake = team.validate()?;
        if (1..2).contains(&db.found_version()) {
            // Leads from schema 1 had no zone: give them the team's default.
            db.write(|tx| apply_team_zone(tx, team.time_zone))?;
        }
        if (1..second_zone_version()).contains(&db.found_version()) {
            // Leads stored before area codes and states gave zones: let them say (ADR 0010).
            db.write(|tx| crate::lead::rederive_default_zones(tx, team.time_zone))?;
        }
        let index = db.read(|conn| QueueIndex::load_in_parallel(conn, || db.open_reader()))?;
        let hlc = crate::sync::HlcClock::new(db.write(device_id)?);
        let warmline = Self {
            db,
            clock,
            rep_zone,
            rep_first_name: device
                .rep_first_name
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty()),
            team: RwLock::new((team, intake)),
            index: RwLock::new(index),
            changes: ChangeNotifier::default(),
            writes: ChangeNotifier::default(),
            pulled: ChangeNotifier::default(),
            hlc,
            push_lock: std::sync::Mutex::new(()),
        };
        warmline.retry_quarantined()?;
        Ok(warmline)
    }

    // ---- leads ----

    /// Checks and stores a lead; the same phone again is a second inquiry on the same lead.
    /// Durable when this returns.
    pub fn add_lead(&self, new: NewLead) -> Result<Lead> {
        let defaults = self.team_read().1;
        self.change_leads(|tx, now| {
            let lead = lead::intake(tx, new, defaults, now)?;
            Ok((lead.clone(), vec![lead]))
        })
    }

    /// Stores many leads in one transaction; each row succeeds or fails on its own.
    pub fn add_leads(&self, batch: Vec<NewLead>) -> Result<Vec<Result<Lead>>> {
        self.add_leads_assigned(batch, &Assignment::AsGiven)
    }

    /// Like [`add_leads`](Self::add_leads), assigning the leads as `assignment` says
    /// ([`crate::assignment`]).
    pub fn add_leads_assigned(
        &self,
        batch: Vec<NewLead>,
        assignment: &Assignment,
    ) -> Result<Vec<Result<Lead>>> {
        let defaults = self.team_read().1;
        self.change_leads(|tx, now| {
            let mut touched = Vec::new();
            let mut turns = None;
            let outcomes = batch
                .into_iter()
                .map(|mut new| {
                    // A savepoint per row: a refused row leaves nothing half-written.
                    let lead = in_savepoint(tx, || {
                        let rep =
                            assignment::pick(tx, assignment, &mut turns, &new.phone, defaults)?;
                        if rep.is_some() {
                            new.assigned_to = rep;
                        }
                        lead::intake(tx, new, defaults, now)
                    })?;
                    touched.push(lead.clone());
                    Ok(lead)
                })
                .collect();
            Ok((outcomes, touched))
        })
    }

    pub fn lead(&self, id: &str) -> Result<Lead> {
        let id: LeadId = id.parse()?;
        self.db.read(|conn| lead::get(conn, id))
    }

    pub fn lead_detail(&self, id: &str) -> Result<LeadDetail> {
        let id: LeadId = id.parse()?;
        self.db.read(|conn| {
            Ok(LeadDetail {
                lead: lead::get(conn, id)?,
                attempts: attempt::of_lead(conn, id)?,
                timeline: timeline::of_lead(conn, id)?,
            })
        })
    }

    // ---- the queue ----

    /// The first `limit` leads to call, ranked, with reasons.
    pub fn queue(&self, limit: usize) -> Result<Queue> {
        self.queue_from(&read_lock(&self.index), limit)
    }

    /// The queue `rep`'s phone would show now: for a manager's or the server's store,
    /// which holds every rep's leads.
    pub fn queue_of(&self, rep: &str, limit: usize) -> Result<Queue> {
        let index = self
            .db
            .read(|conn| QueueIndex::load_as(conn, Some(rep.into())))?;
        self.queue_from(&index, limit)
    }

    /// The rep this phone belongs to, once sync has named it.
    pub(crate) fn my_rep(&self) -> Option<String> {
        read_lock(&self.index).rep().map(String::from)
    }

    fn queue_from(&self, index: &QueueIndex, limit: usize) -> Result<Queue> {
        let now = self.clock.now();
        let hours = self.team_read().0.calling_hours.clone();
        let ranking = index.rank(&hours, now, limit);
        let entries = self.db.read(|conn| {
            ranking
                .top
                .iter()
                .map(|ranked| {
                    let lead = lead::get(conn, ranked.id)?;
                    Ok(queue::entry(lead, ranked.tier, &hours, self.rep_zone, now))
                })
                .collect::<Result<Vec<_>>>()
        })?;
        Ok(Queue {
            entries,
            open: ranking.open,
            callable_now: ranking.callable_now,
            refresh_at: ranking.refresh_at,
            rep: index.rep().map(String::from),
        })
    }

    // ---- settings ----

    pub fn team_settings(&self) -> TeamSettings {
        self.team_read().0.clone()
    }

    /// Replaces the team's settings. Leads whose zone was the team default move to the
    /// new default; the queue is recomputed.
    pub fn update_team_settings(&self, new: TeamSettings) -> Result<()> {
        self.replace_team_settings(new, |_| Ok(()))
    }

    /// [`update_team_settings`](Self::update_team_settings), writing `also` in the same
    /// transaction.
    pub(crate) fn replace_team_settings(
        &self,
        new: TeamSettings,
        also: impl FnOnce(&Transaction<'_>) -> Result<()>,
    ) -> Result<()> {
        let intake = new.validate()?;
        self.db.write_then(
            |tx| {
                also(tx)?;
                settings::save(tx, &new)?;
                apply_team_zone(tx, new.time_zone)?;
                Ok(Some(QueueIndex::load(tx)?))
            },
            |index| {
                *write_lock(&self.team) = (new.clone(), intake);
                if let Some(index) = index.take() {
                    *write_lock(&self.index) = index;
                }
            },
        )?;
        self.changes.notify(&[]);
        self.writes.notify(&[]);
        Ok(())
    }

    /// Calls `listener` with the ids of changed leads after every committed change
    /// (an empty list when everything may have changed, e.g. new calling hours).
    pub fn subscribe(&self, listener: Arc<Listener>) -> Subscription {
        self.changes.subscribe(listener)
    }

    /// Calls `listener` with the ids of the leads each pull from the server wrote.
    pub fn subscribe_pulled(&self, listener: Arc<Listener>) -> Subscription {
        self.pulled.subscribe(listener)
    }

    /// Calls `listener` after every committed write, with the ids of the leads it changed
    /// (often none: a note, an answer, a push the server acknowledged).
    pub fn subscribe_writes(&self, listener: Arc<Listener>) -> Subscription {
        self.writes.subscribe(listener)
    }

    // ---- internals ----

    /// Runs `f` in one write transaction; `f` returns its result and the leads it left
    /// changed. After the commit the queue index and observers learn of them.
    pub(crate) fn change_leads<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>, DateTime<Utc>) -> Result<(T, Vec<Lead>)>,
    ) -> Result<T> {
        self.write_leads(f, Origin::Here)
    }

    /// Applies what sync pulled: like [`change_leads`](Self::change_leads), without
    /// recording it as this device's change (it is already replicated).
    pub(crate) fn apply_pulled<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>, DateTime<Utc>) -> Result<(T, Vec<Lead>)>,
    ) -> Result<T> {
        self.write_leads(f, Origin::Replicated)
    }

    fn write_leads<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>, DateTime<Utc>) -> Result<(T, Vec<Lead>)>,
        origin: Origin,
    ) -> Result<T> {
        let now = self.clock.now();
        let now_ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        let (value, touched) = self.db.write_then(
            |tx| {
                let (value, touched) = f(tx, now)?;
                if origin == Origin::Here {
                    // Every changed lead field enters the outbox in this same transaction.
                    for lead in &touched {
                        crate::sync::outbox::record_lead(tx, lead.id, &self.hlc, now_ms)?;
                    }
                    crate::sync::outbox::stamp_records(tx, &self.hlc, now_ms)?;
                }
                Ok((value, touched))
            },
            |(_, touched)| {
                let mut index = write_lock(&self.index);
                for lead in touched {
                    index.update(lead);
                }
            },
        )?;
        let ids: Vec<String> = touched.iter().map(|l| l.id.to_string()).collect();
        if !ids.is_empty() {
            self.changes.notify(&ids);
            if origin == Origin::Replicated {
                self.pulled.notify(&ids);
            }
        }
        self.writes.notify(&ids);
        Ok(value)
    }

    /// The team report over leads whose first inquiry is in `[since, until)`
    /// ([`crate::report`]).
    pub fn team_report(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<crate::report::TeamReport> {
        self.db
            .read(|conn| crate::report::team_report(conn, since, until))
    }

    /// Rebuilds the queue from the store, after something that changes which leads it
    /// lists (the device learning its rep), and tells the observers.
    pub(crate) fn reload_queue(&self) -> Result<()> {
        let index = self.db.read(QueueIndex::load)?;
        *write_lock(&self.index) = index;
        self.changes.notify(&[]);
        self.writes.notify(&[]);
        Ok(())
    }

    pub(crate) fn team_read(&self) -> RwLockReadGuard<'_, (TeamSettings, IntakeDefaults)> {
        read_lock(&self.team)
    }
}

/// This install's device id for clock stamps, made on first open.
fn device_id(tx: &Transaction<'_>) -> Result<String> {
    use rusqlite::OptionalExtension;
    let existing: Option<String> = tx
        .query_row(
            "SELECT value FROM sync_state WHERE key = 'device'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = uuid::Uuid::now_v7().simple().to_string();
    tx.execute(
        "INSERT INTO sync_state (key, value) VALUES ('device', ?1)",
        [&id],
    )?;
    Ok(id)
}

/// The schema version that gave leads a second zone, after which area codes and states
/// give zones at intake.
fn second_zone_version() -> u32 {
    crate::store::version_of("0011_lead_second_zone").unwrap_or(u32::MAX)
}

/// Moves every lead whose zone is the team default to `zone`.
fn apply_team_zone(tx: &Transaction<'_>, zone: Tz) -> Result<()> {
    tx.execute(
        "UPDATE leads SET time_zone = ?1 WHERE time_zone_source = 'team_default'",
        [zone.name()],
    )?;
    Ok(())
}

fn read_lock<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|p| p.into_inner())
}

fn write_lock<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|p| p.into_inner())
}

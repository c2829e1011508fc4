//! "Who do I call now?": the ranked queue, computed on the device, offline.
//!
//! Order (written for managers in `docs/queue.md`):
//! 1. promised callbacks whose time has come, most overdue first;
//! 2. brand-new leads, freshest first (a lead is far easier to reach minutes after
//!    asking than half an hour later);
//! 3. retries whose time has come, longest waiting first;
//! 4. everyone else, by when they become callable: a retry or callback not yet due, or a
//!    lead outside its local calling hours ("callable at 08:00 their time").
//!
//! Closed and do-not-call leads never appear. Ties break on the lead id, so the same data
//! and clock give the same order on every device.
//!
//! Speed: the queue does not read the database per lead. An in-memory index holds the
//! few fields ranking needs for every open lead (about 40 bytes each); calling-hours
//! intervals are computed once per time zone (or pair of zones, for a lead whose area
//! code spans two: open only while both are) per query, not once per lead; only the
//! page returned is read from SQLite.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};

use crate::calling_hours::CallingHours;
use crate::error::{Error, Result};
use crate::lead::{timestamp, Lead, LeadId};
use crate::outcome::{LeadStatus, MAX_ATTEMPTS};
use crate::timezone::LeadZones;

/// Why a lead is where it is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    CallbackDue,
    New,
    RetryDue,
    Later,
}

/// One row of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub lead: Lead,
    pub tier: Tier,
    /// One line for the row: "New: asked 3 min ago", "Callable at 08:00 their time".
    pub reason: String,
    pub facts: QueueFacts,
}

/// The facts behind the reason, for a detail view or a test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueFacts {
    /// Time since the latest inquiry.
    pub inquiry_age: Duration,
    /// The number the next call would have in this cycle (1 for a new lead).
    pub next_attempt: u32,
    pub max_attempts: u32,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub callback_at: Option<DateTime<Utc>>,
    /// When the lead's next action is due by the cadence or the promise.
    pub due_at: DateTime<Utc>,
    /// When it may actually be called: `due_at`, or later if that falls outside the
    /// lead's calling hours.
    pub callable_at: DateTime<Utc>,
    pub callable_now: bool,
    /// Held back by the lead's local calling hours.
    pub held_by_calling_hours: bool,
}

/// A page of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    pub entries: Vec<QueueEntry>,
    /// Open leads in all.
    pub open: usize,
    /// Open leads that may be called right now.
    pub callable_now: usize,
    /// The next instant the order changes by itself (a lead becomes callable, or calling
    /// hours close somewhere): when to refresh if nothing else happens.
    pub refresh_at: Option<DateTime<Utc>>,
    /// The rep the queue was ranked for (`None`: a phone not enrolled in a team).
    pub rep: Option<String>,
}

/// The fields ranking needs, for one open lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IndexEntry {
    status: LeadStatus,
    due_ms: i64,
    callback_ms: Option<i64>,
    inquired_ms: i64,
    zone: u16,
}

/// Every open lead's ranking fields, kept in step with the store by the writer.
/// Entries live in one contiguous vector (ranking walks all of them); `positions` finds
/// a lead's slot for updates.
#[derive(Debug, Default)]
pub struct QueueIndex {
    slots: Vec<(u128, IndexEntry)>,
    positions: HashMap<u128, usize, BuildHasherDefault<LowBitsHasher>>,
    /// The distinct zones (or pairs of zones) of the indexed leads; entries hold an id.
    zones: Vec<LeadZones>,
    zone_ids: HashMap<LeadZones, u16>,
    /// Zone names already read, so loading parses each name once, not once per row.
    zone_names: HashMap<Box<str>, Tz>,
    /// This device's rep once sync has named it: leads assigned to another rep are
    /// theirs to call, not ours.
    me: Option<Box<str>>,
}

/// A ranked lead, before its details are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    pub id: LeadId,
    pub tier: Tier,
}

/// The ranking of the whole index.
#[derive(Debug)]
pub struct Ranking {
    pub top: Vec<Ranked>,
    pub open: usize,
    pub callable_now: usize,
    pub refresh_at: Option<DateTime<Utc>>,
}

impl QueueIndex {
    /// The rep this index ranks for.
    pub fn rep(&self) -> Option<&str> {
        self.me.as_deref()
    }

    /// Reads every open lead's ranking fields.
    pub fn load(conn: &Connection) -> Result<Self> {
        Self::load_as(conn, my_rep(conn)?)
    }

    /// The queue as `rep`'s phone lists it: their leads and the unassigned ones (`None`:
    /// every lead). A manager's view of one rep.
    pub fn load_as(conn: &Connection, rep: Option<Box<str>>) -> Result<Self> {
        let mut index = Self {
            me: rep,
            ..Self::default()
        };
        index.load_rows(conn, i64::MIN, i64::MAX)?;
        Ok(index)
    }

    /// Like [`load`](Self::load), reading the upper half of the table on a second
    /// connection (opened with `open_reader`) in parallel: the store opens in about half
    /// the time on a two-core phone.
    pub fn load_in_parallel(
        conn: &Connection,
        open_reader: impl FnOnce() -> Result<Connection> + Send,
    ) -> Result<Self> {
        let (first, last): (Option<i64>, Option<i64>) =
            conn.query_row("SELECT min(rowid), max(rowid) FROM leads", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let me = my_rep(conn)?;
        let (Some(first), Some(last)) = (first, last) else {
            return Ok(Self {
                me,
                ..Self::default()
            });
        };
        let middle = first + (last - first) / 2;
        let fresh = || Self {
            me: me.clone(),
            ..Self::default()
        };
        let (mut lower, upper) = std::thread::scope(|scope| {
            let upper = scope.spawn(|| {
                let mut index = fresh();
                index.load_rows(&open_reader()?, middle + 1, i64::MAX)?;
                Ok::<_, Error>(index)
            });
            let mut lower = fresh();
            let lower = lower.load_rows(conn, i64::MIN, middle).map(|()| lower);
            let upper = upper
                .join()
                .map_err(|_| Error::Corrupt("the queue loader panicked".into()))?;
            Ok::<_, Error>((lower?, upper?))
        })?;
        lower.absorb(upper);
        Ok(lower)
    }

    fn load_rows(&mut self, conn: &Connection, from_rowid: i64, to_rowid: i64) -> Result<()> {
        // NOT INDEXED: nearly every lead is open, so one pass over the table beats a
        // lookup per row through the partial index.
        let mut stmt = conn.prepare(
            "SELECT id, status, next_action_at, callback_at, inquired_at, time_zone, also_time_zone
             FROM leads NOT INDEXED
             WHERE rowid BETWEEN ?1 AND ?2 AND next_action_at IS NOT NULL
               AND (assigned_to IS NULL OR ?3 IS NULL OR assigned_to = ?3)",
        )?;
        let mut rows = stmt.query(rusqlite::params![from_rowid, to_rowid, self.me.as_deref()])?;
        while let Some(row) = rows.next()? {
            let status = LeadStatus::parse(text(row, 1)?)?;
            if !status.is_open() {
                continue;
            }
            let id: LeadId = text(row, 0)?.parse()?;
            let entry = IndexEntry {
                status,
                due_ms: row.get(2)?,
                callback_ms: row.get(3)?,
                inquired_ms: row.get(4)?,
                zone: self.zone_id_by_names(text(row, 5)?, optional_text(row, 6)?)?,
            };
            self.insert(id.as_u128(), entry);
        }
        Ok(())
    }

    /// Moves every entry of `other` into this index.
    fn absorb(&mut self, other: Self) {
        self.slots.reserve(other.slots.len());
        self.positions.reserve(other.slots.len());
        for (key, mut entry) in other.slots {
            entry.zone = self.zone_id(other.zones[usize::from(entry.zone)]);
            self.insert(key, entry);
        }
    }

    /// Brings one lead's entry in line with its stored state.
    pub fn update(&mut self, lead: &Lead) {
        let key = lead.id.as_u128();
        let mine = match (&self.me, &lead.assigned_to) {
            (Some(me), Some(rep)) => **me == **rep,
            _ => true,
        };
        match (lead.status.is_open() && mine, lead.next_action_at) {
            (true, Some(due)) => {
                let entry = IndexEntry {
                    status: lead.status,
                    due_ms: due.timestamp_millis(),
                    callback_ms: lead.callback_at.map(|c| c.timestamp_millis()),
                    inquired_ms: lead.inquired_at.timestamp_millis(),
                    zone: self.zone_id(lead.zones()),
                };
                self.insert(key, entry);
            }
            _ => self.remove(key),
        }
    }

    fn insert(&mut self, key: u128, entry: IndexEntry) {
        match self.positions.get(&key) {
            Some(&at) => self.slots[at].1 = entry,
            None => {
                self.positions.insert(key, self.slots.len());
                self.slots.push((key, entry));
            }
        }
    }

    fn remove(&mut self, key: u128) {
        if let Some(at) = self.positions.remove(&key) {
            self.slots.swap_remove(at);
            if let Some((moved, _)) = self.slots.get(at) {
                self.positions.insert(*moved, at);
            }
        }
    }

    fn zone_id(&mut self, zones: LeadZones) -> u16 {
        if let Some(id) = self.zone_ids.get(&zones) {
            return *id;
        }
        let id = u16::try_from(self.zones.len()).unwrap_or(u16::MAX);
        self.zones.push(zones);
        self.zone_ids.insert(zones, id);
        id
    }

    fn zone_id_by_names(&mut self, main: &str, also: Option<&str>) -> Result<u16> {
        let main = self.zone_named(main)?;
        let zones = match also {
            Some(also) => LeadZones::split(main, self.zone_named(also)?),
            None => LeadZones::one(main),
        };
        Ok(self.zone_id(zones))
    }

    fn zone_named(&mut self, name: &str) -> Result<Tz> {
        if let Some(tz) = self.zone_names.get(name) {
            return Ok(*tz);
        }
        let tz =
            Tz::from_str(name).map_err(|_| Error::Corrupt(format!("unknown zone {name:?}")))?;
        self.zone_names.insert(name.into(), tz);
        Ok(tz)
    }

    /// Ranks every open lead at `now` and returns the first `limit`.
    pub fn rank(&self, hours: &CallingHours, now: DateTime<Utc>, limit: usize) -> Ranking {
        let now_ms = now.timestamp_millis();
        let zones: Vec<ZoneHours> = self
            .zones
            .iter()
            .map(|zones| ZoneHours::new(hours, *zones, now))
            .collect();
        let mut keys: Vec<(Tier, i64, u128)> = Vec::with_capacity(self.slots.len());
        let mut callable_now = 0;
        let mut refresh_ms: Option<i64> = None;
        for (id, entry) in &self.slots {
            let zone = &zones[usize::from(entry.zone)];
            let available = zone
                .available_at(entry.due_ms, now_ms)
                .unwrap_or(entry.due_ms);
            let (tier, key) = if available <= now_ms {
                callable_now += 1;
                refresh_ms = min_opt(refresh_ms, zone.closes_ms);
                match entry.status {
                    LeadStatus::CallbackScheduled => {
                        (Tier::CallbackDue, entry.callback_ms.unwrap_or(entry.due_ms))
                    }
                    LeadStatus::New => (Tier::New, -entry.inquired_ms),
                    _ => (Tier::RetryDue, entry.due_ms),
                }
            } else {
                refresh_ms = min_opt(refresh_ms, Some(available));
                (Tier::Later, available)
            };
            keys.push((tier, key, *id));
        }
        let open = keys.len();
        if keys.len() > limit {
            keys.select_nth_unstable(limit);
            keys.truncate(limit);
        }
        keys.sort_unstable();
        Ranking {
            top: keys
                .into_iter()
                .map(|(tier, _, id)| Ranked {
                    id: LeadId::from_u128(id),
                    tier,
                })
                .collect(),
            open,
            callable_now,
            refresh_at: refresh_ms.and_then(|ms| timestamp(ms).ok()),
        }
    }
}

/// Hashes a lead id by its low 64 bits. Ids are UUIDv7, whose low bits are random, so
/// running them through SipHash again would only cost time on every queue load.
#[derive(Debug, Default)]
struct LowBitsHasher(u64);

impl Hasher for LowBitsHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(word);
        }
    }

    fn write_u128(&mut self, value: u128) {
        self.0 = value as u64;
    }
}

fn text<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> Result<&'r str> {
    Ok(row
        .get_ref(column)?
        .as_str()
        .map_err(rusqlite::Error::from)?)
}

fn optional_text<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> Result<Option<&'r str>> {
    Ok(row
        .get_ref(column)?
        .as_str_or_null()
        .map_err(rusqlite::Error::from)?)
}

fn min_opt(current: Option<i64>, candidate: Option<i64>) -> Option<i64> {
    match (current, candidate) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// One zone's calling intervals for this query, in epoch milliseconds.
struct ZoneHours {
    intervals: Vec<(i64, i64)>,
    /// When the interval open now closes, if one is open now.
    closes_ms: Option<i64>,
    /// The first callable instant at or after now.
    opens_ms: Option<i64>,
}

impl ZoneHours {
    fn new(hours: &CallingHours, zones: LeadZones, now: DateTime<Utc>) -> Self {
        let intervals: Vec<(i64, i64)> = hours
            .open_intervals(zones, now)
            .into_iter()
            .map(|(start, end)| (start.timestamp_millis(), end.timestamp_millis()))
            .collect();
        let now_ms = now.timestamp_millis();
        let closes_ms = intervals
            .iter()
            .find(|(start, end)| *start <= now_ms && now_ms < *end)
            .map(|(_, end)| *end);
        let opens_ms = Self::search(&intervals, now_ms);
        Self {
            intervals,
            closes_ms,
            opens_ms,
        }
    }

    /// When a lead due at `due_ms` can be called: at once if due and open, else at the
    /// next opening.
    fn available_at(&self, due_ms: i64, now_ms: i64) -> Option<i64> {
        if due_ms <= now_ms {
            self.opens_ms
        } else {
            Self::search(&self.intervals, due_ms)
        }
    }

    fn search(intervals: &[(i64, i64)], at_ms: i64) -> Option<i64> {
        let index = intervals.partition_point(|(_, end)| *end <= at_ms);
        intervals.get(index).map(|(start, _)| (*start).max(at_ms))
    }
}

/// Builds the row for `lead`, ranked in `tier`, as a rep in `rep_zone` reads it at `now`.
pub fn entry(
    lead: Lead,
    tier: Tier,
    hours: &CallingHours,
    rep_zone: Tz,
    now: DateTime<Utc>,
) -> QueueEntry {
    let due_at = lead.next_action_at.unwrap_or(now);
    let callable_at = hours
        .next_opening(lead.zones(), due_at.max(now))
        .unwrap_or(due_at);
    let held = callable_at > due_at.max(now);
    let facts = QueueFacts {
        inquiry_age: now - lead.inquired_at,
        next_attempt: lead.attempts + 1,
        max_attempts: MAX_ATTEMPTS,
        last_attempt_at: lead.last_attempt_at,
        callback_at: lead.callback_at,
        due_at,
        callable_at,
        callable_now: callable_at <= now,
        held_by_calling_hours: held,
    };
    let reason = reason(&lead, tier, &facts, rep_zone, now);
    QueueEntry {
        lead,
        tier,
        reason,
        facts,
    }
}

fn reason(lead: &Lead, tier: Tier, f: &QueueFacts, rep_zone: Tz, now: DateTime<Utc>) -> String {
    let attempt = format!("Attempt {} of {}", f.next_attempt, f.max_attempts);
    match tier {
        Tier::CallbackDue => format!(
            "Callback promised for {}",
            when(f.callback_at.unwrap_or(f.due_at), rep_zone, now)
        ),
        Tier::New => format!("New: asked {}", age(f.inquiry_age)),
        Tier::RetryDue => match f.last_attempt_at {
            Some(last) => format!("{attempt}, last tried {}", when(last, rep_zone, now)),
            None => attempt,
        },
        Tier::Later if f.held_by_calling_hours => {
            let local = f.callable_at.with_timezone(&lead.time_zone);
            if f.callable_at - now < Duration::hours(24) {
                format!("Callable at {} their time", local.format("%H:%M"))
            } else {
                format!("Callable {} their time", local.format("%a %H:%M"))
            }
        }
        Tier::Later => match (lead.status, f.callback_at) {
            (LeadStatus::CallbackScheduled, Some(at)) => {
                format!("Callback promised for {}", when(at, rep_zone, now))
            }
            (LeadStatus::New, _) => format!("New: asked {}", age(f.inquiry_age)),
            _ => format!("{attempt} due {}", when(f.due_at, rep_zone, now)),
        },
    }
}

/// "just now", "3 min ago", "2 h ago", "4 days ago".
pub fn age(elapsed: Duration) -> String {
    let minutes = elapsed.num_minutes().max(0);
    match minutes {
        0 => "just now".into(),
        1..=59 => format!("{minutes} min ago"),
        60..=1439 => format!("{} h ago", minutes / 60),
        _ if minutes < 2 * 1440 => "1 day ago".into(),
        _ => format!("{} days ago", minutes / 1440),
    }
}

/// An instant as the rep reads it: "14:30", "yesterday 16:05", "tomorrow 09:00",
/// "Tue 14:30", or "12 Nov 14:30".
pub fn when(at: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    let days = (local.date_naive() - now.with_timezone(&zone).date_naive()).num_days();
    let time = local.format("%H:%M");
    match days {
        0 => time.to_string(),
        -1 => format!("yesterday {time}"),
        1 => format!("tomorrow {time}"),
        -6..=6 => format!("{} {time}", local.format("%a")),
        _ => format!("{} {time}", local.format("%-d %b")),
    }
}

impl LeadId {
    pub(crate) fn from_u128(value: u128) -> Self {
        Self::from_uuid(uuid::Uuid::from_u128(value))
    }
}

/// The rep this device belongs to, as the server named it on the last pull.
pub(crate) fn my_rep(conn: &Connection) -> Result<Option<Box<str>>> {
    Ok(conn
        .query_row(
            "SELECT value FROM sync_state WHERE key = 'rep_id'",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(String::into_boxed_str))
}

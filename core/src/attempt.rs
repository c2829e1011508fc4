//! Call attempts: dialled, connected, ended, and the outcome logged after.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::lead::{ms, new_uuid_at, timestamp, LeadId};
use crate::outcome::Outcome;

/// One call to a lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub id: Uuid,
    pub lead_id: LeadId,
    pub started_at: DateTime<Utc>,
    pub connected_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
    pub outcome_at: Option<DateTime<Utc>>,
    /// The talk time the phone's reports gave, and how sure that figure is.
    pub talk: Option<(u32, TalkConfidence)>,
}

/// How sure a call's talk time is, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TalkConfidence {
    /// Measured by the phone itself (its call log).
    Measured,
    /// From the moments the phone said the call was answered and ended.
    CallStates,
    /// From dialling to hang-up: an upper bound that includes the ringing.
    IncludesRinging,
    /// From how long the app was in the background: a rough upper bound.
    AppSwitch,
    /// Nothing to go on.
    Unknown,
}

impl TalkConfidence {
    pub const ALL: [Self; 5] = [
        Self::Measured,
        Self::CallStates,
        Self::IncludesRinging,
        Self::AppSwitch,
        Self::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Measured => "measured",
            Self::CallStates => "call_states",
            Self::IncludesRinging => "includes_ringing",
            Self::AppSwitch => "app_switch",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == text)
            .ok_or_else(|| Error::Corrupt(format!("unknown talk confidence {text:?}")))
    }
}

impl Attempt {
    /// Talk time: the phone's figure when it gave one, else from connection to hang-up;
    /// zero for a call that never connected.
    pub fn talk_seconds(&self) -> u32 {
        if let Some((seconds, _)) = self.talk {
            return seconds;
        }
        match (self.connected_at, self.ended_at) {
            (Some(connected), Some(ended)) if ended > connected => {
                u32::try_from((ended - connected).num_seconds()).unwrap_or(u32::MAX)
            }
            _ => 0,
        }
    }

    /// How the call went, for the timeline: "talked 3 min 5 s" or "not connected".
    pub fn talk_summary(&self) -> String {
        if self.connected_at.is_some() || self.talk.is_some_and(|(s, _)| s > 0) {
            let s = self.talk_seconds();
            format!("talked {} min {} s", s / 60, s % 60)
        } else {
            "not connected".into()
        }
    }
}

pub(crate) fn parse_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|_| Error::InvalidInput {
        field: "attempt_id",
        problem: format!("{text:?} is not an attempt id"),
    })
}

/// A new attempt; `placed` is false for a dial that has not become a call yet (neither
/// counted nor synced until [`place`]).
pub(crate) fn insert(
    conn: &Connection,
    lead: LeadId,
    at: DateTime<Utc>,
    placed: bool,
) -> Result<Attempt> {
    let attempt = Attempt {
        id: new_uuid_at(at),
        lead_id: lead,
        started_at: at,
        connected_at: None,
        ended_at: None,
        outcome: None,
        outcome_at: None,
        talk: None,
    };
    conn.prepare_cached(
        "INSERT INTO attempts (id, lead_id, started_at, placed) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        attempt.id.to_string(),
        lead.to_string(),
        ms(at),
        placed
    ])?;
    Ok(attempt)
}

/// The dial became a call: from now on it counts and syncs.
pub(crate) fn place(conn: &Connection, id: Uuid) -> Result<()> {
    conn.prepare_cached("UPDATE attempts SET placed = 1 WHERE id = ?1")?
        .execute([id.to_string()])?;
    Ok(())
}

pub(crate) fn save(conn: &Connection, a: &Attempt) -> Result<()> {
    let callback = match a.outcome {
        Some(Outcome::NotAGoodTime { callback_at }) => Some(ms(callback_at)),
        _ => None,
    };
    conn.prepare_cached(
        "UPDATE attempts SET connected_at = ?2, ended_at = ?3, outcome = ?4, outcome_at = ?5, callback_at = ?6,
                             talk_seconds = ?7, talk_confidence = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        a.id.to_string(),
        a.connected_at.map(ms),
        a.ended_at.map(ms),
        a.outcome.map(Outcome::as_str),
        a.outcome_at.map(ms),
        callback,
        a.talk.map(|(seconds, _)| seconds),
        a.talk.map(|(_, confidence)| confidence.as_str()),
    ])?;
    Ok(())
}

const COLUMNS: &str =
    "id, lead_id, started_at, connected_at, ended_at, outcome, outcome_at, callback_at,
     talk_seconds, talk_confidence";

pub(crate) fn get(conn: &Connection, id: Uuid) -> Result<Attempt> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM attempts WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| Error::AttemptNotFound { id: id.to_string() })?
}

/// The lead's latest attempt that has no outcome yet, if any.
pub(crate) fn open_for_lead(conn: &Connection, lead: LeadId) -> Result<Option<Attempt>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM attempts WHERE lead_id = ?1 AND outcome IS NULL AND placed = 1
         ORDER BY started_at DESC LIMIT 1"
    ))?
    .query_row([lead.to_string()], from_row)
    .optional()?
    .transpose()
}

pub(crate) fn of_lead(conn: &Connection, lead: LeadId) -> Result<Vec<Attempt>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM attempts WHERE lead_id = ?1 AND placed = 1 ORDER BY started_at, id"
    ))?;
    let rows = stmt.query_map([lead.to_string()], from_row)?;
    rows.map(|r| r?).collect()
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Result<Attempt>> {
    let id: String = row.get(0)?;
    let lead: String = row.get(1)?;
    let started: i64 = row.get(2)?;
    let connected: Option<i64> = row.get(3)?;
    let ended: Option<i64> = row.get(4)?;
    let outcome: Option<String> = row.get(5)?;
    let outcome_at: Option<i64> = row.get(6)?;
    let callback: Option<i64> = row.get(7)?;
    let talk_seconds: Option<u32> = row.get(8)?;
    let talk_confidence: Option<String> = row.get(9)?;
    Ok((|| {
        let callback_at = callback.map(timestamp).transpose()?;
        Ok(Attempt {
            id: parse_id(&id)?,
            lead_id: lead.parse()?,
            started_at: timestamp(started)?,
            connected_at: connected.map(timestamp).transpose()?,
            ended_at: ended.map(timestamp).transpose()?,
            outcome: outcome
                .map(|o| Outcome::parse(&o, callback_at))
                .transpose()?,
            outcome_at: outcome_at.map(timestamp).transpose()?,
            talk: match (talk_seconds, talk_confidence) {
                (Some(seconds), Some(c)) => Some((seconds, TalkConfidence::parse(&c)?)),
                _ => None,
            },
        })
    })())
}

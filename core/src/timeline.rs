//! A lead's timeline: inquiries, calls, outcomes and status changes, in order.
//!
//! Append-only: every change to a lead adds an event in the same transaction, so the
//! timeline can never disagree with the lead. Notes join it with the script engine.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::ids::{ms, timestamp, LeadId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Inquiry,
    CallStarted,
    CallConnected,
    CallEnded,
    Outcome,
    StatusChanged,
    CallbackScheduled,
    DoNotCall,
    Note,
    Answer,
}

impl EventKind {
    const ALL: [Self; 10] = [
        Self::Inquiry,
        Self::CallStarted,
        Self::CallConnected,
        Self::CallEnded,
        Self::Outcome,
        Self::StatusChanged,
        Self::CallbackScheduled,
        Self::DoNotCall,
        Self::Note,
        Self::Answer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inquiry => "inquiry",
            Self::CallStarted => "call_started",
            Self::CallConnected => "call_connected",
            Self::CallEnded => "call_ended",
            Self::Outcome => "outcome",
            Self::StatusChanged => "status_changed",
            Self::CallbackScheduled => "callback_scheduled",
            Self::DoNotCall => "do_not_call",
            Self::Note => "note",
            Self::Answer => "answer",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| Error::Corrupt(format!("unknown timeline event {text:?}")))
    }
}

/// One line of a lead's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEvent {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    /// A short human-readable line ("Asked to be called via ad form (Spring promo)").
    pub detail: String,
}

pub(crate) fn record(
    conn: &Connection,
    lead: LeadId,
    at: DateTime<Utc>,
    kind: EventKind,
    detail: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO lead_events (lead_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![lead.to_string(), ms(at), kind.as_str(), detail])?;
    Ok(())
}

/// The lead's events, oldest first; events at the same instant in the order recorded.
pub(crate) fn of_lead(conn: &Connection, lead: LeadId) -> Result<Vec<TimelineEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, kind, detail FROM lead_events WHERE lead_id = ?1 ORDER BY at, seq",
    )?;
    let rows = stmt.query_map([lead.to_string()], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (at, kind, detail) = row?;
        Ok(TimelineEvent {
            at: timestamp(at)?,
            kind: EventKind::parse(&kind)?,
            detail,
        })
    })
    .collect()
}

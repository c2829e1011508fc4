//! The screens about leads outside a call: all leads with search, one lead, sync status,
//! and the callbacks the phone should remind the rep of.

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

use super::screens::{reserved_by_other, LeadHeader};
use crate::attempt::TalkConfidence;
use crate::error::Result;
use crate::lead::{self, ms, LeadId, LeadSource, Reservation};
use crate::notes::Note;
use crate::outcome::{LeadStatus, Outcome};
use crate::sync::SyncStatus;
use crate::timeline::TimelineEvent;
use crate::warmline::Warmline;

/// How far ahead [`Warmline::reminders`] lists callbacks.
pub const REMINDER_HORIZON_DAYS: i64 = 14;

/// One row of the all-leads list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadRow {
    pub lead: LeadHeader,
    pub status: LeadStatus,
    pub next_action_at: Option<DateTime<Utc>>,
    pub callback_at: Option<DateTime<Utc>>,
}

/// All leads on this phone, or those matching a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadsScreen {
    pub query: String,
    pub rows: Vec<LeadRow>,
}

/// One call on the lead screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    pub started_at: DateTime<Utc>,
    pub outcome: Option<Outcome>,
    pub talk_seconds: u32,
    pub talk_confidence: Option<TalkConfidence>,
}

/// A lead with everything the rep knows of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadScreen {
    pub lead: LeadHeader,
    pub email: Option<String>,
    pub status: LeadStatus,
    pub source: LeadSource,
    pub inquired_at: DateTime<Utc>,
    pub custom_fields: Vec<(String, String)>,
    /// The promised callback still ahead, if any.
    pub upcoming_callback: Option<DateTime<Utc>>,
    pub next_action_at: Option<DateTime<Utc>>,
    pub calls: Vec<CallRow>,
    /// Notes and answers, oldest first, each with its "synced" tick.
    pub notes: Vec<Note>,
    pub timeline: Vec<TimelineEvent>,
    /// Not closed and not do-not-call: the call button is live.
    pub can_call: bool,
    /// Another rep is on the phone with them (their dial has not ended or run out).
    pub being_called: Option<Reservation>,
}

/// How sync stands, in the words of the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncHealth {
    /// Never synced (just enrolled, or never online).
    NotYet,
    /// The last sync worked.
    Online,
    /// The last sync failed: offline or the server is unreachable; retrying.
    Offline,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncScreen {
    pub health: SyncHealth,
    pub pending_changes: u64,
    /// Changes wait for the server: when the network returns, sync at once rather than at
    /// the next scheduled round.
    pub changes_waiting: bool,
    /// Changes from the team this phone could not apply: kept, retried after an update.
    pub quarantined_changes: u64,
    pub last_synced_at: Option<DateTime<Utc>>,
    pub failures: u32,
    /// What went wrong last, in words.
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
}

/// A promised callback, for a local reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub lead: LeadHeader,
    pub at: DateTime<Utc>,
}

/// How many rows the all-leads list shows at most.
pub const LEADS_PAGE: usize = 200;

impl Warmline {
    /// All leads, most recently changed first; with a query, those whose name, company
    /// or phone number contains it.
    pub fn leads_screen(&self, query: &str) -> Result<LeadsScreen> {
        let query = query.trim();
        let words = like_pattern(query);
        let digits: String = query.chars().filter(char::is_ascii_digit).collect();
        let digits = if digits.is_empty() {
            String::new()
        } else {
            format!("%{digits}%")
        };
        let rows = self.db.read(|conn| {
            let ids: Vec<String> = conn
                .prepare_cached(
                    "SELECT id FROM leads
                     WHERE ?1 = '%%'
                        OR (first_name || ' ' || last_name) LIKE ?1 ESCAPE '\\'
                        OR company LIKE ?1 ESCAPE '\\'
                        OR (?2 != '' AND phone_e164 LIKE ?2)
                     ORDER BY updated_at DESC, id LIMIT ?3",
                )?
                .query_map(
                    params![words, digits, i64::try_from(LEADS_PAGE).unwrap_or(i64::MAX)],
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<_>>()?;
            ids.iter()
                .map(|id| {
                    let lead = lead::get(conn, id.parse()?)?;
                    Ok(LeadRow {
                        lead: LeadHeader::of(&lead),
                        status: lead.status,
                        next_action_at: lead.next_action_at,
                        callback_at: lead.callback_at,
                    })
                })
                .collect::<Result<Vec<_>>>()
        })?;
        Ok(LeadsScreen {
            query: query.to_owned(),
            rows,
        })
    }

    /// The lead screen of `lead_id`.
    pub fn lead_screen(&self, lead_id: &str) -> Result<LeadScreen> {
        let detail = self.lead_detail(lead_id)?;
        let notes = self.notes(lead_id)?;
        let now = self.clock.now();
        let lead = detail.lead;
        Ok(LeadScreen {
            email: lead.email.clone(),
            status: lead.status,
            source: lead.source.clone(),
            inquired_at: lead.inquired_at,
            custom_fields: lead.custom_fields.clone(),
            upcoming_callback: lead
                .callback_at
                .filter(|at| *at > now && lead.status == LeadStatus::CallbackScheduled),
            next_action_at: lead.next_action_at,
            calls: detail
                .attempts
                .iter()
                .map(|a| CallRow {
                    started_at: a.started_at,
                    outcome: a.outcome,
                    talk_seconds: a.talk_seconds(),
                    talk_confidence: a.talk.map(|(_, c)| c),
                })
                .collect(),
            notes,
            timeline: detail.timeline,
            can_call: lead.status.is_open(),
            being_called: reserved_by_other(&lead, self.my_rep().as_deref(), now).cloned(),
            lead: LeadHeader::of(&lead),
        })
    }

    /// The sync status line.
    pub fn sync_screen(&self) -> Result<SyncScreen> {
        let status: SyncStatus = self.sync_status()?;
        let health = match (status.failures, status.last_synced_at) {
            (0, None) => SyncHealth::NotYet,
            (0, Some(_)) => SyncHealth::Online,
            _ => SyncHealth::Offline,
        };
        Ok(SyncScreen {
            health,
            changes_waiting: status.pending_changes > 0,
            pending_changes: status.pending_changes,
            quarantined_changes: status.quarantined_changes,
            last_synced_at: status.last_synced_at,
            failures: status.failures,
            last_error: status.last_error,
            next_attempt_at: status.next_attempt_at,
        })
    }

    /// The callbacks the phone should hold reminders for now: those promised in the next
    /// [`REMINDER_HORIZON_DAYS`], soonest first. The app replaces its reminders with this
    /// list whenever the leads change, so later ones are booked as their day comes.
    pub fn reminders(&self) -> Result<Vec<Reminder>> {
        self.upcoming_callbacks(self.clock.now() + Duration::days(REMINDER_HORIZON_DAYS))
    }

    /// Promised callbacks from now until `until`, soonest first: the app schedules a
    /// local reminder for each (and replaces them when this list changes).
    pub fn upcoming_callbacks(&self, until: DateTime<Utc>) -> Result<Vec<Reminder>> {
        let now = self.clock.now();
        self.db.read(|conn| {
            let ids: Vec<String> = conn
                .prepare_cached(
                    "SELECT id FROM leads WHERE status = 'callback_scheduled'
                       AND callback_at >= ?1 AND callback_at < ?2
                     ORDER BY callback_at, id",
                )?
                .query_map(params![ms(now), ms(until)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids.iter()
                .map(|id| {
                    let id: LeadId = id.parse()?;
                    let lead = lead::get(conn, id)?;
                    Ok(Reminder {
                        at: lead.callback_at.unwrap_or(now),
                        lead: LeadHeader::of(&lead),
                    })
                })
                .collect()
        })
    }
}

/// `%text%` for LIKE, with the rep's `%`, `_` and `\` taken literally.
fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

//! From a tap on a queue row to the outcome: the rules at the tap, the phone's reports,
//! the call screen and the outcome sheet.
//!
//! A dial is reserved at the tap (its attempt counts for nothing yet); the phone's
//! reports are logged as they arrive and the dial's meaning is recomputed from all of
//! them ([`PhoneCall`]); each change of that meaning takes effect once, in the same
//! transaction as the report that caused it: the attempt counts when a call is placed,
//! the card learns the call was answered or ended, a cancelled dial closes the session
//! and leaves the lead as it was. `docs/phone-events.md` draws the machine.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::phone_call::{CallView, PhoneCall, PhoneCapabilities, PhoneEvent, Placement};
use super::screens::{
    self, AppScreen, CallScreen, LeadHeader, OutcomeSheet, PathStep, QueueScreen,
};
use crate::attempt::{self, Attempt};
use crate::call_lifecycle::{place_dial, release_reservation};
use crate::calls::{self, Loaded};
use crate::error::{Error, Result};
use crate::lead::{self, ms, timestamp, Lead};
use crate::outcome::{LeadStatus, Outcome};
use crate::session::{PromptCard, SessionEvent};
use crate::warmline::Warmline;

/// What the shell knows when the rep taps call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialRequest {
    pub capabilities: PhoneCapabilities,
    /// The rep confirmed calling outside the lead's calling hours.
    pub confirm_outside_hours: bool,
}

/// What a tap on call leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialResult {
    /// Hand `number` to the dialer; the call screen is up.
    Dialling {
        number: String,
        screen: Box<CallScreen>,
    },
    /// Outside the lead's calling hours: the rep must confirm (dial again with
    /// `confirm_outside_hours`).
    NeedsConfirmation {
        lead: Box<LeadHeader>,
        reason: String,
        opens_at: Option<DateTime<Utc>>,
    },
}

/// A session's row beyond its script: what the phone can report and whether it is over.
struct SessionRow {
    capabilities: PhoneCapabilities,
    started_at: DateTime<Utc>,
    finished: bool,
    cancelled: bool,
}

/// Capabilities of sessions opened without saying (the API before phone events, the
/// CLI's demo): a phone that reports every call state.
const FULL_REPORTS: PhoneCapabilities = PhoneCapabilities {
    call_states: true,
    answer_state: true,
};

impl Warmline {
    /// The rep tapped call on `lead_id`. Refuses a do-not-call lead
    /// ([`Error::DoNotCall`]) and a second call while one is open; outside the lead's
    /// calling hours, asks for confirmation first. Otherwise reserves the lead, opens the
    /// call screen and returns the number to dial.
    pub fn dial(&self, lead_id: &str, request: DialRequest) -> Result<DialResult> {
        let lead = self.lead(lead_id)?;
        if lead.status == LeadStatus::DoNotCall {
            return Err(Error::DoNotCall {
                id: lead.id.to_string(),
            });
        }
        let now = self.clock.now();
        let hours = self.team_read().0.calling_hours.clone();
        if !request.confirm_outside_hours && !hours.is_open(lead.zones(), now) {
            let opens_at = hours.next_opening(lead.zones(), now);
            return Ok(DialResult::NeedsConfirmation {
                reason: outside_hours_reason(&lead, now, opens_at),
                lead: Box::new(LeadHeader::of(&lead)),
                opens_at,
            });
        }
        let session_id = self.begin_call(lead_id, request.capabilities)?;
        Ok(DialResult::Dialling {
            number: lead.phone.e164,
            screen: Box::new(self.call_screen(&session_id)?),
        })
    }

    /// Opens a call on `lead_id` without the calling-hours check, as if dialled on a
    /// phone that reports every call state. Returns the first card.
    pub fn start_call(&self, lead_id: &str) -> Result<PromptCard> {
        let session_id = self.begin_call(lead_id, FULL_REPORTS)?;
        self.call_card(&session_id)
    }

    /// The phone reported `event`, which happened at `at`. Returns the call screen as it
    /// now stands (its `view` says whether to show the outcome sheet or close).
    pub fn phone_report(
        &self,
        session_id: &str,
        event: PhoneEvent,
        at: DateTime<Utc>,
    ) -> Result<CallScreen> {
        self.change_leads(|tx, now| {
            let touched = apply_report(tx, session_id, event, at, now)?;
            Ok(((), touched.into_iter().collect()))
        })?;
        self.call_screen(session_id)
    }

    /// The phone reported the call connected (answered).
    pub fn call_connected(&self, session_id: &str, at: DateTime<Utc>) -> Result<PromptCard> {
        Ok(self
            .phone_report(session_id, PhoneEvent::CallActive, at)?
            .card)
    }

    /// The phone reported the call ended.
    pub fn call_ended(&self, session_id: &str, at: DateTime<Utc>) -> Result<PromptCard> {
        let ended = PhoneEvent::CallEnded {
            measured_seconds: None,
        };
        Ok(self.phone_report(session_id, ended, at)?.card)
    }

    /// Ends the call with `outcome`: the lead moves by the queue's rules. A dial the
    /// phone never reported counts as placed (the rep says the call happened). Returns
    /// the final card, whose checklist shows what was covered and what was missed.
    pub fn end_call(&self, session_id: &str, outcome: Outcome) -> Result<PromptCard> {
        self.change_leads(|tx, now| {
            let row = session_row(tx, session_id)?;
            if row.cancelled {
                return Err(refused("this dial was cancelled: there is no call to log"));
            }
            let mut loaded = calls::load(tx, session_id)?;
            let mut attempt = attempt::get(tx, attempt::parse_id(&loaded.attempt_id)?)?;
            let placed = is_placed(tx, &attempt)?;
            if !placed {
                place_dial(tx, &attempt, now)?;
            }
            let call = phone_call(tx, session_id, row.capabilities)?;
            if call.placement != Placement::Cancelled {
                attempt = attempt::get(tx, attempt.id)?;
                attempt.talk = Some((call.talk.seconds, call.talk.confidence));
                attempt::save(tx, &attempt)?;
            }
            let end = SessionEvent::End {
                outcome: outcome.kind(),
                callback_at: outcome.callback_at(),
            };
            calls::append(tx, &mut loaded, end, now, now)?;
            tx.prepare_cached("DELETE FROM call_drafts WHERE session_id = ?1")?
                .execute([session_id])?;
            let lead = release_reservation(tx, attempt.lead_id)?;
            Ok(((), vec![lead]))
        })?;
        self.call_card(session_id)
    }

    /// The rep backed out of the dialer: no attempt is counted.
    pub fn cancel_dial(&self, session_id: &str) -> Result<CallScreen> {
        let now = self.clock.now();
        self.phone_report(session_id, PhoneEvent::DialCancelled, now)
    }

    /// Keeps the quick note being typed; a kill loses none of it.
    pub fn set_draft(&self, session_id: &str, text: &str) -> Result<()> {
        self.change_leads(|tx, now| {
            session_row(tx, session_id)?;
            tx.prepare_cached(
                "INSERT INTO call_drafts (session_id, body, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (session_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            )?
            .execute(params![session_id, text, ms(now)])?;
            Ok(((), Vec::new()))
        })
    }

    /// Saves the draft as the call's note and clears it, in one step.
    pub fn save_draft(&self, session_id: &str) -> Result<CallScreen> {
        self.change_leads(|tx, now| {
            let text = draft(tx, session_id)?;
            let mut loaded = calls::load(tx, session_id)?;
            let lead = calls::append(tx, &mut loaded, SessionEvent::Note { text }, now, now)?;
            tx.prepare_cached("DELETE FROM call_drafts WHERE session_id = ?1")?
                .execute([session_id])?;
            Ok(((), lead.into_iter().collect()))
        })?;
        self.call_screen(session_id)
    }

    /// The call screen of `session_id`.
    pub fn call_screen(&self, session_id: &str) -> Result<CallScreen> {
        self.db.read(|conn| {
            let row = session_row(conn, session_id)?;
            let loaded = calls::load(conn, session_id)?;
            let lead = lead::get(conn, loaded.lead_id)?;
            let call = phone_call(conn, session_id, row.capabilities)?;
            let card = self.card(conn, &loaded, &lead)?;
            // Cancelled or logged: nothing more to show for this call.
            let view = if row.finished {
                CallView::Closed
            } else {
                call.view()
            };
            Ok(CallScreen {
                session_id: session_id.to_owned(),
                lead: LeadHeader::of(&lead),
                dialled_at: row.started_at,
                can_cancel: !row.finished && call.placement == Placement::Pending,
                overlay: view == CallView::InCall && call.shows_overlay(),
                view,
                on_hold: call.on_hold,
                answered: call.answered,
                answered_at: call.answered_at,
                path: path(&loaded),
                draft: draft(conn, session_id)?,
                card,
            })
        })
    }

    /// The outcome sheet of `session_id`.
    pub fn outcome_sheet(&self, session_id: &str) -> Result<OutcomeSheet> {
        let now = self.clock.now();
        let hours = self.team_read().0.calling_hours.clone();
        self.db.read(|conn| {
            let row = session_row(conn, session_id)?;
            let loaded = calls::load(conn, session_id)?;
            let lead = lead::get(conn, loaded.lead_id)?;
            let call = phone_call(conn, session_id, row.capabilities)?;
            let card = self.card(conn, &loaded, &lead)?;
            Ok(OutcomeSheet {
                session_id: session_id.to_owned(),
                suggested: card
                    .suggested_outcome
                    .or_else(|| call.default_outcome().map(Outcome::kind)),
                choices: screens::OUTCOME_ORDER.to_vec(),
                may_not_have_called: call.placement == Placement::Pending,
                talk: call.talk,
                callback_default: screens::callback_default(&hours, lead.zones(), now),
                missed: card.checklist.into_iter().filter(|c| !c.covered).collect(),
                lead: LeadHeader::of(&lead),
            })
        })
    }

    /// The queue screen: the first `limit` rows with their badges.
    pub fn queue_screen(&self, limit: usize) -> Result<QueueScreen> {
        let queue = self.queue(limit)?;
        let hours = self.team_read().0.calling_hours.clone();
        Ok(screens::queue_screen(queue, &hours, self.clock.now()))
    }

    /// The screen the app should be on: an open call (its screen or its outcome sheet)
    /// first, so a call in progress is never cut off; then the signed-out screen if the
    /// server refused this phone; else the queue.
    pub fn current_screen(&self) -> Result<AppScreen> {
        let open: Option<String> = self.db.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT id FROM call_sessions WHERE finished_at IS NULL
                     ORDER BY started_at DESC LIMIT 1",
                )?
                .query_row([], |row| row.get(0))
                .optional()?)
        })?;
        let Some(session_id) = open else {
            if self.sync_status()?.signed_out_reason.is_some() {
                return Ok(AppScreen::SignedOut);
            }
            return Ok(AppScreen::Queue);
        };
        Ok(match self.call_screen(&session_id)?.view {
            CallView::InCall => AppScreen::Call { session_id },
            CallView::OutcomeSheet => AppScreen::Outcome { session_id },
            CallView::Closed => AppScreen::Queue,
        })
    }

    fn begin_call(&self, lead_id: &str, capabilities: PhoneCapabilities) -> Result<String> {
        let id: lead::LeadId = lead_id.parse()?;
        let capabilities_json = serde_json::to_string(&capabilities)
            .map_err(|e| Error::Corrupt(format!("capabilities: {e}")))?;
        self.change_leads(|tx, now| {
            if let Some(open) = open_call_lead(tx)? {
                return Err(refused(&format!(
                    "the call with {open} is still open: log its outcome first"
                )));
            }
            let loaded = self.open_session(tx, id, &capabilities_json, now)?;
            insert_report(tx, &loaded.id, PhoneEvent::DialRequested, now)?;
            Ok((loaded.id, vec![lead::get(tx, id)?]))
        })
    }
}

/// Logs one report and carries out what it changed about the dial.
fn apply_report(
    tx: &Transaction<'_>,
    session_id: &str,
    event: PhoneEvent,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<Lead>> {
    let row = session_row(tx, session_id)?;
    let before = phone_call(tx, session_id, row.capabilities)?;
    insert_report(tx, session_id, event, at)?;
    let after = phone_call(tx, session_id, row.capabilities)?;
    let mut loaded = calls::load(tx, session_id)?;
    let mut attempt = attempt::get(tx, attempt::parse_id(&loaded.attempt_id)?)?;
    if row.finished {
        // Settled: only the phone's own measurement, which often comes after the rep
        // logged the outcome, still improves the record.
        if is_placed(tx, &attempt)? && after.talk != before.talk {
            attempt.talk = Some((after.talk.seconds, after.talk.confidence));
            attempt::save(tx, &attempt)?;
        }
        return Ok(None);
    }
    let mut touched = None;
    match after.placement {
        Placement::Cancelled => {
            tx.prepare_cached(
                "UPDATE call_sessions SET cancelled_at = ?2, finished_at = ?2 WHERE id = ?1",
            )?
            .execute(params![session_id, ms(now)])?;
            return release_reservation(tx, attempt.lead_id).map(Some);
        }
        Placement::Placed if !is_placed(tx, &attempt)? => {
            touched = Some(place_dial(tx, &attempt, now)?);
        }
        Placement::Placed | Placement::Pending => {}
    }
    if let (None, Some(answered)) = (before.answered_at, after.answered_at) {
        if let Some(lead) = calls::append(tx, &mut loaded, SessionEvent::Connected, answered, now)?
        {
            touched = Some(lead);
        }
    }
    if let (None, Some(ended)) = (before.ended_at, after.ended_at) {
        calls::append(tx, &mut loaded, SessionEvent::CallEnded, ended, now)?;
    }
    if after.placement == Placement::Placed {
        attempt = attempt::get(tx, attempt.id)?;
        let talk = Some((after.talk.seconds, after.talk.confidence));
        if attempt.talk != talk {
            attempt.talk = talk;
            attempt::save(tx, &attempt)?;
        }
    }
    Ok(touched)
}

fn insert_report(
    conn: &Connection,
    session_id: &str,
    event: PhoneEvent,
    at: DateTime<Utc>,
) -> Result<()> {
    let json =
        serde_json::to_string(&event).map_err(|e| Error::Corrupt(format!("phone event: {e}")))?;
    conn.prepare_cached("INSERT INTO phone_reports (session_id, at, event) VALUES (?1, ?2, ?3)")?
        .execute(params![session_id, ms(at), json])?;
    Ok(())
}

/// The dial as all of its reports describe it.
fn phone_call(
    conn: &Connection,
    session_id: &str,
    capabilities: PhoneCapabilities,
) -> Result<PhoneCall> {
    let mut stmt = conn
        .prepare_cached("SELECT at, event FROM phone_reports WHERE session_id = ?1 ORDER BY seq")?;
    let reports = stmt
        .query_map([session_id], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .map(|r| {
            let (at, json) = r?;
            let event: PhoneEvent = serde_json::from_str(&json)
                .map_err(|e| Error::Corrupt(format!("phone report {json:?}: {e}")))?;
            Ok((timestamp(at)?, event))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PhoneCall::from_reports(capabilities, &reports))
}

fn session_row(conn: &Connection, session_id: &str) -> Result<SessionRow> {
    conn.prepare_cached(
        "SELECT capabilities, started_at, finished_at, cancelled_at FROM call_sessions WHERE id = ?1",
    )?
    .query_row([session_id], |r| {
        Ok(session_from(
            r.get(0)?,
            r.get(1)?,
            r.get::<_, Option<i64>>(2)?.is_some(),
            r.get::<_, Option<i64>>(3)?.is_some(),
        ))
    })
    .optional()?
    .ok_or_else(|| Error::SessionNotFound {
        id: session_id.to_owned(),
    })?
}

fn session_from(
    capabilities: Option<String>,
    started_at: i64,
    finished: bool,
    cancelled: bool,
) -> Result<SessionRow> {
    let capabilities = match capabilities {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| Error::Corrupt(format!("session capabilities {json:?}: {e}")))?,
        // Sessions opened before phone events were reported.
        None => FULL_REPORTS,
    };
    Ok(SessionRow {
        capabilities,
        started_at: timestamp(started_at)?,
        finished,
        cancelled,
    })
}

fn is_placed(conn: &Connection, attempt: &Attempt) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT placed FROM attempts WHERE id = ?1")?
        .query_row([attempt.id.to_string()], |r| r.get(0))?)
}

fn draft(conn: &Connection, session_id: &str) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT body FROM call_drafts WHERE session_id = ?1")?
        .query_row([session_id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// The name of the lead whose call is still open, if any.
fn open_call_lead(conn: &Connection) -> Result<Option<String>> {
    let lead: Option<String> = conn
        .prepare_cached("SELECT lead_id FROM call_sessions WHERE finished_at IS NULL LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    lead.map(|id| Ok(lead::get(conn, id.parse()?)?.display_name()))
        .transpose()
}

/// The stages the call went through, then the current one.
fn path(loaded: &Loaded) -> Vec<PathStep> {
    let state = &loaded.state;
    state
        .history
        .iter()
        .map(|id| (id, false))
        .chain([(&state.stage, true)])
        .map(|(id, current)| PathStep {
            stage_id: id.clone(),
            title: loaded
                .script
                .stage(id)
                .map(|s| s.title.clone())
                .unwrap_or_else(|| id.clone()),
            current,
        })
        .collect()
}

fn outside_hours_reason(
    lead: &Lead,
    now: DateTime<Utc>,
    opens_at: Option<DateTime<Utc>>,
) -> String {
    let mut local = now
        .with_timezone(&lead.time_zone)
        .format("%H:%M")
        .to_string();
    if let Some(also) = lead.also_time_zone {
        local = format!("{local} or {}", now.with_timezone(&also).format("%H:%M"));
    }
    let name = match lead.also_time_zone {
        Some(_) => format!(
            "{} (their number spans two time zones)",
            lead.display_name()
        ),
        None => lead.display_name(),
    };
    match opens_at {
        Some(at) => format!(
            "It is {local} for {name}, outside their calling hours; they open at {} their time",
            at.with_timezone(&lead.time_zone).format("%H:%M")
        ),
        None => format!("It is {local} for {name}, outside their calling hours"),
    }
}

fn refused(problem: &str) -> Error {
    Error::IntentRefused {
        problem: problem.to_owned(),
    }
}

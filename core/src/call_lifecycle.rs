//! What a call does to its lead: a dial reserves it, a placed call counts as an attempt,
//! the phone's times go on the timeline, and the outcome moves the lead by the rule
//! table (`outcome`). The call screen's session (`calls`) and the phone-event machine
//! (`app::call_flow`) drive these; every function here runs inside one write
//! transaction and leaves the lead row saved.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use crate::attempt::{self, Attempt};
use crate::error::{Error, Result};
use crate::lead::{self, status_change, Lead, LeadId};
use crate::outcome::{self, check_future_callback, LeadStatus, Outcome, RETRY_DELAYS_MINUTES};
use crate::queue;
use crate::reservation::Reservation;
use crate::timeline::{self, EventKind};
use crate::warmline::Warmline;

impl Warmline {
    /// The rep tapped call: records a new attempt. Until an outcome is logged the lead is
    /// treated as unanswered and comes back after the first retry delay, so a call whose
    /// app was killed is not lost from the queue.
    pub fn start_attempt(&self, lead_id: &str) -> Result<Attempt> {
        let id: LeadId = lead_id.parse()?;
        self.change_leads(|tx, now| {
            let (attempt, lead) = dial(tx, id, now)?;
            Ok((attempt, vec![lead]))
        })
    }

    /// The phone reported the call connected.
    pub fn attempt_connected(&self, attempt_id: &str, at: DateTime<Utc>) -> Result<Attempt> {
        self.attempt_time(attempt_id, CallTime::Connected, at)
    }

    /// The phone reported the call ended.
    pub fn attempt_ended(&self, attempt_id: &str, at: DateTime<Utc>) -> Result<Attempt> {
        self.attempt_time(attempt_id, CallTime::Ended, at)
    }

    /// Logs the outcome of the lead's current call (or of a call made outside the app,
    /// which is recorded as an attempt now) and moves the lead by the rule table.
    pub fn record_outcome(&self, lead_id: &str, outcome: Outcome) -> Result<Lead> {
        let id: LeadId = lead_id.parse()?;
        self.change_leads(|tx, now| {
            let lead = log_outcome(tx, id, outcome, now)?;
            Ok((lead.clone(), vec![lead]))
        })
    }

    /// Promises a callback at `at` without a call (the lead wrote to ask for one).
    pub fn schedule_callback(&self, lead_id: &str, at: DateTime<Utc>) -> Result<Lead> {
        let id: LeadId = lead_id.parse()?;
        self.change_leads(|tx, now| {
            check_future_callback(at, now)?;
            let mut lead = lead::get(tx, id)?;
            refuse_do_not_call(&lead)?;
            timeline::record(tx, id, now, EventKind::CallbackScheduled, &at.to_rfc3339())?;
            move_lead(
                tx,
                &mut lead,
                LeadStatus::CallbackScheduled,
                Some(at),
                Some(at),
                now,
            )?;
            Ok((lead.clone(), vec![lead]))
        })
    }

    /// Never call this lead again, whatever it asks later.
    pub fn mark_do_not_call(&self, lead_id: &str) -> Result<Lead> {
        let id: LeadId = lead_id.parse()?;
        self.change_leads(|tx, now| {
            let mut lead = lead::get(tx, id)?;
            timeline::record(tx, id, now, EventKind::DoNotCall, "")?;
            move_lead(tx, &mut lead, LeadStatus::DoNotCall, None, None, now)?;
            Ok((lead.clone(), vec![lead]))
        })
    }

    fn attempt_time(
        &self,
        attempt_id: &str,
        which: CallTime,
        at: DateTime<Utc>,
    ) -> Result<Attempt> {
        let id = attempt::parse_id(attempt_id)?;
        self.change_leads(|tx, now| Ok((record_call_time(tx, id, which, at, now)?, Vec::new())))
    }
}

pub(crate) fn refuse_do_not_call(lead: &Lead) -> Result<()> {
    if lead.status == LeadStatus::DoNotCall {
        return Err(Error::DoNotCall {
            id: lead.id.to_string(),
        });
    }
    Ok(())
}

/// Logs `outcome` on the lead's open call (or a new one) and moves the lead by the rules.
pub(crate) fn log_outcome(
    tx: &Transaction<'_>,
    id: LeadId,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<Lead> {
    let mut lead = lead::get(tx, id)?;
    if outcome != Outcome::DoNotCall {
        refuse_do_not_call(&lead)?;
    }
    let mut attempt = match attempt::open_for_lead(tx, id)? {
        Some(open) => open,
        None => begin_attempt(tx, &mut lead, now)?,
    };
    let transition = outcome::apply(outcome, lead.attempts, now)?;
    attempt.outcome = Some(outcome);
    attempt.outcome_at = Some(now);
    attempt::save(tx, &attempt)?;
    timeline::record(tx, id, now, EventKind::Outcome, outcome.as_str())?;
    if outcome.reached() {
        lead.attempts = 0;
    }
    move_lead(
        tx,
        &mut lead,
        transition.status,
        transition.next_action_at,
        transition.callback_at,
        now,
    )?;
    Ok(lead)
}

/// The rep dialled `id` and the call went out: a new attempt, and the lead treated as
/// unanswered until an outcome is logged, so a call whose app was killed comes back
/// after the first retry delay instead of vanishing from the queue.
pub(crate) fn dial(
    tx: &Transaction<'_>,
    id: LeadId,
    now: DateTime<Utc>,
) -> Result<(Attempt, Lead)> {
    let mut lead = lead::get(tx, id)?;
    refuse_do_not_call(&lead)?;
    let attempt = begin_attempt(tx, &mut lead, now)?;
    expect_retry(tx, &mut lead, now)?;
    Ok((attempt, lead))
}

/// The rep tapped call on `id`: the lead is reserved for this rep ([`Reservation`]) and
/// gets an attempt that counts for nothing until the phone says the call was placed
/// ([`place_dial`]); a dial the rep backs out of leaves no trace on the lead once
/// [`release_reservation`] has run.
pub(crate) fn reserve_dial(
    tx: &Transaction<'_>,
    id: LeadId,
    now: DateTime<Utc>,
) -> Result<Attempt> {
    let mut lead = lead::get(tx, id)?;
    refuse_do_not_call(&lead)?;
    lead.reservation = Some(Reservation::starting(
        queue::my_rep(tx)?.map(String::from),
        now,
    ));
    lead::update(tx, &lead)?;
    attempt::insert(tx, id, now, false)
}

/// The call on `id` is over (logged or cancelled): other reps may ring them again.
pub(crate) fn release_reservation(tx: &Transaction<'_>, id: LeadId) -> Result<Lead> {
    let mut lead = lead::get(tx, id)?;
    if lead.reservation.take().is_some() {
        lead::update(tx, &lead)?;
    }
    Ok(lead)
}

/// The phone placed the call reserved by [`reserve_dial`]: it now counts as an attempt.
pub(crate) fn place_dial(
    tx: &Transaction<'_>,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<Lead> {
    attempt::place(tx, attempt.id)?;
    let mut lead = lead::get(tx, attempt.lead_id)?;
    count_attempt(tx, &mut lead, now)?;
    expect_retry(tx, &mut lead, now)?;
    Ok(lead)
}

fn expect_retry(tx: &Transaction<'_>, lead: &mut Lead, now: DateTime<Utc>) -> Result<()> {
    lead.next_action_at = Some(now + chrono::Duration::minutes(RETRY_DELAYS_MINUTES[0]));
    lead::update(tx, lead)
}

/// A moment of a call the phone reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallTime {
    Connected,
    Ended,
}

/// Stores when a call connected or ended (`at`, from the phone) and puts it on the
/// lead's timeline at `logged_at`; an ended call's entry says how long they talked.
pub(crate) fn record_call_time(
    tx: &Transaction<'_>,
    id: uuid::Uuid,
    which: CallTime,
    at: DateTime<Utc>,
    logged_at: DateTime<Utc>,
) -> Result<Attempt> {
    let mut attempt = attempt::get(tx, id)?;
    let (kind, detail) = match which {
        CallTime::Connected => {
            attempt.connected_at = Some(at);
            (EventKind::CallConnected, String::new())
        }
        CallTime::Ended => {
            attempt.ended_at = Some(at);
            (EventKind::CallEnded, attempt.talk_summary())
        }
    };
    attempt::save(tx, &attempt)?;
    timeline::record(tx, attempt.lead_id, logged_at, kind, &detail)?;
    Ok(attempt)
}

/// Records a new call on `lead` (not yet saved to the lead row).
pub(crate) fn begin_attempt(
    tx: &Transaction<'_>,
    lead: &mut Lead,
    now: DateTime<Utc>,
) -> Result<Attempt> {
    let attempt = attempt::insert(tx, lead.id, now, true)?;
    count_attempt(tx, lead, now)?;
    Ok(attempt)
}

/// A call went out to `lead` (not yet saved to the lead row).
fn count_attempt(tx: &Transaction<'_>, lead: &mut Lead, now: DateTime<Utc>) -> Result<()> {
    timeline::record(
        tx,
        lead.id,
        now,
        EventKind::CallStarted,
        &format!("attempt {}", lead.attempts + 1),
    )?;
    lead.attempts += 1;
    lead.last_attempt_at = Some(now);
    if lead.status == LeadStatus::New {
        timeline::record(
            tx,
            lead.id,
            now,
            EventKind::StatusChanged,
            &status_change(lead.status, LeadStatus::Attempting),
        )?;
        lead.status = LeadStatus::Attempting;
    }
    Ok(())
}

/// Sets the lead's status and schedule, recording a status change on the timeline.
fn move_lead(
    tx: &Transaction<'_>,
    lead: &mut Lead,
    status: LeadStatus,
    next_action_at: Option<DateTime<Utc>>,
    callback_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<()> {
    if lead.status != status {
        timeline::record(
            tx,
            lead.id,
            now,
            EventKind::StatusChanged,
            &status_change(lead.status, status),
        )?;
    }
    lead.status = status;
    lead.next_action_at = next_action_at;
    lead.callback_at = callback_at;
    lead.updated_at = now;
    lead::update(tx, lead)
}

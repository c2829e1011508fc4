//! One state record per screen, as the shells draw it.
//!
//! Values stay structured where the phone's own formatters render them in the rep's
//! locale and 12/24-hour setting (instants, zones, durations, enums); wording that is
//! product language (a queue row's reason, the script's lines) comes from the core.

use chrono::{DateTime, Duration, Timelike, Utc};

use super::phone_call::{CallView, TalkTime};
use crate::calling_hours::CallingHours;
use crate::lead::{Lead, Reservation};
use crate::outcome::MAX_ATTEMPTS;
use crate::queue::{Queue, QueueEntry, Tier};
use crate::script::OutcomeKind;
use crate::session::{ChecklistItem, PromptCard};
use crate::timezone::{LeadZones, ZoneOrigin};

/// Which screen the app shows: the open call wins, so an app killed mid-call reopens on
/// it; then a phone the server signed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppScreen {
    Queue,
    Call {
        session_id: String,
    },
    Outcome {
        session_id: String,
    },
    /// The server no longer accepts this phone: show [`super::SignedOutScreen`], then
    /// enrolment.
    SignedOut,
}

/// Who is on the line, for the top of the call screen and the card over the dialer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadHeader {
    pub lead_id: String,
    pub name: String,
    /// E.164, what the dialer is given.
    pub phone: String,
    pub company: Option<String>,
    pub asked_about: Option<String>,
    /// The lead's IANA zone: the phone shows "their time" from it.
    pub time_zone: String,
    /// The second zone of a number or state that spans two; calling hours must be open
    /// in both.
    pub also_time_zone: Option<String>,
    /// Where the zone came from ("the 415 area code"), to draw as the shell likes.
    pub zone_origin: ZoneOrigin,
    /// The product's sentence for it: "their time, from the 415 area code".
    pub zone_label: String,
    pub attempts: u32,
}

impl LeadHeader {
    pub fn of(lead: &Lead) -> Self {
        let origin = lead.zone_origin();
        Self {
            lead_id: lead.id.to_string(),
            name: lead.display_name(),
            phone: lead.phone.e164.clone(),
            company: lead.company.clone(),
            asked_about: lead.asked_about.clone(),
            time_zone: lead.time_zone.name().to_owned(),
            also_time_zone: lead.also_time_zone.map(|tz| tz.name().to_owned()),
            zone_label: origin.label(lead.zones()),
            zone_origin: origin,
            attempts: lead.attempts,
        }
    }
}

/// A stage on the path the call actually took (not the script's file order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    pub stage_id: String,
    pub title: String,
    pub current: bool,
}

/// The call screen, and the card over the dialer while the app is behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallScreen {
    pub session_id: String,
    pub lead: LeadHeader,
    /// When the rep tapped call: where the phone's call log is searched for the call.
    pub dialled_at: DateTime<Utc>,
    /// The phone has not said the call went out: "I didn't call" still applies.
    pub can_cancel: bool,
    pub view: CallView,
    /// Draw the card over the dialer (overlay / ongoing notification / Live Activity).
    pub overlay: bool,
    pub on_hold: bool,
    /// The phone says the lead picked up (`None`: this phone cannot tell).
    pub answered: Option<bool>,
    pub answered_at: Option<DateTime<Utc>>,
    pub card: PromptCard,
    pub path: Vec<PathStep>,
    /// The quick note being typed, kept durably as it is typed.
    pub draft: String,
}

/// The sheet after hang-up: two taps to log what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeSheet {
    pub session_id: String,
    pub lead: LeadHeader,
    /// Offered first: the script's last choice, else "no answer" when the phone knows
    /// nobody picked up.
    pub suggested: Option<OutcomeKind>,
    /// Every outcome, in the order the sheet lists them.
    pub choices: Vec<OutcomeKind>,
    /// The phone never said a call went out: offer "I didn't call".
    pub may_not_have_called: bool,
    pub talk: TalkTime,
    /// What the callback picker opens on, chosen in the lead's own calling hours.
    pub callback_default: DateTime<Utc>,
    /// Recap points the call did not cover.
    pub missed: Vec<ChecklistItem>,
}

/// A small fact drawn as a chip on a queue row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Badge {
    New,
    CallbackDue {
        at: DateTime<Utc>,
    },
    Attempt {
        number: u32,
        of: u32,
    },
    /// Their calling window closes within the hour.
    WindowClosesAt {
        at: DateTime<Utc>,
    },
    /// Not callable until their window opens (shown in their zone).
    OpensAt {
        at: DateTime<Utc>,
        time_zone: String,
    },
    /// Another rep dialled them and the call is not over (or `until` has not passed).
    BeingCalled {
        rep_id: String,
        until: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub lead: LeadHeader,
    pub tier: Tier,
    pub reason: String,
    pub badges: Vec<Badge>,
    pub callable_now: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueScreen {
    pub rows: Vec<QueueRow>,
    pub open: u32,
    pub callable_now: u32,
    /// Redraw at this instant if nothing else changes first.
    pub refresh_at: Option<DateTime<Utc>>,
}

/// How close to its window's end a lead gets the "closes at" badge.
const CLOSING_SOON: i64 = 60;

pub(crate) fn queue_screen(queue: Queue, hours: &CallingHours, now: DateTime<Utc>) -> QueueScreen {
    let me = queue.rep.as_deref();
    QueueScreen {
        rows: queue
            .entries
            .into_iter()
            .map(|entry| queue_row(entry, me, hours, now))
            .collect(),
        open: u32::try_from(queue.open).unwrap_or(u32::MAX),
        callable_now: u32::try_from(queue.callable_now).unwrap_or(u32::MAX),
        refresh_at: queue.refresh_at,
    }
}

fn queue_row(
    entry: QueueEntry,
    me: Option<&str>,
    hours: &CallingHours,
    now: DateTime<Utc>,
) -> QueueRow {
    let f = &entry.facts;
    let mut badges = Vec::new();
    match entry.tier {
        Tier::New => badges.push(Badge::New),
        Tier::CallbackDue => badges.push(Badge::CallbackDue {
            at: f.callback_at.unwrap_or(f.due_at),
        }),
        Tier::RetryDue | Tier::Later => {}
    }
    if entry.lead.attempts > 0 {
        badges.push(Badge::Attempt {
            number: f.next_attempt,
            of: MAX_ATTEMPTS,
        });
    }
    if f.held_by_calling_hours {
        badges.push(Badge::OpensAt {
            at: f.callable_at,
            time_zone: entry.lead.time_zone.name().to_owned(),
        });
    } else if f.callable_now {
        if let Some(end) = window_end(hours, entry.lead.zones(), now) {
            if end - now <= Duration::minutes(CLOSING_SOON) {
                badges.push(Badge::WindowClosesAt { at: end });
            }
        }
    }
    if let Some(held) = reserved_by_other(&entry.lead, me, now) {
        badges.push(Badge::BeingCalled {
            rep_id: held.rep_id.clone().unwrap_or_default(),
            until: held.until,
        });
    }
    QueueRow {
        lead: LeadHeader::of(&entry.lead),
        tier: entry.tier,
        reason: entry.reason,
        badges,
        callable_now: f.callable_now,
    }
}

/// The lead's reservation when another rep holds it at `now`.
pub(crate) fn reserved_by_other<'a>(
    lead: &'a Lead,
    me: Option<&str>,
    now: DateTime<Utc>,
) -> Option<&'a Reservation> {
    lead.reservation
        .as_ref()
        .filter(|r| r.held_by_other(me, now))
}

/// The end of the calling window `now` is in, in `zones`.
fn window_end(hours: &CallingHours, zones: LeadZones, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    hours
        .open_intervals(zones, now)
        .into_iter()
        .find(|(start, end)| *start <= now && now < *end)
        .map(|(_, end)| end)
}

/// The callback picker's first suggestion: two hours on, at the top of the lead's hour,
/// moved into their calling hours.
pub(crate) fn callback_default(
    hours: &CallingHours,
    zones: LeadZones,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let later = (now + Duration::hours(2)).with_timezone(&zones.main);
    let on_the_hour = later
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .map_or(later, |t| t + Duration::hours(1))
        .with_timezone(&Utc);
    hours
        .next_opening(zones, on_the_hour)
        .unwrap_or(on_the_hour)
}

/// The order the outcome sheet lists outcomes in: the likely ones after a short call
/// first.
pub const OUTCOME_ORDER: [OutcomeKind; 8] = [
    OutcomeKind::NoAnswer,
    OutcomeKind::Voicemail,
    OutcomeKind::NotAGoodTime,
    OutcomeKind::Qualified,
    OutcomeKind::FoundElsewhere,
    OutcomeKind::NotAFit,
    OutcomeKind::BadNumber,
    OutcomeKind::DoNotCall,
];

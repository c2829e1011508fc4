//! Calls, outcomes and the lead's timeline as the apps see them.

use warmline_core as core;

use crate::lead::Lead;
use crate::timestamp::Timestamp;

/// The disposition the rep logs after hanging up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Outcome {
    NoAnswer,
    Voicemail,
    BadNumber,
    /// Reached, but not now: call back at the agreed time.
    NotAGoodTime {
        callback_at: Timestamp,
    },
    FoundElsewhere,
    NotAFit,
    /// Qualified; the next step is booked.
    Qualified,
    DoNotCall,
}

/// One call to a lead.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Attempt {
    pub id: String,
    pub lead_id: String,
    pub started_at: Timestamp,
    pub connected_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    /// Talk time; zero when the call never connected.
    pub talk_seconds: u32,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum TimelineEventKind {
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

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TimelineEvent {
    pub at: Timestamp,
    pub kind: TimelineEventKind,
    pub detail: String,
}

/// A lead with its calls and timeline, for the lead screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeadDetail {
    pub lead: Lead,
    pub attempts: Vec<Attempt>,
    pub timeline: Vec<TimelineEvent>,
}

impl From<Outcome> for core::Outcome {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::NoAnswer => Self::NoAnswer,
            Outcome::Voicemail => Self::Voicemail,
            Outcome::BadNumber => Self::BadNumber,
            Outcome::NotAGoodTime { callback_at } => Self::NotAGoodTime { callback_at },
            Outcome::FoundElsewhere => Self::FoundElsewhere,
            Outcome::NotAFit => Self::NotAFit,
            Outcome::Qualified => Self::Qualified,
            Outcome::DoNotCall => Self::DoNotCall,
        }
    }
}

impl From<core::Outcome> for Outcome {
    fn from(outcome: core::Outcome) -> Self {
        use core::Outcome as O;
        match outcome {
            O::NoAnswer => Self::NoAnswer,
            O::Voicemail => Self::Voicemail,
            O::BadNumber => Self::BadNumber,
            O::NotAGoodTime { callback_at } => Self::NotAGoodTime { callback_at },
            O::FoundElsewhere => Self::FoundElsewhere,
            O::NotAFit => Self::NotAFit,
            O::Qualified => Self::Qualified,
            O::DoNotCall => Self::DoNotCall,
        }
    }
}

impl From<core::Attempt> for Attempt {
    fn from(a: core::Attempt) -> Self {
        Self {
            talk_seconds: a.talk_seconds(),
            id: a.id.to_string(),
            lead_id: a.lead_id.to_string(),
            started_at: a.started_at,
            connected_at: a.connected_at,
            ended_at: a.ended_at,
            outcome: a.outcome.map(Into::into),
        }
    }
}

impl From<core::EventKind> for TimelineEventKind {
    fn from(kind: core::EventKind) -> Self {
        use core::EventKind as K;
        match kind {
            K::Inquiry => Self::Inquiry,
            K::CallStarted => Self::CallStarted,
            K::CallConnected => Self::CallConnected,
            K::CallEnded => Self::CallEnded,
            K::Outcome => Self::Outcome,
            K::StatusChanged => Self::StatusChanged,
            K::CallbackScheduled => Self::CallbackScheduled,
            K::DoNotCall => Self::DoNotCall,
            K::Note => Self::Note,
            K::Answer => Self::Answer,
        }
    }
}

impl From<core::LeadDetail> for LeadDetail {
    fn from(d: core::LeadDetail) -> Self {
        Self {
            lead: d.lead.into(),
            attempts: d.attempts.into_iter().map(Into::into).collect(),
            timeline: d.timeline.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<core::TimelineEvent> for TimelineEvent {
    fn from(e: core::TimelineEvent) -> Self {
        Self {
            at: e.at,
            kind: e.kind.into(),
            detail: e.detail,
        }
    }
}

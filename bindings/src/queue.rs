//! The queue as the apps see it.

use warmline_core as core;

use crate::lead::Lead;
use crate::timestamp::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum QueueTier {
    CallbackDue,
    New,
    RetryDue,
    Later,
}

/// The facts behind a row's reason.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QueueFacts {
    pub inquiry_age_seconds: i64,
    pub next_attempt: u32,
    pub max_attempts: u32,
    pub last_attempt_at: Option<Timestamp>,
    pub callback_at: Option<Timestamp>,
    pub due_at: Timestamp,
    pub callable_at: Timestamp,
    pub callable_now: bool,
    pub held_by_calling_hours: bool,
}

/// One row: the lead, where it ranks and the one-line reason to show.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QueueEntry {
    pub lead: Lead,
    pub tier: QueueTier,
    pub reason: String,
    pub facts: QueueFacts,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Queue {
    pub entries: Vec<QueueEntry>,
    pub open: u32,
    pub callable_now: u32,
    /// Refresh at this instant if nothing else changes first.
    pub refresh_at: Option<Timestamp>,
}

impl From<core::Queue> for Queue {
    fn from(q: core::Queue) -> Self {
        Self {
            entries: q.entries.into_iter().map(Into::into).collect(),
            open: u32::try_from(q.open).unwrap_or(u32::MAX),
            callable_now: u32::try_from(q.callable_now).unwrap_or(u32::MAX),
            refresh_at: q.refresh_at,
        }
    }
}

impl From<core::QueueEntry> for QueueEntry {
    fn from(e: core::QueueEntry) -> Self {
        let f = e.facts;
        Self {
            lead: e.lead.into(),
            tier: e.tier.into(),
            reason: e.reason,
            facts: QueueFacts {
                inquiry_age_seconds: f.inquiry_age.num_seconds(),
                next_attempt: f.next_attempt,
                max_attempts: f.max_attempts,
                last_attempt_at: f.last_attempt_at,
                callback_at: f.callback_at,
                due_at: f.due_at,
                callable_at: f.callable_at,
                callable_now: f.callable_now,
                held_by_calling_hours: f.held_by_calling_hours,
            },
        }
    }
}

impl From<core::Tier> for QueueTier {
    fn from(tier: core::Tier) -> Self {
        match tier {
            core::Tier::CallbackDue => Self::CallbackDue,
            core::Tier::New => Self::New,
            core::Tier::RetryDue => Self::RetryDue,
            core::Tier::Later => Self::Later,
        }
    }
}

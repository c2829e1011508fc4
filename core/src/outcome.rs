//! What happened on a call, and what it does to the lead: one table of rules.
//!
//! Every disposition a rep can log maps to the lead's next status and its next action
//! time here, and nowhere else. Unanswered calls are retried on a cadence that starts
//! fast (a lead is most reachable in the first minutes after asking) and tapers off, up
//! to a cap, after which the lead is closed as exhausted.

use chrono::{DateTime, Duration, Utc};

use crate::error::{Error, Result};
use crate::script::OutcomeKind;

/// Where a lead stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeadStatus {
    /// Asked to hear from us; not yet called in this cycle.
    New,
    /// Called at least once, not reached yet; retried on the cadence.
    Attempting,
    /// Reached, and asked to be called at an agreed time.
    CallbackScheduled,
    /// Closed: next step booked.
    Qualified,
    /// Closed: they found what they were looking for elsewhere.
    FoundElsewhere,
    /// Closed: not a fit.
    NotAFit,
    /// Closed: the number does not reach them.
    BadNumber,
    /// Closed: asked never to be called.
    DoNotCall,
    /// Closed: the cadence ran out without reaching them.
    Exhausted,
}

impl LeadStatus {
    pub const ALL: [Self; 9] = [
        Self::New,
        Self::Attempting,
        Self::CallbackScheduled,
        Self::Qualified,
        Self::FoundElsewhere,
        Self::NotAFit,
        Self::BadNumber,
        Self::DoNotCall,
        Self::Exhausted,
    ];

    /// Open leads are in the queue; closed ones are not.
    pub fn is_open(self) -> bool {
        matches!(self, Self::New | Self::Attempting | Self::CallbackScheduled)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Attempting => "attempting",
            Self::CallbackScheduled => "callback_scheduled",
            Self::Qualified => "qualified",
            Self::FoundElsewhere => "found_elsewhere",
            Self::NotAFit => "not_a_fit",
            Self::BadNumber => "bad_number",
            Self::DoNotCall => "do_not_call",
            Self::Exhausted => "exhausted",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| Error::Corrupt(format!("unknown lead status {text:?}")))
    }
}

/// The disposition a rep logs after a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    NoAnswer,
    Voicemail,
    BadNumber,
    /// Reached, but not now: call back at the agreed time.
    NotAGoodTime {
        callback_at: DateTime<Utc>,
    },
    FoundElsewhere,
    NotAFit,
    /// Qualified; the next step is booked.
    Qualified,
    DoNotCall,
}

impl Outcome {
    /// The outcome's kind, as scripts and stores name it.
    pub fn kind(self) -> OutcomeKind {
        match self {
            Self::NoAnswer => OutcomeKind::NoAnswer,
            Self::Voicemail => OutcomeKind::Voicemail,
            Self::BadNumber => OutcomeKind::BadNumber,
            Self::NotAGoodTime { .. } => OutcomeKind::NotAGoodTime,
            Self::FoundElsewhere => OutcomeKind::FoundElsewhere,
            Self::NotAFit => OutcomeKind::NotAFit,
            Self::Qualified => OutcomeKind::Qualified,
            Self::DoNotCall => OutcomeKind::DoNotCall,
        }
    }

    /// The agreed callback time of "not a good time".
    pub fn callback_at(self) -> Option<DateTime<Utc>> {
        match self {
            Self::NotAGoodTime { callback_at } => Some(callback_at),
            _ => None,
        }
    }

    /// The outcome of `kind`; "not a good time" needs the agreed callback time.
    pub fn from_kind(kind: OutcomeKind, callback_at: Option<DateTime<Utc>>) -> Result<Self> {
        Ok(match kind {
            OutcomeKind::NoAnswer => Self::NoAnswer,
            OutcomeKind::Voicemail => Self::Voicemail,
            OutcomeKind::BadNumber => Self::BadNumber,
            OutcomeKind::NotAGoodTime => Self::NotAGoodTime {
                callback_at: callback_at.ok_or_else(|| Error::InvalidInput {
                    field: "callback_at",
                    problem: "\"not a good time\" needs the agreed callback time".into(),
                })?,
            },
            OutcomeKind::FoundElsewhere => Self::FoundElsewhere,
            OutcomeKind::NotAFit => Self::NotAFit,
            OutcomeKind::Qualified => Self::Qualified,
            OutcomeKind::DoNotCall => Self::DoNotCall,
        })
    }

    pub fn as_str(self) -> &'static str {
        self.kind().as_str()
    }

    /// Whether the call reached the lead.
    pub fn reached(self) -> bool {
        !matches!(self, Self::NoAnswer | Self::Voicemail | Self::BadNumber)
    }

    /// Reads a stored outcome (its name and, for a callback, the agreed time).
    pub fn parse(text: &str, callback_at: Option<DateTime<Utc>>) -> Result<Self> {
        let kind = OutcomeKind::parse(text)
            .ok_or_else(|| Error::Corrupt(format!("unknown outcome {text:?}")))?;
        Self::from_kind(kind, callback_at)
            .map_err(|_| Error::Corrupt(format!("a stored {text:?} outcome without its time")))
    }
}

/// Delay before the next try after the n-th unanswered attempt (index n - 1).
pub const RETRY_DELAYS_MINUTES: [i64; 7] = [
    10,          // 2nd try: ten minutes after the first
    60,          // 3rd: an hour later
    3 * 60,      // 4th: three hours later
    24 * 60,     // 5th: next day
    2 * 24 * 60, // 6th: two days later
    3 * 24 * 60, // 7th: three days later
    5 * 24 * 60, // 8th: five days later
];

/// Unanswered attempts in one cycle before the lead is closed as exhausted.
pub const MAX_ATTEMPTS: u32 = RETRY_DELAYS_MINUTES.len() as u32 + 1;

// The method asks for at least six tries before giving up on a lead.
const _: () = assert!(MAX_ATTEMPTS >= 6);

/// When to try again after `attempts` unanswered calls, or `None` when the cap is reached.
pub fn next_retry(attempts: u32, last_attempt_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    RETRY_DELAYS_MINUTES
        .get(index)
        .map(|m| last_attempt_at + Duration::minutes(*m))
}

/// A lead's status and schedule after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub status: LeadStatus,
    /// When the lead is next due in the queue; `None` when it is closed.
    pub next_action_at: Option<DateTime<Utc>>,
    pub callback_at: Option<DateTime<Utc>>,
}

/// The rule table: `outcome` logged at `now` after `attempts` calls in this cycle
/// (counting the one just made).
pub fn apply(outcome: Outcome, attempts: u32, now: DateTime<Utc>) -> Result<Transition> {
    let closed = |status| Transition {
        status,
        next_action_at: None,
        callback_at: None,
    };
    Ok(match outcome {
        Outcome::NoAnswer | Outcome::Voicemail => match next_retry(attempts, now) {
            Some(at) => Transition {
                status: LeadStatus::Attempting,
                next_action_at: Some(at),
                callback_at: None,
            },
            None => closed(LeadStatus::Exhausted),
        },
        Outcome::NotAGoodTime { callback_at } => {
            check_future_callback(callback_at, now)?;
            Transition {
                status: LeadStatus::CallbackScheduled,
                next_action_at: Some(callback_at),
                callback_at: Some(callback_at),
            }
        }
        Outcome::BadNumber => closed(LeadStatus::BadNumber),
        Outcome::FoundElsewhere => closed(LeadStatus::FoundElsewhere),
        Outcome::NotAFit => closed(LeadStatus::NotAFit),
        Outcome::Qualified => closed(LeadStatus::Qualified),
        Outcome::DoNotCall => closed(LeadStatus::DoNotCall),
    })
}

/// A promised callback must be in the future (a minute of slack for a slow tap).
pub fn check_future_callback(callback_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<()> {
    if callback_at + Duration::minutes(1) < now {
        return Err(Error::InvalidInput {
            field: "callback_at",
            problem: format!(
                "the callback time {} is in the past (now is {})",
                callback_at.format("%Y-%m-%d %H:%M UTC"),
                now.format("%Y-%m-%d %H:%M UTC")
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()
    }

    fn minutes(m: i64) -> Option<DateTime<Utc>> {
        Some(now() + Duration::minutes(m))
    }

    /// The rule table, row by row: (outcome, attempts so far, expected status, next action).
    #[test]
    fn the_rule_table() {
        let later = now() + Duration::hours(3);
        let rows: Vec<(Outcome, u32, LeadStatus, Option<DateTime<Utc>>)> = vec![
            (Outcome::NoAnswer, 1, LeadStatus::Attempting, minutes(10)),
            (Outcome::NoAnswer, 2, LeadStatus::Attempting, minutes(60)),
            (Outcome::Voicemail, 3, LeadStatus::Attempting, minutes(180)),
            (
                Outcome::Voicemail,
                4,
                LeadStatus::Attempting,
                minutes(24 * 60),
            ),
            (
                Outcome::NoAnswer,
                5,
                LeadStatus::Attempting,
                minutes(2 * 24 * 60),
            ),
            (
                Outcome::NoAnswer,
                6,
                LeadStatus::Attempting,
                minutes(3 * 24 * 60),
            ),
            (
                Outcome::NoAnswer,
                7,
                LeadStatus::Attempting,
                minutes(5 * 24 * 60),
            ),
            (Outcome::NoAnswer, 8, LeadStatus::Exhausted, None),
            (Outcome::Voicemail, 8, LeadStatus::Exhausted, None),
            (
                Outcome::NotAGoodTime { callback_at: later },
                1,
                LeadStatus::CallbackScheduled,
                Some(later),
            ),
            (
                Outcome::NotAGoodTime { callback_at: later },
                8,
                LeadStatus::CallbackScheduled,
                Some(later),
            ),
            (Outcome::BadNumber, 1, LeadStatus::BadNumber, None),
            (Outcome::FoundElsewhere, 2, LeadStatus::FoundElsewhere, None),
            (Outcome::NotAFit, 1, LeadStatus::NotAFit, None),
            (Outcome::Qualified, 1, LeadStatus::Qualified, None),
            (Outcome::DoNotCall, 3, LeadStatus::DoNotCall, None),
        ];
        for (outcome, attempts, status, next) in rows {
            let t = apply(outcome, attempts, now()).unwrap();
            assert_eq!(
                (t.status, t.next_action_at),
                (status, next),
                "{outcome:?} after {attempts}"
            );
            assert_eq!(
                t.status.is_open(),
                next.is_some(),
                "{outcome:?}: open iff scheduled"
            );
        }
    }

    #[test]
    fn the_cadence_tapers_off() {
        assert!(RETRY_DELAYS_MINUTES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_callback_in_the_past_is_refused() {
        let past = now() - Duration::hours(1);
        let err = apply(Outcome::NotAGoodTime { callback_at: past }, 1, now()).unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    field: "callback_at",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn statuses_and_outcomes_round_trip_through_text() {
        for status in LeadStatus::ALL {
            assert_eq!(LeadStatus::parse(status.as_str()).unwrap(), status);
        }
        let at = Some(now());
        for outcome in [
            Outcome::NoAnswer,
            Outcome::NotAGoodTime { callback_at: now() },
            Outcome::DoNotCall,
        ] {
            assert_eq!(Outcome::parse(outcome.as_str(), at).unwrap(), outcome);
        }
    }

    #[test]
    fn scripts_stores_and_sync_name_each_outcome_the_same_way() {
        for kind in OutcomeKind::ALL {
            let callback = (kind == OutcomeKind::NotAGoodTime).then(now);
            let outcome = Outcome::from_kind(kind, callback).unwrap();
            assert_eq!(outcome.kind(), kind);
            assert_eq!(outcome.callback_at(), callback);
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", outcome.as_str()),
                "the script's name for {kind:?}"
            );
        }
        assert!(Outcome::parse("not_a_good_time", None).is_err());
        assert!(Outcome::parse("won", None).is_err());
    }
}

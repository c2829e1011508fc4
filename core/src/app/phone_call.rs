//! What the phone reported about one dial, and what the core concludes from it.
//!
//! The shells forward every platform event as it comes (Android's call-state callbacks,
//! iOS's `CXCallObserver`, the app going to the background and back) with the instant it
//! happened. Those reports arrive late, twice, out of order or never, so the state of a
//! dial is not kept up to date event by event: it is computed from the whole set of
//! reports, ordered by when they happened. The same reports in any arrival order give
//! the same [`PhoneCall`], and a dial reloaded after the app was killed is the one that
//! was live.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::attempt::TalkConfidence;
use crate::outcome::Outcome;

/// One thing the phone reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PhoneEvent {
    /// The app handed the number to the system (Android `ACTION_CALL`/`ACTION_DIAL`,
    /// iOS `tel:`).
    DialRequested,
    /// The system dialer or the "Call …?" confirmation came up; nothing placed yet.
    DialerOpened,
    /// An outgoing call exists and is ringing out (iOS: outgoing, not connected;
    /// Android: `OFFHOOK`, which is all Android tells an app about an outgoing call).
    CallDialing,
    /// The other side answered (iOS `hasConnected`).
    CallActive,
    /// The call was put on hold.
    CallHeld,
    /// The call ended; `measured_seconds` is the talk time the phone itself measured
    /// (Android's call log), when it has one.
    CallEnded { measured_seconds: Option<u32> },
    /// The app left the screen (the dialer came to the front).
    AppBackground,
    /// The app came back to the screen.
    AppForeground,
    /// The rep said the call did not happen (backed out of the dialer).
    DialCancelled,
}

impl PhoneEvent {
    /// Evidence that a real call was placed.
    fn places_call(self) -> bool {
        matches!(
            self,
            Self::CallDialing | Self::CallActive | Self::CallHeld | Self::CallEnded { .. }
        )
    }
}

/// What this phone can report, as the shell knows it when the rep taps call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneCapabilities {
    /// Call-state changes reach the app (iOS always; Android with `READ_PHONE_STATE`).
    pub call_states: bool,
    /// The phone says when the other side answers (iOS; Android does not).
    pub answer_state: bool,
}

/// Whether the dial became a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Handed to the system; nothing reported yet.
    Pending,
    /// The phone reported a real call: it counts as an attempt.
    Placed,
    /// The rep backed out: no attempt is counted.
    Cancelled,
}

/// Talk time and how it was known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TalkTime {
    pub seconds: u32,
    pub confidence: TalkConfidence,
}

/// Where the rep's screen should be for this dial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallView {
    /// The call screen (or, when the app is in the background, the card over the
    /// dialer) while the call rings or runs.
    InCall,
    /// The call is over: ask for the outcome.
    OutcomeSheet,
    /// No call happened: back to the queue.
    Closed,
}

/// The dial as the phone's reports describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneCall {
    pub placement: Placement,
    pub placed_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub on_hold: bool,
    /// The app is behind the dialer now: the card shows as an overlay / notification /
    /// Live Activity rather than in the app.
    pub in_background: bool,
    /// The app came back to the front after the dial.
    pub returned: bool,
    /// Whether the lead picked up: `None` when the phone cannot tell.
    pub answered: Option<bool>,
    pub talk: TalkTime,
}

impl PhoneCall {
    /// The dial described by `reports`, in any order; exact repeats count once.
    pub fn from_reports(
        capabilities: PhoneCapabilities,
        reports: &[(DateTime<Utc>, PhoneEvent)],
    ) -> Self {
        let mut ordered: Vec<(DateTime<Utc>, PhoneEvent)> = reports.to_vec();
        ordered.sort_by_key(|(at, event)| (*at, rank(*event), *event));
        ordered.dedup();

        let first = |wanted: fn(PhoneEvent) -> bool| {
            ordered.iter().find(|(_, e)| wanted(*e)).map(|(at, _)| *at)
        };
        let placed_at = first(PhoneEvent::places_call);
        let answered_at = first(|e| e == PhoneEvent::CallActive);
        let ended_at = first(|e| matches!(e, PhoneEvent::CallEnded { .. }));
        // The phone's own figure may come late (a call-log read after hang-up): the
        // latest one reported wins.
        let measured = ordered.iter().rev().find_map(|(_, e)| match e {
            PhoneEvent::CallEnded { measured_seconds } => *measured_seconds,
            _ => None,
        });
        let returned = returned_after_dial(&ordered);
        let placement = if placed_at.is_some() {
            Placement::Placed
        } else if ordered.iter().any(|(_, e)| *e == PhoneEvent::DialCancelled)
            || (capabilities.call_states && returned)
        {
            // Had a call been placed, a phone that reports call states would have said
            // so before the app came back.
            Placement::Cancelled
        } else {
            Placement::Pending
        };
        let in_background = ordered
            .iter()
            .rev()
            .find_map(|(_, e)| match e {
                PhoneEvent::AppBackground => Some(true),
                PhoneEvent::AppForeground => Some(false),
                _ => None,
            })
            .unwrap_or(false);
        let on_hold = ended_at.is_none()
            && ordered
                .iter()
                .rev()
                .find_map(|(_, e)| match e {
                    PhoneEvent::CallHeld => Some(true),
                    PhoneEvent::CallActive => Some(false),
                    _ => None,
                })
                .unwrap_or(false);
        let answered = match (measured, answered_at, ended_at) {
            (Some(seconds), _, _) => Some(seconds > 0),
            (None, Some(_), _) => Some(true),
            (None, None, Some(_)) if capabilities.answer_state => Some(false),
            _ => None,
        };
        let talk = talk_time(&ordered, measured, placed_at, answered_at, ended_at);
        let talk = match placement {
            Placement::Cancelled => TalkTime {
                seconds: 0,
                confidence: TalkConfidence::Unknown,
            },
            _ => talk,
        };
        Self {
            placement,
            placed_at,
            answered_at,
            ended_at,
            on_hold,
            in_background,
            returned,
            answered,
            talk,
        }
    }

    /// The screen this dial calls for.
    pub fn view(&self) -> CallView {
        match self.placement {
            Placement::Cancelled => CallView::Closed,
            Placement::Placed if self.ended_at.is_some() => CallView::OutcomeSheet,
            // A phone that reports no call states: the rep is back, so ask what happened
            // (the sheet offers "I didn't call").
            Placement::Pending if self.returned => CallView::OutcomeSheet,
            Placement::Placed | Placement::Pending => CallView::InCall,
        }
    }

    /// Show the card over the dialer (Android overlay or ongoing notification, iOS Live
    /// Activity): a call is up and the app is behind it.
    pub fn shows_overlay(&self) -> bool {
        self.view() == CallView::InCall && self.in_background
    }

    /// The outcome to offer first when the phone knows nobody answered.
    pub fn default_outcome(&self) -> Option<Outcome> {
        (self.answered == Some(false)).then_some(Outcome::NoAnswer)
    }
}

/// Among reports of one instant, the order they must have happened in.
fn rank(event: PhoneEvent) -> u8 {
    match event {
        PhoneEvent::DialRequested => 0,
        PhoneEvent::DialerOpened => 1,
        PhoneEvent::AppBackground => 2,
        PhoneEvent::CallDialing => 3,
        PhoneEvent::CallActive => 4,
        PhoneEvent::CallHeld => 5,
        PhoneEvent::CallEnded { .. } => 6,
        PhoneEvent::DialCancelled => 7,
        PhoneEvent::AppForeground => 8,
    }
}

/// Whether the app came back to the front after the dial was handed to the system.
fn returned_after_dial(ordered: &[(DateTime<Utc>, PhoneEvent)]) -> bool {
    let requested = ordered
        .iter()
        .find(|(_, e)| *e == PhoneEvent::DialRequested)
        .map(|(at, _)| *at);
    ordered
        .iter()
        .any(|(at, e)| *e == PhoneEvent::AppForeground && requested.is_some_and(|r| *at >= r))
}

fn talk_time(
    ordered: &[(DateTime<Utc>, PhoneEvent)],
    measured: Option<u32>,
    placed_at: Option<DateTime<Utc>>,
    answered_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
) -> TalkTime {
    let between = |from: DateTime<Utc>, to: DateTime<Utc>| {
        u32::try_from((to - from).num_seconds().max(0)).unwrap_or(u32::MAX)
    };
    if let Some(seconds) = measured {
        return TalkTime {
            seconds,
            confidence: TalkConfidence::Measured,
        };
    }
    if let (Some(from), Some(to)) = (answered_at, ended_at) {
        return TalkTime {
            seconds: between(from, to),
            confidence: TalkConfidence::CallStates,
        };
    }
    if let (Some(from), Some(to), None) = (placed_at, ended_at, answered_at) {
        return TalkTime {
            seconds: between(from, to),
            confidence: TalkConfidence::IncludesRinging,
        };
    }
    let away = ordered
        .iter()
        .find(|(_, e)| *e == PhoneEvent::AppBackground)
        .map(|(at, _)| *at);
    let back = away.and_then(|away| {
        ordered
            .iter()
            .find(|(at, e)| *e == PhoneEvent::AppForeground && *at >= away)
            .map(|(at, _)| *at)
    });
    match (away, back) {
        (Some(from), Some(to)) => TalkTime {
            seconds: between(from, to),
            confidence: TalkConfidence::AppSwitch,
        },
        _ => TalkTime {
            seconds: 0,
            confidence: TalkConfidence::Unknown,
        },
    }
}

#[cfg(test)]
mod tests;

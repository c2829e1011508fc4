//! A dial reserves its lead for the rep who tapped it, so two reps do not ring the same
//! person a minute apart. The reservation is two lead fields that replicate like any
//! other (`reserved_by`, `reserved_until`): other phones learn of it at their next pull.
//! It ends when the call ends, or by itself when it runs out, so a phone that dies
//! mid-call never holds a lead for long (ADR 0009). What other reps may do with a
//! reserved lead is the team's rule; for now it is shown, not enforced.

use chrono::{DateTime, Duration, Utc};

/// How long a dial holds its lead when the call never ends on this phone (the app was
/// killed, the phone died): longer than nearly every call, short enough that the lead
/// is not lost for the afternoon.
pub const RESERVATION_MINUTES: i64 = 60;

/// "A rep is calling this lead until `until`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    /// The rep dialling, or `None` on a phone that is not enrolled in a team.
    pub rep_id: Option<String>,
    pub until: DateTime<Utc>,
}

impl Reservation {
    /// A reservation for a dial by `rep_id` at `now`.
    pub fn starting(rep_id: Option<String>, now: DateTime<Utc>) -> Self {
        Self {
            rep_id,
            until: now + Duration::minutes(RESERVATION_MINUTES),
        }
    }

    /// Still holding at `now`.
    pub fn holds_at(&self, now: DateTime<Utc>) -> bool {
        now < self.until
    }

    /// Held at `now` by a rep other than `me`: somebody else is on the phone with them.
    pub fn held_by_other(&self, me: Option<&str>, now: DateTime<Utc>) -> bool {
        self.holds_at(now) && self.rep_id.is_some() && self.rep_id.as_deref() != me
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 15, minute, 0).unwrap()
    }

    #[test]
    fn a_reservation_runs_out_after_the_hour() {
        let r = Reservation::starting(Some("sam".into()), at(0));
        assert!(r.holds_at(at(59)));
        assert!(!r.holds_at(at(0) + Duration::minutes(RESERVATION_MINUTES)));
    }

    #[test]
    fn only_another_reps_live_reservation_is_held_by_other() {
        let sams = Reservation::starting(Some("sam".into()), at(0));
        assert!(sams.held_by_other(Some("ann"), at(10)));
        assert!(sams.held_by_other(None, at(10)));
        assert!(!sams.held_by_other(Some("sam"), at(10)));
        assert!(!sams.held_by_other(Some("ann"), at(0) + Duration::hours(2)));
        let unenrolled = Reservation::starting(None, at(0));
        assert!(!unenrolled.held_by_other(Some("ann"), at(10)));
    }
}

//! When to sync next, so the apps need no rule of their own: they wait until
//! [`SyncStatus::next_attempt_at`] and sync again.
//!
//! While syncs succeed the answer is "now" (an open app long-polls, so "now" is a
//! request that waits on the server for news). After a failure the phone backs off
//! exponentially (2 s, 4 s, 8 s, ... up to 5 minutes) so a dead network or a struggling
//! server is not hammered, with a per-device spread (±20 %) so a team whose server comes
//! back does not return in lockstep; a server that says `Retry-After` is obeyed. The
//! state lives in the store, so a restarted app keeps backing off.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::lead::{ms, timestamp};

/// The first pause after a failure.
pub const FIRST_RETRY: Duration = Duration::from_secs(2);
/// The longest pause between attempts.
pub const MAX_RETRY: Duration = Duration::from_secs(5 * 60);

/// How sync stands, for the app's status line and its sync loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    /// Changes made here that the server has not acknowledged yet.
    pub pending_changes: u64,
    /// Pulled changes this phone could not apply, kept aside (`sync::quarantine`).
    pub quarantined_changes: u64,
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Failed syncs since the last one that worked.
    pub failures: u32,
    pub last_error: Option<String>,
    /// When to sync next: now while all is well, later after failures.
    pub next_attempt_at: DateTime<Utc>,
    /// Set when the server refused this device's token: the app shows enrolment. Cleared
    /// by the next sync that works or by enrolling again.
    pub signed_out_reason: Option<SignedOutReason>,
}

/// Why the server no longer lets this device sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedOutReason {
    /// A manager revoked the device.
    DeviceRevoked,
    /// The server does not accept the token (unknown to it).
    Unauthorised,
}

impl SignedOutReason {
    /// The reason an error of a sync means, if it means the device is signed out.
    pub fn of(err: &crate::Error) -> Option<Self> {
        match err {
            crate::Error::DeviceRevoked { .. } => Some(Self::DeviceRevoked),
            crate::Error::Unauthorised { .. } => Some(Self::Unauthorised),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::DeviceRevoked => "device_revoked",
            Self::Unauthorised => "unauthorised",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::DeviceRevoked, Self::Unauthorised]
            .into_iter()
            .find(|reason| reason.as_str() == text)
    }
}

/// The pause after `failures` consecutive failures (at least one), spread by `spread`
/// (any number stable for the device), and never shorter than what the server asked.
pub fn retry_delay(failures: u32, spread: u64, server_asked: Option<Duration>) -> Duration {
    let doubling = 2u32.saturating_pow(failures.saturating_sub(1).min(16));
    let base = FIRST_RETRY.saturating_mul(doubling).min(MAX_RETRY);
    // A factor in [0.8, 1.2), different per device and per attempt.
    let mixed = spread ^ u64::from(failures).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let factor = 0.8 + 0.4 * ((mixed % 1000) as f64 / 1000.0);
    let spread_delay = base.mul_f64(factor).min(MAX_RETRY);
    server_asked.map_or(spread_delay, |asked| spread_delay.max(asked))
}

/// A stable number from the device id, to spread retries.
pub(crate) fn spread_of(device: &str) -> u64 {
    device.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub(crate) fn record_success(conn: &Connection, now: DateTime<Utc>) -> Result<()> {
    set(conn, "last_synced_at", &ms(now).to_string())?;
    conn.execute(
        "DELETE FROM sync_state WHERE key IN ('failures', 'last_error', 'retry_at', 'signed_out')",
        [],
    )?;
    Ok(())
}

/// Records that the server refused this device's token.
pub(crate) fn record_signed_out(conn: &Connection, reason: SignedOutReason) -> Result<()> {
    set(conn, "signed_out", reason.as_str())
}

/// Forgets a refused token: the device enrolled again.
pub(crate) fn clear_signed_out(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_state WHERE key = 'signed_out'", [])?;
    Ok(())
}

/// Counts a failure and sets when to try again; returns the new failure count.
pub(crate) fn record_failure(
    conn: &Connection,
    now: DateTime<Utc>,
    problem: &str,
    spread: u64,
    server_asked: Option<Duration>,
) -> Result<u32> {
    let failures = failures(conn)?.saturating_add(1);
    let delay = retry_delay(failures, spread, server_asked);
    let retry_at = now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
    set(conn, "failures", &failures.to_string())?;
    set(conn, "last_error", problem)?;
    set(conn, "retry_at", &ms(retry_at).to_string())?;
    Ok(failures)
}

fn failures(conn: &Connection) -> Result<u32> {
    Ok(get(conn, "failures")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

fn instant(conn: &Connection, key: &str) -> Result<Option<DateTime<Utc>>> {
    get(conn, key)?
        .and_then(|v| v.parse::<i64>().ok())
        .map(timestamp)
        .transpose()
}

pub(crate) fn status(
    conn: &Connection,
    now: DateTime<Utc>,
    pending_changes: u64,
) -> Result<SyncStatus> {
    let failures = failures(conn)?;
    let retry_at = instant(conn, "retry_at")?.filter(|_| failures > 0);
    Ok(SyncStatus {
        pending_changes,
        quarantined_changes: super::quarantine::count(conn)?,
        last_synced_at: instant(conn, "last_synced_at")?,
        failures,
        last_error: get(conn, "last_error")?,
        next_attempt_at: retry_at.map_or(now, |at| at.max(now)),
        signed_out_reason: get(conn, "signed_out")?
            .as_deref()
            .and_then(SignedOutReason::parse),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_doubles_from_two_seconds_up_to_five_minutes_spread_by_a_fifth() {
        for spread in [
            0,
            1,
            77,
            u64::MAX,
            spread_of("phone-a"),
            spread_of("phone-b"),
        ] {
            let mut previous = Duration::ZERO;
            for failures in 1..=12 {
                let delay = retry_delay(failures, spread, None);
                let base = (FIRST_RETRY * 2u32.pow(failures - 1)).min(MAX_RETRY);
                assert!(
                    delay >= base.mul_f64(0.8) && delay <= base.mul_f64(1.2).min(MAX_RETRY),
                    "failure {failures}: {delay:?} against {base:?}"
                );
                if base < MAX_RETRY {
                    assert!(delay > previous, "grows while under the cap");
                }
                previous = delay;
            }
            assert!(retry_delay(u32::MAX, spread, None) <= MAX_RETRY);
        }
    }

    #[test]
    fn devices_spread_out_and_the_server_s_retry_after_is_obeyed() {
        let spreads: std::collections::BTreeSet<Duration> = (0..20)
            .map(|i| retry_delay(3, spread_of(&format!("phone-{i}")), None))
            .collect();
        assert!(spreads.len() > 10, "twenty phones do not retry in lockstep");
        let asked = Duration::from_secs(30);
        assert_eq!(retry_delay(1, 5, Some(asked)), asked);
        assert_eq!(
            retry_delay(9, 5, Some(asked)),
            retry_delay(9, 5, None),
            "a longer back-off is kept"
        );
    }
}

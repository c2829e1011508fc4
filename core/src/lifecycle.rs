//! A phone's life with its team: enrolment (and the names it brings), and signing out.
//!
//! The server refusing a token (revoked or unknown) is told apart in the sync engine and
//! recorded in [`crate::sync::SyncStatus::signed_out_reason`]; the app then shows
//! enrolment. Enrolling again on the same store clears it and keeps every unsynced change.
//! Signing out deletes the store instead, after the app has warned the rep about
//! [`Warmline::pending_changes`].
//!
//! The core keeps no secret of its own: the device token stays in the platform's secure
//! storage (Keystore, Keychain), where the app deletes it when signing out.

use std::path::Path;
use std::time::Duration;

use crate::error::Result;
use crate::store::Database;
use crate::sync::wire::EnrolResponse;
use crate::sync::{engine, schedule, HttpClient};
use crate::warmline::Warmline;

/// How long signing out waits for handles still closing: a long poll in flight ends
/// within the server's 25 s.
const CLOSE_WAIT: Duration = Duration::from_secs(30);

impl Warmline {
    /// Exchanges a manager's one-time code for this device's token (see
    /// [`engine::enrol`]) and remembers whose phone this is: the rep (their leads fill
    /// the queue) and the rep's name (said in the script's opener unless the app gave
    /// one at open). A device enrolled again after being refused syncs on where it
    /// stopped.
    pub fn enrol(
        &self,
        http: &dyn HttpClient,
        server: &str,
        code: &str,
        device_name: &str,
    ) -> Result<EnrolResponse> {
        let enrolment = engine::enrol(http, server, code, device_name)?;
        let rep_changed = self.db.write(|tx| {
            schedule::clear_signed_out(tx)?;
            for (key, value) in [
                ("rep_name", enrolment.rep_name.as_deref()),
                ("team_name", enrolment.team_name.as_deref()),
            ] {
                if let Some(value) = value {
                    tx.execute(
                        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = ?2",
                        [key, value],
                    )?;
                }
            }
            engine::remember_rep(tx, &enrolment.rep_id)
        })?;
        if rep_changed {
            self.reload_queue()?;
        }
        Ok(enrolment)
    }

    /// The rep's first name for scripts: the one the app gave at open, else the first
    /// word of the name the server gave at enrolment.
    pub(crate) fn rep_first_name(&self) -> Option<String> {
        if let Some(name) = &self.rep_first_name {
            return Some(name.clone());
        }
        let stored = self.db.read(|conn| {
            use rusqlite::OptionalExtension;
            Ok(conn
                .prepare_cached("SELECT value FROM sync_state WHERE key = 'rep_name'")?
                .query_row([], |r| r.get::<_, String>(0))
                .optional()?)
        });
        match stored {
            Ok(name) => name.and_then(|n| n.split_whitespace().next().map(str::to_owned)),
            Err(err) => {
                tracing::warn!(error = %err, "cannot read the enrolled rep's name");
                None
            }
        }
    }
}

/// Signs this phone out: deletes the store at `path` (the database, its WAL and shared
/// memory) and returns how many changes had not reached the server and are lost with it
/// (a store that cannot be read counts none). Every handle on the store must be closed
/// (dropped) first; one still closing (a sync in flight) is waited for up to 30 s, then
/// [`crate::Error::StoreInUse`]. Nothing is left behind: the core keeps no secret
/// elsewhere.
pub fn sign_out(path: impl AsRef<Path>) -> Result<u64> {
    let path = path.as_ref();
    let discarded = if path.exists() {
        match Database::open(path).and_then(|db| db.read(engine::pending_count)) {
            Ok(count) => count,
            Err(err) => {
                tracing::warn!(error = %err, "signing out of a store that cannot be read");
                0
            }
        }
    } else {
        0
    };
    Database::remove(path, CLOSE_WAIT)?;
    if discarded > 0 {
        tracing::info!(discarded, "signed out; unsynced changes discarded");
    }
    Ok(discarded)
}

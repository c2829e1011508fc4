//! The team's script and settings as the server publishes them ([`TeamConfig`], sent
//! with a pull): checked with the core's own rules before anything uses them, stored with
//! their version, and used from the next call on. A call in progress keeps the script and
//! the company name it started with (`calls.rs`).

use rusqlite::{Connection, OptionalExtension, Transaction};

use super::wire::TeamConfig;
use crate::error::Result;
use crate::script::Script;
use crate::settings;
use crate::warmline::Warmline;

const VERSION_KEY: &str = "team_version";

/// The version of the team's script and settings this phone applied last (0: none yet).
pub(crate) fn known_version(conn: &Connection) -> Result<u64> {
    let version: Option<String> = conn
        .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([VERSION_KEY], |row| row.get(0))
        .optional()?;
    Ok(version.and_then(|v| v.parse().ok()).unwrap_or(0))
}

fn save_version(tx: &Transaction<'_>, version: u64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
    )?
    .execute([VERSION_KEY, &version.to_string()])?;
    Ok(())
}

impl Warmline {
    /// Checks the team's script and settings from the server and, if both are right,
    /// stores them with their version and tells observers. Either wrong refuses both
    /// ([`Error::InvalidScript`], [`Error::InvalidSettings`]): the phone keeps what it
    /// had and stays at its version, so the server goes on offering the team's newest.
    /// A version not newer than the one applied is ignored.
    ///
    /// [`Error::InvalidScript`]: crate::Error::InvalidScript
    /// [`Error::InvalidSettings`]: crate::Error::InvalidSettings
    pub(crate) fn apply_team_config(&self, config: &TeamConfig) -> Result<()> {
        if config.version <= self.db.read(known_version)? {
            return Ok(());
        }
        if let Some(script) = &config.script {
            Script::parse(script)?;
        }
        let settings = config
            .settings
            .as_ref()
            .map(|doc| doc.resolve(self.rep_zone))
            .transpose()?;
        let save = |tx: &Transaction<'_>| {
            if let Some(script) = &config.script {
                settings::save_script(tx, script)?;
            }
            save_version(tx, config.version)
        };
        match settings {
            Some(new) => self.replace_team_settings(new, save),
            None => {
                self.db.write(save)?;
                self.changes.notify(&[]);
                self.writes.notify(&[]);
                Ok(())
            }
        }
    }
}

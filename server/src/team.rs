//! The team's script and settings, as a manager publishes them (`warmline script set`,
//! `warmline settings set`) and phones receive them with a pull (`docs/sync-protocol.md`,
//! "Team script and settings"). Both are checked with the core's own rules before they
//! are stored, so no phone is sent what it would refuse.

use std::fmt;

use warmline_core::script::{Script, ScriptError};
use warmline_core::sync::wire::{TeamConfig, TeamSettingsDoc};

use crate::error::ServerError;
use crate::storage::Storage;

/// Why a publication was refused: the script's problems (each with its place), a wrong
/// setting, or the storage.
#[derive(Debug)]
pub enum Refused {
    Script(ScriptError),
    Settings(warmline_core::Error),
    Server(ServerError),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Script(err) => err.fmt(f),
            Self::Settings(err) => err.fmt(f),
            Self::Server(err) => err.fmt(f),
        }
    }
}

impl From<ServerError> for Refused {
    fn from(err: ServerError) -> Self {
        Self::Server(err)
    }
}

/// Checks `toml` as the phones will and publishes it as the team's script; returns the
/// new version of the team's script and settings.
pub async fn publish_script<S: Storage>(
    storage: &S,
    team_id: &str,
    toml: &str,
) -> Result<u64, Refused> {
    Script::parse(toml).map_err(Refused::Script)?;
    Ok(storage.publish_script(team_id, toml).await?)
}

/// Checks `settings` as the phones will and publishes them, tidied (trimmed, the region
/// in capitals); returns the new version.
pub async fn publish_settings<S: Storage>(
    storage: &S,
    team_id: &str,
    settings: &TeamSettingsDoc,
) -> Result<u64, Refused> {
    let settings = settings.checked().map_err(Refused::Settings)?;
    Ok(storage.publish_settings(team_id, &settings).await?)
}

/// The team's script and settings for a device that has version `known` of them, if the
/// team's are newer; nothing for a device that did not say (an app from before them).
pub async fn newer_than<S: Storage>(
    storage: &S,
    team_id: &str,
    known: Option<u64>,
) -> Result<Option<TeamConfig>, ServerError> {
    let Some(known) = known else {
        return Ok(None);
    };
    Ok(storage
        .team_config(team_id)
        .await?
        .filter(|config| config.version > known))
}

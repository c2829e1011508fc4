//! Team settings the core applies to every lead: how to read phone numbers, which zone
//! to assume, and when leads may be called. Stored in the database (sync will bring the
//! team's own down); defaults until then.

use std::str::FromStr;

use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::calling_hours::CallingHours;
use crate::error::{Error, Result};
use crate::lead::IntakeDefaults;
use crate::phone::Region;
use crate::timezone::parse_zone;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamSettings {
    /// Region for numbers written without `+` (`US`).
    pub default_region: String,
    /// The zone assumed for a lead whose zone is neither given nor implied by its number.
    pub time_zone: Tz,
    pub calling_hours: CallingHours,
    /// The team's company name, said in the script's opener.
    pub company: Option<String>,
}

impl TeamSettings {
    /// Defaults for a team that has not configured anything: US numbers, the rep's own
    /// zone, 08:00 to 20:00 every day.
    pub fn defaults_for(rep_zone: Tz) -> Self {
        Self {
            default_region: "US".into(),
            time_zone: rep_zone,
            calling_hours: CallingHours::default(),
            company: None,
        }
    }

    pub fn validate(&self) -> Result<IntakeDefaults> {
        self.calling_hours.validate()?;
        let region =
            Region::from_str(&self.default_region).map_err(|problem| Error::InvalidInput {
                field: "default_region",
                problem,
            })?;
        Ok(IntakeDefaults {
            region,
            time_zone: self.time_zone,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    default_region: String,
    time_zone: String,
    calling_hours: CallingHours,
    #[serde(default)]
    company: Option<String>,
}

const KEY: &str = "team";
const SCRIPT_KEY: &str = "script";

/// The team's script (TOML), if it replaced the default.
pub(crate) fn load_script(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([SCRIPT_KEY], |row| row.get(0))
        .optional()?)
}

pub(crate) fn save_script(conn: &Connection, toml: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2")?
        .execute([SCRIPT_KEY, toml])?;
    Ok(())
}

pub(crate) fn load(conn: &Connection, rep_zone: Tz) -> Result<TeamSettings> {
    let json: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([KEY], |row| row.get(0))
        .optional()?;
    let Some(json) = json else {
        return Ok(TeamSettings::defaults_for(rep_zone));
    };
    let stored: Stored =
        serde_json::from_str(&json).map_err(|e| Error::Corrupt(format!("team settings: {e}")))?;
    Ok(TeamSettings {
        default_region: stored.default_region,
        time_zone: Tz::from_str(&stored.time_zone)
            .map_err(|_| Error::Corrupt(format!("team settings zone {:?}", stored.time_zone)))?,
        calling_hours: stored.calling_hours,
        company: stored.company,
    })
}

pub(crate) fn save(conn: &Connection, settings: &TeamSettings) -> Result<()> {
    let stored = Stored {
        default_region: settings.default_region.clone(),
        time_zone: settings.time_zone.name().to_owned(),
        calling_hours: settings.calling_hours.clone(),
        company: settings.company.clone(),
    };
    let json = serde_json::to_string(&stored)
        .map_err(|e| Error::Corrupt(format!("team settings: {e}")))?;
    conn.prepare_cached("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2")?
        .execute([KEY, json.as_str()])?;
    Ok(())
}

/// Parses a zone for the team setting, naming it in the error.
pub fn parse_team_zone(name: &str) -> Result<Tz> {
    parse_zone("team_time_zone", name)
}

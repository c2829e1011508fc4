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
use crate::sync::wire::TeamSettingsDoc;
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
        if let Some(company) = &self.company {
            let length = company.trim().chars().count();
            if length == 0 || length > MAX_COMPANY_CHARS || company.contains(['\n', '\r']) {
                return Err(Error::InvalidSettings {
                    setting: "company",
                    problem: format!(
                        "{company:?} is not a company name: one line of 1 to {MAX_COMPANY_CHARS} characters"
                    ),
                });
            }
        }
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

/// The longest company name: it is said in the first line of every call.
const MAX_COMPANY_CHARS: usize = 100;

impl TeamSettingsDoc {
    /// The settings a phone whose own zone is `rep_zone` uses: each setting given, else
    /// its default; checked with the same rules as [`Warmline::update_team_settings`].
    /// A wrong setting is [`Error::InvalidSettings`], naming it.
    ///
    /// [`Warmline::update_team_settings`]: crate::Warmline::update_team_settings
    pub fn resolve(&self, rep_zone: Tz) -> Result<TeamSettings> {
        self.resolve_in(rep_zone)
    }

    /// Checks every setting given, as [`resolve`](Self::resolve) will on each phone (the
    /// zone a phone fills in for a missing one does not matter to the check), and returns
    /// them tidied: the company trimmed, the region in capitals, the zone's own name.
    pub fn checked(&self) -> Result<Self> {
        let settings = self.resolve_in(chrono_tz::UTC)?;
        Ok(Self {
            company: settings.company,
            default_region: self
                .default_region
                .as_ref()
                .map(|_| settings.default_region),
            time_zone: self
                .time_zone
                .as_ref()
                .map(|_| settings.time_zone.name().to_owned()),
            calling_hours: self.calling_hours.clone(),
        })
    }

    fn resolve_in(&self, rep_zone: Tz) -> Result<TeamSettings> {
        let mut settings = TeamSettings::defaults_for(rep_zone);
        if let Some(region) = &self.default_region {
            settings.default_region = region.trim().to_ascii_uppercase();
        }
        if let Some(zone) = &self.time_zone {
            settings.time_zone = parse_team_zone(zone).map_err(as_setting)?;
        }
        if let Some(hours) = &self.calling_hours {
            settings.calling_hours = hours.clone();
        }
        settings.company = self.company.as_ref().map(|c| c.trim().to_owned());
        settings.validate().map_err(as_setting)?;
        Ok(settings)
    }
}

/// A setting's input error as [`Error::InvalidSettings`].
fn as_setting(err: Error) -> Error {
    match err {
        Error::InvalidInput { field, problem } => Error::InvalidSettings {
            setting: field,
            problem,
        },
        other => other,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calling_hours::{hm, DayWindow};

    #[test]
    fn a_published_document_fills_in_the_defaults_and_is_checked_setting_by_setting() {
        let rep_zone: Tz = "America/Chicago".parse().unwrap();
        let empty = TeamSettingsDoc::default().resolve(rep_zone).unwrap();
        assert_eq!(empty, TeamSettings::defaults_for(rep_zone));

        let window = DayWindow {
            start: hm(9, 0),
            end: hm(17, 0),
        };
        let doc = TeamSettingsDoc {
            company: Some(" Brightside Solar ".into()),
            default_region: Some("GB".into()),
            time_zone: Some("Europe/London".into()),
            calling_hours: Some(CallingHours {
                days: [Some(window); 7],
            }),
        };
        let settings = doc.resolve(rep_zone).unwrap();
        assert_eq!(settings.company.as_deref(), Some("Brightside Solar"));
        let tidy = TeamSettingsDoc {
            default_region: Some(" gb ".into()),
            ..doc.clone()
        }
        .checked()
        .unwrap();
        assert_eq!(
            (tidy.company.as_deref(), tidy.default_region.as_deref()),
            (Some("Brightside Solar"), Some("GB"))
        );
        assert_eq!(settings.default_region, "GB");
        assert_eq!(settings.time_zone.name(), "Europe/London");
        assert_eq!(settings.calling_hours.days[0], Some(window));

        let wrong = |doc: TeamSettingsDoc| match doc.resolve(rep_zone) {
            Err(Error::InvalidSettings { setting, problem }) => format!("{setting}: {problem}"),
            other => panic!("expected InvalidSettings, got {other:?}"),
        };
        let zone = wrong(TeamSettingsDoc {
            time_zone: Some("Mars/Olympus".into()),
            ..TeamSettingsDoc::default()
        });
        assert!(
            zone.starts_with("team_time_zone: \"Mars/Olympus\""),
            "{zone}"
        );
        let region = wrong(TeamSettingsDoc {
            default_region: Some("XX".into()),
            ..TeamSettingsDoc::default()
        });
        assert!(region.starts_with("default_region: "), "{region}");
        let company = wrong(TeamSettingsDoc {
            company: Some("  ".into()),
            ..TeamSettingsDoc::default()
        });
        assert!(company.starts_with("company: "), "{company}");
        let backwards = DayWindow {
            start: hm(20, 0),
            end: hm(8, 0),
        };
        let hours = wrong(TeamSettingsDoc {
            calling_hours: Some(CallingHours {
                days: [Some(backwards); 7],
            }),
            ..TeamSettingsDoc::default()
        });
        assert!(
            hours.starts_with("calling_hours: the Monday window ends"),
            "{hours}"
        );
    }
}

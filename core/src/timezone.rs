//! Which time zone a lead lives in.
//!
//! Calling hours are the lead's local hours, so every lead needs a zone: the one the form
//! or a manager gave (explicit), else the one its phone number's region has when that
//! region has a single zone (a UK number is in Europe/London; a US number could be in six),
//! else the team's default.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono_tz::Tz;

use crate::error::{Error, Result};

/// Where a lead's zone came from, so a better source can replace a guess later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneSource {
    Explicit,
    PhoneRegion,
    TeamDefault,
}

impl ZoneSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Explicit => "explicit",
            Self::PhoneRegion => "phone_region",
            Self::TeamDefault => "team_default",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "explicit" => Ok(Self::Explicit),
            "phone_region" => Ok(Self::PhoneRegion),
            "team_default" => Ok(Self::TeamDefault),
            other => Err(Error::Corrupt(format!(
                "unknown time zone source {other:?}"
            ))),
        }
    }
}

/// Parses an IANA zone name (`America/New_York`), naming `field` in the error.
pub fn parse_zone(field: &'static str, name: &str) -> Result<Tz> {
    Tz::from_str(name.trim()).map_err(|_| Error::InvalidInput {
        field,
        problem: format!("{name:?} is not an IANA time zone (like America/New_York)"),
    })
}

/// The zone of a region that has exactly one, from the tz database's `zone.tab`.
pub fn single_zone_of_region(region: &str) -> Option<Tz> {
    static TABLE: OnceLock<HashMap<&'static str, Tz>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            include_str!("../data/single-zone-regions.tsv")
                .lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| line.split_once('\t'))
                .filter_map(|(region, zone)| Tz::from_str(zone).ok().map(|tz| (region, tz)))
                .collect()
        })
        .get(region)
        .copied()
}

/// Resolves a lead's zone: explicit, else its phone's single-zone region, else the team's.
pub fn resolve(
    explicit: Option<&str>,
    phone_region: Option<&str>,
    team_default: Tz,
) -> Result<(Tz, ZoneSource)> {
    if let Some(name) = explicit.map(str::trim).filter(|n| !n.is_empty()) {
        return Ok((parse_zone("time_zone", name)?, ZoneSource::Explicit));
    }
    if let Some(tz) = phone_region.and_then(single_zone_of_region) {
        return Ok((tz, ZoneSource::PhoneRegion));
    }
    Ok((team_default, ZoneSource::TeamDefault))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_in_the_region_table_is_known() {
        let table = include_str!("../data/single-zone-regions.tsv");
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let (region, zone) = line.split_once('\t').unwrap();
            assert!(Tz::from_str(zone).is_ok(), "{region}: {zone}");
        }
        assert!(table.lines().count() > 200);
    }

    #[test]
    fn explicit_beats_phone_region_beats_team_default() {
        let team = chrono_tz::America::Chicago;
        assert_eq!(
            resolve(Some("Asia/Kolkata"), Some("GB"), team).unwrap(),
            (chrono_tz::Asia::Kolkata, ZoneSource::Explicit)
        );
        assert_eq!(
            resolve(None, Some("IN"), team).unwrap(),
            (chrono_tz::Asia::Kolkata, ZoneSource::PhoneRegion)
        );
        // The US spans several zones: the number alone does not say which.
        assert_eq!(
            resolve(None, Some("US"), team).unwrap(),
            (team, ZoneSource::TeamDefault)
        );
        assert_eq!(
            resolve(Some(" "), None, team).unwrap(),
            (team, ZoneSource::TeamDefault)
        );
    }

    #[test]
    fn an_unknown_zone_is_a_typed_error_naming_it() {
        let err = resolve(Some("Mars/Olympus_Mons"), None, chrono_tz::UTC).unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "time_zone",
                ..
            }
        ));
        assert!(err.to_string().contains("Mars/Olympus_Mons"));
    }
}

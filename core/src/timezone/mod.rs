//! Which time zone a lead lives in.
//!
//! Calling hours are the lead's local hours, so every lead needs a zone. It comes from
//! the best clue there is, in this order (ADR 0010):
//!
//! 1. the zone the form or a manager gave (explicit);
//! 2. the state or province the form gave ([`state`]);
//! 3. the phone number: its region when that region has one zone (a UK number is in
//!    Europe/London), else its area code or exchange ([`prefix`]: 415 is Los Angeles);
//! 4. the team's default.
//!
//! A clue may name two zones (a split area code, a state across a zone line): the lead
//! then lives in either, and may be called only while the window is open in both
//! ([`LeadZones`]). Where the zone came from is kept on the lead, and said on screen.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono_tz::Tz;

use crate::error::{Error, Result};

mod origin;
pub mod prefix;
pub mod state;

pub use origin::ZoneOrigin;

/// Where a lead's zone came from, so a better source can replace a guess later and the
/// screens can say why the lead's time is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneSource {
    Explicit,
    /// The state or province the form gave.
    State,
    /// The number's area code or exchange.
    PhonePrefix,
    /// The number's region, which has one zone.
    PhoneRegion,
    TeamDefault,
}

const SOURCES: [ZoneSource; 5] = [
    ZoneSource::Explicit,
    ZoneSource::State,
    ZoneSource::PhonePrefix,
    ZoneSource::PhoneRegion,
    ZoneSource::TeamDefault,
];

impl ZoneSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Explicit => "explicit",
            Self::State => "state",
            Self::PhonePrefix => "phone_prefix",
            Self::PhoneRegion => "phone_region",
            Self::TeamDefault => "team_default",
        }
    }

    /// Whether a zone from `self` may replace one from `other` (a later inquiry with a
    /// state replaces an area code's guess; a guess never replaces a given zone).
    pub fn is_at_least_as_good_as(self, other: Self) -> bool {
        self.precedence() <= other.precedence()
    }

    fn precedence(self) -> usize {
        match self {
            Self::Explicit => 0,
            Self::State => 1,
            Self::PhonePrefix | Self::PhoneRegion => 2,
            Self::TeamDefault => 3,
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        SOURCES
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| Error::Corrupt(format!("unknown time zone source {text:?}")))
    }
}

/// The zone a lead lives in, or the two it may live in when its clue spans a zone line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LeadZones {
    pub main: Tz,
    /// The second zone of a split clue; never equal to `main`.
    pub also: Option<Tz>,
}

impl LeadZones {
    pub fn one(main: Tz) -> Self {
        Self { main, also: None }
    }

    /// Both zones; one when they are the same.
    pub fn split(main: Tz, also: Tz) -> Self {
        Self {
            main,
            also: (also != main).then_some(also),
        }
    }

    pub fn contains(self, tz: Tz) -> bool {
        self.main == tz || self.also == Some(tz)
    }
}

impl From<Tz> for LeadZones {
    fn from(tz: Tz) -> Self {
        Self::one(tz)
    }
}

/// What is known of a lead that may say where it lives.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZoneClues<'a> {
    /// An IANA zone name the form or a manager gave.
    pub explicit: Option<&'a str>,
    /// The form's answer to "State" (or "Province").
    pub state: Option<&'a str>,
    /// The checked number, E.164.
    pub e164: &'a str,
    /// The number's region (`US`, `GB`).
    pub region: Option<&'a str>,
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
            include_str!("../../data/single-zone-regions.tsv")
                .lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| line.split_once('\t'))
                .filter_map(|(region, zone)| Tz::from_str(zone).ok().map(|tz| (region, tz)))
                .collect()
        })
        .get(region)
        .copied()
}

/// Resolves a lead's zone from the best of its clues (the order is the module's).
pub fn resolve(clues: &ZoneClues<'_>, team_default: Tz) -> Result<(LeadZones, ZoneSource)> {
    if let Some(name) = clues.explicit.map(str::trim).filter(|n| !n.is_empty()) {
        return Ok((parse_zone("time_zone", name)?.into(), ZoneSource::Explicit));
    }
    let by_prefix = prefix::zones_of_number(clues.e164).map(|p| p.zones);
    if let Some(state) = clues.state.and_then(state::state_named) {
        return Ok(within_state(state.zones, by_prefix));
    }
    if let Some(tz) = clues.region.and_then(single_zone_of_region) {
        return Ok((tz.into(), ZoneSource::PhoneRegion));
    }
    match by_prefix {
        Some(zones) => Ok((zones, ZoneSource::PhonePrefix)),
        None => Ok((team_default.into(), ZoneSource::TeamDefault)),
    }
}

/// A state across a zone line, narrowed to one of its zones when the number's prefix
/// names that one alone (a Houston number in Texas is Central).
fn within_state(state: LeadZones, by_prefix: Option<LeadZones>) -> (LeadZones, ZoneSource) {
    match by_prefix {
        Some(p) if state.also.is_some() && p.also.is_none() && state.contains(p.main) => {
            (p, ZoneSource::PhonePrefix)
        }
        _ => (state, ZoneSource::State),
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::{America, Asia, Europe};

    use super::*;

    #[test]
    fn every_zone_in_the_region_table_is_known() {
        let table = include_str!("../../data/single-zone-regions.tsv");
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let (region, zone) = line.split_once('\t').unwrap();
            assert!(Tz::from_str(zone).is_ok(), "{region}: {zone}");
        }
        assert!(table.lines().count() > 200);
    }

    fn clues<'a>(
        explicit: Option<&'a str>,
        state: Option<&'a str>,
        e164: &'a str,
    ) -> ZoneClues<'a> {
        ZoneClues {
            explicit,
            state,
            e164,
            region: None,
        }
    }

    const TEAM: Tz = America::Chicago;

    fn resolved(
        explicit: Option<&str>,
        state: Option<&str>,
        e164: &str,
    ) -> (LeadZones, ZoneSource) {
        let region = crate::phone::region_of_e164(e164);
        let clues = ZoneClues {
            region: region.as_deref(),
            ..clues(explicit, state, e164)
        };
        resolve(&clues, TEAM).unwrap()
    }

    #[test]
    fn explicit_beats_state_beats_the_number_beats_team_default() {
        let sf = "+14155552671";
        assert_eq!(
            resolved(Some("Asia/Kolkata"), Some("NY"), sf),
            (Asia::Kolkata.into(), ZoneSource::Explicit)
        );
        assert_eq!(
            resolved(None, Some("New York"), sf),
            (America::New_York.into(), ZoneSource::State)
        );
        assert_eq!(
            resolved(None, None, sf),
            (America::Los_Angeles.into(), ZoneSource::PhonePrefix)
        );
        assert_eq!(
            resolved(Some(" "), Some("Narnia"), "+919876543210"),
            (Asia::Kolkata.into(), ZoneSource::PhoneRegion)
        );
        // Toll free: anywhere in North America.
        assert_eq!(
            resolved(None, None, "+18005550123"),
            (TEAM.into(), ZoneSource::TeamDefault)
        );
    }

    #[test]
    fn a_single_zone_country_keeps_its_region_zone() {
        assert_eq!(
            resolved(None, None, "+442079460958"),
            (Europe::London.into(), ZoneSource::PhoneRegion)
        );
    }

    #[test]
    fn a_split_state_is_narrowed_by_a_prefix_inside_it() {
        // Houston (713) in Texas: Central, not Central-and-Mountain.
        assert_eq!(
            resolved(None, Some("TX"), "+17135550123"),
            (America::Chicago.into(), ZoneSource::PhonePrefix)
        );
        // Evansville, Indiana (812-424): Central; Indianapolis (317): Eastern.
        assert_eq!(
            resolved(None, Some("Indiana"), "+18124245555"),
            (America::Chicago.into(), ZoneSource::PhonePrefix)
        );
        assert_eq!(
            resolved(None, Some("IN"), "+13175550123"),
            (America::New_York.into(), ZoneSource::PhonePrefix)
        );
        // A California number in Texas: the state, both its zones.
        assert_eq!(
            resolved(None, Some("TX"), "+14155552671"),
            (
                LeadZones::split(America::Chicago, America::Denver),
                ZoneSource::State
            )
        );
    }

    #[test]
    fn a_split_prefix_gives_both_zones() {
        assert_eq!(
            resolved(None, None, "+16055550123"),
            (
                LeadZones::split(America::Denver, America::North_Dakota::Center),
                ZoneSource::PhonePrefix
            )
        );
    }

    #[test]
    fn every_source_reads_back() {
        for source in SOURCES {
            assert_eq!(ZoneSource::parse(source.as_str()).unwrap(), source);
        }
        assert!(ZoneSource::parse("guess").is_err());
    }

    #[test]
    fn an_unknown_zone_is_a_typed_error_naming_it() {
        let err = resolve(&clues(Some("Mars/Olympus_Mons"), None, ""), chrono_tz::UTC).unwrap_err();
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

//! Where a lead's zone came from, as the screens show it ("their time, from the 415 area
//! code"): a structured value the shells may draw as they like, and the product's
//! sentence for it, so the wording lives in the core.

use super::{prefix, state, LeadZones, ZoneSource};

/// The clue a lead's zone was taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneOrigin {
    /// A zone the form or a manager gave.
    Explicit,
    /// The state or province the form gave (its name: `Texas`).
    State { name: String },
    /// A North American area code (`415`).
    AreaCode { code: String },
    /// Another country's number prefix, as long as the table knows it (`+749`).
    PhonePrefix { prefix: String },
    /// The number's region, which has a single zone (`GB`).
    PhoneRegion { region: String },
    /// Nothing said where the lead lives.
    TeamDefault,
}

impl ZoneOrigin {
    /// The clue behind `source` for a lead with number `e164` and the form's state answer.
    pub fn of(source: ZoneSource, e164: &str, state_answer: Option<&str>) -> Self {
        match source {
            ZoneSource::Explicit => Self::Explicit,
            ZoneSource::State => Self::State {
                name: state_answer.and_then(state::state_named).map_or_else(
                    || state_answer.unwrap_or_default().to_owned(),
                    |s| s.name.to_owned(),
                ),
            },
            ZoneSource::PhonePrefix => Self::of_prefix(e164),
            ZoneSource::PhoneRegion => Self::PhoneRegion {
                region: crate::phone::region_of_e164(e164).unwrap_or_default(),
            },
            ZoneSource::TeamDefault => Self::TeamDefault,
        }
    }

    fn of_prefix(e164: &str) -> Self {
        let digits = e164.trim_start_matches('+');
        match digits
            .strip_prefix('1')
            .and_then(|national| national.get(..3))
        {
            Some(code) => Self::AreaCode {
                code: code.to_owned(),
            },
            None => Self::PhonePrefix {
                prefix: prefix::zones_of_number(e164)
                    .map_or_else(|| e164.to_owned(), |p| format!("+{}", p.prefix)),
            },
        }
    }

    /// The sentence a screen shows under the lead's local time.
    pub fn label(&self, zones: LeadZones) -> String {
        let from = match self {
            Self::Explicit => "their time, as given for them".to_owned(),
            Self::State { name } => format!("their time, from their state ({name})"),
            Self::AreaCode { code } => format!("their time, from the {code} area code"),
            Self::PhonePrefix { prefix } => {
                format!("their time, from the number's prefix {prefix}")
            }
            Self::PhoneRegion { region } => {
                format!("their time, from the number's country ({region})")
            }
            Self::TeamDefault => return "the team's time: nothing says where they live".to_owned(),
        };
        match zones.also {
            Some(_) => format!("{from}, which spans two time zones: callable while both are open"),
            None => from,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::America;

    use super::*;

    #[test]
    fn a_north_american_prefix_is_said_as_its_area_code() {
        let origin = ZoneOrigin::of(ZoneSource::PhonePrefix, "+14155552671", None);
        assert_eq!(origin, ZoneOrigin::AreaCode { code: "415".into() });
        assert_eq!(
            origin.label(America::Los_Angeles.into()),
            "their time, from the 415 area code"
        );
    }

    #[test]
    fn a_split_zone_says_both_must_be_open() {
        let origin = ZoneOrigin::of(ZoneSource::PhonePrefix, "+16055550123", None);
        let zones = LeadZones::split(America::Denver, America::North_Dakota::Center);
        assert_eq!(
            origin.label(zones),
            "their time, from the 605 area code, which spans two time zones: callable while both are open"
        );
    }

    #[test]
    fn every_source_has_its_clue() {
        assert_eq!(
            ZoneOrigin::of(ZoneSource::State, "+14155552671", Some("tx")),
            ZoneOrigin::State {
                name: "Texas".into()
            }
        );
        assert_eq!(
            ZoneOrigin::of(ZoneSource::PhoneRegion, "+442079460958", None),
            ZoneOrigin::PhoneRegion {
                region: "GB".into()
            }
        );
        assert_eq!(
            ZoneOrigin::of(ZoneSource::PhonePrefix, "+74955550123", None),
            ZoneOrigin::PhonePrefix {
                prefix: "+749".into()
            }
        );
        assert_eq!(
            ZoneOrigin::of(ZoneSource::Explicit, "", None),
            ZoneOrigin::Explicit
        );
        assert_eq!(
            ZoneOrigin::of(ZoneSource::TeamDefault, "+18005550123", None)
                .label(America::Chicago.into()),
            "the team's time: nothing says where they live"
        );
    }
}

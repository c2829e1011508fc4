//! The zones of a US state or Canadian province a form gave (`core/data/state-zones.tsv`).
//!
//! Where the lead says they live beats where their number was issued (a 415 mobile moved
//! to Texas long ago), so a form's "State" answer comes before the number's prefix. A
//! state across a zone line (Texas, Florida, Indiana...) names both zones.

use std::str::FromStr;
use std::sync::OnceLock;

use chrono_tz::Tz;

use super::LeadZones;

/// A state or province the table knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub abbreviation: &'static str,
    pub name: &'static str,
    pub zones: LeadZones,
}

/// Form answers that say the lead's state, by their normalised question name.
const STATE_FIELDS: [&str; 5] = [
    "state",
    "province",
    "state province",
    "state or province",
    "us state",
];

/// The state named in a form's answers (a field called "State", "state_province"...).
pub fn state_in_fields(fields: &[(String, String)]) -> Option<&str> {
    fields
        .iter()
        .find(|(name, _)| STATE_FIELDS.contains(&normalise_name(name).as_str()))
        .map(|(_, value)| value.as_str())
}

/// The state `text` names, by abbreviation (`TX`, `t.x.`) or name (`texas`).
pub fn state_named(text: &str) -> Option<State> {
    let wanted: String = text.trim().chars().filter(|c| *c != '.').collect();
    table().iter().copied().find(|state| {
        state.abbreviation.eq_ignore_ascii_case(&wanted) || state.name.eq_ignore_ascii_case(&wanted)
    })
}

fn normalise_name(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn table() -> &'static [State] {
    static TABLE: OnceLock<Vec<State>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../data/state-zones.tsv")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(parse_line)
            .collect()
    })
}

fn parse_line(line: &'static str) -> Option<State> {
    let mut fields = line.split('\t');
    let abbreviation = fields.next()?;
    let name = fields.next()?;
    let main = Tz::from_str(fields.next()?).ok()?;
    let zones = match fields.next() {
        Some(also) => LeadZones::split(main, Tz::from_str(also).ok()?),
        None => LeadZones::one(main),
    };
    Some(State {
        abbreviation,
        name,
        zones,
    })
}

#[cfg(test)]
mod tests {
    use chrono_tz::America;

    use super::*;

    #[test]
    fn every_line_of_the_table_is_read() {
        let text = include_str!("../../data/state-zones.tsv");
        let lines = text.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(table().len(), lines, "a line has an unknown zone");
        // Fifty states and the District of Columbia, at least.
        assert!(lines >= 51);
    }

    #[test]
    fn a_state_is_found_by_abbreviation_or_name_in_any_case() {
        for text in ["AZ", "az", " Arizona ", "ARIZONA", "A.Z."] {
            let state = state_named(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(state.zones, LeadZones::one(America::Phoenix), "{text}");
        }
        assert_eq!(state_named("California").unwrap().abbreviation, "CA");
        assert_eq!(state_named("Kent"), None);
        assert_eq!(state_named(""), None);
    }

    #[test]
    fn a_state_across_a_zone_line_names_both_zones() {
        let texas = state_named("TX").unwrap().zones;
        assert_eq!(texas, LeadZones::split(America::Chicago, America::Denver));
    }

    #[test]
    fn the_state_answer_is_found_under_the_names_forms_give_it() {
        let fields = |name: &str| {
            vec![
                ("City".to_owned(), "Austin".to_owned()),
                (name.to_owned(), "TX".to_owned()),
            ]
        };
        for name in [
            "State",
            "state",
            "STATE_PROVINCE",
            "State/Province",
            "US state",
        ] {
            assert_eq!(state_in_fields(&fields(name)), Some("TX"), "{name}");
        }
        assert_eq!(state_in_fields(&fields("Statement")), None);
    }
}

//! The date and time forms lead sources write.
//!
//! Machine payloads carry an offset (RFC 3339, or Meta's `+0000`); spreadsheets often do
//! not, so a cell without one is read in a zone the caller chooses. Day-first and
//! month-first forms (`27/11/2026`, `11/27/2026`) are refused: guessing wrong would
//! silently move a lead's inquiry by months.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Forms with an explicit offset, besides RFC 3339 itself (`%z` takes `+0000` and `+00:00`).
const WITH_OFFSET: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"];

/// Forms without an offset; `%.f` also matches no fraction at all.
const WITHOUT_OFFSET: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
];

/// An instant written with its offset: RFC 3339 or Meta's `2026-11-27T14:05:31+0000`.
pub(crate) fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .ok()
        .or_else(|| {
            WITH_OFFSET
                .iter()
                .find_map(|format| DateTime::parse_from_str(text, format).ok())
        })
        .map(|at| at.with_timezone(&Utc))
}

/// A spreadsheet cell: an instant with an offset, or `YYYY-MM-DD HH:MM[:SS]` or
/// `YYYY-MM-DD` (midnight) read as a wall-clock time in `zone`. `None` also for a wall
/// time that does not exist in `zone` (skipped by a daylight-saving change).
pub(crate) fn parse_cell_time(text: &str, zone: Tz) -> Option<DateTime<Utc>> {
    parse_instant(text).or_else(|| {
        let text = text.trim();
        let wall = WITHOUT_OFFSET
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
            .or_else(|| {
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .and_then(|day| day.and_hms_opt(0, 0, 0))
            })?;
        zone.from_local_datetime(&wall)
            .earliest()
            .map(|at| at.with_timezone(&Utc))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn offsets_in_every_written_form_give_the_same_instant() {
        for text in [
            "2026-11-27T14:05:31Z",
            "2026-11-27T14:05:31+00:00",
            "2026-11-27T14:05:31+0000",
            "2026-11-27 14:05:31+0000",
            "2026-11-27T15:05:31+0100",
            " 2026-11-27T14:05:31.000Z ",
        ] {
            assert_eq!(
                parse_instant(text),
                Some(utc("2026-11-27T14:05:31Z")),
                "{text}"
            );
        }
    }

    #[test]
    fn wall_clock_cells_are_read_in_the_given_zone() {
        let chicago = chrono_tz::America::Chicago;
        assert_eq!(
            parse_cell_time("2026-11-27 08:05", chicago),
            Some(utc("2026-11-27T14:05:00Z"))
        );
        assert_eq!(
            parse_cell_time("2026-11-27T08:05:31", chicago),
            Some(utc("2026-11-27T14:05:31Z"))
        );
        assert_eq!(
            parse_cell_time("2026-11-27", chrono_tz::UTC),
            Some(utc("2026-11-27T00:00:00Z"))
        );
        assert_eq!(
            parse_cell_time("2026-11-27T14:05:31+0000", chicago),
            Some(utc("2026-11-27T14:05:31Z")),
            "an explicit offset beats the zone"
        );
    }

    #[test]
    fn ambiguous_impossible_and_skipped_times_are_refused() {
        let chicago = chrono_tz::America::Chicago;
        for text in [
            "11/27/2026",
            "27/11/2026 14:05",
            "2026-02-30",
            "yesterday",
            "",
            // 02:30 does not exist in Chicago on the spring-forward day.
            "2026-03-08 02:30",
        ] {
            assert_eq!(parse_cell_time(text, chicago), None, "{text}");
        }
        assert_eq!(parse_instant("2026-11-27 14:05"), None, "no offset");
    }
}

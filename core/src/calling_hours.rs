//! When a lead may be called: a window of local time per weekday, in the lead's zone.
//!
//! The default, 08:00 to 20:00 every day, is the strictest of the US state rules (the
//! federal rule is 08:00 to 21:00). Teams may change it per weekday or close a day.
//! All arithmetic is done in the lead's zone, so daylight-saving switches and zones with
//! half-hour or 45-minute offsets (Asia/Kolkata, Pacific/Chatham, Australia/Lord_Howe)
//! come out right. A lead that may live in either of two zones (a split area code) may
//! be called only while the window is open in both: its intervals are the intersection.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::timezone::LeadZones;

/// One day's window, `[start, end)` in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayWindow {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl std::str::FromStr for DayWindow {
    type Err = Error;

    /// Reads `08:00-20:00`; [`CallingHours::validate`] checks that it ends after it starts.
    fn from_str(text: &str) -> Result<Self> {
        let bad = || Error::InvalidInput {
            field: "calling_hours",
            problem: format!("{text:?} is not a window like 08:00-20:00"),
        };
        let (start, end) = text.trim().split_once('-').ok_or_else(bad)?;
        let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| bad());
        Ok(Self {
            start: time(start)?,
            end: time(end)?,
        })
    }
}

impl std::fmt::Display for DayWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

/// A window per weekday, Monday first; `None` closes that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallingHours {
    pub days: [Option<DayWindow>; 7],
}

impl Default for CallingHours {
    fn default() -> Self {
        let window = DayWindow {
            start: hm(8, 0),
            end: hm(20, 0),
        };
        Self {
            days: [Some(window); 7],
        }
    }
}

/// How far ahead to look for an opening before concluding there is none this week.
const SEARCH_DAYS: i64 = 8;

impl CallingHours {
    /// Checks every day's window: it must end after it starts.
    pub fn validate(&self) -> Result<()> {
        for (index, window) in self.days.iter().enumerate() {
            if let Some(w) = window {
                if w.end <= w.start {
                    return Err(Error::InvalidInput {
                        field: "calling_hours",
                        problem: format!(
                            "the {} window ends ({}) before it starts ({})",
                            weekday_name(index),
                            w.end.format("%H:%M"),
                            w.start.format("%H:%M")
                        ),
                    });
                }
            }
        }
        if self.days.iter().all(Option::is_none) {
            return Err(Error::InvalidInput {
                field: "calling_hours",
                problem: "every day is closed, so no lead could ever be called".into(),
            });
        }
        Ok(())
    }

    pub fn window_on(&self, weekday: Weekday) -> Option<DayWindow> {
        self.days[weekday.num_days_from_monday() as usize]
    }

    /// Whether `at` falls inside the window of its local day in every zone of `zones`
    /// (one zone, or both of a lead whose clue spans a zone line).
    pub fn is_open(&self, zones: impl Into<LeadZones>, at: DateTime<Utc>) -> bool {
        let zones = zones.into();
        self.is_open_in(zones.main, at) && zones.also.is_none_or(|also| self.is_open_in(also, at))
    }

    fn is_open_in(&self, tz: Tz, at: DateTime<Utc>) -> bool {
        let local = at.with_timezone(&tz);
        self.window_on(local.weekday())
            .is_some_and(|w| local.time() >= w.start && local.time() < w.end)
    }

    /// The UTC intervals during which calling is allowed in every zone of `zones`, for
    /// local days from the day before `from` to `SEARCH_DAYS` after it, in order.
    pub fn open_intervals(
        &self,
        zones: impl Into<LeadZones>,
        from: DateTime<Utc>,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let zones = zones.into();
        let main = self.open_intervals_in(zones.main, from);
        match zones.also {
            Some(also) => intersect(&main, &self.open_intervals_in(also, from)),
            None => main,
        }
    }

    fn open_intervals_in(
        &self,
        tz: Tz,
        from: DateTime<Utc>,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let first_day = from.with_timezone(&tz).date_naive() - Duration::days(1);
        (0..=SEARCH_DAYS + 1)
            .filter_map(|offset| {
                let day = first_day + Duration::days(offset);
                let window = self.window_on(day.weekday())?;
                Some((
                    local_instant(tz, day, window.start),
                    local_instant(tz, day, window.end),
                ))
            })
            .filter(|(start, end)| start < end)
            .collect()
    }

    /// The first instant at or after `at` when calling is allowed in every zone of `zones`.
    pub fn next_opening(
        &self,
        zones: impl Into<LeadZones>,
        at: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        next_opening_in(&self.open_intervals(zones, at), at)
    }
}

/// The instants inside both `a` and `b` (each sorted and disjoint), sorted and disjoint.
fn intersect(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let (mut i, mut j) = (0, 0);
    let mut both = Vec::with_capacity(a.len().min(b.len()));
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        let (start, end) = (x.0.max(y.0), x.1.min(y.1));
        if start < end {
            both.push((start, end));
        }
        if x.1 <= y.1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    both
}

/// A span of time, start included, end excluded.
type Interval = (DateTime<Utc>, DateTime<Utc>);

/// The first instant at or after `at` inside one of `intervals` (sorted, disjoint).
pub fn next_opening_in(
    intervals: &[(DateTime<Utc>, DateTime<Utc>)],
    at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let index = intervals.partition_point(|(_, end)| *end <= at);
    intervals.get(index).map(|(start, _)| (*start).max(at))
}

/// The instant a local wall-clock time happens on `day` in `tz`. A time skipped by a
/// daylight-saving jump happens at the first valid minute after it; a repeated time
/// happens the first time round.
pub fn local_instant(tz: Tz, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let mut wall = day.and_time(time);
    for _ in 0..=180 {
        match tz.from_local_datetime(&wall) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(earliest, _) => return earliest.with_timezone(&Utc),
            LocalResult::None => wall += Duration::minutes(1),
        }
    }
    // No zone skips more than three hours; treat the wall time as UTC rather than fail.
    wall.and_utc()
}

pub fn hm(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

fn weekday_name(index: usize) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][index % 7]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Asia, Australia, Pacific};

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn new_york_opens_at_eight_local_on_both_sides_of_each_dst_switch() {
        let hours = CallingHours::default();
        // 2026-03-08: clocks jump 02:00 -> 03:00 (EST -5 to EDT -4).
        assert_eq!(
            hours.next_opening(America::New_York, utc(2026, 3, 8, 6, 0)),
            Some(utc(2026, 3, 8, 12, 0))
        );
        assert_eq!(
            hours.next_opening(America::New_York, utc(2026, 3, 7, 6, 0)),
            Some(utc(2026, 3, 7, 13, 0))
        );
        // 2026-11-01: clocks fall back 02:00 -> 01:00 (EDT -4 to EST -5).
        assert_eq!(
            hours.next_opening(America::New_York, utc(2026, 11, 1, 5, 0)),
            Some(utc(2026, 11, 1, 13, 0))
        );
        assert_eq!(
            hours.next_opening(America::New_York, utc(2026, 10, 31, 5, 0)),
            Some(utc(2026, 10, 31, 12, 0))
        );
        // 19:59 local is open, 20:00 is not.
        assert!(hours.is_open(America::New_York, utc(2026, 11, 2, 0, 59)));
        assert!(!hours.is_open(America::New_York, utc(2026, 11, 2, 1, 0)));
    }

    #[test]
    fn two_zones_are_open_only_while_both_are() {
        let hours = CallingHours::default();
        // South Dakota's 605: Mountain and Central. Summer: Central opens at 13:00 UTC,
        // Mountain at 14:00; Central closes at 01:00 UTC, Mountain at 02:00.
        let both = LeadZones::split(America::Denver, America::Chicago);
        assert!(!hours.is_open(both, utc(2026, 7, 1, 13, 30)));
        assert!(hours.is_open(America::Chicago, utc(2026, 7, 1, 13, 30)));
        assert!(hours.is_open(both, utc(2026, 7, 1, 14, 0)));
        assert!(hours.is_open(both, utc(2026, 7, 2, 0, 59)));
        assert!(!hours.is_open(both, utc(2026, 7, 2, 1, 0)));
        assert_eq!(
            hours.next_opening(both, utc(2026, 7, 1, 12, 0)),
            Some(utc(2026, 7, 1, 14, 0))
        );
        let intervals = hours.open_intervals(both, utc(2026, 7, 1, 12, 0));
        assert!(intervals.contains(&(utc(2026, 7, 1, 14, 0), utc(2026, 7, 2, 1, 0))));
        assert!(intervals.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn a_window_reads_and_prints_as_08_00_20_00() {
        let window: DayWindow = " 08:00 - 20:30 ".parse().unwrap();
        assert_eq!((window.start, window.end), (hm(8, 0), hm(20, 30)));
        assert_eq!(window.to_string(), "08:00-20:30");
        for bad in ["8am-8pm", "08:00", "25:00-26:00", ""] {
            let err = bad.parse::<DayWindow>().unwrap_err().to_string();
            assert!(err.contains("is not a window like 08:00-20:00"), "{err}");
        }
    }

    #[test]
    fn half_and_quarter_hour_zones() {
        let hours = CallingHours::default();
        // Kolkata is UTC+05:30: 08:00 local is 02:30 UTC.
        assert_eq!(
            hours.next_opening(Asia::Kolkata, utc(2026, 6, 1, 0, 0)),
            Some(utc(2026, 6, 1, 2, 30))
        );
        // Chatham in July is UTC+12:45: 08:00 local on 2 July is 19:15 UTC on 1 July.
        assert_eq!(
            hours.next_opening(Pacific::Chatham, utc(2026, 7, 1, 12, 0)),
            Some(utc(2026, 7, 1, 19, 15))
        );
        // Lord Howe in January is UTC+11 (half-hour DST): 08:00 local is 21:00 UTC the day before.
        assert_eq!(
            hours.next_opening(Australia::Lord_Howe, utc(2026, 1, 10, 12, 0)),
            Some(utc(2026, 1, 10, 21, 0))
        );
        // ...and UTC+10:30 in July.
        assert_eq!(
            hours.next_opening(Australia::Lord_Howe, utc(2026, 7, 10, 12, 0)),
            Some(utc(2026, 7, 10, 21, 30))
        );
    }

    #[test]
    fn a_closed_day_is_skipped() {
        let mut hours = CallingHours::default();
        hours.days[6] = None; // Sunday
                              // Saturday 2026-11-28 21:00 in New York -> Monday 08:00.
        let saturday_night = utc(2026, 11, 29, 2, 0);
        assert_eq!(
            hours.next_opening(America::New_York, saturday_night),
            Some(utc(2026, 11, 30, 13, 0))
        );
    }

    #[test]
    fn inside_the_window_the_opening_is_now() {
        let hours = CallingHours::default();
        let noon = utc(2026, 6, 1, 16, 0); // 12:00 in New York
        assert_eq!(hours.next_opening(America::New_York, noon), Some(noon));
    }

    #[test]
    fn a_window_that_ends_before_it_starts_is_refused() {
        let mut hours = CallingHours::default();
        hours.days[2] = Some(DayWindow {
            start: hm(18, 0),
            end: hm(9, 0),
        });
        let err = hours.validate().unwrap_err();
        assert!(err.to_string().contains("Wednesday"), "{err}");
        assert!(CallingHours { days: [None; 7] }.validate().is_err());
        assert!(CallingHours::default().validate().is_ok());
    }

    #[test]
    fn a_wall_time_skipped_by_dst_happens_just_after_the_gap() {
        // 02:30 on 2026-03-08 does not exist in New York; 03:00 EDT is 07:00 UTC.
        let day = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        assert_eq!(
            local_instant(America::New_York, day, hm(2, 30)),
            utc(2026, 3, 8, 7, 0)
        );
    }

    /// Zones the property below pairs: US zones with and without daylight saving, and
    /// half-hour and 45-minute offsets.
    const PAIRED: [Tz; 8] = [
        America::New_York,
        America::Chicago,
        America::Denver,
        America::Phoenix,
        America::Los_Angeles,
        Asia::Kolkata,
        Pacific::Chatham,
        Australia::Lord_Howe,
    ];

    proptest::proptest! {
        /// A pair of zones is open exactly when both are, and its next opening is the
        /// first instant (to the minute) open in both.
        #[test]
        fn a_pair_of_zones_is_open_exactly_when_both_are(
            a in 0..PAIRED.len(),
            b in 0..PAIRED.len(),
            minute in 0i64..(366 * 24 * 60),
        ) {
            let hours = CallingHours::default();
            let (za, zb) = (PAIRED[a], PAIRED[b]);
            let pair = LeadZones::split(za, zb);
            let at = utc(2026, 1, 1, 0, 0) + Duration::minutes(minute);
            proptest::prop_assert_eq!(
                hours.is_open(pair, at),
                hours.is_open(za, at) && hours.is_open(zb, at)
            );
            let opens = hours.next_opening(pair, at);
            if let Some(opens) = opens {
                proptest::prop_assert!(hours.is_open(za, opens) && hours.is_open(zb, opens));
                let mut probe = at;
                while probe < opens {
                    proptest::prop_assert!(!(hours.is_open(za, probe) && hours.is_open(zb, probe)), "open at {}", probe);
                    probe += Duration::minutes(15);
                }
            }
        }
    }
}

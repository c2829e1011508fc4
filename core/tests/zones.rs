//! Every lead is callable exactly when it is 08:00–20:00 where it lives: leads across the
//! US whose zone comes from their area code (each of the six US zones, Arizona, Indiana
//! on both sides of its zone line, split area codes), checked at the edges of every
//! window they live in, on ordinary days and across both daylight-saving switches.
//!
//! The expected answer is computed from where each lead really lives (the zones named
//! below, some deliberately spelt differently from the table, e.g. Indianapolis for
//! New York), not from the code under test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use support::*;
use warmline_core::app::{DialRequest, DialResult, PhoneCapabilities};
use warmline_core::{ZoneOrigin, ZoneSource};

/// Name, number, and the zones the lead may live in.
const LEADS: [(&str, &str, &[&str]); 12] = [
    ("Eastern", "+1 212 555 0101", &["America/New_York"]),
    ("Central", "+1 312 555 0102", &["America/Chicago"]),
    ("Mountain", "+1 303 555 0103", &["America/Denver"]),
    ("Pacific", "+1 415 555 0104", &["America/Los_Angeles"]),
    ("Alaska", "+1 907 209 0105", &["America/Anchorage"]),
    ("Hawaii", "+1 808 555 0106", &["Pacific/Honolulu"]),
    ("Arizona", "+1 602 555 0107", &["America/Phoenix"]),
    (
        "Indianapolis",
        "+1 317 555 0108",
        &["America/Indiana/Indianapolis"],
    ),
    ("Evansville", "+1 812 424 0109", &["America/Chicago"]),
    (
        "South Dakota",
        "+1 605 555 0110",
        &["America/Denver", "America/Chicago"],
    ),
    (
        "North Dakota",
        "+1 701 555 0111",
        &["America/Denver", "America/Chicago"],
    ),
    (
        "Idaho",
        "+1 208 320 0112",
        &["America/Boise", "America/Los_Angeles"],
    ),
];

/// Ordinary days and the days around both 2026 switches (8 March, 1 November).
const DAYS: [(i32, u32, u32); 8] = [
    (2026, 3, 7),
    (2026, 3, 8),
    (2026, 3, 9),
    (2026, 7, 15),
    (2026, 10, 31),
    (2026, 11, 1),
    (2026, 11, 2),
    (2026, 12, 21),
];

fn zones(names: &[&str]) -> Vec<Tz> {
    names.iter().map(|n| n.parse().unwrap()).collect()
}

/// Whether `at` is 08:00–20:00 in every zone the lead may live in.
fn should_be_callable(lives_in: &[Tz], at: DateTime<Utc>) -> bool {
    lives_in.iter().all(|tz| {
        let hour = at.with_timezone(tz).hour();
        (8..20).contains(&hour)
    })
}

/// A minute before and at each window edge, in each zone, on each day.
fn instants() -> Vec<DateTime<Utc>> {
    let mut all: Vec<DateTime<Utc>> = Vec::new();
    for (_, _, lives_in) in LEADS {
        for tz in zones(lives_in) {
            for (y, m, d) in DAYS {
                let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
                for (h, min) in [(7, 59), (8, 0), (19, 59), (20, 0)] {
                    let local = day.and_time(NaiveTime::from_hms_opt(h, min, 0).unwrap());
                    all.push(
                        tz.from_local_datetime(&local)
                            .earliest()
                            .unwrap()
                            .with_timezone(&Utc),
                    );
                }
            }
        }
    }
    all.sort();
    all.dedup();
    all
}

#[test]
fn every_lead_is_callable_exactly_when_it_is_within_the_window_where_it_lives() {
    let t = app_at(utc(2026, 3, 1, 12, 0));
    for (name, phone, _) in LEADS {
        t.app.add_lead(lead(name, phone)).unwrap();
    }
    let lives: BTreeMap<&str, Vec<Tz>> = LEADS.iter().map(|(n, _, z)| (*n, zones(z))).collect();
    let instants = instants();
    let mut wrong = Vec::new();
    for at in &instants {
        t.clock.set(*at);
        let queue = t.app.queue(100).unwrap();
        assert_eq!(queue.entries.len(), LEADS.len());
        for entry in &queue.entries {
            let expected = should_be_callable(&lives[entry.lead.first_name.as_str()], *at);
            if entry.facts.callable_now != expected {
                wrong.push(format!(
                    "{} at {at}: callable {}, expected {expected}",
                    entry.lead.first_name, entry.facts.callable_now
                ));
            }
        }
        let callable = queue
            .entries
            .iter()
            .filter(|e| e.facts.callable_now)
            .count();
        assert_eq!(queue.callable_now, callable, "at {at}");
    }
    assert!(instants.len() > 150, "{} instants", instants.len());
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn each_lead_says_its_zone_came_from_its_area_code() {
    let t = app_at(utc(2026, 7, 15, 18, 0));
    for (name, phone, lives_in) in LEADS {
        let stored = t.app.add_lead(lead(name, phone)).unwrap();
        assert_eq!(stored.time_zone_source, ZoneSource::PhonePrefix, "{name}");
        let split = lives_in.len() == 2;
        assert_eq!(stored.also_time_zone.is_some(), split, "{name}");
        let code = phone[3..6].to_owned();
        assert_eq!(
            stored.zone_origin(),
            ZoneOrigin::AreaCode { code: code.clone() }
        );
        assert!(
            stored
                .zone_origin()
                .label(stored.zones())
                .contains(&format!("the {code} area code")),
            "{name}"
        );
    }
}

#[test]
fn a_split_area_code_asks_before_dialling_while_one_zone_is_still_closed() {
    // 13:30 UTC in July: 08:30 in Chicago, 07:30 in Denver.
    let t = app_at(utc(2026, 7, 15, 13, 30));
    let dakota = t.app.add_lead(lead("Dee", "+1 605 555 0110")).unwrap();
    let request = DialRequest {
        capabilities: PhoneCapabilities {
            call_states: true,
            answer_state: true,
        },
        confirm_outside_hours: false,
    };
    match t.app.dial(&dakota.id.to_string(), request).unwrap() {
        DialResult::NeedsConfirmation {
            reason, opens_at, ..
        } => {
            assert_eq!(opens_at, Some(utc(2026, 7, 15, 14, 0)));
            assert!(reason.contains("07:30 or 08:30"), "{reason}");
        }
        DialResult::Dialling { .. } => panic!("dialled while Denver is closed"),
    }
}

#[test]
fn a_state_on_the_form_beats_the_area_code() {
    let t = app_at(utc(2026, 7, 15, 18, 0));
    let mut moved = lead("Mo", "+1 415 555 0120");
    moved.custom_fields = vec![("State".into(), "Arizona".into())];
    let stored = t.app.add_lead(moved).unwrap();
    assert_eq!(stored.time_zone, chrono_tz::America::Phoenix);
    assert_eq!(stored.time_zone_source, ZoneSource::State);
    assert_eq!(
        stored.zone_origin().label(stored.zones()),
        "their time, from their state (Arizona)"
    );
}

#[test]
fn a_later_inquiry_replaces_a_guess_but_never_a_better_source() {
    let t = app_at(utc(2026, 7, 15, 18, 0));
    let first = t.app.add_lead(lead("Lou", "+1 415 555 0130")).unwrap();
    assert_eq!(first.time_zone_source, ZoneSource::PhonePrefix);
    let mut with_state = lead("Lou", "+1 415 555 0130");
    with_state.custom_fields = vec![("state".into(), "NY".into())];
    let second = t.app.add_lead(with_state).unwrap();
    assert_eq!(
        (second.time_zone, second.time_zone_source),
        (chrono_tz::America::New_York, ZoneSource::State)
    );
    let third = t.app.add_lead(lead("Lou", "+1 415 555 0130")).unwrap();
    assert_eq!(
        (third.time_zone, third.time_zone_source),
        (chrono_tz::America::New_York, ZoneSource::State),
        "the area code does not undo the state they gave"
    );
}

//! The queue: order, reasons, calling hours across zones and daylight-saving switches.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::Duration;
use support::*;
use warmline_core::{Clock, Outcome, Tier};

fn names(q: &warmline_core::Queue) -> Vec<String> {
    q.entries
        .iter()
        .map(|e| e.lead.first_name.clone())
        .collect()
}

#[test]
fn callbacks_due_then_new_leads_freshest_first_then_retries_then_later() {
    // 15:00 UTC = 10:00 in New York, where the rep and every lead are.
    let now = utc(2026, 11, 27, 15, 0);
    let t = app_at(now - Duration::hours(3));
    let ny = "America/New_York";
    let retry = t
        .app
        .add_lead(lead_at(
            "Retry",
            "+1 212 555 0101",
            now - Duration::hours(3),
            ny,
        ))
        .unwrap();
    let callback = t
        .app
        .add_lead(lead_at(
            "Callback",
            "+1 212 555 0102",
            now - Duration::hours(3),
            ny,
        ))
        .unwrap();
    let later = t
        .app
        .add_lead(lead_at(
            "Later",
            "+1 212 555 0103",
            now - Duration::hours(3),
            ny,
        ))
        .unwrap();
    t.app
        .record_outcome(&retry.id.to_string(), Outcome::NoAnswer)
        .unwrap(); // due 12:10 UTC
    t.app
        .record_outcome(
            &callback.id.to_string(),
            Outcome::NotAGoodTime {
                callback_at: now - Duration::minutes(30),
            },
        )
        .unwrap();
    t.app
        .record_outcome(
            &later.id.to_string(),
            Outcome::NotAGoodTime {
                callback_at: now + Duration::hours(4),
            },
        )
        .unwrap();
    t.clock.set(now);
    t.app
        .add_lead(lead_at(
            "Older",
            "+1 212 555 0104",
            now - Duration::minutes(40),
            ny,
        ))
        .unwrap();
    t.app
        .add_lead(lead_at(
            "Fresh",
            "+1 212 555 0105",
            now - Duration::minutes(3),
            ny,
        ))
        .unwrap();

    let q = t.app.queue(50).unwrap();
    assert_eq!(names(&q), ["Callback", "Fresh", "Older", "Retry", "Later"]);
    let reasons: Vec<&str> = q.entries.iter().map(|e| e.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "Callback promised for 09:30",
            "New: asked 3 min ago",
            "New: asked 40 min ago",
            "Attempt 2 of 8, last tried 07:00",
            "Callback promised for 14:00",
        ]
    );
    let tiers: Vec<Tier> = q.entries.iter().map(|e| e.tier).collect();
    assert_eq!(
        tiers,
        [
            Tier::CallbackDue,
            Tier::New,
            Tier::New,
            Tier::RetryDue,
            Tier::Later
        ]
    );
    assert_eq!((q.open, q.callable_now), (5, 4));
    assert_eq!(
        q.refresh_at,
        Some(now + Duration::hours(4)),
        "the next change is the 14:00 callback"
    );
    let retry_facts = &q.entries[3].facts;
    assert_eq!((retry_facts.next_attempt, retry_facts.max_attempts), (2, 8));
    assert_eq!(retry_facts.due_at, utc(2026, 11, 27, 12, 10));
    assert_eq!(q.entries[1].facts.inquiry_age, Duration::minutes(3));
}

#[test]
fn closed_and_do_not_call_leads_never_appear() {
    let now = utc(2026, 11, 27, 15, 0);
    let t = app_at(now);
    for (name, phone, outcome) in [
        ("Won", "+1 212 555 0111", Outcome::Qualified),
        ("Gone", "+1 212 555 0112", Outcome::FoundElsewhere),
        ("Nope", "+1 212 555 0113", Outcome::NotAFit),
        ("Wrong", "+1 212 555 0114", Outcome::BadNumber),
        ("Never", "+1 212 555 0115", Outcome::DoNotCall),
    ] {
        let id = t.app.add_lead(lead(name, phone)).unwrap().id.to_string();
        t.app.record_outcome(&id, outcome).unwrap();
    }
    let id = t
        .app
        .add_lead(lead("Dnc", "+1 212 555 0116"))
        .unwrap()
        .id
        .to_string();
    t.app.mark_do_not_call(&id).unwrap();
    t.app.add_lead(lead("Open", "+1 212 555 0117")).unwrap();
    let q = t.app.queue(50).unwrap();
    assert_eq!(names(&q), ["Open"]);
    assert_eq!(q.open, 1);
}

#[test]
fn a_lead_outside_its_calling_hours_is_held_until_eight_their_time() {
    // 02:00 UTC = 21:00 in New York (closed) and 18:00 in Los Angeles (open).
    let now = utc(2026, 11, 28, 2, 0);
    let t = app_in_zone(now, "America/Los_Angeles");
    t.app
        .add_lead(lead_at("East", "+1 212 555 0121", now, "America/New_York"))
        .unwrap();
    t.app
        .add_lead(lead_at(
            "West",
            "+1 415 555 0122",
            now - Duration::minutes(5),
            "America/Los_Angeles",
        ))
        .unwrap();
    let q = t.app.queue(50).unwrap();
    assert_eq!(names(&q), ["West", "East"]);
    let east = &q.entries[1];
    assert_eq!(east.tier, Tier::Later);
    assert_eq!(east.reason, "Callable at 08:00 their time");
    assert!(east.facts.held_by_calling_hours && !east.facts.callable_now);
    assert_eq!(east.facts.callable_at, utc(2026, 11, 28, 13, 0));
    assert_eq!(q.callable_now, 1);
    // West's hours close at 20:00 Los Angeles time, before East opens.
    assert_eq!(q.refresh_at, Some(utc(2026, 11, 28, 4, 0)));
}

#[test]
fn a_closed_weekday_pushes_the_lead_to_the_next_open_day() {
    let now = utc(2026, 11, 29, 2, 0); // Saturday 21:00 in New York
    let t = app_at(now);
    let mut settings = t.app.team_settings();
    settings.calling_hours.days[6] = None; // no calls on Sundays
    t.app.update_team_settings(settings).unwrap();
    t.app
        .add_lead(lead_at(
            "Weekend",
            "+1 212 555 0131",
            now,
            "America/New_York",
        ))
        .unwrap();
    let entry = t.app.queue(5).unwrap().entries.remove(0);
    assert_eq!(entry.facts.callable_at, utc(2026, 11, 30, 13, 0)); // Monday 08:00 EST
    assert_eq!(entry.reason, "Callable Mon 08:00 their time");
}

#[test]
fn new_york_holds_follow_both_daylight_saving_switches() {
    // 06:00 UTC on the spring-forward day is 01:00 EST; 08:00 that morning is EDT (UTC-4).
    let spring = utc(2026, 3, 8, 6, 0);
    let t = app_at(spring);
    t.app
        .add_lead(lead_at(
            "Spring",
            "+1 212 555 0141",
            spring,
            "America/New_York",
        ))
        .unwrap();
    assert_eq!(
        t.app.queue(1).unwrap().entries[0].facts.callable_at,
        utc(2026, 3, 8, 12, 0)
    );
    // 05:00 UTC on the fall-back day is 01:00 EDT; 08:00 that morning is EST (UTC-5).
    let fall = utc(2026, 11, 1, 5, 0);
    let t = app_at(fall);
    t.app
        .add_lead(lead_at("Fall", "+1 212 555 0142", fall, "America/New_York"))
        .unwrap();
    let entry = t.app.queue(1).unwrap().entries.remove(0);
    assert_eq!(entry.facts.callable_at, utc(2026, 11, 1, 13, 0));
    assert_eq!(entry.reason, "Callable at 08:00 their time");
}

#[test]
fn unusual_zones_open_at_eight_local() {
    // 15:00 UTC: 20:30 in Kolkata, 02:00 in Lord Howe, 04:45 in Chatham; all closed.
    let now = utc(2026, 1, 10, 15, 0);
    let t = app_at(now);
    let cases = [
        (
            "Kolkata",
            "+91 98765 43210",
            "Asia/Kolkata",
            utc(2026, 1, 11, 2, 30),
        ), // UTC+05:30
        (
            "LordHowe",
            "+61 2 6563 2000",
            "Australia/Lord_Howe",
            utc(2026, 1, 10, 21, 0),
        ), // UTC+11 in summer
        (
            "Chatham",
            "+64 3 305 0000",
            "Pacific/Chatham",
            utc(2026, 1, 10, 18, 15),
        ), // UTC+13:45 in summer
    ];
    for (name, phone, zone, _) in cases {
        t.app.add_lead(lead_at(name, phone, now, zone)).unwrap();
    }
    let q = t.app.queue(10).unwrap();
    for (name, _, _, opens) in cases {
        let entry = q
            .entries
            .iter()
            .find(|e| e.lead.first_name == name)
            .unwrap();
        assert_eq!(entry.facts.callable_at, opens, "{name}");
        assert_eq!(entry.reason, "Callable at 08:00 their time", "{name}");
    }
    assert_eq!(
        names(&q),
        ["Chatham", "LordHowe", "Kolkata"],
        "earliest opening first"
    );
}

#[test]
fn the_same_data_and_clock_give_the_same_order_whatever_the_insertion_order() {
    let now = utc(2026, 11, 27, 16, 0);
    let leads: Vec<_> = (0..40)
        .map(|i| {
            let phone = format!("+1 212 555 {:04}", 1000 + i);
            lead_at(
                &format!("L{i}"),
                &phone,
                now - Duration::minutes(i * 7 % 300),
                "America/Chicago",
            )
        })
        .collect();
    let forward = app_at(now);
    forward.app.add_leads(leads.clone()).unwrap();
    let backward = app_at(now);
    backward
        .app
        .add_leads(leads.into_iter().rev().collect())
        .unwrap();
    let a = names(&forward.app.queue(40).unwrap());
    let b = names(&backward.app.queue(40).unwrap());
    assert_eq!(a, b);
    assert_eq!(a.len(), 40);
    assert_eq!(a, names(&forward.app.queue(40).unwrap()), "and again");
}

#[test]
fn the_queue_is_the_same_after_reopening() {
    let now = utc(2026, 11, 27, 16, 0);
    let t = app_at(now);
    for i in 0..20 {
        let zone = ["America/Chicago", "Asia/Kolkata", "Europe/London"][i % 3];
        let phone = format!("+1 212 555 {:04}", 2000 + i);
        let new = lead_at(&format!("L{i}"), &phone, t.clock.now(), zone);
        let id = t.app.add_lead(new).unwrap().id;
        if i % 3 == 0 {
            t.app
                .record_outcome(&id.to_string(), Outcome::NoAnswer)
                .unwrap();
        }
        t.clock.advance(Duration::minutes(1));
    }
    let before = t.app.queue(20).unwrap();
    let t = t.reopen();
    assert_eq!(
        t.app.queue(20).unwrap(),
        before,
        "the index rebuilt from disk equals the live one"
    );
}

#[test]
fn observers_hear_every_change_to_the_queue() {
    let t = app_at(utc(2026, 11, 27, 16, 0));
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let subscription = t.app.subscribe(Arc::new(move |_ids: &[String]| {
        counter.fetch_add(1, Ordering::SeqCst);
    }));
    let id = t
        .app
        .add_lead(lead("Ann", "+1 212 555 0151"))
        .unwrap()
        .id
        .to_string();
    t.app.record_outcome(&id, Outcome::NoAnswer).unwrap();
    t.app
        .schedule_callback(&id, utc(2026, 11, 28, 15, 0))
        .unwrap();
    t.app.mark_do_not_call(&id).unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 4);
    drop(subscription);
    t.app.add_lead(lead("Bo", "+1 212 555 0152")).unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

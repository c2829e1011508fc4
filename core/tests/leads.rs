//! Leads in the store: intake, de-duplication, calls, outcomes, the timeline, bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use chrono::Duration;
use support::*;
use warmline_core::{
    CallingHours, DayWindow, Error, EventKind, LeadSource, LeadStatus, NewLead, Outcome,
    SourceKind, ZoneSource,
};

fn ann() -> NewLead {
    NewLead {
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        phone: "(415) 555-2671".into(),
        email: Some("ann@example.com".into()),
        company: Some("Lee Farms".into()),
        source: LeadSource {
            kind: SourceKind::AdForm,
            campaign_name: Some("Spring solar".into()),
            ad_name: Some("Barn roofs".into()),
            form_name: Some("Quote form".into()),
        },
        asked_about: Some("solar panels for a barn".into()),
        inquired_at: None,
        time_zone: Some("America/Los_Angeles".into()),
        assigned_to: Some("rep-1".into()),
        custom_fields: vec![("roof_size".into(), "2000 sq ft".into())],
    }
}

#[test]
fn every_field_survives_closing_and_reopening() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let added = t.app.add_lead(ann()).unwrap();
    let t = t.reopen();
    let lead = t.app.lead(&added.id.to_string()).unwrap();
    assert_eq!(lead, added);
    assert_eq!(lead.phone.e164, "+14155552671");
    assert_eq!(lead.phone.raw, "(415) 555-2671");
    assert_eq!(lead.source.campaign_name.as_deref(), Some("Spring solar"));
    assert_eq!(lead.asked_about.as_deref(), Some("solar panels for a barn"));
    assert_eq!(lead.time_zone, chrono_tz::America::Los_Angeles);
    assert_eq!(lead.time_zone_source, ZoneSource::Explicit);
    assert_eq!(lead.status, LeadStatus::New);
    assert_eq!(lead.inquired_at, utc(2026, 11, 27, 15, 0));
    assert_eq!(
        lead.custom_fields,
        vec![("roof_size".to_owned(), "2000 sq ft".to_owned())]
    );
}

#[test]
fn a_lead_without_a_zone_takes_its_numbers_region_or_area_code_else_the_team_default() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let indian = t.app.add_lead(lead("Ravi", "+91 98765 43210")).unwrap();
    assert_eq!(
        (indian.time_zone, indian.time_zone_source),
        (chrono_tz::Asia::Kolkata, ZoneSource::PhoneRegion)
    );
    let in_la = t.app.add_lead(lead("Bo", "(213) 555-0199")).unwrap();
    assert_eq!(
        (in_la.time_zone, in_la.time_zone_source),
        (chrono_tz::America::Los_Angeles, ZoneSource::PhonePrefix),
        "the 213 area code is Los Angeles"
    );
    // Toll free: the number says nothing of where they live.
    let anywhere = t.app.add_lead(lead("Cy", "+1 800 555 0199")).unwrap();
    assert_eq!(anywhere.time_zone_source, ZoneSource::TeamDefault);
    assert_eq!(
        anywhere.time_zone,
        chrono_tz::America::New_York,
        "the team default is the rep's zone"
    );
}

#[test]
fn the_same_person_asking_twice_is_one_lead_and_the_newer_inquiry_makes_it_fresh() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let first = t.app.add_lead(ann()).unwrap();
    t.app
        .record_outcome(&first.id.to_string(), Outcome::NoAnswer)
        .unwrap();
    t.clock.advance(Duration::hours(2));
    let again = NewLead {
        phone: "+1 415-555-2671".into(),
        asked_about: Some("battery storage".into()),
        email: None,
        ..ann()
    };
    let merged = t.app.add_lead(again).unwrap();
    assert_eq!(merged.id, first.id, "never two rows for one phone");
    assert_eq!(merged.inquiry_count, 2);
    assert_eq!(merged.status, LeadStatus::New);
    assert_eq!(merged.attempts, 0);
    assert_eq!(merged.inquired_at, utc(2026, 11, 27, 17, 0));
    assert_eq!(merged.first_inquired_at, utc(2026, 11, 27, 15, 0));
    assert_eq!(merged.asked_about.as_deref(), Some("battery storage"));
    assert_eq!(
        merged.email.as_deref(),
        Some("ann@example.com"),
        "known details are kept"
    );
    let detail = t.app.lead_detail(&first.id.to_string()).unwrap();
    assert_eq!(
        detail
            .timeline
            .iter()
            .filter(|e| e.kind == EventKind::Inquiry)
            .count(),
        2
    );
    assert_eq!(t.app.queue(10).unwrap().open, 1);
}

#[test]
fn an_older_inquiry_arriving_late_does_not_reset_the_lead() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let first = t.app.add_lead(ann()).unwrap();
    t.app
        .record_outcome(&first.id.to_string(), Outcome::Voicemail)
        .unwrap();
    let old = NewLead {
        inquired_at: Some(utc(2026, 11, 20, 9, 0)),
        ..ann()
    };
    let merged = t.app.add_lead(old).unwrap();
    assert_eq!(merged.status, LeadStatus::Attempting);
    assert_eq!(merged.attempts, 1);
    assert_eq!(merged.inquiry_count, 2);
    assert_eq!(merged.first_inquired_at, utc(2026, 11, 20, 9, 0));
}

#[test]
fn a_do_not_call_lead_stays_do_not_call_when_it_asks_again() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let lead = t.app.add_lead(ann()).unwrap();
    t.app.mark_do_not_call(&lead.id.to_string()).unwrap();
    t.clock.advance(Duration::days(3));
    let merged = t.app.add_lead(ann()).unwrap();
    assert_eq!(merged.status, LeadStatus::DoNotCall);
    assert!(t.app.queue(10).unwrap().entries.is_empty());
    assert!(matches!(
        t.app.start_attempt(&lead.id.to_string()),
        Err(Error::DoNotCall { .. })
    ));
}

#[test]
fn a_call_is_logged_with_its_times_and_moves_the_lead() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let lead = t.app.add_lead(ann()).unwrap();
    let id = lead.id.to_string();
    let attempt = t.app.start_attempt(&id).unwrap();
    let attempt_id = attempt.id.to_string();
    t.app
        .attempt_connected(
            &attempt_id,
            utc(2026, 11, 27, 15, 0) + Duration::seconds(12),
        )
        .unwrap();
    let ended = t
        .app
        .attempt_ended(
            &attempt_id,
            utc(2026, 11, 27, 15, 2) + Duration::seconds(26),
        )
        .unwrap();
    assert_eq!(ended.talk_seconds(), 134);
    t.clock.advance(Duration::minutes(3));
    let callback = utc(2026, 11, 28, 19, 30);
    let moved = t
        .app
        .record_outcome(
            &id,
            Outcome::NotAGoodTime {
                callback_at: callback,
            },
        )
        .unwrap();
    assert_eq!(moved.status, LeadStatus::CallbackScheduled);
    assert_eq!(moved.callback_at, Some(callback));
    assert_eq!(moved.next_action_at, Some(callback));

    let detail = t.app.lead_detail(&id).unwrap();
    assert_eq!(
        detail.attempts.len(),
        1,
        "the outcome belongs to the call in progress"
    );
    assert_eq!(
        detail.attempts[0].outcome,
        Some(Outcome::NotAGoodTime {
            callback_at: callback
        })
    );
    let kinds: Vec<EventKind> = detail.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            EventKind::Inquiry,
            EventKind::CallStarted,
            EventKind::StatusChanged,
            EventKind::CallConnected,
            EventKind::CallEnded,
            EventKind::Outcome,
            EventKind::StatusChanged,
        ]
    );
    assert_eq!(detail.timeline[4].detail, "talked 2 min 14 s");
    assert_eq!(detail.timeline[6].detail, "attempting → callback_scheduled");
}

#[test]
fn an_outcome_without_a_call_in_the_app_counts_as_an_attempt() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let id = t.app.add_lead(ann()).unwrap().id.to_string();
    let lead = t.app.record_outcome(&id, Outcome::Voicemail).unwrap();
    assert_eq!(lead.attempts, 1);
    assert_eq!(lead.status, LeadStatus::Attempting);
    assert_eq!(lead.next_action_at, Some(utc(2026, 11, 27, 15, 10)));
    assert_eq!(t.app.lead_detail(&id).unwrap().attempts.len(), 1);
}

#[test]
fn eight_unanswered_calls_exhaust_the_lead() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let id = t.app.add_lead(ann()).unwrap().id.to_string();
    for n in 1..=8 {
        let lead = t.app.record_outcome(&id, Outcome::NoAnswer).unwrap();
        assert_eq!(lead.attempts, n);
        t.clock.advance(Duration::days(6));
    }
    let lead = t.app.lead(&id).unwrap();
    assert_eq!(lead.status, LeadStatus::Exhausted);
    assert_eq!(lead.next_action_at, None);
    assert!(t.app.queue(10).unwrap().entries.is_empty());
}

#[test]
fn a_call_interrupted_by_an_app_kill_comes_back_after_the_first_retry_delay() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let id = t.app.add_lead(ann()).unwrap().id.to_string();
    t.app.start_attempt(&id).unwrap();
    let t = t.reopen();
    let lead = t.app.lead(&id).unwrap();
    assert_eq!(lead.status, LeadStatus::Attempting);
    assert_eq!(lead.next_action_at, Some(utc(2026, 11, 27, 15, 10)));
    // After the restart an outcome still attaches to that call.
    t.app.record_outcome(&id, Outcome::Qualified).unwrap();
    let detail = t.app.lead_detail(&id).unwrap();
    assert_eq!(detail.attempts.len(), 1);
    assert_eq!(detail.lead.status, LeadStatus::Qualified);
}

#[test]
fn a_batch_keeps_good_rows_and_reports_bad_ones_without_half_writes() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let batch = vec![
        lead("Ann", "415 555 2671"),
        lead("Bad", "12"),
        NewLead {
            time_zone: Some("Nowhere/Special".into()),
            ..lead("Zed", "+44 20 7946 0958")
        },
        lead("Bo", "+44 20 7946 0959"),
    ];
    let outcomes = t.app.add_leads(batch).unwrap();
    assert!(outcomes[0].is_ok() && outcomes[3].is_ok());
    assert!(matches!(outcomes[1], Err(Error::InvalidPhone(_))));
    assert!(matches!(
        outcomes[2],
        Err(Error::InvalidInput {
            field: "time_zone",
            ..
        })
    ));
    assert_eq!(t.app.queue(10).unwrap().open, 2);
    assert_eq!(t.fingerprint().matches("inquiries: ").count(), 2);
}

#[test]
fn bad_input_is_a_typed_error_and_leaves_the_store_untouched() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let id = t.app.add_lead(ann()).unwrap().id.to_string();
    let before = t.fingerprint();

    let impossible = t.app.add_lead(lead("Ann", "(111) 555-2671")).unwrap_err();
    assert!(matches!(impossible, Error::InvalidPhone(_)), "{impossible}");
    assert!(impossible.to_string().contains("(111) 555-2671"));

    let zone = t.app.add_lead(NewLead {
        time_zone: Some("Mars/Base".into()),
        ..lead("Ann", "+44 20 7946 0958")
    });
    assert!(matches!(
        zone,
        Err(Error::InvalidInput {
            field: "time_zone",
            ..
        })
    ));

    let past = t.app.record_outcome(
        &id,
        Outcome::NotAGoodTime {
            callback_at: utc(2026, 11, 27, 9, 0),
        },
    );
    assert!(
        matches!(
            past,
            Err(Error::InvalidInput {
                field: "callback_at",
                ..
            })
        ),
        "{past:?}"
    );
    let past = t.app.schedule_callback(&id, utc(2026, 11, 26, 9, 0));
    assert!(matches!(
        past,
        Err(Error::InvalidInput {
            field: "callback_at",
            ..
        })
    ));

    let ghost = "0190e7a0-0000-7000-8000-000000000000";
    assert!(matches!(
        t.app.record_outcome(ghost, Outcome::NoAnswer),
        Err(Error::LeadNotFound { .. })
    ));
    assert!(matches!(
        t.app.start_attempt(ghost),
        Err(Error::LeadNotFound { .. })
    ));
    assert!(matches!(
        t.app.attempt_ended(ghost, utc(2026, 11, 27, 15, 0)),
        Err(Error::AttemptNotFound { .. })
    ));

    let mut settings = t.app.team_settings();
    settings.calling_hours = CallingHours::default();
    settings.calling_hours.days[0] = Some(DayWindow {
        start: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        end: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    });
    let window = t.app.update_team_settings(settings).unwrap_err();
    assert!(window.to_string().contains("Monday"), "{window}");

    assert_eq!(t.fingerprint(), before, "nothing was written");
    assert_eq!(t.app.team_settings().calling_hours, CallingHours::default());
}

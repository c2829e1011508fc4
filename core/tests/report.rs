//! The manager's report, checked against figures worked out by hand from a small team
//! day: five leads in the window, one outside it.

#![allow(clippy::unwrap_used)] // in tests a panic is the failure report

mod support;

use chrono::{DateTime, Duration, Utc};
use support::{app_at, utc, TestApp};
use warmline_core::session::Intent;
use warmline_core::{NewLead, Outcome};

const SCRIPT: &str = r#"
id = "three-steps"
name = "Three steps"
start = "hello"

[[stage]]
id = "hello"
title = "Hello"
say = ["Hi {lead.first_name|there}."]
  [[stage.choice]]
  id = "interested"
  label = "Interested"
  go = "pitch"

[[stage]]
id = "pitch"
title = "Pitch"
say = ["Here is what we do."]
  [[stage.choice]]
  id = "yes"
  label = "Wants a visit"
  go = "close"

[[stage]]
id = "close"
title = "Close"
say = ["Shall I book it?"]
  [[stage.choice]]
  id = "booked"
  label = "Booked"
  end = "qualified"
"#;

fn add(t: &TestApp, name: &str, phone: &str, inquired_at: DateTime<Utc>) -> String {
    t.app
        .add_lead(NewLead {
            first_name: name.into(),
            phone: phone.into(),
            inquired_at: Some(inquired_at),
            ..NewLead::default()
        })
        .unwrap()
        .id
        .to_string()
}

/// Dials with the plain attempt API at `at`; `connected` calls connect 5 s in.
fn dial(t: &TestApp, lead: &str, at: DateTime<Utc>, connected: bool, outcome: Outcome) {
    t.clock.set(at);
    let attempt = t.app.start_attempt(lead).unwrap().id.to_string();
    if connected {
        t.app
            .attempt_connected(&attempt, at + Duration::seconds(5))
            .unwrap();
    }
    t.app.record_outcome(lead, outcome).unwrap();
}

#[test]
fn the_report_matches_the_figures_worked_out_by_hand() {
    let t0 = utc(2026, 11, 27, 14, 0);
    let t = app_at(t0);
    t.app.set_script(SCRIPT).unwrap();
    let ann = add(&t, "Ann", "+1 212 555 0101", t0 - Duration::minutes(2));
    let bo = add(&t, "Bo", "+1 212 555 0102", t0 - Duration::minutes(18));
    let cy = add(&t, "Cy", "+1 212 555 0103", t0 - Duration::hours(3));
    let di = add(&t, "Di", "+1 212 555 0104", t0 - Duration::minutes(3));
    add(&t, "Ed", "+1 212 555 0105", t0 - Duration::hours(1)); // never dialled
    let old = add(&t, "Flo", "+1 212 555 0106", t0 - Duration::days(2));

    // Ann: dialled after 2 min through the script to the close, qualified.
    let card = t.app.start_call(&ann).unwrap();
    let session = card.session_id.clone();
    t.app
        .call_connected(&session, t0 + Duration::seconds(6))
        .unwrap();
    for choice in ["interested", "yes"] {
        t.app
            .call_intent(
                &session,
                Intent::Choose {
                    choice: choice.into(),
                },
            )
            .unwrap();
    }
    t.app.end_call(&session, Outcome::Qualified).unwrap();
    // Di: after 4 min, voicemail.
    dial(
        &t,
        &di,
        t0 + Duration::minutes(1),
        false,
        Outcome::Voicemail,
    );
    // Bo: after 20 min no answer; reached on the second call, not a good time.
    dial(&t, &bo, t0 + Duration::minutes(2), false, Outcome::NoAnswer);
    // Cy: after 3 h 3 min, connected, stopped at the first stage: not a fit.
    t.clock.set(t0 + Duration::minutes(3));
    let session = t.app.start_call(&cy).unwrap().session_id;
    t.app
        .call_connected(&session, t0 + Duration::minutes(3))
        .unwrap();
    t.app.end_call(&session, Outcome::NotAFit).unwrap();
    // Flo asked two days ago: outside the window.
    dial(
        &t,
        &old,
        t0 + Duration::minutes(4),
        true,
        Outcome::BadNumber,
    );
    let callback_at = t0 + Duration::days(1);
    dial(
        &t,
        &bo,
        t0 + Duration::minutes(30),
        true,
        Outcome::NotAGoodTime { callback_at },
    );

    let report = t
        .app
        .team_report(t0 - Duration::days(1), t0 + Duration::days(1))
        .unwrap();
    assert_eq!(report.leads, 5);
    let speed = &report.speed_to_lead;
    assert_eq!((speed.dialled, speed.never_dialled), (4, 1));
    // Delays 2, 4, 20 and 183 minutes: nearest-rank median the 2nd, p90 the 4th.
    assert_eq!(speed.median, Some(Duration::minutes(4)));
    assert_eq!(speed.p90, Some(Duration::minutes(183)));

    let bands: Vec<(&str, u32, u32)> = report
        .contact_by_delay
        .iter()
        .map(|b| (b.label, b.leads, b.reached))
        .collect();
    assert_eq!(
        bands,
        [
            ("under 5 min", 2, 1),
            ("5-30 min", 1, 1),
            ("30 min-2 h", 0, 0),
            ("2-24 h", 1, 1),
            ("over 24 h", 0, 0),
        ]
    );
    assert_eq!(report.contact_by_delay[0].contact_rate(), 0.5);

    let outcomes: Vec<(&str, u32)> = report
        .outcomes
        .iter()
        .map(|(name, n)| (name.as_str(), *n))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("no_answer", 1),
            ("not_a_fit", 1),
            ("not_a_good_time", 1),
            ("qualified", 1),
            ("voicemail", 1),
        ]
    );

    let stages: Vec<(&str, u32, u32)> = report
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.reached, s.stopped))
        .collect();
    assert_eq!(
        stages,
        [("hello", 2, 1), ("pitch", 1, 0), ("close", 1, 1)],
        "two scripted calls: Ann to the close, Cy stopped at hello"
    );
}

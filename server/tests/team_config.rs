//! A team's script and settings, published as `warmline script set` and `warmline
//! settings set` publish them, reach a phone through a real server on its next pull, on
//! SQLite and on PostgreSQL: the next call follows them, a call already open keeps the
//! script and company it started with; what the core would refuse is never stored.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;

use chrono::TimeZone;
use support::{enrol, phone, start_pg_server, start_server, Running, Ureq};
use warmline_core::session::Intent;
use warmline_core::sync::wire::TeamSettingsDoc;
use warmline_core::{ManualClock, NewLead, Outcome};
use warmline_server::storage::Storage;
use warmline_server::team::{newer_than, publish_script, publish_settings, Refused};

const TEAM_SCRIPT: &str = r#"
id = "demo-day"
name = "Demo day invite"
start = "hello"

[[stage]]
id = "hello"
title = "Hello"
say = ["Hello {lead.first_name|there}, {rep.first_name|a consultant} here from {team.company|our company}."]

  [[stage.choice]]
  id = "no"
  label = "Not interested"
  end = "not_a_fit"
"#;

#[test]
fn a_published_script_reaches_the_phone_for_its_next_call() {
    published_script_reaches_the_next_call(&start_server());
}

#[test]
fn a_published_script_reaches_the_phone_for_its_next_call_on_postgres() {
    published_script_reaches_the_next_call(&start_pg_server());
}

fn published_script_reaches_the_next_call<S: Storage>(server: &Running<S>) {
    let storage = &*server.storage;
    let team = server
        .runtime
        .block_on(storage.create_team("Brightside"))
        .unwrap();
    let token = enrol(server, &team, "Sam");
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 15, 0, 0)
            .unwrap(),
    ));
    let sam = phone(dir.path(), "Sam", clock);
    let lead = |name: &str, number: &str| {
        sam.add_lead(NewLead {
            first_name: name.into(),
            phone: number.into(),
            ..NewLead::default()
        })
        .unwrap()
        .id
        .to_string()
    };
    let (ann, bo) = (
        lead("Ann", "+1 212 555 0190"),
        lead("Bo", "+1 212 555 0191"),
    );
    sam.sync(&Ureq, &server.url, &token).unwrap();
    let open = sam.start_call(&ann).unwrap();
    assert_eq!(open.lines[0], "Hi Ann, this is Sam from our company.");

    // What the core refuses is not published.
    let broken = TEAM_SCRIPT.replace("start = \"hello\"", "start = \"bye\"");
    let refused = server
        .runtime
        .block_on(publish_script(storage, &team, &broken));
    assert!(matches!(refused, Err(Refused::Script(_))), "{refused:?}");
    let wrong_zone = TeamSettingsDoc {
        time_zone: Some("Mars/Olympus_Mons".into()),
        ..TeamSettingsDoc::default()
    };
    let refused = server
        .runtime
        .block_on(publish_settings(storage, &team, &wrong_zone));
    assert!(matches!(refused, Err(Refused::Settings(_))), "{refused:?}");
    assert_eq!(
        server.runtime.block_on(storage.team_config(&team)).unwrap(),
        None
    );

    // Published, then pulled.
    server
        .runtime
        .block_on(publish_script(storage, &team, TEAM_SCRIPT))
        .unwrap();
    let settings = TeamSettingsDoc {
        company: Some("Acme Roofing".into()),
        ..TeamSettingsDoc::default()
    };
    server
        .runtime
        .block_on(publish_settings(storage, &team, &settings))
        .unwrap();
    // Sent to a device whose version is older; never to one that does not say (an app
    // from before team scripts).
    let newer = |known| {
        server
            .runtime
            .block_on(newer_than(storage, &team, known))
            .unwrap()
            .map(|config| config.version)
    };
    assert_eq!(
        (newer(Some(0)), newer(Some(1)), newer(Some(2)), newer(None)),
        (Some(2), Some(2), None, None)
    );
    let report = sam.sync(&Ureq, &server.url, &token).unwrap();
    assert_eq!(report.team_refused, None);
    assert_eq!(sam.script().unwrap().id, "demo-day");
    assert_eq!(sam.team_settings().company.as_deref(), Some("Acme Roofing"));

    // The open call goes on with its script and its company; the next one follows the team's.
    let card = sam.call_card(&open.session_id).unwrap();
    assert_eq!(card.lines[0], "Hi Ann, this is Sam from our company.");
    let card = sam
        .call_intent(
            &card.session_id,
            Intent::Choose {
                choice: "yes".into(),
            },
        )
        .unwrap();
    assert_eq!(card.stage_id, "still_looking");
    sam.end_call(&card.session_id, Outcome::NotAFit).unwrap();
    let next = sam.start_call(&bo).unwrap();
    assert_eq!(next.lines, ["Hello Bo, Sam here from Acme Roofing."]);
}

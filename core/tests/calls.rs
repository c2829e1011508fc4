//! Calls walked through the script: cards, resume after a kill, outcomes, notes, search.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;

use chrono::Duration;
use support::*;
use warmline_core::script::{OutcomeKind, Script, Template, TemplateValues};
use warmline_core::session::{Intent, Phase, PromptCard};
use warmline_core::{
    DeviceSettings, Error, EventKind, LeadSource, LeadStatus, ManualClock, NewLead, Outcome,
    SourceKind, Warmline,
};

fn rep_app(now: chrono::DateTime<chrono::Utc>) -> (Warmline, Arc<ManualClock>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(now));
    let device = DeviceSettings {
        time_zone: "America/New_York".into(),
        rep_first_name: Some("Sam".into()),
    };
    let app = Warmline::open(dir.path().join("rep.db"), device, clock.clone()).unwrap();
    let mut team = app.team_settings();
    team.company = Some("Brightside Solar".into());
    app.update_team_settings(team).unwrap();
    (app, clock, dir)
}

fn ann() -> NewLead {
    NewLead {
        first_name: "Ann".into(),
        phone: "+1 212 555 0190".into(),
        asked_about: Some("solar panels for the barn".into()),
        source: LeadSource {
            kind: SourceKind::AdForm,
            campaign_name: Some("Spring".into()),
            ..LeadSource::default()
        },
        ..NewLead::default()
    }
}

fn intent(app: &Warmline, card: &PromptCard, intent: Intent) -> PromptCard {
    app.call_intent(&card.session_id, intent).unwrap()
}

fn choose(id: &str) -> Intent {
    Intent::Choose { choice: id.into() }
}

fn answer(q: &str, v: &str) -> Intent {
    Intent::Answer {
        question: q.into(),
        value: v.into(),
    }
}

#[test]
fn a_call_through_the_default_script_from_dial_to_outcome() {
    let now = utc(2026, 11, 27, 15, 0);
    let (app, clock, _dir) = rep_app(now);
    let lead = app.add_lead(ann()).unwrap();
    let card = app.start_call(&lead.id.to_string()).unwrap();
    assert_eq!(card.phase, Phase::Dialling);
    assert_eq!(
        (card.stage_id.as_str(), card.stage_number, card.stage_count),
        ("connect", 1, 10)
    );
    assert_eq!(
        card.lines,
        [
            "Hi Ann, this is Sam from Brightside Solar.",
            "You recently responded to our ad about solar panels for the barn and asked us to call, so I'm getting back to you to see if I can help.",
            "Is now an appropriate time to talk?",
        ]
    );
    assert_eq!(
        card.choices
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["Yes, now is fine", "Not now", "Please don't call me again"]
    );
    assert!(!card.can_go_back && !card.can_go_next);
    assert!(card.checklist.iter().all(|c| !c.covered));

    let card = app
        .call_connected(&card.session_id, now + Duration::seconds(8))
        .unwrap();
    assert_eq!(card.phase, Phase::Connected);
    let card = intent(&app, &card, choose("yes"));
    assert_eq!(
        (card.stage_id.as_str(), card.phase),
        ("still_looking", Phase::InScript)
    );
    let card = intent(&app, &card, choose("still_looking"));
    assert_eq!(
        card.lines,
        ["I was curious: what was it about our ad that caught your attention?"]
    );
    clock.advance(Duration::minutes(1));
    let card = intent(
        &app,
        &card,
        answer(
            "caught_attention",
            "the battery that keeps the pumps running",
        ),
    );
    assert_eq!(
        card.questions[0].answer.as_deref(),
        Some("the battery that keeps the pumps running")
    );
    assert_eq!(
        card.repeat_back[0].text,
        "the battery that keeps the pumps running"
    );
    let card = intent(&app, &card, Intent::Next);
    let card = intent(&app, &card, Intent::Next);
    let card = intent(&app, &card, Intent::Next);
    assert_eq!(card.stage_id, "their_company");
    let card = intent(&app, &card, Intent::Next);
    assert_eq!(card.stage_id, "situation");
    let card = intent(&app, &card, answer("current_vendor", "SunCo"));
    let card = intent(
        &app,
        &card,
        answer("vendor_gap", "no backup when the grid is down"),
    );
    let card = intent(
        &app,
        &card,
        Intent::Note {
            text: "Wants a quote before March".into(),
        },
    );
    assert_eq!(card.notes, ["Wants a quote before March"]);
    let card = intent(&app, &card, Intent::Next);
    let card = intent(&app, &card, choose("booked"));
    assert_eq!(card.suggested_outcome, Some(OutcomeKind::Qualified));
    let card = app
        .call_ended(&card.session_id, now + Duration::minutes(6))
        .unwrap();
    assert_eq!(card.phase, Phase::Ended);
    let last = app.end_call(&card.session_id, Outcome::Qualified).unwrap();
    assert_eq!(last.phase, Phase::OutcomeRecorded);
    assert!(
        last.checklist.iter().all(|c| c.covered),
        "{:?}",
        last.checklist
    );

    let detail = app.lead_detail(&lead.id.to_string()).unwrap();
    assert_eq!(detail.lead.status, LeadStatus::Qualified);
    assert!(detail
        .lead
        .custom_fields
        .contains(&("current_vendor".to_owned(), "SunCo".to_owned())));
    assert!(detail.lead.custom_fields.contains(&(
        "vendor_gap".to_owned(),
        "no backup when the grid is down".to_owned()
    )));
    assert_eq!(detail.attempts.len(), 1);
    assert_eq!(detail.attempts[0].talk_seconds(), 6 * 60 - 8);
    let kinds: Vec<EventKind> = detail.timeline.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&EventKind::Answer) && kinds.contains(&EventKind::Note));
    assert!(app.open_call().unwrap().is_none(), "the call is closed");
    assert!(matches!(
        app.call_intent(&last.session_id, Intent::Next),
        Err(Error::IntentRefused { .. })
    ));
}

#[test]
fn not_a_good_time_promises_a_callback_at_the_agreed_time() {
    let now = utc(2026, 11, 27, 15, 0);
    let (app, _clock, _dir) = rep_app(now);
    let lead = app.add_lead(ann()).unwrap();
    let card = app.start_call(&lead.id.to_string()).unwrap();
    let card = intent(&app, &card, choose("not_now"));
    assert_eq!(card.stage_id, "agree_time");
    let card = intent(&app, &card, choose("agreed"));
    assert_eq!(card.suggested_outcome, Some(OutcomeKind::NotAGoodTime));
    let tomorrow = utc(2026, 11, 28, 19, 0); // 14:00 in New York
    let last = app
        .end_call(
            &card.session_id,
            Outcome::NotAGoodTime {
                callback_at: tomorrow,
            },
        )
        .unwrap();
    let covered: Vec<bool> = last.checklist.iter().map(|c| c.covered).collect();
    assert_eq!(
        covered,
        [true, true, true, true, false, false],
        "the opener was said; the rest was missed"
    );
    let lead = app.lead(&lead.id.to_string()).unwrap();
    assert_eq!(
        (lead.status, lead.callback_at),
        (LeadStatus::CallbackScheduled, Some(tomorrow))
    );
    assert_eq!(
        app.queue(5).unwrap().entries[0].reason,
        "Callback promised for tomorrow 14:00"
    );
}

#[test]
fn found_something_already_closes_the_lead_and_records_what_they_chose() {
    let (app, _clock, _dir) = rep_app(utc(2026, 11, 27, 15, 0));
    let lead = app.add_lead(ann()).unwrap();
    let card = app.start_call(&lead.id.to_string()).unwrap();
    let card = intent(&app, &card, choose("yes"));
    let card = intent(&app, &card, choose("found"));
    let card = intent(&app, &card, answer("chose_instead", "SunCo's winter offer"));
    let card = intent(&app, &card, choose("close"));
    app.end_call(&card.session_id, Outcome::FoundElsewhere)
        .unwrap();
    let lead = app.lead(&lead.id.to_string()).unwrap();
    assert_eq!(lead.status, LeadStatus::FoundElsewhere);
    assert!(lead.custom_fields.contains(&(
        "chose_instead".to_owned(),
        "SunCo's winter offer".to_owned()
    )));
}

#[test]
fn a_call_killed_mid_way_resumes_at_the_same_stage_with_every_answer() {
    let now = utc(2026, 11, 27, 15, 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rep.db");
    let clock = Arc::new(ManualClock::new(now));
    let device = || DeviceSettings {
        time_zone: "America/New_York".into(),
        rep_first_name: Some("Sam".into()),
    };
    let before = {
        let app = Warmline::open(&path, device(), clock.clone()).unwrap();
        let lead = app.add_lead(ann()).unwrap();
        let card = app.start_call(&lead.id.to_string()).unwrap();
        let card = app.call_connected(&card.session_id, now).unwrap();
        let card = intent(&app, &card, choose("yes"));
        let card = intent(&app, &card, choose("still_looking"));
        let card = intent(&app, &card, answer("caught_attention", "lower bills"));
        intent(&app, &card, Intent::Next)
    }; // the app is gone here, as after a kill
    let app = Warmline::open(&path, device(), clock).unwrap();
    let resumed = app.open_call().unwrap().expect("the open call");
    assert_eq!(resumed, before);
    assert_eq!(resumed.stage_id, "anything_else");
    assert_eq!(resumed.repeat_back[0].text, "lower bills");
    let card = intent(&app, &resumed, Intent::Back);
    assert_eq!(card.questions[0].answer.as_deref(), Some("lower bills"));
}

#[test]
fn a_second_call_shows_the_leads_earlier_words() {
    let (app, clock, _dir) = rep_app(utc(2026, 11, 27, 15, 0));
    let lead = app.add_lead(ann()).unwrap();
    let card = app.start_call(&lead.id.to_string()).unwrap();
    let card = intent(&app, &card, choose("yes"));
    let card = intent(&app, &card, choose("still_looking"));
    let card = intent(&app, &card, answer("caught_attention", "the financing"));
    app.end_call(
        &card.session_id,
        Outcome::NotAGoodTime {
            callback_at: utc(2026, 11, 28, 15, 0),
        },
    )
    .unwrap();
    clock.set(utc(2026, 11, 28, 15, 0));
    let second = app.start_call(&lead.id.to_string()).unwrap();
    assert_eq!(second.repeat_back.len(), 1);
    assert_eq!(second.repeat_back[0].text, "the financing");
    assert!(second.repeat_back[0].earlier_call);
    assert_eq!(second.repeat_back[0].prompt, "What caught their attention?");
}

#[test]
fn notes_are_durable_searchable_and_limited() {
    let (app, _clock, _dir) = rep_app(utc(2026, 11, 27, 15, 0));
    let ann = app.add_lead(ann()).unwrap();
    let bo = app
        .add_lead(NewLead {
            first_name: "Bo".into(),
            last_name: "Ek".into(),
            phone: "+1 212 555 0191".into(),
            ..NewLead::default()
        })
        .unwrap();
    app.add_note(
        &ann.id.to_string(),
        "Asked about batteries; the barn roof faces south",
    )
    .unwrap();
    app.add_note(
        &bo.id.to_string(),
        "Battery storage is the main worry, roof is flat",
    )
    .unwrap();
    app.add_note(&bo.id.to_string(), "Call after harvest")
        .unwrap();

    let hits = app.search_notes("roof batt", 10).unwrap();
    assert_eq!(hits.len(), 2, "every word must match, the last as a prefix");
    assert!(
        hits.iter()
            .any(|h| h.lead_name == "Bo Ek" && h.snippet.contains("[Battery]")),
        "{hits:?}"
    );
    assert!(app.search_notes("harvest", 10).unwrap()[0]
        .snippet
        .contains("[harvest]"));
    assert!(
        app.search_notes("\"AND OR (", 10).unwrap().is_empty(),
        "operators in input are just words"
    );
    assert!(app.search_notes("   ", 10).unwrap().is_empty());

    let too_long = "x".repeat(64 * 1024 + 1);
    let err = app.add_note(&ann.id.to_string(), &too_long).unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { field: "note", .. }),
        "{err}"
    );
    assert!(err.to_string().contains("64 KiB"));
    assert!(app.add_note(&ann.id.to_string(), " ").is_err());
    assert!(matches!(
        app.add_note("0190e7a0-0000-7000-8000-000000000000", "hi"),
        Err(Error::LeadNotFound { .. })
    ));
    assert_eq!(app.notes(&ann.id.to_string()).unwrap().len(), 1);
    let timeline = app.lead_detail(&bo.id.to_string()).unwrap().timeline;
    assert_eq!(
        timeline
            .iter()
            .filter(|e| e.kind == EventKind::Note)
            .count(),
        2
    );
}

const CUSTOM: &str = r#"
id = "demo-day"
name = "Demo day invite"
start = "hello"

[[stage]]
id = "hello"
title = "Hello"
say = ["Hi {lead.first_name|there}, it's {rep.first_name|your rep}[ from {team.company}]."]
  [[stage.choice]]
  id = "interested"
  label = "Interested"
  go = "book"
  [[stage.choice]]
  id = "no"
  label = "Not interested"
  end = "not_a_fit"

[[stage]]
id = "book"
title = "Book"
say = ["Shall I put you down for Saturday?"]
covers = ["present_situation"]
  [[stage.choice]]
  id = "booked"
  label = "Booked"
  end = "qualified"
"#;

#[test]
fn a_custom_script_with_a_branch() {
    let (app, _clock, _dir) = rep_app(utc(2026, 11, 27, 15, 0));
    app.set_script(CUSTOM).unwrap();
    let lead = app.add_lead(ann()).unwrap();
    let card = app.start_call(&lead.id.to_string()).unwrap();
    assert_eq!(card.lines, ["Hi Ann, it's Sam from Brightside Solar."]);
    assert_eq!(card.stage_count, 2);
    let card = intent(&app, &card, choose("interested"));
    assert_eq!(card.stage_id, "book");
    // A new script does not change a call in progress.
    app.set_script(&CUSTOM.replace("Saturday", "Sunday"))
        .unwrap();
    assert_eq!(
        app.call_card(&card.session_id).unwrap().lines,
        ["Shall I put you down for Saturday?"]
    );

    let err = app
        .set_script(&CUSTOM.replace("go = \"book\"", "go = \"boko\""))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("stage \"hello\" > choice \"interested\": goes to stage \"boko\""),
        "{err}"
    );
}

#[test]
fn every_line_of_the_default_script_reads_naturally_with_nothing_known() {
    let script = Script::default_script();
    let empty = TemplateValues::new();
    for stage in &script.stages {
        for line in &stage.say {
            let text = Template::parse(line).unwrap().render(&empty);
            for bad in ["{", "}", "[", "]", " ,", "  ", " .", "Hi ,"] {
                assert!(
                    !text.contains(bad),
                    "stage {}: {text:?} contains {bad:?}",
                    stage.id
                );
            }
        }
    }
    let connect = &script.stages[0].say;
    assert_eq!(
        Template::parse(&connect[0]).unwrap().render(&empty),
        "Hi there, this is a consultant from our company."
    );
    assert_eq!(
        Template::parse(&connect[1]).unwrap().render(&empty),
        "You recently responded to one of our ads and asked us to call, so I'm getting back to you to see if I can help."
    );
}

#[test]
fn each_template_variable_can_be_missing_on_its_own() {
    let script = Script::default_script();
    let full: Vec<(&'static str, &str)> = vec![
        ("lead.first_name", "Ann"),
        ("lead.asked_about", "solar"),
        ("rep.first_name", "Sam"),
        ("team.company", "Brightside"),
        ("source.phrase", "our ad"),
        ("source.campaign", "Spring"),
    ];
    for missing in 0..full.len() {
        let values: TemplateValues = full
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != missing)
            .map(|(_, (k, v))| (*k, (*v).to_owned()))
            .collect();
        for stage in &script.stages {
            for line in &stage.say {
                let text = Template::parse(line).unwrap().render(&values);
                assert!(
                    !text.contains('{') && !text.contains(" ,") && !text.contains("  "),
                    "without {}: {text:?}",
                    full[missing].0
                );
            }
        }
    }
}

#[test]
fn a_callback_agreed_in_the_leads_local_time() {
    let (app, _clock, _dir) = rep_app(utc(2026, 11, 27, 15, 0));
    let lead = app
        .add_lead(NewLead {
            time_zone: Some("Asia/Kolkata".into()),
            ..ann()
        })
        .unwrap();
    let local = chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
        .unwrap()
        .and_hms_opt(14, 0, 0)
        .unwrap();
    let at = app.at_lead_local_time(&lead.id.to_string(), local).unwrap();
    assert_eq!(
        at,
        utc(2026, 11, 28, 8, 30),
        "14:00 in Kolkata is 08:30 UTC"
    );
    // 02:30 on the US spring-forward night does not exist in New York: 03:00 EDT instead.
    let ny = app
        .add_lead(NewLead {
            time_zone: Some("America/New_York".into()),
            phone: "+1 212 555 0199".into(),
            ..ann()
        })
        .unwrap();
    let gap = chrono::NaiveDate::from_ymd_opt(2027, 3, 14)
        .unwrap()
        .and_hms_opt(2, 30, 0)
        .unwrap();
    assert_eq!(
        app.at_lead_local_time(&ny.id.to_string(), gap).unwrap(),
        utc(2027, 3, 14, 7, 0)
    );
}

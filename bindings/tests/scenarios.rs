//! The shared call scenarios (`tests/scenarios/*.json`), run through the Rust API of the
//! bindings. The Kotlin and Swift suites run the same files through theirs; all three
//! must agree. The format is described in `tests/README.md`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a panic is the failure report

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use warmline_ffi::*;

#[derive(Clone)]
struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl WarmlineClock for TestClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

impl TestClock {
    fn advance(&self, seconds: i64) {
        *self.0.lock().unwrap() += Duration::seconds(seconds);
    }
}

fn time(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn source_kind(name: &str) -> SourceKind {
    match name {
        "ad_form" => SourceKind::AdForm,
        "email" => SourceKind::Email,
        "social_dm" => SourceKind::SocialDm,
        "web_form" => SourceKind::WebForm,
        _ => SourceKind::Other,
    }
}

fn outcome(step: &Value) -> Outcome {
    match step["outcome"].as_str().unwrap() {
        "no_answer" => Outcome::NoAnswer,
        "voicemail" => Outcome::Voicemail,
        "bad_number" => Outcome::BadNumber,
        "not_a_good_time" => Outcome::NotAGoodTime {
            callback_at: time(&step["callback_at"]),
        },
        "found_elsewhere" => Outcome::FoundElsewhere,
        "not_a_fit" => Outcome::NotAFit,
        "qualified" => Outcome::Qualified,
        "do_not_call" => Outcome::DoNotCall,
        other => panic!("unknown outcome {other}"),
    }
}

fn snake<T: std::fmt::Debug>(value: T) -> String {
    let name = format!("{value:?}");
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn error_name(err: &WarmlineError) -> &'static str {
    match err {
        WarmlineError::InvalidPhoneNumber { .. } => "InvalidPhoneNumber",
        WarmlineError::InvalidInput { .. } => "InvalidInput",
        WarmlineError::NotFound { .. } => "NotFound",
        WarmlineError::DoNotCall { .. } => "DoNotCall",
        WarmlineError::IntentRefused { .. } => "IntentRefused",
        WarmlineError::InvalidScript { .. } => "InvalidScript",
        WarmlineError::Sync { .. } => "Sync",
        WarmlineError::DeviceRevoked { .. } => "DeviceRevoked",
        WarmlineError::Unauthorised { .. } => "Unauthorised",
        WarmlineError::Storage { .. } => "Storage",
    }
}

/// Compares a card with the step's expectations; every key given must match.
fn check(card: &PromptCard, expect: &Value, place: &str) {
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    for (key, want) in expect.as_object().unwrap() {
        match key.as_str() {
            "phase" => assert_eq!(snake(card.phase), want.as_str().unwrap(), "{place}: phase"),
            "stage" => assert_eq!(card.stage_id, want.as_str().unwrap(), "{place}: stage"),
            "title" => assert_eq!(card.title, want.as_str().unwrap(), "{place}: title"),
            "progress" => assert_eq!(
                format!("{}/{}", card.stage_number, card.stage_count),
                want.as_str().unwrap(),
                "{place}"
            ),
            "lines" => assert_eq!(card.lines, strings(want), "{place}: lines"),
            "choices" => assert_eq!(
                card.choices
                    .iter()
                    .map(|c| c.id.clone())
                    .collect::<Vec<_>>(),
                strings(want),
                "{place}"
            ),
            "can_go_back" => assert_eq!(
                card.can_go_back,
                want.as_bool().unwrap(),
                "{place}: can_go_back"
            ),
            "can_go_next" => assert_eq!(
                card.can_go_next,
                want.as_bool().unwrap(),
                "{place}: can_go_next"
            ),
            "repeat_back" => assert_eq!(
                card.repeat_back
                    .iter()
                    .map(|q| q.text.clone())
                    .collect::<Vec<_>>(),
                strings(want),
                "{place}"
            ),
            "notes" => assert_eq!(card.notes, strings(want), "{place}: notes"),
            "checklist" => {
                let got: Vec<bool> = card.checklist.iter().map(|c| c.covered).collect();
                let want: Vec<bool> = want
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| b.as_bool().unwrap())
                    .collect();
                assert_eq!(got, want, "{place}: checklist");
            }
            "suggested_outcome" => {
                assert_eq!(
                    card.suggested_outcome.map(snake).as_deref(),
                    want.as_str(),
                    "{place}: suggested outcome"
                )
            }
            "answers" => {
                for (question, value) in want.as_object().unwrap() {
                    let q = card.questions.iter().find(|q| &q.id == question).unwrap();
                    assert_eq!(
                        q.answer.as_deref(),
                        value.as_str(),
                        "{place}: answer to {question}"
                    );
                }
            }
            "error" => panic!("{place}: expected error {want}, got a card"),
            other => panic!("{place}: unknown expectation {other}"),
        }
    }
}

fn open(path: &Path, device: &Value, clock: &TestClock) -> Arc<Warmline> {
    let device = DeviceSettings {
        time_zone: device["time_zone"].as_str().unwrap().to_owned(),
        rep_first_name: text(device, "rep_first_name"),
    };
    Warmline::open_with_clock(path.display().to_string(), device, Box::new(clock.clone())).unwrap()
}

fn run(file: &Path) {
    let scenario: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let name = scenario["name"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rep.db");
    let clock = TestClock(Arc::new(Mutex::new(time(&scenario["now"]))));
    let mut app = open(&db, &scenario["device"], &clock);
    let mut team = app.team_settings();
    team.company = text(&scenario["team"], "company");
    app.update_team_settings(team).unwrap();
    if let Some(script) = scenario["script"].as_str() {
        app.set_script(script.to_owned()).unwrap();
    }
    let l = &scenario["lead"];
    let lead = app
        .add_lead(NewLead {
            first_name: text(l, "first_name").unwrap(),
            last_name: String::new(),
            phone: text(l, "phone").unwrap(),
            email: None,
            company: None,
            source: Some(LeadSource {
                kind: source_kind(l["source"].as_str().unwrap_or("other")),
                campaign_name: text(l, "campaign"),
                ad_name: None,
                form_name: None,
            }),
            asked_about: text(l, "asked_about"),
            inquired_at: None,
            time_zone: None,
            assigned_to: None,
            custom_fields: vec![],
        })
        .unwrap();
    let mut session = String::new();
    for (index, step) in scenario["steps"].as_array().unwrap().iter().enumerate() {
        let place = format!("{name}, step {} ({})", index + 1, step["do"]);
        let result = match step["do"].as_str().unwrap() {
            "start_call" => app.start_call(lead.id.clone()),
            "connected" | "ended" => {
                let at =
                    clock.now() + Duration::seconds(step["after_seconds"].as_i64().unwrap_or(0));
                if step["do"] == "connected" {
                    app.call_connected(session.clone(), at)
                } else {
                    app.call_ended(session.clone(), at)
                }
            }
            "wait" => {
                clock.advance(step["seconds"].as_i64().unwrap());
                continue;
            }
            "next" => app.call_intent(session.clone(), CallIntent::Next),
            "back" => app.call_intent(session.clone(), CallIntent::Back),
            "skip" => app.call_intent(session.clone(), CallIntent::Skip),
            "choose" => app.call_intent(
                session.clone(),
                CallIntent::Choose {
                    choice_id: text(step, "choice").unwrap(),
                },
            ),
            "answer" => app.call_intent(
                session.clone(),
                CallIntent::Answer {
                    question_id: text(step, "question").unwrap(),
                    value: text(step, "value").unwrap(),
                },
            ),
            "note" => app.call_intent(
                session.clone(),
                CallIntent::Note {
                    text: text(step, "text").unwrap(),
                },
            ),
            "end" => app.end_call(session.clone(), outcome(step)),
            "reopen" => {
                drop(app);
                app = open(&db, &scenario["device"], &clock);
                Ok(app.open_call().unwrap().expect("an open call to resume"))
            }
            other => panic!("{place}: unknown step {other}"),
        };
        let expect = step
            .get("expect")
            .cloned()
            .unwrap_or(Value::Object(Default::default()));
        match result {
            Ok(card) => {
                session = card.session_id.clone();
                check(&card, &expect, &place);
            }
            Err(err) => assert_eq!(
                Some(error_name(&err)),
                expect["error"].as_str(),
                "{place}: {err}"
            ),
        }
    }
    let fin = &scenario["final"];
    let stored = app.lead(lead.id.clone()).unwrap();
    assert_eq!(
        snake(stored.status),
        fin["lead_status"].as_str().unwrap(),
        "{name}: lead status"
    );
    if let Some(at) = fin.get("callback_at") {
        assert_eq!(stored.callback_at, Some(time(at)), "{name}: callback");
    }
    if let Some(reason) = fin.get("queue_reason") {
        assert_eq!(
            app.queue(5).unwrap().entries[0].reason,
            reason.as_str().unwrap(),
            "{name}: queue reason"
        );
    }
    if let Some(open) = fin.get("open_call") {
        assert_eq!(
            app.open_call().unwrap().is_some(),
            open.as_bool().unwrap(),
            "{name}: open call"
        );
    }
    if let Some(search) = fin.get("search") {
        let hits = app
            .search_notes(text(search, "query").unwrap(), 10)
            .unwrap();
        assert_eq!(
            hits.len() as u64,
            search["hits"].as_u64().unwrap(),
            "{name}: search hits"
        );
    }
    if let Some(field) = fin.get("custom_field") {
        let pair = field.as_array().unwrap();
        let found = stored
            .custom_fields
            .iter()
            .find(|f| f.name == pair[0].as_str().unwrap());
        assert_eq!(
            found.map(|f| f.value.as_str()),
            pair[1].as_str(),
            "{name}: custom field"
        );
    }
}

fn scenario_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shared_scenario_passes() {
    let files = scenario_files();
    assert!(
        files.len() >= 5,
        "expected the five shared scenarios, found {}",
        files.len()
    );
    for file in files {
        run(&file);
    }
}

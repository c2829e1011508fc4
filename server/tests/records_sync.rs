//! Calls, answers and their edits reach the rep's other phones through a real server:
//! an answer revised during the call shows its latest text everywhere, once; a call's
//! attempt arrives with its times and outcome and lands on the lead's timeline.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use support::{enrol, phone, start_server, Ureq};
use warmline_core::session::Intent;
use warmline_core::{Clock, EventKind as TimelineKind, ManualClock, NewLead, Outcome, Warmline};
use warmline_server::storage::Storage;

const SCRIPT: &str = r#"
id = "budget-check"
name = "Budget check"
start = "hello"

[[stage]]
id = "hello"
title = "Hello"
say = ["Hi {lead.first_name|there}, it's {rep.first_name|your rep}."]
  [[stage.question]]
  id = "budget"
  prompt = "What budget do you have in mind?"
  [[stage.choice]]
  id = "booked"
  label = "Booked"
  end = "qualified"
"#;

struct Team {
    server: support::Running,
    clock: Arc<ManualClock>,
    a: Warmline,
    b: Warmline,
    token_a: String,
    token_b: String,
    _dir: tempfile::TempDir,
}

impl Team {
    fn new() -> Self {
        let server = start_server();
        let team = server
            .runtime
            .block_on(server.storage.create_team("Brightside"))
            .unwrap();
        let (token_a, token_b) = (enrol(&server, &team, "Sam"), enrol(&server, &team, "Ana"));
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap(),
        ));
        let a = phone(dir.path(), "sam", clock.clone());
        let b = phone(dir.path(), "ana", clock.clone());
        a.set_script(SCRIPT).unwrap();
        Self {
            server,
            clock,
            a,
            b,
            token_a,
            token_b,
            _dir: dir,
        }
    }

    fn sync_a(&self) {
        self.a.sync(&Ureq, &self.server.url, &self.token_a).unwrap();
    }

    fn sync_b(&self) -> warmline_core::sync::SyncReport {
        self.b.sync(&Ureq, &self.server.url, &self.token_b).unwrap()
    }
}

fn answers(phone: &Warmline, lead: &str) -> Vec<(Option<String>, String)> {
    phone
        .notes(lead)
        .unwrap()
        .into_iter()
        .map(|n| (n.prompt, n.text))
        .collect()
}

#[test]
fn an_answer_revised_during_the_call_reaches_the_other_phone_once_with_its_latest_text() {
    let team = Team::new();
    let lead = team
        .a
        .add_lead(NewLead {
            first_name: "Ann".into(),
            phone: "+1 212 555 0190".into(),
            ..NewLead::default()
        })
        .unwrap()
        .id
        .to_string();
    let card = team.a.start_call(&lead).unwrap();
    let answer = |value: &str| Intent::Answer {
        question: "budget".into(),
        value: value.into(),
    };
    team.a
        .call_intent(&card.session_id, answer("about 20k"))
        .unwrap();
    team.sync_a();
    team.sync_b();
    let prompt = Some("What budget do you have in mind?".to_owned());
    assert_eq!(
        answers(&team.b, &lead),
        [(prompt.clone(), "about 20k".to_owned())]
    );

    team.clock.advance(Duration::seconds(30));
    team.a
        .call_intent(&card.session_id, answer("25k, maybe 30k"))
        .unwrap();
    assert!(
        !team.a.notes(&lead).unwrap()[0].synced,
        "an edited answer waits to be synced again"
    );
    team.sync_a();
    assert!(team.a.notes(&lead).unwrap()[0].synced);
    let report = team.sync_b();
    assert_eq!(report.applied, 1, "{report:?}");
    assert_eq!(
        answers(&team.b, &lead),
        [(prompt, "25k, maybe 30k".to_owned())],
        "one answer, revised, not two"
    );
    let hits = team.b.search_notes("30k", 10).unwrap();
    assert_eq!(
        hits.len(),
        1,
        "the revision is searchable on the other phone"
    );
}

#[test]
fn a_call_reaches_the_other_phone_with_its_times_outcome_and_timeline() {
    let team = Team::new();
    let lead = team
        .a
        .add_lead(NewLead {
            first_name: "Bo".into(),
            phone: "+1 212 555 0191".into(),
            ..NewLead::default()
        })
        .unwrap()
        .id
        .to_string();
    team.sync_a();
    team.sync_b();

    let started = team.clock.now();
    let card = team.a.start_call(&lead).unwrap();
    team.a
        .call_connected(&card.session_id, started + Duration::seconds(8))
        .unwrap();
    team.a
        .call_ended(&card.session_id, started + Duration::seconds(8 + 185))
        .unwrap();
    team.clock.advance(Duration::minutes(4));
    team.a
        .end_call(&card.session_id, Outcome::Qualified)
        .unwrap();
    team.sync_a();
    team.sync_b();

    let on_a = team.a.lead_detail(&lead).unwrap();
    let on_b = team.b.lead_detail(&lead).unwrap();
    assert_eq!(on_b.attempts, on_a.attempts, "the same call on both phones");
    let call = &on_b.attempts[0];
    assert_eq!(call.outcome, Some(Outcome::Qualified));
    assert_eq!(call.talk_seconds(), 185);
    let kinds: Vec<TimelineKind> = on_b.timeline.iter().map(|e| e.kind).collect();
    for kind in [
        TimelineKind::CallStarted,
        TimelineKind::CallConnected,
        TimelineKind::CallEnded,
        TimelineKind::Outcome,
    ] {
        assert_eq!(
            kinds.iter().filter(|k| **k == kind).count(),
            1,
            "{kind:?} once on B's timeline: {kinds:?}"
        );
    }
    assert_eq!(
        team.b.lead(&lead).unwrap().status,
        team.a.lead(&lead).unwrap().status
    );

    let again = team.sync_b();
    assert_eq!(again.applied, 0, "re-syncing changes nothing: {again:?}");
    assert_eq!(
        team.b.lead_detail(&lead).unwrap().timeline.len(),
        on_b.timeline.len()
    );
}

#[test]
fn a_phone_lists_only_its_reps_leads_and_the_unassigned_ones() {
    let team = Team::new();
    let rep_of = |token: &str| {
        team.server
            .runtime
            .block_on(team.server.storage.authenticate(token))
            .unwrap()
            .rep_id
    };
    let (sam, ana) = (rep_of(&team.token_a), rep_of(&team.token_b));
    let add = |name: &str, phone: &str, rep: Option<&String>| {
        team.a
            .add_lead(NewLead {
                first_name: name.into(),
                phone: phone.into(),
                assigned_to: rep.cloned(),
                ..NewLead::default()
            })
            .unwrap()
            .id
            .to_string()
    };
    let for_sam = add("Cy", "+1 212 555 0192", Some(&sam));
    let for_ana = add("Di", "+1 212 555 0193", Some(&ana));
    let anyone = add("Ed", "+1 212 555 0194", None);
    assert_eq!(
        team.a.queue(10).unwrap().open,
        3,
        "before its first sync a phone does not know its rep and lists everything"
    );
    team.sync_a();
    team.sync_b();
    let listed = |phone: &Warmline| {
        let mut ids: Vec<String> = phone
            .queue(10)
            .unwrap()
            .entries
            .into_iter()
            .map(|e| e.lead.id.to_string())
            .collect();
        ids.sort();
        ids
    };
    let sorted = |mut ids: Vec<String>| {
        ids.sort();
        ids
    };
    assert_eq!(
        listed(&team.a),
        sorted(vec![for_sam.clone(), anyone.clone()])
    );
    assert_eq!(listed(&team.b), sorted(vec![for_ana, anyone.clone()]));

    // A lead this phone enters for Ana, now that it knows it is Sam's, is hers only.
    add("Flo", "+1 212 555 0195", Some(&ana));
    assert_eq!(
        listed(&team.a),
        sorted(vec![for_sam.clone(), anyone.clone()])
    );

    // The rule holds after a restart too (the queue is rebuilt from the store).
    let Team {
        a,
        clock,
        _dir: dir,
        ..
    } = team;
    drop(a);
    let reopened = phone(dir.path(), "sam", clock);
    assert_eq!(listed(&reopened), sorted(vec![for_sam, anyone]));
}

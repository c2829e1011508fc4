//! Two phones of one team sync through a real server on loopback, on SQLite and on
//! PostgreSQL: what one records offline reaches the other, merged the same way, and
//! re-syncing changes nothing; a lead assigned to one rep reaches that rep's phone only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;

use chrono::TimeZone;
use support::{enrol, enrol_rep, phone, start_pg_server, start_server, Running, Ureq};
use warmline_core::{LeadStatus, ManualClock, NewLead, Outcome};
use warmline_server::storage::Storage;

#[test]
fn what_one_phone_records_offline_reaches_the_other() {
    offline_changes_reach_the_other_phone(&start_server());
}

#[test]
fn what_one_phone_records_offline_reaches_the_other_on_postgres() {
    offline_changes_reach_the_other_phone(&start_pg_server());
}

#[test]
fn a_lead_assigned_to_a_rep_reaches_that_reps_phone_only() {
    assigned_leads_reach_their_rep_only(&start_server());
}

#[test]
fn a_lead_assigned_to_a_rep_reaches_that_reps_phone_only_on_postgres() {
    assigned_leads_reach_their_rep_only(&start_pg_server());
}

fn offline_changes_reach_the_other_phone<S: Storage>(server: &Running<S>) {
    let team = server
        .runtime
        .block_on(server.storage.create_team("Brightside"))
        .unwrap();
    let (token_a, token_b) = (enrol(server, &team, "Sam"), enrol(server, &team, "Ana"));
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 15, 0, 0)
            .unwrap(),
    ));
    let a = phone(dir.path(), "sam", clock.clone());
    let b = phone(dir.path(), "ana", clock.clone());

    // Phone A, offline: a lead, an unanswered call, a note.
    let lead = a
        .add_lead(NewLead {
            first_name: "Ann".into(),
            phone: "+1 212 555 0190".into(),
            ..NewLead::default()
        })
        .unwrap();
    let id = lead.id.to_string();
    a.record_outcome(&id, Outcome::NoAnswer).unwrap();
    assert!(!a.add_note(&id, "prefers mornings").unwrap().synced);
    assert!(a.pending_changes().unwrap() > 0);
    let report = a.sync(&Ureq, &server.url, &token_a).unwrap();
    assert!(report.pushed > 0 && report.bytes_sent > 0, "{report:?}");
    assert_eq!(a.pending_changes().unwrap(), 0, "everything acknowledged");
    assert!(
        a.notes(&id).unwrap().iter().all(|n| n.synced),
        "the note shows its synced tick"
    );

    // Phone B receives the lead, its state and the note.
    let report = b.sync(&Ureq, &server.url, &token_b).unwrap();
    assert!(report.applied > 0 && report.skipped == 0, "{report:?}");
    let on_b = b.lead(&id).unwrap();
    assert_eq!(
        (on_b.first_name.as_str(), on_b.phone.e164.as_str()),
        ("Ann", "+12125550190")
    );
    assert_eq!((on_b.status, on_b.attempts), (LeadStatus::Attempting, 1));
    assert_eq!(
        b.notes(&id)
            .unwrap()
            .iter()
            .map(|n| n.text.as_str())
            .collect::<Vec<_>>(),
        ["prefers mornings"]
    );
    assert_eq!(
        b.queue(10).unwrap().open,
        1,
        "the pulled lead is in B's queue"
    );

    // B reaches her and notes it; A gets both.
    clock.advance(chrono::Duration::minutes(20));
    b.add_note(&id, "booked a site visit").unwrap();
    b.record_outcome(&id, Outcome::Qualified).unwrap();
    b.sync(&Ureq, &server.url, &token_b).unwrap();
    a.sync(&Ureq, &server.url, &token_a).unwrap();
    assert_eq!(a.lead(&id).unwrap().status, LeadStatus::Qualified);
    let texts: Vec<String> = a.notes(&id).unwrap().into_iter().map(|n| n.text).collect();
    assert_eq!(texts, ["prefers mornings", "booked a site visit"]);
    assert_eq!(a.queue(10).unwrap().open, 0);

    // Nothing left to send, and syncing again changes nothing anywhere.
    let again_a = a.sync(&Ureq, &server.url, &token_a).unwrap();
    let again_b = b.sync(&Ureq, &server.url, &token_b).unwrap();
    assert_eq!(
        (
            again_a.pushed,
            again_a.applied,
            again_b.pushed,
            again_b.applied
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(a.lead(&id).unwrap().status, b.lead(&id).unwrap().status);
}

fn assigned_leads_reach_their_rep_only<S: Storage>(server: &Running<S>) {
    let team = server
        .runtime
        .block_on(server.storage.create_team("Brightside"))
        .unwrap();
    let (sam_rep, sam_token) = enrol_rep(server, &team, "Sam");
    let (ana_rep, ana_token) = enrol_rep(server, &team, "Ana");
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 15, 0, 0)
            .unwrap(),
    ));
    let sam = phone(dir.path(), "sam", clock.clone());
    let ana = phone(dir.path(), "ana", clock.clone());
    let add = |name: &str, number: &str, rep: &str| {
        let new = NewLead {
            first_name: name.into(),
            phone: number.into(),
            assigned_to: Some(rep.into()),
            ..NewLead::default()
        };
        sam.add_lead(new).unwrap().id.to_string()
    };
    let for_sam = add("Ann", "+1 212 555 0190", &sam_rep);
    let for_ana = add("Bea", "+1 212 555 0191", &ana_rep);
    sam.add_note(&for_ana, "asked for Ana by name").unwrap();
    sam.sync(&Ureq, &server.url, &sam_token).unwrap();

    ana.sync(&Ureq, &server.url, &ana_token).unwrap();
    assert_eq!(ana.lead(&for_ana).unwrap().first_name, "Bea");
    assert_eq!(
        ana.notes(&for_ana).unwrap()[0].text,
        "asked for Ana by name"
    );
    assert!(
        ana.lead(&for_sam).is_err(),
        "Sam's lead never reaches Ana's phone"
    );
}

#[test]
fn a_sync_without_a_valid_token_fails_clearly_and_keeps_the_changes() {
    let server = start_server();
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 15, 0, 0)
            .unwrap(),
    ));
    let a = phone(dir.path(), "sam", clock);
    let lead = a
        .add_lead(NewLead {
            first_name: "Ann".into(),
            phone: "+1 212 555 0190".into(),
            ..NewLead::default()
        })
        .unwrap();
    a.add_note(&lead.id.to_string(), "keep me").unwrap();
    let pending = a.pending_changes().unwrap();
    let err = a.sync(&Ureq, &server.url, "wrong-token").unwrap_err();
    assert!(
        matches!(err, warmline_core::Error::Unauthorised { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("unknown to the server"), "{err}");
    assert_eq!(
        a.pending_changes().unwrap(),
        pending,
        "nothing is dropped by a failed sync"
    );
    let offline = a.sync(&Ureq, "http://127.0.0.1:9", "t").unwrap_err();
    assert!(offline.to_string().starts_with("sync failed"), "{offline}");
}

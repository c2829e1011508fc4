//! A phone's life with its team: the names enrolment brings, a token the server refuses
//! (revoked or unknown), and signing out. HTTP is a scripted fake here; the same paths
//! against the real server are in `cli/tests/device.rs` and the kits' tests.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

use std::sync::{Arc, Mutex};

use chrono::{TimeZone, Utc};
use warmline_core::sync::{HttpClient, HttpRequest, HttpResponse, SignedOutReason};
use warmline_core::{DeviceSettings, Error, ManualClock, NewLead, Warmline};

/// Answers every request with the next canned (status, body), and keeps the requests.
struct Scripted {
    answers: Mutex<Vec<(u16, String)>>,
    seen: Mutex<Vec<HttpRequest>>,
}

impl Scripted {
    fn new(answers: &[(u16, &str)]) -> Self {
        Self {
            answers: Mutex::new(
                answers
                    .iter()
                    .rev()
                    .map(|(s, b)| (*s, (*b).to_owned()))
                    .collect(),
            ),
            seen: Mutex::new(Vec::new()),
        }
    }
}

impl HttpClient for Scripted {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        self.seen.lock().unwrap().push(request);
        let (status, body) = self.answers.lock().unwrap().pop().expect("an answer");
        Ok(HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into_bytes(),
        })
    }
}

const ENROLLED: &str = r#"{"device_id":"d1","rep_id":"r1","team_id":"t1","token":"tok","rep_name":"Sam Reyes","team_name":"Solar North"}"#;
const EMPTY_PULL: &str = r#"{"changes":[],"cursor":0,"more":false,"rep_id":"r1"}"#;

fn phone(dir: &std::path::Path, rep_first_name: Option<&str>) -> Warmline {
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap(),
    ));
    let device = DeviceSettings {
        time_zone: "America/New_York".into(),
        rep_first_name: rep_first_name.map(str::to_owned),
    };
    Warmline::open(dir.join("phone.db"), device, clock).unwrap()
}

fn ann() -> NewLead {
    NewLead {
        first_name: "Ann".into(),
        phone: "+1 212 555 0190".into(),
        ..NewLead::default()
    }
}

/// The opener's first line for a new call to Ann (the dial then cancelled, as only one
/// call may be open at a time).
fn opener(app: &Warmline) -> String {
    let lead = app.add_lead(ann()).unwrap();
    let card = app.start_call(&lead.id.to_string()).unwrap();
    app.cancel_dial(&card.session_id).unwrap();
    card.lines[0].clone()
}

#[test]
fn enrolment_names_the_rep_and_the_opener_uses_their_first_name() {
    let dir = tempfile::tempdir().unwrap();
    let app = phone(dir.path(), None);
    assert_eq!(
        opener(&app),
        "Hi Ann, this is a consultant from our company.",
        "no name yet: the line still reads"
    );
    let enrolment = app
        .enrol(
            &Scripted::new(&[(200, ENROLLED)]),
            "http://server",
            "K7QM-2XHP-9TRA",
            "Pixel",
        )
        .unwrap();
    assert_eq!(enrolment.rep_name.as_deref(), Some("Sam Reyes"));
    assert_eq!(enrolment.team_name.as_deref(), Some("Solar North"));
    assert_eq!(opener(&app), "Hi Ann, this is Sam from our company.");
    drop(app);
    let reopened = phone(dir.path(), None);
    assert_eq!(
        opener(&reopened),
        "Hi Ann, this is Sam from our company.",
        "remembered in the store"
    );
    drop(reopened);
    let named = phone(dir.path(), Some("Sammy"));
    assert_eq!(
        opener(&named),
        "Hi Ann, this is Sammy from our company.",
        "the app's name wins"
    );
}

#[test]
fn an_older_server_s_enrolment_without_names_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let app = phone(dir.path(), None);
    let old = r#"{"device_id":"d1","rep_id":"r1","team_id":"t1","token":"tok"}"#;
    let enrolment = app
        .enrol(
            &Scripted::new(&[(200, old)]),
            "http://server",
            "code",
            "Pixel",
        )
        .unwrap();
    assert_eq!(
        (enrolment.token.as_str(), enrolment.rep_name),
        ("tok", None)
    );
    assert_eq!(
        opener(&app),
        "Hi Ann, this is a consultant from our company."
    );
}

#[test]
fn a_revoked_device_is_told_apart_keeps_its_changes_and_recovers_after_enrolling_again() {
    let dir = tempfile::tempdir().unwrap();
    let app = phone(dir.path(), Some("Sam"));
    app.add_lead(ann()).unwrap();
    let revoked = r#"{"error":"device_revoked","message":"this device was revoked by the team's manager: enrol it again with a new code"}"#;
    let err = app
        .sync(&Scripted::new(&[(401, revoked)]), "http://server", "tok")
        .unwrap_err();
    assert!(matches!(err, Error::DeviceRevoked { .. }), "{err:?}");
    assert!(
        err.to_string().contains("revoked by the team's manager"),
        "{err}"
    );
    let status = app.sync_status().unwrap();
    assert_eq!(
        status.signed_out_reason,
        Some(SignedOutReason::DeviceRevoked)
    );
    assert_eq!(
        status.pending_changes, 1,
        "the new lead waits for a new token"
    );

    app.enrol(
        &Scripted::new(&[(200, ENROLLED)]),
        "http://server",
        "code",
        "Pixel",
    )
    .unwrap();
    assert_eq!(app.sync_status().unwrap().signed_out_reason, None);
    let server = Scripted::new(&[(200, r#"{"accepted":1,"duplicates":0}"#), (200, EMPTY_PULL)]);
    app.sync(&server, "http://server", "tok").unwrap();
    assert_eq!(app.pending_changes().unwrap(), 0);
}

#[test]
fn an_unknown_token_is_unauthorised_and_other_failures_are_not_sign_outs() {
    let dir = tempfile::tempdir().unwrap();
    let app = phone(dir.path(), Some("Sam"));
    for body in [
        r#"{"error":"unknown_token","message":"this device token is unknown to the server"}"#,
        // Servers before device_revoked said this for both.
        r#"{"error":"bad_token","message":"this device token is unknown or revoked"}"#,
        "not json",
    ] {
        let err = app
            .sync(&Scripted::new(&[(401, body)]), "http://server", "tok")
            .unwrap_err();
        assert!(matches!(err, Error::Unauthorised { .. }), "{body}: {err:?}");
        assert_eq!(
            app.sync_status().unwrap().signed_out_reason,
            Some(SignedOutReason::Unauthorised)
        );
    }
    let err = app
        .sync(
            &Scripted::new(&[(503, r#"{"error":"storage","message":"down"}"#)]),
            "http://server",
            "tok",
        )
        .unwrap_err();
    assert!(matches!(err, Error::Sync { .. }), "{err:?}");
    app.sync(&Scripted::new(&[(200, EMPTY_PULL)]), "http://server", "tok")
        .unwrap();
    assert_eq!(
        app.sync_status().unwrap().signed_out_reason,
        None,
        "a sync that works clears it"
    );
}

#[test]
fn signing_out_deletes_the_store_and_counts_what_was_not_synced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phone.db");
    let app = phone(dir.path(), Some("Sam"));
    let lead = app.add_lead(ann()).unwrap();
    app.add_note(&lead.id.to_string(), "call after 5").unwrap();
    let pending = app.pending_changes().unwrap();
    assert_eq!(pending, 2);
    drop(app);
    assert_eq!(warmline_core::sign_out(&path).unwrap(), pending);
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing of the store is left: {left:?}");
    assert_eq!(
        warmline_core::sign_out(&path).unwrap(),
        0,
        "twice is harmless"
    );
    let fresh = phone(dir.path(), None);
    assert_eq!(
        fresh.queue(10).unwrap().entries.len(),
        0,
        "a new rep starts empty"
    );
}

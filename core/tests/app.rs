//! The app layer: screens, their watchers and the drivers, as the shells use them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::Duration;
use warmline_core::app::drivers::{RefreshDriver, SyncDriver};
use warmline_core::app::lead_screens::SyncHealth;
use warmline_core::app::watch::watch;
use warmline_core::app::watch_new_leads;
use warmline_core::app::{DialRequest, DialResult, PhoneCapabilities, QueueScreen};
use warmline_core::sync::{HttpClient, HttpRequest, HttpResponse};
use warmline_core::{DeviceSettings, ManualClock, NewLead, Outcome, Warmline};

use support::{lead, lead_at, utc};

const IPHONE: DialRequest = DialRequest {
    capabilities: PhoneCapabilities {
        call_states: true,
        answer_state: true,
    },
    confirm_outside_hours: false,
};

fn shared_app(
    now: chrono::DateTime<chrono::Utc>,
) -> (Arc<Warmline>, Arc<ManualClock>, tempfile::TempDir) {
    open_in(tempfile::tempdir().unwrap(), now)
}

/// The app of `shared_app`, opened again on its folder (an app killed and restarted).
fn reopen(dir: tempfile::TempDir) -> (Arc<Warmline>, Arc<ManualClock>, tempfile::TempDir) {
    open_in(dir, utc(2026, 12, 1, 15, 0))
}

fn open_in(
    dir: tempfile::TempDir,
    now: chrono::DateTime<chrono::Utc>,
) -> (Arc<Warmline>, Arc<ManualClock>, tempfile::TempDir) {
    let clock = Arc::new(ManualClock::new(now));
    let app = Warmline::open(
        dir.path().join("rep.db"),
        DeviceSettings {
            time_zone: "America/New_York".into(),
            rep_first_name: Some("Sam".into()),
        },
        clock.clone(),
    )
    .unwrap();
    (Arc::new(app), clock, dir)
}

fn session_of(result: DialResult) -> String {
    match result {
        DialResult::Dialling { screen, .. } => screen.session_id,
        DialResult::NeedsConfirmation { reason, .. } => panic!("asked to confirm: {reason}"),
    }
}

#[test]
fn the_call_screen_watcher_redraws_on_a_saved_note_and_not_on_unrelated_writes() {
    let (app, _clock, _dir) = shared_app(utc(2026, 12, 1, 15, 0));
    let ann = app.add_lead(lead("Ann", "+1 212 555 0190")).unwrap();
    let bo = app.add_lead(lead("Bo", "+1 212 555 0191")).unwrap();
    let session = session_of(app.dial(&ann.id.to_string(), IPHONE).unwrap());
    let (sender, screens) = mpsc::channel();
    let sender = Mutex::new(sender);
    let id = session.clone();
    let _watching = watch(
        &app,
        Arc::new(move |w: &Warmline| w.call_screen(&id)),
        Arc::new(move |screen| {
            sender.lock().unwrap().send(screen.unwrap()).unwrap();
        }),
    );
    let first = screens.recv_timeout(StdDuration::from_secs(5)).unwrap();
    assert!(first.card.notes.is_empty());

    app.set_draft(&session, "call back about the roof").unwrap();
    let drafted = screens.recv_timeout(StdDuration::from_secs(5)).unwrap();
    assert_eq!(drafted.draft, "call back about the roof");

    // A note on another lead changes nothing on this screen: nothing is sent.
    app.add_note(&bo.id.to_string(), "left a message").unwrap();
    app.save_draft(&session).unwrap();
    let saved = screens.recv_timeout(StdDuration::from_secs(5)).unwrap();
    assert_eq!(
        saved.card.notes,
        vec!["call back about the roof".to_owned()]
    );
    assert_eq!(saved.draft, "");
    assert!(
        screens.try_recv().is_err(),
        "no repeat of an unchanged screen"
    );
}

#[test]
fn all_leads_search_by_name_company_or_phone_digits() {
    let (app, _clock, _dir) = shared_app(utc(2026, 12, 1, 15, 0));
    app.add_lead(NewLead {
        company: Some("Acme 100% Solar".into()),
        ..lead("Ann", "+1 212 555 0190")
    })
    .unwrap();
    app.add_lead(lead("Bo", "+1 415 555 0777")).unwrap();
    let names = |query: &str| -> Vec<String> {
        app.leads_screen(query)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.lead.name)
            .collect()
    };
    assert_eq!(names("").len(), 2);
    assert_eq!(names("ann"), vec!["Ann"]);
    assert_eq!(names("acme"), vec!["Ann"]);
    assert_eq!(
        names("100%"),
        vec!["Ann"],
        "a % typed by the rep is a character, not a wildcard"
    );
    assert_eq!(names("10%"), Vec::<String>::new());
    assert_eq!(names("(415) 555-0777"), vec!["Bo"]);
    assert_eq!(names("zed"), Vec::<String>::new());
}

#[test]
fn the_lead_screen_shows_calls_with_their_talk_time_notes_and_the_upcoming_callback() {
    let (app, _clock, _dir) = shared_app(utc(2026, 12, 1, 15, 0));
    let ann = app.add_lead(lead("Ann", "+1 212 555 0190")).unwrap();
    let id = ann.id.to_string();
    let session = session_of(app.dial(&id, IPHONE).unwrap());
    let t = utc(2026, 12, 1, 15, 0);
    use warmline_core::app::PhoneEvent::*;
    app.phone_report(&session, CallDialing, t + Duration::seconds(1))
        .unwrap();
    app.phone_report(&session, CallActive, t + Duration::seconds(5))
        .unwrap();
    app.phone_report(
        &session,
        CallEnded {
            measured_seconds: Some(47),
        },
        t + Duration::seconds(60),
    )
    .unwrap();
    let callback = utc(2026, 12, 2, 16, 0);
    app.end_call(
        &session,
        Outcome::NotAGoodTime {
            callback_at: callback,
        },
    )
    .unwrap();
    app.add_note(&id, "prefers mornings").unwrap();

    let screen = app.lead_screen(&id).unwrap();
    assert_eq!(screen.upcoming_callback, Some(callback));
    assert_eq!(screen.calls.len(), 1);
    assert_eq!(screen.calls[0].talk_seconds, 47);
    assert_eq!(
        screen.calls[0].talk_confidence,
        Some(warmline_core::attempt::TalkConfidence::Measured)
    );
    assert_eq!(screen.notes.len(), 1);
    assert!(
        !screen.notes[0].synced,
        "nothing has reached the server yet"
    );
    assert!(screen.can_call);

    let reminders = app.upcoming_callbacks(utc(2026, 12, 3, 0, 0)).unwrap();
    assert_eq!(reminders.len(), 1);
    assert_eq!(reminders[0].at, callback);
    assert!(app
        .upcoming_callbacks(utc(2026, 12, 2, 12, 0))
        .unwrap()
        .is_empty());
}

#[test]
fn the_refresh_driver_redraws_the_queue_when_a_held_lead_becomes_callable() {
    // 07:00 in New York: Ann (asked last night) is held until 08:00 her time.
    let (app, clock, _dir) = shared_app(utc(2026, 12, 1, 12, 0));
    app.add_lead(lead_at(
        "Ann",
        "+1 212 555 0190",
        utc(2026, 12, 1, 3, 0),
        "America/New_York",
    ))
    .unwrap();
    let (sender, screens) = mpsc::channel::<QueueScreen>();
    let sender = Mutex::new(sender);
    let _watching = watch(
        &app,
        Arc::new(|w: &Warmline| w.queue_screen(10)),
        Arc::new(move |screen| {
            sender.lock().unwrap().send(screen.unwrap()).unwrap();
        }),
    );
    assert!(
        !screens
            .recv_timeout(StdDuration::from_secs(5))
            .unwrap()
            .rows[0]
            .callable_now
    );
    let driver = RefreshDriver::start(&app);
    clock.set(utc(2026, 12, 1, 13, 0));
    driver.clock_changed();
    let redrawn = screens
        .recv_timeout(StdDuration::from_secs(10))
        .expect("a redraw at 08:00");
    assert!(redrawn.rows[0].callable_now);
}

/// A server that is down and asks for an hour's patience.
struct Unavailable(Mutex<u32>);

impl HttpClient for Unavailable {
    fn send(&self, _request: HttpRequest) -> Result<HttpResponse, String> {
        *self.0.lock().unwrap() += 1;
        Ok(HttpResponse {
            status: 503,
            headers: vec![("Retry-After".into(), "3600".into())],
            body: b"{\"error\":\"maintenance\"}".to_vec(),
        })
    }
}

#[test]
fn the_sync_driver_backs_off_as_told_and_tries_again_when_the_network_returns() {
    let (app, _clock, _dir) = shared_app(utc(2026, 12, 1, 15, 0));
    assert_eq!(app.sync_screen().unwrap().health, SyncHealth::NotYet);
    let server = Arc::new(Unavailable(Mutex::new(0)));
    let (sender, statuses) = mpsc::channel();
    let sender = Mutex::new(sender);
    let driver = SyncDriver::start(
        &app,
        server.clone(),
        "http://sync.invalid".into(),
        "token".into(),
        Arc::new(move |status| {
            let _ = sender.lock().unwrap().send(status);
        }),
    );
    let first = statuses.recv_timeout(StdDuration::from_secs(10)).unwrap();
    assert_eq!(first.health, SyncHealth::Offline);
    assert_eq!(first.failures, 1);
    assert!(
        first.next_attempt_at >= utc(2026, 12, 1, 16, 0),
        "Retry-After: an hour"
    );
    // A note written while backing off waits: no request until the schedule or the
    // network says so.
    let ann = app.add_lead(lead("Ann", "+1 212 555 0190")).unwrap();
    app.add_note(&ann.id.to_string(), "call after 5").unwrap();
    std::thread::sleep(StdDuration::from_millis(500));
    assert_eq!(
        *server.0.lock().unwrap(),
        1,
        "nothing sent while backing off"
    );
    // Without the network event the driver would sleep for the hour.
    driver.network_available();
    let second = statuses.recv_timeout(StdDuration::from_secs(10)).unwrap();
    assert_eq!(second.failures, 2);
    drop(driver);
}

/// A server that accepts every push and serves everything ever pushed to whoever pulls.
struct Relay {
    pushed: Mutex<Vec<serde_json::Value>>,
    rep: &'static str,
}

impl HttpClient for Relay {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let ok = |body: serde_json::Value| {
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: body.to_string().into_bytes(),
            })
        };
        if request.method == "POST" {
            let gzipped = request
                .headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("content-encoding") && v == "gzip");
            let body = if gzipped {
                let mut out = Vec::new();
                std::io::Read::read_to_end(
                    &mut flate2::read::GzDecoder::new(&request.body[..]),
                    &mut out,
                )
                .unwrap();
                out
            } else {
                request.body
            };
            let push: serde_json::Value = serde_json::from_slice(&body).unwrap();
            let changes = push["changes"].as_array().unwrap().clone();
            let count = changes.len();
            self.pushed.lock().unwrap().extend(changes);
            return ok(serde_json::json!({"accepted": count, "duplicates": 0}));
        }
        let changes: Vec<serde_json::Value> = self
            .pushed
            .lock()
            .unwrap()
            .clone()
            .into_iter()
            .enumerate()
            .map(|(seq, mut change)| {
                change["seq"] = (seq + 1).into();
                change["device_id"] = "office".into();
                change
            })
            .collect();
        ok(
            serde_json::json!({"changes": changes, "cursor": changes.len(), "more": false, "rep_id": self.rep}),
        )
    }
}

#[test]
fn a_lead_that_sync_brings_raises_one_alert_and_one_written_here_raises_none() {
    let (office, _clock, _office_dir) = shared_app(utc(2026, 12, 1, 15, 0));
    let (phone, _phone_clock, _phone_dir) = shared_app(utc(2026, 12, 1, 15, 0));
    let (sender, alerts) = mpsc::channel();
    let sender = Mutex::new(sender);
    let _watching = watch_new_leads(
        &phone,
        Arc::new(move |alert| sender.lock().unwrap().send(alert.lead.name).unwrap()),
    )
    .unwrap();
    phone.add_lead(lead("Own", "+1 212 555 0100")).unwrap();
    office
        .add_lead(NewLead {
            asked_about: Some("a heat pump".into()),
            ..lead("Ann", "+1 212 555 0190")
        })
        .unwrap();
    let relay = Relay {
        pushed: Mutex::new(Vec::new()),
        rep: "",
    };
    office.sync(&relay, "http://relay", "tok").unwrap();
    // The phone pushes its own lead, then pulls everything: the office's and its own.
    phone.sync(&relay, "http://relay", "tok").unwrap();
    assert_eq!(
        alerts.recv_timeout(StdDuration::from_secs(5)).unwrap(),
        "Ann"
    );
    assert!(
        alerts.try_recv().is_err(),
        "one alert, and none for the phone's own lead"
    );
}

#[test]
fn a_revoked_phone_shows_the_signed_out_screen_with_what_never_reached_the_server() {
    let (app, _clock, _dir) = shared_app(utc(2026, 12, 1, 15, 0));
    let ann = app.add_lead(lead("Ann", "+1 212 555 0190")).unwrap();
    app.add_note(&ann.id.to_string(), "wants a call after the school run")
        .unwrap();
    assert_eq!(app.signed_out_screen().unwrap(), None);
    let revoked = Revoked;
    assert!(app.sync(&revoked, "http://server", "tok").is_err());
    assert_eq!(
        app.current_screen().unwrap(),
        warmline_core::app::AppScreen::SignedOut
    );
    let screen = app.signed_out_screen().unwrap().expect("signed out");
    assert_eq!(screen.unsynced_notes.len(), 1);
    assert_eq!(screen.unsynced_notes[0].lead_name, "Ann");
    assert_eq!(
        screen.unsynced_notes[0].text,
        "wants a call after the school run"
    );
    assert!(
        screen.message.contains("removed this phone"),
        "{}",
        screen.message
    );
    assert!(
        screen
            .message
            .contains("2 changes never reached the server"),
        "{}",
        screen.message
    );
}

struct Revoked;

impl HttpClient for Revoked {
    fn send(&self, _request: HttpRequest) -> Result<HttpResponse, String> {
        Ok(HttpResponse {
            status: 401,
            headers: Vec::new(),
            body: br#"{"error":"device_revoked","message":"this device was revoked"}"#.to_vec(),
        })
    }
}

#[test]
fn a_dial_reserves_its_lead_and_a_cancelled_or_logged_call_releases_it() {
    let now = utc(2026, 12, 1, 15, 0);
    let (app, _clock, _dir) = shared_app(now);
    let id = app
        .add_lead(lead("Ann", "+1 212 555 0190"))
        .unwrap()
        .id
        .to_string();
    let reservation = |app: &Warmline| app.lead(&id).unwrap().reservation;

    let session = session_of(app.dial(&id, IPHONE).unwrap());
    let held = reservation(&app).expect("the dial reserves the lead");
    assert_eq!(
        (held.rep_id, held.until),
        (None, now + Duration::minutes(60))
    );
    app.cancel_dial(&session).unwrap();
    assert_eq!(reservation(&app), None, "a cancelled dial lets go");

    let session = session_of(app.dial(&id, IPHONE).unwrap());
    assert!(reservation(&app).is_some());
    app.end_call(&session, Outcome::NoAnswer).unwrap();
    assert_eq!(reservation(&app), None, "a logged call lets go");
}

#[test]
fn every_change_a_phone_makes_passes_the_checks_the_server_applies() {
    let now = utc(2026, 12, 1, 15, 0);
    let (app, clock, _dir) = shared_app(now);
    let id = app
        .add_lead(NewLead {
            last_name: "Lee".into(),
            email: Some("ann@example.com".into()),
            company: Some("Acme Roofing".into()),
            asked_about: Some("a heat pump".into()),
            custom_fields: vec![("Roof area".into(), "about 300 m²".into())],
            ..lead("Ann", "+1 212 555 0190")
        })
        .unwrap()
        .id
        .to_string();
    let session = session_of(app.dial(&id, IPHONE).unwrap());
    app.phone_report(&session, warmline_core::app::PhoneEvent::CallActive, now)
        .unwrap();
    app.set_draft(&session, "wants a quote").unwrap();
    app.save_draft(&session).unwrap();
    clock.advance(Duration::minutes(5));
    app.end_call(
        &session,
        Outcome::NotAGoodTime {
            callback_at: now + Duration::days(1),
        },
    )
    .unwrap();
    app.add_note(&id, "call after the school run").unwrap();
    let relay = Relay {
        pushed: Mutex::new(Vec::new()),
        rep: "",
    };
    app.sync(&relay, "http://relay", "tok").unwrap();
    let pushed = relay.pushed.lock().unwrap().clone();
    assert!(
        pushed.len() >= 4,
        "lead, reservation, attempt, notes: {pushed:?}"
    );
    for change in pushed {
        let change: warmline_core::sync::wire::Change = serde_json::from_value(change).unwrap();
        assert_eq!(
            warmline_core::sync::check_change(&change),
            Ok(()),
            "{change:?}"
        );
    }
}

#[test]
fn a_change_an_older_core_set_aside_is_applied_by_a_newer_one() {
    let (app, _clock, dir) = shared_app(utc(2026, 12, 1, 15, 0));
    drop(app);
    let lead = "0190e7a0-0000-7000-8000-000000000001";
    let change = serde_json::json!({
        "id": "c1", "lead_id": lead, "stamp": "0001764600000000-0000000000-office",
        "type": "fields", "fields": {
            "first_name": "Ann", "last_name": "", "phone_e164": "+12125550190",
            "phone_raw": "212 555 0190", "created_at": "1764600000000",
            "source_kind": "ad_form", "first_inquired_at": "1764600000000",
            "inquired_at": "1764600000000", "inquiry_count": "1",
            "time_zone": "America/New_York", "time_zone_source": "phone_region",
            "status": "new", "attempts": "0", "next_action_at": "1764600000000",
            "custom_fields": "[]"
        }
    });
    let db = rusqlite::Connection::open(dir.path().join("rep.db")).unwrap();
    db.execute(
        "INSERT INTO quarantine (change_id, change, problem, core_version, at)
         VALUES ('c1', ?1, 'an older core did not know a field', '0.0.1-older', 0)",
        [change.to_string()],
    )
    .unwrap();
    drop(db);

    let (app, _clock, _dir) = reopen(dir);
    assert_eq!(app.sync_status().unwrap().quarantined_changes, 0);
    assert_eq!(app.lead(lead).unwrap().first_name, "Ann");
    assert_eq!(
        app.queue_screen(5).unwrap().rows.len(),
        1,
        "and it is queued"
    );
}

#[test]
fn the_call_screen_says_when_the_dial_was_and_whether_i_didn_t_call_still_applies() {
    let now = utc(2026, 12, 1, 15, 0);
    let (app, clock, _dir) = shared_app(now);
    let id = app
        .add_lead(lead("Ann", "+1 212 555 0190"))
        .unwrap()
        .id
        .to_string();
    assert!(
        app.sync_screen().unwrap().changes_waiting,
        "a new lead waits for the server"
    );
    let session = session_of(app.dial(&id, IPHONE).unwrap());
    clock.advance(Duration::seconds(20));
    let screen = app.call_screen(&session).unwrap();
    assert_eq!(screen.dialled_at, now, "the tap, not the last redraw");
    assert!(
        screen.can_cancel,
        "the phone has not said the call went out"
    );
    let screen = app
        .phone_report(
            &session,
            warmline_core::app::PhoneEvent::CallDialing,
            now + Duration::seconds(20),
        )
        .unwrap();
    assert!(!screen.can_cancel, "the call went out: it happened");
}

#[test]
fn reminders_cover_the_core_s_horizon_and_no_further() {
    let now = utc(2026, 12, 1, 15, 0);
    let (app, _clock, _dir) = shared_app(now);
    let soon = app
        .add_lead(lead("Ann", "+1 212 555 0190"))
        .unwrap()
        .id
        .to_string();
    let later = app
        .add_lead(lead("Bo", "+1 212 555 0191"))
        .unwrap()
        .id
        .to_string();
    app.schedule_callback(&soon, now + Duration::days(3))
        .unwrap();
    let horizon = warmline_core::app::lead_screens::REMINDER_HORIZON_DAYS;
    app.schedule_callback(&later, now + Duration::days(horizon + 1))
        .unwrap();
    let names: Vec<String> = app
        .reminders()
        .unwrap()
        .into_iter()
        .map(|r| r.lead.name)
        .collect();
    assert_eq!(
        names,
        ["Ann"],
        "Bo's day comes later; the list is asked again then"
    );
}

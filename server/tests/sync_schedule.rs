//! How a phone syncs over time against a real server: compressed bodies, back-off after
//! failures (and the server's `Retry-After`), and the long poll that brings a new lead
//! to an open app without polling.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use support::{enrol, phone, start_server, Ureq};
use warmline_core::sync::schedule::{FIRST_RETRY, MAX_RETRY};
use warmline_core::{Clock, ManualClock, NewLead, Warmline};
use warmline_server::storage::{SqliteStorage, Storage};
use warmline_server::{router, AppState, Config};

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap(),
    ))
}

fn lead(n: u32) -> NewLead {
    NewLead {
        first_name: format!("Lead {n}"),
        phone: format!("+1 212 555 {:04}", 1000 + n),
        ..NewLead::default()
    }
}

fn seconds_until_next_attempt(phone: &Warmline, clock: &ManualClock) -> f64 {
    let status = phone.sync_status().unwrap();
    (status.next_attempt_at - clock.now()).num_milliseconds() as f64 / 1000.0
}

#[test]
fn a_phone_backs_off_while_the_server_is_unreachable_and_resumes_when_it_returns() {
    let server = start_server();
    let team = server
        .runtime
        .block_on(server.storage.create_team("Brightside"))
        .unwrap();
    let token = enrol(&server, &team, "Sam");
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let app = phone(dir.path(), "sam", clock.clone());
    app.add_lead(lead(1)).unwrap();
    assert_eq!(seconds_until_next_attempt(&app, &clock), 0.0, "sync now");

    // Nothing listens on port 9 of loopback: the request fails at once.
    let unreachable = "http://127.0.0.1:9";
    let base = FIRST_RETRY.as_secs_f64();
    for failures in 1..=4u32 {
        let err = app.sync(&Ureq, unreachable, &token).unwrap_err();
        assert!(err.to_string().contains("127.0.0.1:9"), "{err}");
        let status = app.sync_status().unwrap();
        assert_eq!(status.failures, failures);
        assert!(status.last_error.unwrap().contains("127.0.0.1:9"));
        let wait = seconds_until_next_attempt(&app, &clock);
        let expected = base * f64::from(2u32.pow(failures - 1));
        assert!(
            (expected * 0.8..=expected * 1.2).contains(&wait),
            "failure {failures}: wait {wait} s, expected about {expected} s"
        );
    }
    assert_eq!(
        app.sync_status().unwrap().pending_changes,
        1,
        "nothing lost"
    );

    app.sync(&Ureq, &server.url, &token).unwrap();
    let status = app.sync_status().unwrap();
    assert_eq!((status.failures, status.last_error), (0, None));
    assert_eq!(status.pending_changes, 0);
    assert_eq!(status.last_synced_at, Some(clock.now()));
    assert_eq!(seconds_until_next_attempt(&app, &clock), 0.0);

    // Never longer than the cap, however long the outage.
    for _ in 0..20 {
        let _ = app.sync(&Ureq, unreachable, &token);
    }
    assert!(seconds_until_next_attempt(&app, &clock) <= MAX_RETRY.as_secs_f64());
}

#[test]
fn a_phone_waits_as_long_as_a_rate_limiting_server_asks() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let storage = SqliteStorage::open(dir.path().join("server.db")).unwrap();
    let config = Config {
        rate_per_second: 0.01,
        rate_burst: 2.0,
        ..Config::default()
    };
    let state = AppState::new(storage, config);
    let storage = Arc::clone(&state.storage);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move { axum::serve(listener, router(state)).await });
    let team = runtime.block_on(storage.create_team("Brightside")).unwrap();
    let (_, code) = runtime
        .block_on(storage.create_rep(&team, "Sam", Duration::from_secs(60)))
        .unwrap();
    let (_, token) = runtime.block_on(storage.enrol(&code, "Sam")).unwrap();

    let clock = clock();
    let app = phone(dir.path(), "sam", clock.clone());
    app.add_lead(lead(1)).unwrap();
    // The burst of two covers one sync (a push and a pull); the next is refused.
    app.sync(&Ureq, &url, &token).unwrap();
    app.add_lead(lead(2)).unwrap();
    let err = app.sync(&Ureq, &url, &token).unwrap_err();
    assert!(err.to_string().contains("429"), "{err}");
    let wait = seconds_until_next_attempt(&app, &clock);
    assert!(
        wait >= 60.0,
        "at 0.01 requests per second the server asks for a long pause, and gets it: {wait} s"
    );
}

#[test]
fn big_pushes_travel_compressed_and_arrive_whole() {
    let server = start_server();
    let team = server
        .runtime
        .block_on(server.storage.create_team("Brightside"))
        .unwrap();
    let (token_a, token_b) = (enrol(&server, &team, "Sam"), enrol(&server, &team, "Ana"));
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let a = phone(dir.path(), "sam", clock.clone());
    let b = phone(dir.path(), "ana", clock.clone());
    let id = a.add_lead(lead(1)).unwrap().id.to_string();
    let note = "She runs a dairy farm of 120 cows, wants to cut the power bill of the \
                milking shed, and asked twice whether panels survive hail. "
        .repeat(8);
    for _ in 0..20 {
        a.add_note(&id, &note).unwrap();
    }
    let report = a.sync(&Ureq, &server.url, &token_a).unwrap();
    let text = (note.len() * 20) as u64;
    assert!(
        report.bytes_sent < text / 2,
        "{} bytes sent for {text} bytes of notes: compressed",
        report.bytes_sent
    );
    let pulled = b.sync(&Ureq, &server.url, &token_b).unwrap();
    assert!(
        pulled.bytes_received < text / 2,
        "compressed back down too: {pulled:?}"
    );
    let notes = b.notes(&id).unwrap();
    assert_eq!(notes.len(), 20);
    assert!(notes.iter().all(|n| n.text == note.trim()));
}

#[test]
fn an_open_app_long_polls_and_gets_a_new_lead_as_soon_as_it_is_pushed() {
    let server = start_server();
    let team = server
        .runtime
        .block_on(server.storage.create_team("Brightside"))
        .unwrap();
    let (token_a, token_b) = (enrol(&server, &team, "Sam"), enrol(&server, &team, "Ana"));
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let a = phone(dir.path(), "sam", clock.clone());
    let b = Arc::new(phone(dir.path(), "ana", clock.clone()));
    b.sync(&Ureq, &server.url, &token_b).unwrap();

    let url = server.url.clone();
    let waiting = {
        let b = Arc::clone(&b);
        std::thread::spawn(move || {
            let started = Instant::now();
            let report = b
                .sync_waiting(&Ureq, &url, &token_b, Duration::from_secs(20))
                .unwrap();
            (report, started.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    let id = a.add_lead(lead(7)).unwrap().id.to_string();
    a.sync(&Ureq, &server.url, &token_a).unwrap();
    let (report, took) = waiting.join().unwrap();
    assert!(report.applied > 0, "{report:?}");
    assert!(
        took < Duration::from_secs(20),
        "woken by the push, not by the 20 s deadline ({took:?})"
    );
    assert_eq!(b.lead(&id).unwrap().first_name, "Lead 7");
}

/// Real-shaped notes, each different (written for this test).
fn sample_notes() -> Vec<&'static str> {
    include_str!("fixtures/notes.txt").lines().collect()
}

#[test]
fn a_day_of_notes_costs_at_most_one_and_a_half_times_its_text_on_the_wire() {
    let server = start_server();
    let team = server
        .runtime
        .block_on(server.storage.create_team("Brightside"))
        .unwrap();
    let token = enrol(&server, &team, "Sam");
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let app = phone(dir.path(), "sam", clock.clone());
    let leads: Vec<String> = (0..8)
        .map(|n| app.add_lead(lead(n)).unwrap().id.to_string())
        .collect();
    app.sync(&Ureq, &server.url, &token).unwrap();

    // A day offline: every note on one of the day's leads, minutes apart.
    let notes = sample_notes();
    for (i, note) in notes.iter().enumerate() {
        clock.advance(chrono::Duration::minutes(7));
        app.add_note(&leads[i % leads.len()], note).unwrap();
    }
    let report = app.sync(&Ureq, &server.url, &token).unwrap();
    assert_eq!(report.pushed as usize, notes.len());
    let text: usize = notes.iter().map(|n| n.len()).sum();
    let ratio = report.bytes_sent as f64 / text as f64;
    println!(
        "{} notes, {text} bytes of text, {} bytes sent: {ratio:.2}x",
        notes.len(),
        report.bytes_sent
    );
    assert!(ratio <= 1.5, "{ratio:.2}x the notes' own text");

    // Synced one at a time, each note carries the envelope alone (docs/benchmarks.md).
    let note = notes[4];
    app.add_note(&leads[0], note).unwrap();
    let single = app.sync(&Ureq, &server.url, &token).unwrap();
    println!(
        "1 note of {} bytes alone: {} bytes sent",
        note.len(),
        single.bytes_sent
    );
}

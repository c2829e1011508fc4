//! Leads delivered to the real server's webhooks: authentic deliveries of each kind
//! become leads on the right rep's phone (within a long poll), one lead per phone, in
//! turn; forged, stale or malformed ones store nothing and say why. The team report and
//! a rep's queue come from the server's own view of the team.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::{json, Value};
use support::{phone, start_server, Ureq};
use warmline_core::{Clock, ManualClock, Outcome, Warmline};
use warmline_intake::{sign_meta, sign_webhook};
use warmline_server::intake::IntakeResponse;
use warmline_server::storage::{SourceKind, Storage};

struct Team {
    server: support::Running,
    team: String,
    /// (rep id, device token) of Sam and Ana.
    reps: Vec<(String, String)>,
}

impl Team {
    fn new() -> Self {
        let server = start_server();
        let rt = &server.runtime;
        let team = rt
            .block_on(server.storage.create_team("Brightside"))
            .unwrap();
        let reps = ["Sam", "Ana"]
            .iter()
            .map(|name| {
                let (rep, code) = rt
                    .block_on(
                        server
                            .storage
                            .create_rep(&team, name, Duration::from_secs(60)),
                    )
                    .unwrap();
                let (_, token) = rt.block_on(server.storage.enrol(&code, name)).unwrap();
                (rep.id, token)
            })
            .collect();
        Self { server, team, reps }
    }

    fn source(&self, kind: SourceKind) -> (String, String) {
        let source = self
            .server
            .runtime
            .block_on(self.server.storage.create_source(&self.team, kind, "Ads"))
            .unwrap();
        (source.id, source.secret)
    }

    fn latest(&self) -> u64 {
        self.server
            .runtime
            .block_on(self.server.storage.latest(&self.team))
            .unwrap()
    }

    /// POSTs `body` to the source's webhook; the status and the JSON answer.
    fn deliver(&self, source: &str, headers: &[(&str, String)], body: &[u8]) -> (u16, Value) {
        let mut request = ureq::post(&format!("{}/v1/intake/{source}", self.server.url));
        for (name, value) in headers {
            request = request.set(name, value);
        }
        let response = match request.send_bytes(body) {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{e}"),
        };
        (response.status(), response.into_json().unwrap())
    }

    fn phone_of(&self, dir: &std::path::Path, name: &str) -> Warmline {
        phone(dir, name, Arc::new(ManualClock::new(Utc::now())))
    }
}

fn generic_lead(phone: &str, first_name: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "first_name": first_name,
        "phone": phone,
        "source": "web_form",
        "ad_name": "Solar for farms - autumn",
        "campaign_name": "Q4 Solar prospecting",
        "custom_fields": {"Roof": "barn, 300 m2"}
    }))
    .unwrap()
}

/// A delivery's HTTP headers, as (name, value).
type Headers = Vec<(&'static str, String)>;

fn signed(secret: &str, body: &[u8]) -> Headers {
    let now = Utc::now().timestamp();
    vec![
        ("X-Warmline-Timestamp", now.to_string()),
        (
            "X-Warmline-Signature",
            sign_webhook(secret.as_bytes(), now, body),
        ),
        ("Content-Type", "application/json".to_owned()),
    ]
}

fn accepted(answer: &Value) -> IntakeResponse {
    serde_json::from_value(answer.clone()).unwrap()
}

#[test]
fn a_signed_webhook_lead_reaches_its_rep_s_phone_while_it_long_polls() {
    let t = Team::new();
    let (source, secret) = t.source(SourceKind::Generic);
    let dir = tempfile::tempdir().unwrap();
    let sam = Arc::new(t.phone_of(dir.path(), "sam"));
    sam.sync(&Ureq, &t.server.url, &t.reps[0].1).unwrap();

    let waiting = {
        let (sam, url, token) = (Arc::clone(&sam), t.server.url.clone(), t.reps[0].1.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            sam.sync_waiting(&Ureq, &url, &token, Duration::from_secs(20))
                .unwrap();
            started.elapsed()
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    let body = generic_lead("+1 212 555 0190", "Ann");
    let (status, answer) = t.deliver(&source, &signed(&secret, &body), &body);
    assert_eq!(status, 200, "{answer}");
    let lead = &accepted(&answer).leads[0];
    assert_eq!(
        lead.assigned_to.as_deref(),
        Some(t.reps[0].0.as_str()),
        "the first lead goes to the first rep"
    );
    assert!(
        waiting.join().unwrap() < Duration::from_secs(20),
        "woken by the lead"
    );
    let on_phone = sam.lead(&lead.id).unwrap();
    assert_eq!(on_phone.first_name, "Ann");
    assert_eq!(
        on_phone.asked_about.as_deref(),
        Some("Solar for farms - autumn"),
        "the opener can name the ad"
    );
    assert_eq!(
        sam.queue(10).unwrap().entries[0].lead.id.to_string(),
        lead.id
    );
}

#[test]
fn leads_go_in_turn_and_a_known_phone_is_a_new_inquiry_on_the_same_lead() {
    let t = Team::new();
    let (source, secret) = t.source(SourceKind::Generic);
    let send = |phone: &str, name: &str| {
        let body = generic_lead(phone, name);
        let (status, answer) = t.deliver(&source, &signed(&secret, &body), &body);
        assert_eq!(status, 200, "{answer}");
        accepted(&answer).leads.remove(0)
    };
    let first = send("+1 212 555 0191", "Bo");
    let second = send("+1 212 555 0192", "Cy");
    let again = send("(212) 555-0191", "Bo");
    let third = send("+1 212 555 0193", "Di");
    let (sam, ana) = (Some(t.reps[0].0.clone()), Some(t.reps[1].0.clone()));
    assert_eq!(
        [&first.assigned_to, &second.assigned_to, &third.assigned_to],
        [&sam, &ana, &sam]
    );
    assert!(!first.merged && again.merged);
    assert_eq!(again.id, first.id, "one lead per phone");
    assert_eq!(again.assigned_to, sam, "and it stays with its rep");
}

#[test]
fn a_forged_stale_or_malformed_delivery_stores_nothing_and_says_why() {
    let t = Team::new();
    let (generic, secret) = t.source(SourceKind::Generic);
    let (meta, _) = t.source(SourceKind::Meta);
    let (google, _) = t.source(SourceKind::Google);
    let before = t.latest();
    let body = generic_lead("+1 212 555 0194", "Ed");

    let forged = signed("not the secret", &body);
    let (status, answer) = t.deliver(&generic, &forged, &body);
    assert_eq!(
        (status, answer["error"].as_str()),
        (401, Some("bad_signature"))
    );

    let an_hour_ago = Utc::now().timestamp() - 3600;
    let stale = vec![
        ("X-Warmline-Timestamp", an_hour_ago.to_string()),
        (
            "X-Warmline-Signature",
            sign_webhook(secret.as_bytes(), an_hour_ago, &body),
        ),
    ];
    let (status, answer) = t.deliver(&generic, &stale, &body);
    assert_eq!(status, 401, "a replayed delivery: {answer}");

    let (status, answer) = t.deliver(&generic, &[], &body);
    assert_eq!(status, 401, "unsigned: {answer}");

    let malformed = br#"{"first_name": "Ed", "phone": "+1 212 555 0194", "favourite": 1}"#;
    let (status, answer) = t.deliver(&generic, &signed(&secret, malformed), malformed);
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains("favourite"),
        "{answer}"
    );

    let meta_body = include_bytes!("../../intake/tests/fixtures/meta_page.json");
    let wrong = vec![("X-Hub-Signature-256", sign_meta(b"other app", meta_body))];
    let (status, _) = t.deliver(&meta, &wrong, meta_body);
    assert_eq!(status, 401);

    let google_body = google_lead("wrong key", false);
    let (status, answer) = t.deliver(&google, &[], &google_body);
    assert_eq!(status, 401, "{answer}");

    let (status, _) = t.deliver("no-such-source", &signed(&secret, &body), &body);
    assert_eq!(status, 404);
    assert_eq!(t.latest(), before, "nothing reached the team's log");
}

fn google_lead(key: &str, is_test: bool) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "lead_id": "lead-7781",
        "api_version": "1.0",
        "form_id": 40000000001_u64,
        "campaign_id": 20000000002_u64,
        "google_key": key,
        "is_test": is_test,
        "user_column_data": [
            {"column_id": "FULL_NAME", "column_name": "Full Name", "string_value": "Bea Ortiz"},
            {"column_id": "PHONE_NUMBER", "column_name": "User Phone", "string_value": "+1 312-555-0143"}
        ]
    }))
    .unwrap()
}

#[test]
fn meta_and_google_leads_come_in_and_google_test_leads_are_only_acknowledged() {
    let t = Team::new();
    let (meta, meta_secret) = t.source(SourceKind::Meta);
    let (google, google_key) = t.source(SourceKind::Google);

    let page = include_bytes!("../../intake/tests/fixtures/meta_page.json");
    let headers = vec![(
        "X-Hub-Signature-256",
        sign_meta(meta_secret.as_bytes(), page),
    )];
    let (status, answer) = t.deliver(&meta, &headers, page);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(accepted(&answer).leads.len(), 2, "a page of two leads");

    let before = t.latest();
    let (status, answer) = t.deliver(&google, &[], &google_lead(&google_key, true));
    assert_eq!(status, 200, "{answer}");
    assert!(accepted(&answer).test && accepted(&answer).leads.is_empty());
    assert_eq!(t.latest(), before, "a test lead is not stored");

    let (status, answer) = t.deliver(&google, &[], &google_lead(&google_key, false));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(accepted(&answer).leads.len(), 1);

    // Meta's subscription check echoes the challenge for the right verify token only.
    let url = format!("{}/v1/intake/{meta}", t.server.url);
    let check = |token: &str| match ureq::get(&url)
        .query("hub.mode", "subscribe")
        .query("hub.verify_token", token)
        .query("hub.challenge", "1158201444")
        .call()
    {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, _)) => (code, String::new()),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(check(&meta_secret), (200, "1158201444".to_owned()));
    assert_eq!(check("guess").0, 401);
}

#[test]
fn the_report_and_a_rep_s_queue_come_from_the_server_s_view_of_the_team() {
    let t = Team::new();
    let (source, secret) = t.source(SourceKind::Generic);
    for (phone, name) in [("+1 212 555 0195", "Flo"), ("+1 212 555 0196", "Gus")] {
        let body = generic_lead(phone, name);
        assert_eq!(t.deliver(&source, &signed(&secret, &body), &body).0, 200);
    }
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let sam = phone(dir.path(), "sam", clock.clone());
    sam.sync(&Ureq, &t.server.url, &t.reps[0].1).unwrap();
    let flo = sam.queue(10).unwrap().entries[0].lead.id.to_string();
    clock.advance(chrono::Duration::minutes(3));
    let attempt = sam.start_attempt(&flo).unwrap().id.to_string();
    sam.attempt_connected(&attempt, clock.now()).unwrap();
    sam.record_outcome(&flo, Outcome::Qualified).unwrap();
    sam.sync(&Ureq, &t.server.url, &t.reps[0].1).unwrap();

    let service = &t.server.service;
    let rt = &t.server.runtime;
    let report = rt
        .block_on(service.report(
            &t.team,
            Utc::now() - chrono::Duration::days(1),
            Utc::now() + chrono::Duration::days(1),
        ))
        .unwrap();
    assert_eq!(report.leads, 2);
    assert_eq!(
        (
            report.speed_to_lead.dialled,
            report.speed_to_lead.never_dialled
        ),
        (1, 1)
    );
    assert_eq!(report.outcomes, [("qualified".to_owned(), 1)]);

    let ana_queue = rt.block_on(service.rep_queue(&t.team, "ana", 10)).unwrap();
    let sam_queue = rt.block_on(service.rep_queue(&t.team, "Sam", 10)).unwrap();
    assert_eq!(ana_queue.open, 1, "Gus is Ana's");
    assert_eq!(ana_queue.entries[0].lead.first_name, "Gus");
    assert_eq!(
        sam_queue.open, 0,
        "Flo, qualified, left Sam's queue; Gus is not his"
    );
    assert!(rt.block_on(service.rep_queue(&t.team, "Zed", 10)).is_err());
}

#[test]
fn a_retried_delivery_is_answered_as_the_first_and_stores_nothing_on_every_source_kind() {
    let t = Team::new();
    let (generic, secret) = t.source(SourceKind::Generic);
    let (meta, meta_secret) = t.source(SourceKind::Meta);
    let (google, google_key) = t.source(SourceKind::Google);
    let with_id = |id: &str| {
        let mut lead: Value =
            serde_json::from_slice(&generic_lead("+1 212 555 0194", "Eve")).unwrap();
        lead["id"] = json!(id);
        serde_json::to_vec(&lead).unwrap()
    };
    let page = include_bytes!("../../intake/tests/fixtures/meta_page.json");
    let meta_headers = vec![(
        "X-Hub-Signature-256",
        sign_meta(meta_secret.as_bytes(), page),
    )];
    let google_body = google_lead(&google_key, false);
    let deliveries: [(&str, Headers, Vec<u8>); 3] = [
        (
            &generic,
            signed(&secret, &with_id("form-81")),
            with_id("form-81"),
        ),
        (&meta, meta_headers, page.to_vec()),
        (&google, Vec::new(), google_body),
    ];
    for (source, headers, body) in deliveries {
        let (status, first) = t.deliver(source, &headers, &body);
        assert_eq!(status, 200, "{first}");
        let stored = t.latest();
        let (status, again) = t.deliver(source, &headers, &body);
        assert_eq!(status, 200, "{again}");
        assert_eq!(again, first, "answered as the first time");
        assert_eq!(
            t.latest(),
            stored,
            "and nothing stored: not a second inquiry"
        );
    }

    // The same person under a new sender id is a new inquiry on the same lead.
    let body = with_id("form-82");
    let (_, answer) = t.deliver(&generic, &signed(&secret, &body), &body);
    assert!(accepted(&answer).leads[0].merged);
}

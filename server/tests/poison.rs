//! Values that would break a phone never reach one. A real enrolled phone's token pushes
//! each poison value through the real server (loopback): refused with `invalid_change`
//! naming the change and field, nothing stored. A poison value written straight into the
//! server's storage (an older server let it in) reaches a second phone, which applies
//! the valid part, sets the change aside, still opens, shows its queue and reports it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;

use chrono::TimeZone;
use serde_json::{json, Value};
use support::{enrol, phone, start_server, Running, Ureq};
use warmline_core::sync::wire::Change;
use warmline_core::{LeadStatus, ManualClock, NewLead};
use warmline_server::storage::Storage;

/// Later than anything the phones wrote, so its fields win where they are valid.
const STAMP: &str = "0001800000000000-0000000000-hostile";

/// Pushes `changes` with `token`; the status and the JSON answer.
fn push(server: &Running, token: &str, changes: Value) -> (u16, Value) {
    let answer = ureq::post(&format!("{}/v1/push", server.url))
        .set("authorization", &format!("Bearer {token}"))
        .send_json(json!({ "changes": changes }));
    match answer {
        Ok(response) => (response.status(), response.into_json().unwrap()),
        Err(ureq::Error::Status(status, response)) => (status, response.into_json().unwrap()),
        Err(other) => panic!("{other}"),
    }
}

fn fields(id: &str, lead: &str, fields: Value) -> Value {
    json!({ "id": id, "lead_id": lead, "stamp": STAMP, "type": "fields", "fields": fields })
}

fn attempt(id: &str, lead: &str, body: &str) -> Value {
    json!({ "id": id, "lead_id": lead, "stamp": STAMP, "type": "record", "kind": "attempt",
            "record": id, "body": body })
}

#[test]
fn poison_values_are_refused_at_the_server_and_set_aside_by_a_phone() {
    let server = start_server();
    let team = server
        .runtime
        .block_on(server.storage.create_team("Brightside"))
        .unwrap();
    let (sam_token, ana_token) = (enrol(&server, &team, "Sam"), enrol(&server, &team, "Ana"));
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 30, 15, 0, 0)
            .unwrap(),
    ));
    let sam = phone(dir.path(), "sam", clock.clone());
    let lead = sam
        .add_lead(NewLead {
            first_name: "Ann".into(),
            phone: "+1 212 555 0190".into(),
            ..NewLead::default()
        })
        .unwrap()
        .id
        .to_string();
    sam.sync(&Ureq, &server.url, &sam_token).unwrap();
    let stored = server
        .runtime
        .block_on(server.storage.latest(&team))
        .unwrap();

    let mega_name = "A".repeat(1024 * 1024);
    let poisons = [
        (fields("p1", &lead, json!({"status": "exploded"})), "status"),
        (
            fields("p2", &lead, json!({"time_zone": "Mars/Olympus"})),
            "time_zone",
        ),
        (
            fields("p3", &lead, json!({"favourite_colour": "teal"})),
            "favourite_colour",
        ),
        (
            fields("p4", &lead, json!({"first_name": mega_name})),
            "first_name",
        ),
        (fields("p5", &lead, json!({"attempts": "many"})), "attempts"),
        (fields("p6", &lead, json!({"status": null})), "status"),
        (
            fields("p7", "not-a-lead-id", json!({"first_name": "Bo"})),
            "lead_id",
        ),
        (
            attempt(
                "p8",
                &lead,
                r#"{"started_at":1764255600000,"outcome":"exploded"}"#,
            ),
            "body",
        ),
    ];
    for (change, field) in poisons {
        let (status, body) = push(&server, &sam_token, json!([change]));
        assert_eq!(status, 400, "{field}: {body}");
        assert_eq!(body["error"], "invalid_change", "{field}: {body}");
        assert_eq!(body["field"], field, "{body}");
        assert!(
            body["change_id"].as_str().unwrap().starts_with('p'),
            "{body}"
        );
    }
    assert_eq!(
        server
            .runtime
            .block_on(server.storage.latest(&team))
            .unwrap(),
        stored,
        "nothing of a refused push was stored"
    );

    // An older server stored a poison value: it comes down to Ana's phone.
    let device = server
        .runtime
        .block_on(server.storage.authenticate(&sam_token))
        .unwrap();
    let slipped: Change = serde_json::from_value(fields(
        "slipped",
        &lead,
        json!({"status": "exploded", "company": "Acme Roofing"}),
    ))
    .unwrap();
    server
        .runtime
        .block_on(server.storage.push(&device, vec![slipped]))
        .unwrap();

    let ana = phone(dir.path(), "ana", clock.clone());
    let report = ana.sync(&Ureq, &server.url, &ana_token).unwrap();
    assert_eq!(report.skipped, 1, "{report:?}");
    let on_ana = ana.lead(&lead).unwrap();
    assert_eq!(
        (on_ana.status, on_ana.company.as_deref()),
        (LeadStatus::New, Some("Acme Roofing")),
        "the valid field applied, the poison one not"
    );
    assert_eq!(ana.sync_status().unwrap().quarantined_changes, 1);
    drop(ana);

    let ana = phone(dir.path(), "ana", clock);
    assert_eq!(ana.queue(10).unwrap().entries.len(), 1, "the phone opens");
    let screen = ana.sync_screen().unwrap();
    assert_eq!(screen.quarantined_changes, 1, "reported, not lost");
}

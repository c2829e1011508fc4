//! `warmline report --json` against figures worked out by hand: leads imported with the
//! command, called on a phone (the real core, its clock set by the test) that syncs with
//! `warmline serve`, then reported from the server's own view of the team.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Value};
use support::{Phone, Workspace};
use warmline_core::session::Intent;
use warmline_core::{ManualClock, Outcome};

/// Calls as the test makes them: who, how long after they asked, and what happened.
struct Planned {
    name: &'static str,
    asked_hours_ago: i64,
    first_dial_after: Option<Duration>,
}

fn plan() -> [Planned; 4] {
    [
        // Reached on a scripted call two minutes after asking; found something else.
        Planned {
            name: "Ann Lee",
            asked_hours_ago: 3,
            first_dial_after: Some(Duration::minutes(2)),
        },
        // Dialled after 20 minutes; no answer.
        Planned {
            name: "Bo Chen",
            asked_hours_ago: 2,
            first_dial_after: Some(Duration::minutes(20)),
        },
        // Never dialled.
        Planned {
            name: "Cy Diaz",
            asked_hours_ago: 1,
            first_dial_after: None,
        },
        // Dialled after three hours outside the script; voicemail.
        Planned {
            name: "Di Evans",
            asked_hours_ago: 4,
            first_dial_after: Some(Duration::hours(3)),
        },
    ]
}

fn csv(now: DateTime<Utc>) -> String {
    let phones = [
        "(415) 555-2671",
        "+1 312 555 0143",
        "+1 312 555 0144",
        "+1 312 555 0145",
    ];
    let mut text = String::from("Name,Phone,Created\n");
    for (planned, phone) in plan().iter().zip(phones) {
        let asked = now - Duration::hours(planned.asked_hours_ago);
        text.push_str(&format!(
            "{},{phone},{}\n",
            planned.name,
            asked.to_rfc3339_opts(SecondsFormat::Secs, true)
        ));
    }
    text
}

/// Makes the planned calls on the phone, each at its lead's inquiry time plus its delay.
fn make_calls(phone: &Phone, clock: &ManualClock) {
    let leads = phone.core.queue(10).unwrap().entries;
    let lead = |name: &str| {
        leads
            .iter()
            .find(|e| e.lead.display_name() == name)
            .unwrap_or_else(|| panic!("{name} is not on the phone"))
            .lead
            .clone()
    };
    for planned in plan() {
        let Some(delay) = planned.first_dial_after else {
            continue;
        };
        let lead = lead(planned.name);
        let dialled_at = lead.inquired_at + delay;
        clock.set(dialled_at);
        let id = lead.id.to_string();
        match planned.name {
            "Ann Lee" => {
                let card = phone.core.start_call(&id).unwrap();
                let session = card.session_id;
                phone
                    .core
                    .call_connected(&session, dialled_at + Duration::seconds(8))
                    .unwrap();
                for choice in ["yes", "found", "close"] {
                    phone
                        .core
                        .call_intent(
                            &session,
                            Intent::Choose {
                                choice: choice.into(),
                            },
                        )
                        .unwrap();
                }
                phone
                    .core
                    .call_ended(&session, dialled_at + Duration::minutes(3))
                    .unwrap();
                phone
                    .core
                    .end_call(&session, Outcome::FoundElsewhere)
                    .unwrap();
            }
            "Bo Chen" => {
                let session = phone.core.start_call(&id).unwrap().session_id;
                phone
                    .core
                    .call_ended(&session, dialled_at + Duration::seconds(30))
                    .unwrap();
                phone.core.end_call(&session, Outcome::NoAnswer).unwrap();
            }
            _ => {
                phone.core.start_attempt(&id).unwrap();
                phone.core.record_outcome(&id, Outcome::Voicemail).unwrap();
            }
        }
    }
}

#[test]
fn the_report_matches_figures_worked_out_by_hand() {
    let workspace = Workspace::new();
    let team = workspace.team("Solar North");
    let code = workspace.rep(&team, "Ann Park");
    let now = Utc::now();
    let file = workspace.write("leads.csv", &csv(now));
    workspace.ok(&["import", "--team", &team, file.to_str().unwrap()]);

    let server = workspace.serve();
    let clock = Arc::new(ManualClock::new(now));
    let phone = Phone::enrol(workspace.path(), &server, &code, clock.clone());
    phone.sync();
    make_calls(&phone, &clock);
    phone.sync();

    let since = (now - Duration::days(2)).format("%Y-%m-%d").to_string();
    let stdout = workspace.ok(&[
        "report",
        "--team",
        "Solar North",
        "--since",
        &since,
        "--json",
    ]);
    let report: Value = serde_json::from_str(&stdout).unwrap();

    assert_eq!(report["leads"], 4, "{report:#}");
    // First-dial delays, sorted: 2 min, 20 min, 3 h. Nearest rank: the median is the
    // 2nd of 3, the 90th percentile the 3rd.
    assert_eq!(
        report["speed_to_lead"],
        json!({"dialled": 3, "never_dialled": 1, "median_seconds": 20 * 60, "p90_seconds": 3 * 3600}),
        "{report:#}"
    );
    let bands: Vec<(String, u64, u64)> = report["contact_by_delay"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["band"].as_str().unwrap().to_owned(),
                b["leads"].as_u64().unwrap(),
                b["reached"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bands,
        [
            ("under 5 min".to_owned(), 1, 1),
            ("5-30 min".to_owned(), 1, 0),
            ("30 min-2 h".to_owned(), 0, 0),
            ("2-24 h".to_owned(), 1, 0),
            ("over 24 h".to_owned(), 0, 0),
        ]
    );
    assert_eq!(report["contact_by_delay"][0]["contact_rate"], 1.0);
    assert_eq!(
        report["outcomes"],
        json!([
            {"outcome": "found_elsewhere", "calls": 1},
            {"outcome": "no_answer", "calls": 1},
            {"outcome": "voicemail", "calls": 1},
        ])
    );
    // Ann's call went Connect → Still looking? → They found something; Bo's stopped at
    // Connect; Di's was not scripted.
    assert_eq!(
        report["stages"],
        json!([
            {"stage": "connect", "reached": 2, "stopped": 1},
            {"stage": "still_looking", "reached": 1, "stopped": 0},
            {"stage": "found_elsewhere", "reached": 1, "stopped": 1},
        ])
    );

    let text = workspace.ok(&["report", "--team", "Solar North", "--since", &since]);
    assert!(text.contains("dialled 3, never dialled 1"), "{text}");
    assert!(
        text.contains("median 20 min, 90th percentile 3 h 00 min"),
        "{text}"
    );
    assert!(text.contains("under 5 min  1      1        100%"), "{text}");
}

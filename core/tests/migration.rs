//! A store written by the first schema opens with today's code: same schema as a fresh
//! store, and its leads intact and in the queue.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::path::Path;
use std::sync::Arc;

use support::*;
use warmline_core::store::{latest_version, migrate_to, user_version};
use warmline_core::{DeviceSettings, EventKind, LeadStatus, ManualClock, Warmline, ZoneSource};

fn schema(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

fn open(path: &Path) -> Warmline {
    let clock = Arc::new(ManualClock::new(utc(2026, 11, 27, 15, 0)));
    Warmline::open(
        path,
        DeviceSettings {
            time_zone: "America/New_York".into(),
            rep_first_name: None,
        },
        clock,
    )
    .unwrap()
}

#[test]
fn a_version_one_store_migrates_to_the_fresh_schema_with_its_leads() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v1.db");
    {
        let mut conn = rusqlite::Connection::open(&old).unwrap();
        migrate_to(&mut conn, &old, 1).unwrap();
        conn.execute(
            "INSERT INTO leads (id, first_name, last_name, phone_e164, phone_raw, email, company, created_at, updated_at)
             VALUES ('0190e7a0-0000-7000-8000-000000000001', 'Ann', 'Lee', '+14155552671', '(415) 555-2671',
                     NULL, 'Acme', ?1, ?1)",
            [utc(2026, 11, 27, 14, 0).timestamp_millis()],
        )
        .unwrap();
        assert_eq!(user_version(&conn).unwrap(), 1);
    }
    let migrated = open(&old);
    let fresh_path = dir.path().join("fresh.db");
    drop(open(&fresh_path));
    assert_eq!(schema(&old), schema(&fresh_path));

    let lead = migrated
        .lead("0190e7a0-0000-7000-8000-000000000001")
        .unwrap();
    assert_eq!(
        (lead.first_name.as_str(), lead.company.as_deref()),
        ("Ann", Some("Acme"))
    );
    assert_eq!(lead.status, LeadStatus::New);
    assert_eq!(lead.inquired_at, utc(2026, 11, 27, 14, 0));
    assert_eq!(lead.inquiry_count, 1);
    assert_eq!(
        (lead.time_zone, lead.time_zone_source),
        (chrono_tz::America::Los_Angeles, ZoneSource::PhonePrefix),
        "the team default of schema 1, re-derived from the 415 area code"
    );
    let detail = migrated.lead_detail(&lead.id.to_string()).unwrap();
    assert_eq!(
        detail.timeline.iter().map(|e| e.kind).collect::<Vec<_>>(),
        vec![EventKind::Inquiry]
    );
    let queue = migrated.queue(10).unwrap();
    assert_eq!(queue.entries.len(), 1);
    // 15:00 UTC is 07:00 in Los Angeles: no longer "call now" on New York's say-so.
    assert_eq!(queue.entries[0].reason, "Callable at 08:00 their time");

    let conn = rusqlite::Connection::open(&old).unwrap();
    assert_eq!(user_version(&conn).unwrap(), latest_version());
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

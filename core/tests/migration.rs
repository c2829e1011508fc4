//! A store written by the first schema opens with today's code: same schema as a fresh
//! store, and its leads intact and in the queue.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::path::Path;
use std::sync::Arc;

use support::*;
use warmline_core::store::{latest_version, migrate_to, user_version, version_of};
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

#[test]
fn leads_with_the_team_default_before_the_second_zone_take_their_area_code_or_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rep.db");
    let mut ids = std::collections::HashMap::new();
    {
        let app = open(&path);
        let mut tex = lead("Tex", "+1 415 555 0103");
        tex.custom_fields = vec![("State".into(), "TX".into())];
        for new in [
            lead("Pat", "+1 415 555 0101"),
            lead("Sue", "+1 605 555 0102"),
            tex,
            lead("Free", "+1 800 555 0104"),
            lead_at(
                "Given",
                "+1 415 555 0105",
                utc(2026, 11, 27, 14, 0),
                "America/New_York",
            ),
        ] {
            let stored = app.add_lead(new).unwrap();
            ids.insert(stored.first_name.clone(), stored.id.to_string());
        }
    }
    {
        // The store as the previous schema left it: every zone but the explicit one was
        // the team default, and there was no second zone.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "UPDATE leads SET time_zone = 'America/New_York', time_zone_source = 'team_default'
              WHERE time_zone_source != 'explicit';
             ALTER TABLE leads DROP COLUMN also_time_zone;
             PRAGMA user_version = {};",
            version_of("0011_lead_second_zone").unwrap() - 1
        ))
        .unwrap();
    }
    let app = open(&path);
    let zone_of = |name: &str| {
        let lead = app.lead(&ids[name]).unwrap();
        (
            lead.time_zone.name().to_owned(),
            lead.also_time_zone.map(|tz| tz.name().to_owned()),
            lead.time_zone_source,
        )
    };
    let la = "America/Los_Angeles".to_owned();
    let ny = "America/New_York".to_owned();
    assert_eq!(zone_of("Pat"), (la, None, ZoneSource::PhonePrefix));
    assert_eq!(
        zone_of("Sue"),
        (
            "America/Denver".into(),
            Some("America/North_Dakota/Center".into()),
            ZoneSource::PhonePrefix
        )
    );
    assert_eq!(
        zone_of("Tex"),
        (
            "America/Chicago".into(),
            Some("America/Denver".into()),
            ZoneSource::State
        )
    );
    assert_eq!(zone_of("Free"), (ny.clone(), None, ZoneSource::TeamDefault));
    assert_eq!(zone_of("Given"), (ny, None, ZoneSource::Explicit));
}

//! Shared helpers for the core's integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use warmline_core::{DeviceSettings, ManualClock, NewLead, Warmline};

pub struct TestApp {
    pub app: Warmline,
    pub clock: Arc<ManualClock>,
    pub path: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

pub fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// A store in a fresh folder, a rep in New York, the clock at `now`.
pub fn app_at(now: DateTime<Utc>) -> TestApp {
    app_in_zone(now, "America/New_York")
}

pub fn app_in_zone(now: DateTime<Utc>, rep_zone: &str) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rep.db");
    let clock = Arc::new(ManualClock::new(now));
    let app = Warmline::open(
        &path,
        DeviceSettings {
            time_zone: rep_zone.into(),
            rep_first_name: None,
        },
        clock.clone(),
    )
    .unwrap();
    TestApp {
        app,
        clock,
        path,
        _dir: Some(dir),
    }
}

impl TestApp {
    /// Closes and reopens the store, as after the app was killed.
    pub fn reopen(self) -> TestApp {
        let TestApp {
            app,
            clock,
            path,
            _dir,
        } = self;
        drop(app);
        let app = Warmline::open(
            &path,
            DeviceSettings {
                time_zone: "America/New_York".into(),
                rep_first_name: None,
            },
            clock.clone(),
        )
        .unwrap();
        TestApp {
            app,
            clock,
            path,
            _dir,
        }
    }

    /// Everything in the database, as text: equal fingerprints mean nothing changed.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.path)
    }
}

pub fn fingerprint(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = String::new();
    for table in ["leads", "inquiries", "attempts", "lead_events", "settings"] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                Ok((0..columns)
                    .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.unwrap()));
        }
    }
    out
}

pub fn lead(first: &str, phone: &str) -> NewLead {
    NewLead {
        first_name: first.into(),
        phone: phone.into(),
        ..NewLead::default()
    }
}

/// A lead that asked at `at`, in `zone`.
pub fn lead_at(first: &str, phone: &str, at: DateTime<Utc>, zone: &str) -> NewLead {
    NewLead {
        inquired_at: Some(at),
        time_zone: Some(zone.into()),
        ..lead(first, phone)
    }
}

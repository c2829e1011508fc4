//! Step-wise schema migrations.
//!
//! The schema version lives in SQLite's `user_version`. Each numbered `.sql` file in
//! `core/migrations/` moves the schema up one version, applied in its own transaction
//! together with the version bump, so a crash mid-upgrade leaves the previous version
//! intact. A database written by a newer app is refused rather than misread.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// One schema step: applying `sql` to version `version - 1` yields version `version`.
#[derive(Debug)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every schema step, in order. Append only: a shipped step is never edited.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_leads",
        sql: include_str!("../../migrations/0001_leads.sql"),
    },
    Migration {
        version: 2,
        name: "0002_leads_queue",
        sql: include_str!("../../migrations/0002_leads_queue.sql"),
    },
    Migration {
        version: 3,
        name: "0003_calls_and_notes",
        sql: include_str!("../../migrations/0003_calls_and_notes.sql"),
    },
    Migration {
        version: 4,
        name: "0004_sync",
        sql: include_str!("../../migrations/0004_sync.sql"),
    },
    Migration {
        version: 5,
        name: "0005_record_revisions",
        sql: include_str!("../../migrations/0005_record_revisions.sql"),
    },
    Migration {
        version: 6,
        name: "0006_phone_calls",
        sql: include_str!("../../migrations/0006_phone_calls.sql"),
    },
    Migration {
        version: 7,
        name: "0007_session_team",
        sql: include_str!("../../migrations/0007_session_team.sql"),
    },
    Migration {
        version: 8,
        name: "0008_dial_reservation",
        sql: include_str!("../../migrations/0008_dial_reservation.sql"),
    },
    Migration {
        version: 9,
        name: "0009_quarantine",
        sql: include_str!("../../migrations/0009_quarantine.sql"),
    },
    Migration {
        version: 10,
        name: "0010_revision_triggers",
        sql: include_str!("../../migrations/0010_revision_triggers.sql"),
    },
    Migration {
        version: 11,
        name: "0011_lead_second_zone",
        sql: include_str!("../../migrations/0011_lead_second_zone.sql"),
    },
];

/// The version the step `name` brings the schema to (a step's file name without `.sql`).
pub fn version_of(name: &str) -> Option<u32> {
    MIGRATIONS
        .iter()
        .find(|m| m.name == name)
        .map(|m| m.version)
}

pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Brings the schema of `conn` from whatever version it has to [`latest_version`];
/// returns the version it had (0 for a new database).
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<u32> {
    migrate_to(conn, path, latest_version())
}

/// Applies the steps up to and including `target`; returns the version found.
pub fn migrate_to(conn: &mut Connection, path: &Path, target: u32) -> Result<u32> {
    let found = user_version(conn)?;
    let supported = latest_version();
    if found > supported {
        return Err(Error::SchemaTooNew {
            path: path.display().to_string(),
            found,
            supported,
        });
    }
    for step in MIGRATIONS
        .iter()
        .filter(|m| m.version > found && m.version <= target)
    {
        let tx = conn.transaction()?;
        tx.execute_batch(step.sql)?;
        tx.pragma_update(None, "user_version", step.version)?;
        tx.commit()?;
        tracing::info!(
            version = step.version,
            name = step.name,
            "migrated store schema"
        );
    }
    Ok(found)
}

pub fn user_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema as SQLite records it: every table, index, trigger and view, sorted.
    fn schema(conn: &Connection) -> Vec<(String, String, Option<String>)> {
        let mut stmt = conn
            .prepare(
                "SELECT type, name, sql FROM sqlite_schema
                 WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn each_step_from_every_old_version_equals_a_fresh_database() {
        let fresh_path = Path::new(":memory:");
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, fresh_path).unwrap();
        for start in 1..=latest_version() {
            let mut old = Connection::open_in_memory().unwrap();
            migrate_to(&mut old, fresh_path, start).unwrap();
            assert_eq!(user_version(&old).unwrap(), start);
            migrate(&mut old, fresh_path).unwrap();
            assert_eq!(
                schema(&old),
                schema(&fresh),
                "migrated from version {start}"
            );
            assert_eq!(user_version(&old).unwrap(), latest_version());
        }
    }

    #[test]
    fn versions_are_consecutive_from_one() {
        for (index, step) in MIGRATIONS.iter().enumerate() {
            assert_eq!(step.version as usize, index + 1, "{}", step.name);
        }
    }

    #[test]
    fn a_database_from_a_newer_app_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = migrate(&mut conn, Path::new("phone.db")).unwrap_err();
        assert!(matches!(err, Error::SchemaTooNew { .. }), "{err}");
        assert!(err.to_string().contains("phone.db"));
    }

    #[test]
    fn migrating_twice_is_harmless() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        assert_eq!(user_version(&conn).unwrap(), latest_version());
    }
}

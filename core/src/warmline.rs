//! The `Warmline` handle: one per signed-in rep, opened on the app's database file.

use std::path::Path;
use std::sync::Arc;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::lead::{self, Lead, LeadId, NewLead};
use crate::notify::{ChangeNotifier, Subscription};
use crate::phone::Region;
use crate::store::Database;

/// Team-level settings the core needs before any sync has happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Region used to read phone numbers written without a `+` country code (`US`).
    pub default_region: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            default_region: "US".into(),
        }
    }
}

/// The core's entry point: the store, the clock and the change feed for one rep.
#[derive(Debug)]
pub struct Warmline {
    db: Database,
    clock: Arc<dyn Clock>,
    region: Region,
    changes: ChangeNotifier,
}

impl Warmline {
    /// Opens the store at `path`, creating and migrating it as needed.
    pub fn open(path: impl AsRef<Path>, settings: Settings, clock: Arc<dyn Clock>) -> Result<Self> {
        let region = settings
            .default_region
            .parse()
            .map_err(|problem| Error::InvalidSettings {
                setting: "default_region",
                problem,
            })?;
        let db = Database::open(path)?;
        Ok(Self {
            db,
            clock,
            region,
            changes: ChangeNotifier::default(),
        })
    }

    /// Checks, normalises and stores a lead. Durable when this returns.
    pub fn add_lead(&self, new: NewLead) -> Result<Lead> {
        let lead = Lead::from_new(new, self.region, self.clock.now())?;
        self.db.write(|tx| lead::insert(tx, &lead))?;
        self.changes.notify(&[lead.id.to_string()]);
        Ok(lead)
    }

    /// Stores many leads in one transaction; each row succeeds or fails on its own.
    pub fn add_leads(&self, batch: Vec<NewLead>) -> Result<Vec<Result<Lead>>> {
        let now = self.clock.now();
        let outcomes = self.db.write(|tx| {
            Ok(batch
                .into_iter()
                .map(|new| {
                    let lead = Lead::from_new(new, self.region, now)?;
                    lead::insert(tx, &lead)?;
                    Ok(lead)
                })
                .collect::<Vec<Result<Lead>>>())
        })?;
        let added: Vec<String> = outcomes
            .iter()
            .filter_map(|o| o.as_ref().ok())
            .map(|l| l.id.to_string())
            .collect();
        if !added.is_empty() {
            self.changes.notify(&added);
        }
        Ok(outcomes)
    }

    pub fn lead(&self, id: &str) -> Result<Lead> {
        let id: LeadId = id.parse()?;
        self.db.read(|conn| lead::get(conn, id))
    }

    /// Calls `listener` with the ids of changed leads after every committed change.
    pub fn subscribe_leads(&self, listener: Arc<crate::notify::Listener>) -> Subscription {
        self.changes.subscribe(listener)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use chrono::TimeZone;
    use std::sync::Mutex;

    fn open(dir: &Path) -> Warmline {
        let clock = Arc::new(ManualClock::new(
            chrono::Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap(),
        ));
        Warmline::open(dir.join("rep.db"), Settings::default(), clock).unwrap()
    }

    fn ann() -> NewLead {
        NewLead {
            first_name: "Ann".into(),
            phone: "415 555 2671".into(),
            ..NewLead::default()
        }
    }

    #[test]
    fn a_lead_survives_closing_and_reopening_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let id = open(dir.path()).add_lead(ann()).unwrap().id;
        let reopened = open(dir.path());
        let lead = reopened.lead(&id.to_string()).unwrap();
        assert_eq!(lead.phone.e164, "+14155552671");
        assert_eq!(lead.phone.raw, "415 555 2671");
    }

    #[test]
    fn an_impossible_number_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let app = open(dir.path());
        let err = app
            .add_lead(NewLead {
                phone: "555-0000-1".into(),
                ..ann()
            })
            .unwrap_err();
        assert!(matches!(err, Error::InvalidPhone(_)), "{err}");
        let count: i64 = app
            .db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM leads", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(count, 0);
    }

    #[test]
    fn the_same_phone_twice_is_refused_naming_the_existing_lead() {
        let dir = tempfile::tempdir().unwrap();
        let app = open(dir.path());
        let first = app.add_lead(ann()).unwrap();
        let err = app
            .add_lead(NewLead {
                phone: "+1 (415) 555-2671".into(),
                ..ann()
            })
            .unwrap_err();
        assert!(err.to_string().contains(&first.id.to_string()), "{err}");
    }

    #[test]
    fn a_batch_keeps_good_rows_and_reports_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        let app = open(dir.path());
        let batch = vec![
            ann(),
            NewLead {
                phone: "12".into(),
                ..ann()
            },
            NewLead {
                first_name: "Bo".into(),
                phone: "+44 20 7946 0958".into(),
                ..ann()
            },
        ];
        let outcomes = app.add_leads(batch).unwrap();
        assert!(outcomes[0].is_ok() && outcomes[1].is_err() && outcomes[2].is_ok());
        assert_eq!(
            app.lead(&outcomes[2].as_ref().unwrap().id.to_string())
                .unwrap()
                .first_name,
            "Bo"
        );
    }

    #[test]
    fn unknown_ids_and_settings_are_typed_errors() {
        let dir = tempfile::tempdir().unwrap();
        let app = open(dir.path());
        assert!(matches!(
            app.lead("0190e7a0-0000-7000-8000-000000000000"),
            Err(Error::LeadNotFound { .. })
        ));
        assert!(matches!(app.lead("nope"), Err(Error::InvalidInput { .. })));
        let bad = Settings {
            default_region: "Atlantis".into(),
        };
        assert!(matches!(
            Warmline::open(dir.path().join("x.db"), bad, Arc::new(crate::SystemClock)),
            Err(Error::InvalidSettings { .. })
        ));
    }

    #[test]
    fn subscribers_hear_about_new_leads_until_they_unsubscribe() {
        let dir = tempfile::tempdir().unwrap();
        let app = open(dir.path());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let subscription = app.subscribe_leads(Arc::new(move |ids: &[String]| {
            sink.lock().unwrap().extend_from_slice(ids)
        }));
        let lead = app.add_lead(ann()).unwrap();
        drop(subscription);
        app.add_lead(NewLead {
            phone: "+44 20 7946 0958".into(),
            ..ann()
        })
        .unwrap();
        assert_eq!(*seen.lock().unwrap(), vec![lead.id.to_string()]);
    }
}

//! Pulled changes this phone cannot apply are kept, never lost. A change whose values
//! the core's rules refuse ([`super::check`]) or that the store refuses is applied as far
//! as it safely can be (the valid fields of a fields change), and the whole change is set
//! aside with the reason. Sync status counts them; a newer core tries them again, since
//! the usual cause is a field or value added by a newer app.

use rusqlite::{params, Connection};

use super::check::{check_change, lead_field};
use super::hlc::Hlc;
use super::wire::{Change, ChangeBody};
use super::{outbox, ChangeProblem};
use crate::error::{Error, Result};

/// The core version that sets changes aside.
const CORE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What became of one pulled change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Settled {
    /// Applied; whether the lead changed.
    Applied { changed: bool },
    /// Set aside (its valid part applied); whether the lead changed.
    Quarantined { changed: bool },
}

impl Settled {
    pub(crate) fn changed(self) -> bool {
        match self {
            Self::Applied { changed } | Self::Quarantined { changed } => changed,
        }
    }
}

/// Applies what can be applied of `change` and sets it aside if anything could not be.
pub(crate) fn settle(tx: &Connection, change: &Change, at_ms: i64) -> Result<Settled> {
    let problem = match check_change(change) {
        Ok(()) => {
            return match atomically(tx, || apply(tx, change)) {
                Ok(changed) => Ok(Settled::Applied { changed }),
                Err(err) => {
                    set_aside(tx, change, &err.to_string(), at_ms)?;
                    Ok(Settled::Quarantined { changed: false })
                }
            };
        }
        Err(problem) => problem,
    };
    let changed = match valid_fields(change, &problem) {
        Some(part) => atomically(tx, || apply(tx, &part)).unwrap_or(false),
        None => false,
    };
    set_aside(tx, change, &problem.to_string(), at_ms)?;
    Ok(Settled::Quarantined { changed })
}

/// The fields of a fields change that the rules accept, when the change as a whole is
/// sound (its id and lead id); `None` for anything else.
fn valid_fields(change: &Change, problem: &ChangeProblem) -> Option<Change> {
    let ChangeBody::Fields { fields } = &change.body else {
        return None;
    };
    if problem.field == "id" || problem.field == "lead_id" {
        return None;
    }
    let valid = fields
        .iter()
        .filter(|(name, value)| {
            lead_field(name).is_some_and(|(_, kind)| kind.check(value.as_deref()).is_ok())
        })
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    Some(Change {
        body: ChangeBody::Fields { fields: valid },
        ..change.clone()
    })
}

/// Runs `f` so that a failure leaves nothing of it behind (a savepoint; prepared once,
/// as a pull runs this for every change).
fn atomically<T>(tx: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    tx.prepare_cached("SAVEPOINT pulled_change")?.execute([])?;
    let result = f();
    if result.is_err() {
        tx.prepare_cached("ROLLBACK TO pulled_change")?
            .execute([])?;
    }
    tx.prepare_cached("RELEASE pulled_change")?.execute([])?;
    result
}

/// Applies a change the rules accept; whether the lead changed.
pub(crate) fn apply(tx: &Connection, change: &Change) -> Result<bool> {
    let stamp: Hlc = change.stamp.parse()?;
    match &change.body {
        ChangeBody::Fields { fields } if fields.is_empty() => Ok(false),
        ChangeBody::Fields { fields } => outbox::apply_fields(tx, &change.lead_id, fields, &stamp),
        ChangeBody::Record {
            kind,
            record,
            body,
            question,
            prompt,
        } => outbox::apply_record(
            tx,
            &outbox::PulledRecord {
                lead: &change.lead_id,
                kind: *kind,
                record,
                body: body.as_deref(),
                question: question.as_deref(),
                prompt: prompt.as_deref(),
                revision: &change.id,
                stamp: &stamp,
            },
        ),
    }
}

fn set_aside(tx: &Connection, change: &Change, problem: &str, at_ms: i64) -> Result<()> {
    tracing::warn!(change = %change.id, problem, "set a pulled change aside");
    let json = serde_json::to_string(change).map_err(|e| Error::Corrupt(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO quarantine (change_id, change, problem, core_version, at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (change_id) DO UPDATE SET problem = excluded.problem,
             core_version = excluded.core_version, at = excluded.at",
    )?
    .execute(params![change.id, json, problem, CORE_VERSION, at_ms])?;
    Ok(())
}

/// Changes set aside and not yet applied.
pub(crate) fn count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM quarantine", [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Tries again every change an older core set aside; returns the leads that changed.
/// A change applied in full leaves the quarantine; the rest stay, with today's reason.
pub(crate) fn retry_after_upgrade(tx: &Connection, at_ms: i64) -> Result<Vec<String>> {
    let older: Vec<String> = tx
        .prepare_cached("SELECT change FROM quarantine WHERE core_version <> ?1")?
        .query_map([CORE_VERSION], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut touched = Vec::new();
    for json in older {
        let Ok(change) = serde_json::from_str::<Change>(&json) else {
            continue;
        };
        let settled = settle(tx, &change, at_ms)?;
        if let Settled::Applied { .. } = settled {
            tx.prepare_cached("DELETE FROM quarantine WHERE change_id = ?1")?
                .execute([&change.id])?;
        }
        if settled.changed() {
            touched.push(change.lead_id);
        }
    }
    Ok(touched)
}

/// Whether an older core set anything aside: only then is opening the store worth a retry.
pub(crate) fn holds_older(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM quarantine WHERE core_version <> ?1)")?
        .query_row([CORE_VERSION], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use proptest::prelude::*;
    use rusqlite::Connection;

    use super::*;
    use crate::queue::QueueIndex;
    use crate::store::migrate;
    use crate::sync::check::LEAD_FIELDS;

    const LEAD: &str = "0190e7a0-0000-7000-8000-000000000001";

    fn store_with_a_lead() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let fields: BTreeMap<String, Option<String>> = [
            ("first_name", "Ann"),
            ("phone_e164", "+12125550190"),
            ("created_at", "1764600000000"),
            ("status", "new"),
            ("time_zone", "America/New_York"),
            ("next_action_at", "1764600000000"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Some(v.to_owned())))
        .collect();
        let base = change("base", fields, 1);
        assert_eq!(
            settle(&conn, &base, 0).unwrap(),
            Settled::Applied { changed: true }
        );
        conn
    }

    fn change(id: &str, fields: BTreeMap<String, Option<String>>, ms: u64) -> Change {
        Change {
            id: id.into(),
            lead_id: LEAD.into(),
            stamp: format!("{ms:016}-0000000000-peer"),
            body: ChangeBody::Fields { fields },
        }
    }

    /// Values a buggy or hostile peer might send: garbage, and near misses of valid ones.
    fn any_value() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            ".{0,12}".prop_map(Some),
            prop_oneof![
                Just("exploded"),
                Just("Mars/Olympus"),
                Just("-1"),
                Just("99999999999999999999"),
                Just("1.5"),
                Just(""),
                Just("[]"),
                Just("[[\"a\",\"b\"]]"),
                Just("{\"a\":1}"),
                Just("+1"),
                Just("+12125550199"),
                Just("qualified"),
                Just("Europe/London"),
                Just("explicit"),
                Just("ad_form"),
                Just("1764600000001"),
                Just("rep-2"),
            ]
            .prop_map(|v| Some(v.to_owned())),
        ]
    }

    fn any_field() -> impl Strategy<Value = String> {
        prop_oneof![
            9 => proptest::sample::select(LEAD_FIELDS.map(|(name, _)| name).to_vec())
                .prop_map(str::to_owned),
            1 => Just("favourite_colour".to_owned()),
        ]
    }

    proptest! {
        /// Whatever a peer sends, the lead stays readable and the queue loads: the real
        /// apply path (`settle`) either applies a value the store can read back or sets
        /// the change aside.
        #[test]
        fn no_pulled_value_makes_the_store_unreadable(
            changes in proptest::collection::vec(
                proptest::collection::btree_map(any_field(), any_value(), 1..4), 1..6)
        ) {
            let conn = store_with_a_lead();
            for (n, fields) in changes.into_iter().enumerate() {
                let id = format!("c{n}");
                let settled = settle(&conn, &change(&id, fields, 10 + n as u64), 0).unwrap();
                let applied = matches!(settled, Settled::Applied { .. });
                prop_assert!(applied || count(&conn).unwrap() > 0, "neither applied nor kept");
            }
            let id: crate::ids::LeadId = LEAD.parse().unwrap();
            prop_assert!(crate::lead::get(&conn, id).is_ok());
            prop_assert!(QueueIndex::load(&conn).is_ok());
        }
    }

    /// One pulled write: a lead field, or a revision of the lead's note.
    fn pulled(n: usize, write: &(usize, u64, u8, usize)) -> Change {
        let &(what, ms, device, value) = write;
        let stamp = format!("{:016}-0000000000-device{device}", 10 + ms);
        let body = match what {
            0 => ChangeBody::Fields {
                fields: [(
                    "company".to_owned(),
                    [None, Some("Acme"), Some("Birch")][value % 3].map(str::to_owned),
                )]
                .into(),
            },
            1 => ChangeBody::Fields {
                fields: [(
                    "status".to_owned(),
                    Some(["new", "attempting", "qualified"][value % 3].to_owned()),
                )]
                .into(),
            },
            2 => ChangeBody::Fields {
                fields: [(
                    "assigned_to".to_owned(),
                    [None, Some("sam"), Some("ana")][value % 3].map(str::to_owned),
                )]
                .into(),
            },
            _ => ChangeBody::Record {
                kind: crate::sync::wire::RecordKind::Note,
                record: "note-1".into(),
                body: [None, Some("call after 5"), Some("prefers email")][value % 3]
                    .map(str::to_owned),
                question: None,
                prompt: None,
            },
        };
        Change {
            id: format!("w{n}"),
            lead_id: LEAD.into(),
            stamp,
            body,
        }
    }

    /// What a replica ends with: the lead's merged fields and the note's current text.
    fn merged_state(conn: &Connection) -> Vec<(String, Option<String>)> {
        let mut stmt = conn
            .prepare(
                "SELECT 'field ' || field, value FROM field_values
                 UNION ALL SELECT 'note ' || uid, body FROM notes
                 UNION ALL SELECT 'lead', company || '/' || status || '/' || ifnull(assigned_to, '-') FROM leads
                 ORDER BY 1",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    proptest! {
        /// The real apply path converges: two phones that pull the same writes in
        /// different orders, one of them twice, end with the same lead and note.
        #[test]
        fn phones_that_pull_the_same_writes_in_any_order_agree(
            writes in proptest::collection::vec((0..4usize, 0..6u64, 0..3u8, 0..3usize), 1..14),
            rotate in 0..14usize,
        ) {
            let changes: Vec<Change> =
                writes.iter().enumerate().map(|(n, w)| pulled(n, w)).collect();
            let one = store_with_a_lead();
            for change in &changes {
                settle(&one, change, 0).unwrap();
            }
            let two = store_with_a_lead();
            let mut reordered = changes.clone();
            reordered.reverse();
            reordered.rotate_left(rotate % changes.len());
            for change in reordered.iter().chain(&changes) {
                settle(&two, change, 0).unwrap();
            }
            prop_assert_eq!(merged_state(&one), merged_state(&two));
        }
    }
}

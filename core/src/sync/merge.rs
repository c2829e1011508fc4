//! How replicas merge changes so that they all end in the same state.
//!
//! Two kinds of data, two rules:
//! - **Fields** (a lead's status, next action, assignment, any single value): last writer
//!   wins per field, "last" by [`Hlc`] order, so the same write wins on every replica
//!   whatever order writes arrive in, and however often.
//! - **Records** (notes, answers, call attempts, session events): append-only, identified
//!   by a UUID made where they were written. Merging is set union: a record is never
//!   overwritten and never lost. An edit is a new revision naming the one it replaces;
//!   a delete is a tombstone revision. The current text is the newest revision by stamp.

use std::collections::{BTreeMap, BTreeSet};

use super::hlc::Hlc;

/// Whether a field write `(stamp, value)` replaces the field's current `(stamp, value)`:
/// the later stamp wins; stamps from one device never repeat, but if two writes ever carry
/// the same stamp the greater value wins, so every replica still chooses alike. The one
/// rule for fields: the phone's apply, the server's routing and [`Replica`] call it.
pub fn field_write_wins(new: (&Hlc, Option<&str>), current: (&Hlc, Option<&str>)) -> bool {
    new > current
}

/// Whether a record revision `(stamp, id)` is newer than the current one `(stamp, id)`:
/// the later stamp, then the greater revision id. The one rule for records.
pub fn revision_wins(new: (&Hlc, &str), current: (&Hlc, &str)) -> bool {
    new > current
}

/// A write to one field of one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldWrite {
    pub entity: String,
    pub field: String,
    /// `None` clears the field.
    pub value: Option<String>,
    pub stamp: Hlc,
}

/// A revision of an append-only record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Revision {
    /// Unique per revision.
    pub id: String,
    /// The record this is a revision of (the first revision's id).
    pub record: String,
    /// `None` is a tombstone: the record was deleted.
    pub body: Option<String>,
    pub stamp: Hlc,
}

/// A replica's merged state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replica {
    fields: BTreeMap<(String, String), (Option<String>, Hlc)>,
    revisions: BTreeSet<Revision>,
}

impl Replica {
    /// Applies a field write; returns whether it changed the field.
    pub fn apply_field(&mut self, write: &FieldWrite) -> bool {
        let key = (write.entity.clone(), write.field.clone());
        match self.fields.get(&key) {
            Some((value, current))
                if !field_write_wins(
                    (&write.stamp, write.value.as_deref()),
                    (current, value.as_deref()),
                ) =>
            {
                false
            }
            _ => {
                self.fields
                    .insert(key, (write.value.clone(), write.stamp.clone()));
                true
            }
        }
    }

    /// Adds a revision; returns whether it was new.
    pub fn apply_revision(&mut self, revision: &Revision) -> bool {
        self.revisions.insert(revision.clone())
    }

    pub fn field(&self, entity: &str, field: &str) -> Option<&str> {
        self.fields
            .get(&(entity.to_owned(), field.to_owned()))
            .and_then(|(v, _)| v.as_deref())
    }

    /// Each record's current body (newest revision by stamp), tombstoned records left out.
    pub fn records(&self) -> BTreeMap<String, String> {
        let mut newest: BTreeMap<&str, &Revision> = BTreeMap::new();
        for revision in &self.revisions {
            let slot = newest.entry(revision.record.as_str()).or_insert(revision);
            if revision_wins((&revision.stamp, &revision.id), (&slot.stamp, &slot.id)) {
                *slot = revision;
            }
        }
        newest
            .into_iter()
            .filter_map(|(id, r)| r.body.clone().map(|b| (id.to_owned(), b)))
            .collect()
    }

    /// Every revision ever seen, tombstones included: nothing is dropped by merging.
    pub fn revision_count(&self) -> usize {
        self.revisions.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stamp(millis: u64, counter: u32, device: &str) -> Hlc {
        Hlc {
            millis,
            counter,
            device: device.into(),
        }
    }

    #[test]
    fn the_later_stamp_wins_whatever_order_writes_arrive_in() {
        let early = FieldWrite {
            entity: "lead".into(),
            field: "status".into(),
            value: Some("new".into()),
            stamp: stamp(1, 0, "a"),
        };
        let late = FieldWrite {
            value: Some("qualified".into()),
            stamp: stamp(2, 0, "b"),
            ..early.clone()
        };
        let mut one = Replica::default();
        one.apply_field(&early);
        one.apply_field(&late);
        let mut two = Replica::default();
        two.apply_field(&late);
        assert!(!two.apply_field(&early), "an older write changes nothing");
        assert_eq!(one, two);
        assert_eq!(one.field("lead", "status"), Some("qualified"));
    }

    #[test]
    fn an_edit_replaces_the_text_and_a_tombstone_hides_it_but_nothing_is_lost() {
        let mut replica = Replica::default();
        let first = Revision {
            id: "n1".into(),
            record: "n1".into(),
            body: Some("call after 5".into()),
            stamp: stamp(1, 0, "a"),
        };
        let edit = Revision {
            id: "n1-e".into(),
            body: Some("call after 6".into()),
            stamp: stamp(2, 0, "a"),
            ..first.clone()
        };
        replica.apply_revision(&edit);
        replica.apply_revision(&first);
        assert_eq!(replica.records()["n1"], "call after 6");
        let tomb = Revision {
            id: "n1-d".into(),
            body: None,
            stamp: stamp(3, 0, "b"),
            ..first.clone()
        };
        replica.apply_revision(&tomb);
        assert!(replica.records().is_empty());
        assert_eq!(replica.revision_count(), 3);
    }

    fn any_field_write() -> impl Strategy<Value = FieldWrite> {
        (
            0..3u8,
            0..3u8,
            prop::option::of("[a-c]"),
            0..5u64,
            0..3u32,
            0..3u8,
        )
            .prop_map(|(e, f, v, ms, c, d)| FieldWrite {
                entity: format!("lead{e}"),
                field: format!("f{f}"),
                value: v,
                stamp: Hlc {
                    millis: ms,
                    counter: c,
                    device: format!("dev{d}"),
                },
            })
    }

    proptest! {
        /// Replicas that receive the same writes (shuffled, some duplicated) converge, and
        /// no note revision is lost.
        #[test]
        fn replicas_converge_whatever_the_order_and_duplicates(
            writes in prop::collection::vec(any_field_write(), 0..40),
            order in any::<u64>(),
        ) {
            let revisions: Vec<Revision> = writes
                .iter()
                .enumerate()
                .map(|(i, w)| Revision { id: format!("r{i}"), record: format!("note{}", i % 5), body: w.value.clone(), stamp: w.stamp.clone() })
                .collect();
            let mut reference = Replica::default();
            writes.iter().for_each(|w| { reference.apply_field(w); });
            revisions.iter().for_each(|r| { reference.apply_revision(r); });
            // A differently shuffled, partly duplicated delivery.
            let mut indices: Vec<usize> = (0..writes.len()).chain((0..writes.len()).step_by(3)).collect();
            let mut seed = order;
            for i in (1..indices.len()).rev() {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                indices.swap(i, (seed >> 33) as usize % (i + 1));
            }
            let mut other = Replica::default();
            for i in &indices {
                other.apply_field(&writes[*i]);
                other.apply_revision(&revisions[*i]);
            }
            prop_assert_eq!(&other, &reference);
            prop_assert_eq!(other.revision_count(), revisions.len());
        }
    }
}

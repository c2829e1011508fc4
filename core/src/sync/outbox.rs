//! The phone's side of sync: recording local changes, and applying the team's.
//!
//! Lead fields: after every write that touched leads, each synced column is compared with
//! the value last replicated (`field_values`); the differences become one stamped `fields`
//! change in the outbox, in the same transaction as the write. Pulled field changes are
//! merged by the same last-writer-wins rule as everywhere ([`super::merge`]).
//!
//! Records (notes, answers, call attempts): each row carries its current revision id and
//! stamp and a `pushed` flag. A local edit clears the revision (a trigger, migration
//! 0005); [`stamp_records`] gives it a new one in the same transaction; unpushed rows are
//! sent as `record` changes and marked when the server acknowledges that very revision.
//! A pulled revision replaces the row's only if it is newer by (stamp, revision id).

use std::collections::BTreeMap;

use chrono::DateTime;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};

use super::hlc::{Hlc, HlcClock};
use super::wire::{AttemptRecord, Change, ChangeBody, RecordKind};
use crate::attempt::{self, Attempt};
use crate::error::{Error, Result};
use crate::lead::{new_uuid_at, timestamp, LeadId};
use crate::outcome::Outcome;
use crate::timeline::{self, EventKind};

/// Lead columns that replicate, and whether each is an integer column.
pub(crate) const SYNCED_FIELDS: [(&str, bool); 27] = [
    ("first_name", false),
    ("last_name", false),
    ("phone_e164", false),
    ("phone_raw", false),
    ("email", false),
    ("company", false),
    ("created_at", true),
    ("source_kind", false),
    ("campaign_name", false),
    ("ad_name", false),
    ("form_name", false),
    ("asked_about", false),
    ("first_inquired_at", true),
    ("inquired_at", true),
    ("inquiry_count", true),
    ("time_zone", false),
    ("time_zone_source", false),
    ("status", false),
    ("assigned_to", false),
    ("attempts", true),
    ("last_attempt_at", true),
    ("next_action_at", true),
    ("callback_at", true),
    ("custom_fields", false),
    ("reserved_by", false),
    ("reserved_until", true),
    ("also_time_zone", false),
];

fn as_text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(r) => Some(r.to_string()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}

fn new_change_id(now_ms: u64) -> String {
    let at =
        DateTime::from_timestamp_millis(i64::try_from(now_ms).unwrap_or(0)).unwrap_or_default();
    new_uuid_at(at).to_string()
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

/// Records one outbox change with every synced field of `lead` that differs from its
/// last replicated value.
pub(crate) fn record_lead(
    conn: &Connection,
    lead: LeadId,
    clock: &HlcClock,
    now_ms: u64,
) -> Result<()> {
    let current = current_fields(conn, lead)?;
    let known = replicated_fields(conn, lead)?;
    let changed: BTreeMap<String, Option<String>> = current
        .into_iter()
        .filter(|(field, value)| known.get(field) != Some(value))
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let stamp = clock.tick(now_ms);
    for (field, value) in &changed {
        set_field_value(conn, &lead.to_string(), field, value.as_deref(), &stamp)?;
    }
    let change = Change {
        id: new_change_id(now_ms),
        lead_id: lead.to_string(),
        stamp: stamp.to_string(),
        body: ChangeBody::Fields { fields: changed },
    };
    conn.prepare_cached("INSERT INTO outbox (change_id, change) VALUES (?1, ?2)")?
        .execute(params![change.id, to_json(&change)?])?;
    Ok(())
}

fn current_fields(conn: &Connection, lead: LeadId) -> Result<Vec<(String, Option<String>)>> {
    let columns: Vec<&str> = SYNCED_FIELDS.iter().map(|(name, _)| *name).collect();
    let values: Vec<Option<String>> = conn
        .prepare_cached(&format!(
            "SELECT {} FROM leads WHERE id = ?1",
            columns.join(", ")
        ))?
        .query_row([lead.to_string()], |row| {
            (0..columns.len())
                .map(|i| row.get_ref(i).map(as_text))
                .collect()
        })
        .optional()?
        .ok_or_else(|| Error::LeadNotFound {
            id: lead.to_string(),
        })?;
    Ok(columns.into_iter().map(str::to_owned).zip(values).collect())
}

fn replicated_fields(
    conn: &Connection,
    lead: LeadId,
) -> Result<std::collections::HashMap<String, Option<String>>> {
    let mut stmt =
        conn.prepare_cached("SELECT field, value FROM field_values WHERE lead_id = ?1")?;
    let rows = stmt.query_map([lead.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn set_field_value(
    conn: &Connection,
    lead: &str,
    field: &str,
    value: Option<&str>,
    stamp: &Hlc,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO field_values (lead_id, field, value, stamp) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (lead_id, field) DO UPDATE SET value = excluded.value, stamp = excluded.stamp",
    )?
    .execute(params![lead, field, value, stamp.to_string()])?;
    Ok(())
}

/// Merges pulled lead fields: each is applied only if the stamp is newer than the
/// field's. A lead seen for the first time is created as its fields arrive. Returns
/// whether the lead changed. One read of the lead's stamps and one write of the winners,
/// however many fields the change carries (a new lead is 26).
pub(crate) fn apply_fields(
    conn: &Connection,
    lead: &str,
    fields: &BTreeMap<String, Option<String>>,
    stamp: &Hlc,
) -> Result<bool> {
    let current = replicated_stamps(conn, lead)?;
    let mut winners: Vec<(&str, bool, Option<&str>)> = Vec::new();
    for (field, value) in fields {
        let Some(&(name, integer)) = SYNCED_FIELDS.iter().find(|(name, _)| name == field) else {
            return Err(Error::Corrupt(format!("unknown synced field {field:?}")));
        };
        let newer = match current.get(name) {
            Some((current_value, current_stamp)) => {
                (stamp, &value.as_deref()) > (current_stamp, &current_value.as_deref())
            }
            None => true,
        };
        if newer {
            winners.push((name, integer, value.as_deref()));
        }
    }
    if winners.is_empty() {
        return Ok(false);
    }
    for (field, _, value) in &winners {
        set_field_value(conn, lead, field, *value, stamp)?;
    }
    write_lead_fields(conn, lead, &winners)?;
    Ok(true)
}

/// The lead's replicated values and stamps, by field.
fn replicated_stamps(
    conn: &Connection,
    lead: &str,
) -> Result<std::collections::HashMap<String, (Option<String>, Hlc)>> {
    let mut stmt =
        conn.prepare_cached("SELECT field, value, stamp FROM field_values WHERE lead_id = ?1")?;
    let rows = stmt.query_map([lead], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (field, value, stamp) = row?;
        Ok((field, (value, stamp.parse()?)))
    })
    .collect()
}

/// Writes the winning fields into the lead's row (created if new) in one statement.
fn write_lead_fields(
    conn: &Connection,
    lead: &str,
    winners: &[(&str, bool, Option<&str>)],
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO leads (id, first_name, phone_e164, phone_raw, created_at, updated_at)
         VALUES (?1, '', ?1, '', 0, 0) ON CONFLICT (id) DO NOTHING",
    )?
    .execute([lead])?;
    let assignments: Vec<String> = winners
        .iter()
        .enumerate()
        .map(|(i, (field, _, _))| format!("{field} = ?{}", i + 2))
        .collect();
    let mut values: Vec<rusqlite::types::Value> = vec![lead.to_owned().into()];
    for (field, integer, value) in winners {
        values.push(match (value, integer) {
            (None, _) => rusqlite::types::Value::Null,
            (Some(number), true) => number
                .parse::<i64>()
                .map_err(|e| Error::Corrupt(format!("{field}: {e}")))?
                .into(),
            (Some(text), false) => (*text).to_owned().into(),
        });
    }
    conn.prepare_cached(&format!(
        "UPDATE leads SET {} WHERE id = ?1",
        assignments.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// Gives every note, answer and attempt changed here since the last call a revision id
/// and stamp: the record's own id for its first revision, a new id for later ones. Runs
/// in the transaction of the change, so the stamp is the edit's.
pub(crate) fn stamp_records(conn: &Connection, clock: &HlcClock, now_ms: u64) -> Result<()> {
    // A dial that has not become a call is not a record yet.
    for (table, record_id, filter) in [("notes", "uid", ""), ("attempts", "id", "AND placed = 1")] {
        let rows: Vec<(i64, Option<String>, String)> = conn
            .prepare_cached(&format!(
                "SELECT rowid, rev_id, {record_id} FROM {table} WHERE rev_stamp IS NULL {filter}"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (rowid, revision, record) in rows {
            let revision = match revision {
                None => record,
                Some(_) => new_change_id(now_ms),
            };
            conn.prepare_cached(&format!(
                "UPDATE {table} SET rev_id = ?2, rev_stamp = ?3 WHERE rowid = ?1"
            ))?
            .execute(params![rowid, revision, clock.tick(now_ms).to_string()])?;
        }
    }
    Ok(())
}

/// A record revision waiting for the server, and how to mark it pushed.
#[derive(Debug)]
pub(crate) struct PendingRecord {
    table: &'static str,
    rowid: i64,
    pub(crate) change: Change,
}

/// Unpushed notes, answers and attempts as record changes, at most `limit`.
pub(crate) fn pending_records(conn: &Connection, limit: usize) -> Result<Vec<PendingRecord>> {
    let mut pending = pending_notes(conn, limit)?;
    pending.extend(pending_attempts(conn, limit - pending.len())?);
    Ok(pending)
}

fn pending_notes(conn: &Connection, limit: usize) -> Result<Vec<PendingRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, uid, lead_id, question_id, prompt, body, rev_id, rev_stamp FROM notes
         WHERE pushed = 0 AND rev_stamp IS NOT NULL ORDER BY id LIMIT ?1",
    )?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
        let question: Option<String> = r.get(3)?;
        let kind = if question.is_some() {
            RecordKind::Answer
        } else {
            RecordKind::Note
        };
        Ok(PendingRecord {
            table: "notes",
            rowid: r.get(0)?,
            change: Change {
                id: r.get(6)?,
                lead_id: r.get(2)?,
                stamp: r.get(7)?,
                body: ChangeBody::Record {
                    kind,
                    record: r.get(1)?,
                    body: Some(r.get(5)?),
                    question,
                    prompt: r.get(4)?,
                },
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn pending_attempts(conn: &Connection, limit: usize) -> Result<Vec<PendingRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, id, lead_id, rev_id, rev_stamp, started_at, connected_at, ended_at,
                outcome, outcome_at, callback_at, stages, talk_seconds, talk_confidence
         FROM attempts WHERE pushed = 0 AND rev_stamp IS NOT NULL ORDER BY rowid LIMIT ?1",
    )?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
        let record = AttemptRecord {
            started_at: r.get(5)?,
            connected_at: r.get(6)?,
            ended_at: r.get(7)?,
            outcome: r.get(8)?,
            outcome_at: r.get(9)?,
            callback_at: r.get(10)?,
            stages: Vec::new(),
            talk_seconds: r.get(12)?,
            talk_confidence: r.get(13)?,
        };
        Ok((
            (r.get::<_, i64>(0)?, r.get::<_, String>(1)?),
            (r.get::<_, String>(2)?, r.get::<_, String>(3)?),
            r.get::<_, String>(4)?,
            record,
            r.get::<_, Option<String>>(11)?,
        ))
    })?;
    rows.map(|row| {
        let ((rowid, id), (lead_id, rev_id), stamp, mut record, stages) = row?;
        record.stages = stages
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|e| Error::Corrupt(format!("attempt {id} stages: {e}")))?
            .unwrap_or_default();
        Ok(PendingRecord {
            table: "attempts",
            rowid,
            change: Change {
                id: rev_id,
                lead_id,
                stamp,
                body: ChangeBody::Record {
                    kind: RecordKind::Attempt,
                    record: id,
                    body: Some(to_json(&record)?),
                    question: None,
                    prompt: None,
                },
            },
        })
    })
    .collect()
}

/// Marks a revision pushed, unless the row was edited again since it was read.
pub(crate) fn acknowledge(conn: &Connection, pending: &PendingRecord) -> Result<()> {
    conn.prepare_cached(&format!(
        "UPDATE {} SET pushed = 1 WHERE rowid = ?1 AND rev_id = ?2",
        pending.table
    ))?
    .execute(params![pending.rowid, pending.change.id])?;
    Ok(())
}

/// A pulled record revision.
#[derive(Debug)]
pub(crate) struct PulledRecord<'a> {
    pub lead: &'a str,
    pub kind: RecordKind,
    pub record: &'a str,
    pub body: Option<&'a str>,
    pub question: Option<&'a str>,
    pub prompt: Option<&'a str>,
    pub revision: &'a str,
    pub stamp: &'a Hlc,
}

/// Stores a pulled revision if it is newer than what is here. Returns whether anything
/// changed.
pub(crate) fn apply_record(conn: &Connection, pulled: &PulledRecord<'_>) -> Result<bool> {
    let lead: LeadId = pulled.lead.parse()?;
    let lead_known: Option<String> = conn
        .prepare_cached("SELECT id FROM leads WHERE id = ?1")?
        .query_row([pulled.lead], |r| r.get(0))
        .optional()?;
    if lead_known.is_none() {
        return Err(Error::LeadNotFound {
            id: pulled.lead.to_owned(),
        });
    }
    match pulled.kind {
        RecordKind::Note | RecordKind::Answer => apply_note(conn, lead, pulled),
        RecordKind::Attempt => apply_attempt(conn, lead, pulled),
    }
}

/// The (stamp, revision) a row has now, if the row exists; an unstamped local edit
/// counts as newest (it is stamped with this device's clock before it is pushed).
fn current_revision(
    conn: &Connection,
    table: &str,
    key_column: &str,
    key: &str,
) -> Result<Option<Option<(Hlc, String)>>> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .prepare_cached(&format!(
            "SELECT rev_stamp, rev_id FROM {table} WHERE {key_column} = ?1"
        ))?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(stamp, id)| match (stamp, id) {
        (Some(stamp), Some(id)) => Ok(Some((stamp.parse()?, id))),
        _ => Ok(None),
    })
    .transpose()
}

fn is_newer(pulled: &PulledRecord<'_>, current: Option<&(Hlc, String)>) -> bool {
    current.is_some_and(|(stamp, id)| (pulled.stamp, pulled.revision) > (stamp, id.as_str()))
}

fn apply_note(conn: &Connection, lead: LeadId, pulled: &PulledRecord<'_>) -> Result<bool> {
    let at = i64::try_from(pulled.stamp.millis).unwrap_or(0);
    let stamp = pulled.stamp.to_string();
    match current_revision(conn, "notes", "uid", pulled.record)? {
        None => {
            let Some(body) = pulled.body else {
                return Ok(false);
            };
            conn.prepare_cached(
                "INSERT INTO notes (uid, lead_id, question_id, prompt, body, at, pushed, rev_id, rev_stamp)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8)",
            )?
            .execute(params![pulled.record, pulled.lead, pulled.question, pulled.prompt, body, at, pulled.revision, stamp])?;
            let (kind, detail) = match pulled.prompt {
                Some(prompt) => (EventKind::Answer, format!("{prompt} {body}")),
                None => (EventKind::Note, body.to_owned()),
            };
            timeline::record(conn, lead, timestamp(at)?, kind, &detail)?;
            Ok(true)
        }
        Some(current) if !is_newer(pulled, current.as_ref()) => Ok(false),
        Some(_) => {
            match pulled.body {
                Some(body) => conn
                    .prepare_cached(
                        "UPDATE notes SET body = ?2, at = ?3, pushed = 1, rev_id = ?4, rev_stamp = ?5
                         WHERE uid = ?1",
                    )?
                    .execute(params![pulled.record, body, at, pulled.revision, stamp])?,
                None => conn
                    .prepare_cached("DELETE FROM notes WHERE uid = ?1")?
                    .execute([pulled.record])?,
            };
            Ok(true)
        }
    }
}

fn apply_attempt(conn: &Connection, lead: LeadId, pulled: &PulledRecord<'_>) -> Result<bool> {
    let body = pulled
        .body
        .ok_or_else(|| Error::Corrupt(format!("attempt {} without a body", pulled.record)))?;
    let record: AttemptRecord = serde_json::from_str(body)
        .map_err(|e| Error::Corrupt(format!("attempt {}: {e}", pulled.record)))?;
    // An unknown confidence from a newer app is kept out rather than stored unreadable.
    let talk_confidence = record
        .talk_confidence
        .as_deref()
        .and_then(|c| attempt::TalkConfidence::parse(c).ok())
        .map(attempt::TalkConfidence::as_str);
    let current = current_revision(conn, "attempts", "id", pulled.record)?;
    if current
        .as_ref()
        .is_some_and(|current| !is_newer(pulled, current.as_ref()))
    {
        return Ok(false);
    }
    let before = match current {
        Some(_) => Some(attempt::get(conn, attempt::parse_id(pulled.record)?)?),
        None => None,
    };
    conn.prepare_cached(
        "INSERT INTO attempts (id, lead_id, started_at, connected_at, ended_at, outcome, outcome_at,
                               callback_at, stages, rev_id, rev_stamp, pushed,
                               talk_seconds, talk_confidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?13)
         ON CONFLICT (id) DO UPDATE SET connected_at = excluded.connected_at,
             ended_at = excluded.ended_at, outcome = excluded.outcome,
             outcome_at = excluded.outcome_at, callback_at = excluded.callback_at,
             stages = excluded.stages, rev_id = excluded.rev_id,
             rev_stamp = excluded.rev_stamp, pushed = 1,
             talk_seconds = excluded.talk_seconds, talk_confidence = excluded.talk_confidence",
    )?
    .execute(params![
        pulled.record,
        pulled.lead,
        record.started_at,
        record.connected_at,
        record.ended_at,
        record.outcome,
        record.outcome_at,
        record.callback_at,
        (!record.stages.is_empty())
            .then(|| to_json(&record.stages))
            .transpose()?,
        pulled.revision,
        pulled.stamp.to_string(),
        record.talk_seconds,
        talk_confidence,
    ])?;
    let after = attempt::get(conn, attempt::parse_id(pulled.record)?)?;
    record_attempt_timeline(conn, lead, before.as_ref(), &after)?;
    Ok(true)
}

/// Timeline entries for what a pulled revision added to a call, as the device that made
/// the call wrote them.
fn record_attempt_timeline(
    conn: &Connection,
    lead: LeadId,
    before: Option<&Attempt>,
    after: &Attempt,
) -> Result<()> {
    if before.is_none() {
        timeline::record(conn, lead, after.started_at, EventKind::CallStarted, "")?;
    }
    let newly = |get: fn(&Attempt) -> bool| get(after) && !before.is_some_and(get);
    if let Some(at) = after
        .connected_at
        .filter(|_| newly(|a| a.connected_at.is_some()))
    {
        timeline::record(conn, lead, at, EventKind::CallConnected, "")?;
    }
    if let Some(at) = after.ended_at.filter(|_| newly(|a| a.ended_at.is_some())) {
        timeline::record(conn, lead, at, EventKind::CallEnded, &after.talk_summary())?;
    }
    if let (Some(outcome), Some(at)) = (after.outcome, after.outcome_at) {
        if newly(|a| a.outcome.is_some()) {
            timeline::record(conn, lead, at, EventKind::Outcome, Outcome::as_str(outcome))?;
        }
    }
    Ok(())
}

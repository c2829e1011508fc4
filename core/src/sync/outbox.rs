//! The phone's side of sync: recording local changes, and applying the team's.
//!
//! Lead fields: after every write that touched leads, each synced column is compared with
//! the value last replicated (`field_values`); a difference becomes a stamped `field`
//! change in the outbox, in the same transaction as the write. Pulled field changes are
//! merged by the same last-writer-wins rule as everywhere ([`super::merge`]).
//! Notes and answers: each row carries `pushed`; unpushed rows are sent as `record`
//! changes and marked when the server acknowledges them.

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};

use super::hlc::{Hlc, HlcClock};
use super::wire::{Change, ChangeBody, RecordKind};
use crate::error::{Error, Result};
use crate::lead::LeadId;

/// Lead columns that replicate, and whether each is an integer column.
pub(crate) const SYNCED_FIELDS: [(&str, bool); 24] = [
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
];

fn as_text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(r) => Some(r.to_string()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}

/// Records an outbox change for every synced field of `lead` that differs from its last
/// replicated value.
pub(crate) fn record_lead(
    conn: &Connection,
    lead: LeadId,
    clock: &HlcClock,
    now_ms: u64,
) -> Result<()> {
    let columns: Vec<&str> = SYNCED_FIELDS.iter().map(|(name, _)| *name).collect();
    let current: Vec<Option<String>> = conn
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
    let mut known = std::collections::HashMap::new();
    {
        let mut stmt =
            conn.prepare_cached("SELECT field, value FROM field_values WHERE lead_id = ?1")?;
        let rows = stmt.query_map([lead.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        for row in rows {
            let (field, value) = row?;
            known.insert(field, value);
        }
    }
    for (field, value) in columns.iter().zip(current) {
        if known.get(*field) == Some(&value) {
            continue;
        }
        let stamp = clock.tick(now_ms);
        set_field_value(conn, &lead.to_string(), field, value.as_deref(), &stamp)?;
        let change = Change {
            id: crate::lead::new_uuid_at(
                chrono::DateTime::from_timestamp_millis(now_ms as i64).unwrap_or_default(),
            )
            .to_string(),
            lead_id: lead.to_string(),
            stamp: stamp.to_string(),
            body: ChangeBody::Field {
                field: (*field).to_owned(),
                value,
            },
        };
        let json = serde_json::to_string(&change).map_err(|e| Error::Corrupt(e.to_string()))?;
        conn.prepare_cached("INSERT INTO outbox (change_id, change) VALUES (?1, ?2)")?
            .execute(params![change.id, json])?;
    }
    Ok(())
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

/// Merges a pulled field change: applied only if its stamp is newer than the field's.
/// A lead seen for the first time is created as its fields arrive. Returns whether the
/// lead changed.
pub(crate) fn apply_field(
    conn: &Connection,
    lead: &str,
    field: &str,
    value: Option<&str>,
    stamp: &Hlc,
) -> Result<bool> {
    let Some(&(_, integer)) = SYNCED_FIELDS.iter().find(|(name, _)| *name == field) else {
        return Err(Error::Corrupt(format!("unknown synced field {field:?}")));
    };
    let current: Option<(Option<String>, String)> = conn
        .prepare_cached("SELECT value, stamp FROM field_values WHERE lead_id = ?1 AND field = ?2")?
        .query_row([lead, field], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((current_value, current_stamp)) = current {
        let current_stamp: Hlc = current_stamp.parse()?;
        if (&current_stamp, &current_value.as_deref()) >= (stamp, &value) {
            return Ok(false);
        }
    }
    set_field_value(conn, lead, field, value, stamp)?;
    conn.prepare_cached(
        "INSERT INTO leads (id, first_name, phone_e164, phone_raw, created_at, updated_at)
         VALUES (?1, '', ?1, '', 0, 0) ON CONFLICT (id) DO NOTHING",
    )?
    .execute([lead])?;
    let sql = format!("UPDATE leads SET {field} = ?2 WHERE id = ?1");
    if integer {
        let number = value
            .map(str::parse::<i64>)
            .transpose()
            .map_err(|e| Error::Corrupt(format!("{field}: {e}")))?;
        conn.prepare_cached(&sql)?.execute(params![lead, number])?;
    } else {
        conn.prepare_cached(&sql)?.execute(params![lead, value])?;
    }
    Ok(true)
}

/// Unpushed notes and answers as record changes, with their row ids.
pub(crate) fn pending_records(
    conn: &Connection,
    clock: &HlcClock,
    now_ms: u64,
    limit: usize,
) -> Result<Vec<(i64, Change)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, uid, lead_id, question_id, body FROM notes WHERE pushed = 0 ORDER BY id LIMIT ?1",
    )?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (rowid, uid, lead_id, question, body) = row?;
        let kind = if question.is_some() {
            RecordKind::Answer
        } else {
            RecordKind::Note
        };
        let change = Change {
            id: format!("{uid}@{}", body.len()),
            lead_id,
            stamp: clock.tick(now_ms).to_string(),
            body: ChangeBody::Record {
                kind,
                record: uid,
                body: Some(body),
            },
        };
        Ok((rowid, change))
    })
    .collect()
}

/// Stores a pulled note or answer unless it is already here. Returns whether it was new.
pub(crate) fn apply_record(
    conn: &Connection,
    lead: &str,
    kind: RecordKind,
    record: &str,
    body: Option<&str>,
    at_ms: i64,
) -> Result<bool> {
    let Some(body) = body else { return Ok(false) };
    if !matches!(kind, RecordKind::Note | RecordKind::Answer) {
        return Ok(false);
    }
    let exists: Option<i64> = conn
        .prepare_cached("SELECT id FROM notes WHERE uid = ?1")?
        .query_row([record], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Ok(false);
    }
    let lead_known: Option<String> = conn
        .prepare_cached("SELECT id FROM leads WHERE id = ?1")?
        .query_row([lead], |r| r.get(0))
        .optional()?;
    if lead_known.is_none() {
        return Err(Error::LeadNotFound {
            id: lead.to_owned(),
        });
    }
    conn.prepare_cached(
        "INSERT INTO notes (uid, lead_id, body, at, pushed) VALUES (?1, ?2, ?3, ?4, 1)",
    )?
    .execute(params![record, lead, body, at_ms])?;
    Ok(true)
}

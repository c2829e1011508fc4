//! A lead row: the columns, in one order for reading and writing, and the queries by
//! id and by phone number.

use std::str::FromStr;
use std::sync::LazyLock;

use chrono_tz::Tz;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};

use super::{Lead, LeadId, LeadSource, Reservation, SourceKind};
use crate::error::{Error, Result};
use crate::ids::{ms, timestamp};
use crate::outcome::LeadStatus;
use crate::phone::PhoneNumber;
use crate::timezone::ZoneSource;

/// Columns a lead's later life changes; `id`, first name, phone and creation time are
/// written once, at intake.
const MUTABLE_COLUMNS: [&str; 24] = [
    "last_name",
    "email",
    "company",
    "updated_at",
    "source_kind",
    "campaign_name",
    "ad_name",
    "form_name",
    "asked_about",
    "first_inquired_at",
    "inquired_at",
    "inquiry_count",
    "time_zone",
    "time_zone_source",
    "status",
    "assigned_to",
    "attempts",
    "last_attempt_at",
    "next_action_at",
    "callback_at",
    "custom_fields",
    "reserved_by",
    "reserved_until",
    "also_time_zone",
];

/// The values of [`MUTABLE_COLUMNS`], in that order.
pub(super) fn mutable_values(lead: &Lead) -> Vec<Value> {
    vec![
        lead.last_name.clone().into(),
        lead.email.clone().into(),
        lead.company.clone().into(),
        ms(lead.updated_at).into(),
        lead.source.kind.as_str().to_owned().into(),
        lead.source.campaign_name.clone().into(),
        lead.source.ad_name.clone().into(),
        lead.source.form_name.clone().into(),
        lead.asked_about.clone().into(),
        ms(lead.first_inquired_at).into(),
        ms(lead.inquired_at).into(),
        i64::from(lead.inquiry_count).into(),
        lead.time_zone.name().to_owned().into(),
        lead.time_zone_source.as_str().to_owned().into(),
        lead.status.as_str().to_owned().into(),
        lead.assigned_to.clone().into(),
        i64::from(lead.attempts).into(),
        lead.last_attempt_at.map(ms).into(),
        lead.next_action_at.map(ms).into(),
        lead.callback_at.map(ms).into(),
        fields_json(&lead.custom_fields).into(),
        lead.reservation
            .as_ref()
            .and_then(|r| r.rep_id.clone())
            .into(),
        lead.reservation.as_ref().map(|r| ms(r.until)).into(),
        lead.also_time_zone.map(|tz| tz.name().to_owned()).into(),
    ]
}

pub(super) static INSERT_SQL: LazyLock<String> = LazyLock::new(|| {
    let columns = MUTABLE_COLUMNS.join(", ");
    let placeholders: Vec<String> = (1..=5 + MUTABLE_COLUMNS.len())
        .map(|n| format!("?{n}"))
        .collect();
    format!(
        "INSERT INTO leads (id, first_name, phone_e164, phone_raw, created_at, {columns}) VALUES ({})",
        placeholders.join(", ")
    )
});

static UPDATE_SQL: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = MUTABLE_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    format!("UPDATE leads SET {} WHERE id = ?1", sets.join(", "))
});

/// Writes every mutable column of `lead`.
pub(crate) fn update(conn: &Connection, lead: &Lead) -> Result<()> {
    let mut values: Vec<Value> = vec![lead.id.to_string().into()];
    values.extend(mutable_values(lead));
    conn.prepare_cached(&UPDATE_SQL)?
        .execute(params_from_iter(values))?;
    Ok(())
}

const COLUMNS: &str =
    "id, first_name, last_name, phone_e164, phone_raw, email, company, created_at, \
     updated_at, source_kind, campaign_name, ad_name, form_name, asked_about, first_inquired_at, \
     inquired_at, inquiry_count, time_zone, time_zone_source, status, assigned_to, attempts, \
     last_attempt_at, next_action_at, callback_at, custom_fields, reserved_by, reserved_until, \
     also_time_zone";
pub(crate) fn get(conn: &Connection, id: LeadId) -> Result<Lead> {
    find(conn, id)?.ok_or_else(|| Error::LeadNotFound { id: id.to_string() })
}

pub(crate) fn find(conn: &Connection, id: LeadId) -> Result<Option<Lead>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM leads WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()?
        .transpose()
}

pub(super) fn find_by_phone(conn: &Connection, e164: &str) -> Result<Option<Lead>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM leads WHERE phone_e164 = ?1"
    ))?
    .query_row([e164], from_row)
    .optional()?
    .transpose()
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Result<Lead>> {
    let id: String = row.get(0)?;
    let source_kind: String = row.get(9)?;
    let zone: String = row.get(17)?;
    let zone_source: String = row.get(18)?;
    let status: String = row.get(19)?;
    let fields: String = row.get(25)?;
    let reserved_by: Option<String> = row.get(26)?;
    let reserved_until: Option<i64> = row.get(27)?;
    let also_zone: Option<String> = row.get(28)?;
    let raw = (
        row.get::<_, i64>(7)?,
        row.get::<_, i64>(8)?,
        row.get::<_, i64>(14)?,
        row.get::<_, i64>(15)?,
        row.get::<_, Option<i64>>(22)?,
        row.get::<_, Option<i64>>(23)?,
        row.get::<_, Option<i64>>(24)?,
    );
    let (created, updated, first_inquired, inquired, last_attempt, next_action, callback) = raw;
    let lead = (|| {
        Ok(Lead {
            id: id.parse()?,
            first_name: row.get(1)?,
            last_name: row.get(2)?,
            phone: PhoneNumber {
                e164: row.get(3)?,
                raw: row.get(4)?,
            },
            email: row.get(5)?,
            company: row.get(6)?,
            created_at: timestamp(created)?,
            updated_at: timestamp(updated)?,
            source: LeadSource {
                kind: SourceKind::parse(&source_kind)?,
                campaign_name: row.get(10)?,
                ad_name: row.get(11)?,
                form_name: row.get(12)?,
            },
            asked_about: row.get(13)?,
            first_inquired_at: timestamp(first_inquired)?,
            inquired_at: timestamp(inquired)?,
            inquiry_count: row.get(16)?,
            time_zone: stored_zone(&zone)?,
            also_time_zone: also_zone.as_deref().map(stored_zone).transpose()?,
            time_zone_source: ZoneSource::parse(&zone_source)?,
            status: LeadStatus::parse(&status)?,
            assigned_to: row.get(20)?,
            attempts: row.get(21)?,
            last_attempt_at: last_attempt.map(timestamp).transpose()?,
            next_action_at: next_action.map(timestamp).transpose()?,
            callback_at: callback.map(timestamp).transpose()?,
            custom_fields: parse_fields(&fields)?,
            reservation: reserved_until
                .map(|until| {
                    Ok::<_, Error>(Reservation {
                        rep_id: reserved_by,
                        until: timestamp(until)?,
                    })
                })
                .transpose()?,
        })
    })();
    Ok(lead)
}

fn stored_zone(name: &str) -> Result<Tz> {
    Tz::from_str(name).map_err(|_| Error::Corrupt(format!("unknown zone {name:?}")))
}

pub(super) fn fields_json(fields: &[(String, String)]) -> String {
    serde_json::to_string(fields).unwrap_or_else(|_| "[]".into())
}

pub(super) fn parse_fields(json: &str) -> Result<Vec<(String, String)>> {
    serde_json::from_str(json).map_err(|e| Error::Corrupt(format!("custom fields: {e}")))
}

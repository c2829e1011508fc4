//! Leads: the people who asked to be called back, and how they enter the store.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::sync::LazyLock;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::outcome::LeadStatus;
use crate::phone::{PhoneNumber, Region};
pub use crate::reservation::Reservation;
use crate::timeline::{self, EventKind};
use crate::timezone::{self, ZoneSource};

/// A lead's identity: a UUIDv7, so ids sort by creation and never collide across devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LeadId(Uuid);

impl LeadId {
    pub fn new_at(at: DateTime<Utc>) -> Self {
        Self(new_uuid_at(at))
    }

    pub(crate) fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// The id as a number, for cheap comparisons in the queue.
    pub fn as_u128(self) -> u128 {
        self.0.as_u128()
    }
}

/// A UUIDv7 stamped with `at` (the core's clock, not the system's).
pub fn new_uuid_at(at: DateTime<Utc>) -> Uuid {
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        u64::try_from(at.timestamp()).unwrap_or(0),
        at.timestamp_subsec_nanos(),
    );
    Uuid::new_v7(ts)
}

impl fmt::Display for LeadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for LeadId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Uuid::parse_str(s)
            .map(LeadId)
            .map_err(|_| Error::InvalidInput {
                field: "lead_id",
                problem: format!("{s:?} is not a lead id"),
            })
    }
}

/// How the lead reached us; the script's opener names it ("our ad", "my email").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceKind {
    AdForm,
    Email,
    SocialDm,
    WebForm,
    #[default]
    Other,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AdForm => "ad_form",
            Self::Email => "email",
            Self::SocialDm => "social_dm",
            Self::WebForm => "web_form",
            Self::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        [
            Self::AdForm,
            Self::Email,
            Self::SocialDm,
            Self::WebForm,
            Self::Other,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
        .ok_or_else(|| Error::Corrupt(format!("unknown source kind {text:?}")))
    }
}

/// Where an inquiry came from: the channel and the campaign, ad and form names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeadSource {
    pub kind: SourceKind,
    pub campaign_name: Option<String>,
    pub ad_name: Option<String>,
    pub form_name: Option<String>,
}

/// A lead as a form, an import or a rep provides it, before any checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewLead {
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub source: LeadSource,
    /// What they asked about, in their terms or the ad's ("solar panels for a farm").
    pub asked_about: Option<String>,
    /// When they asked; `None` means now. Speed-to-lead is measured from it.
    pub inquired_at: Option<DateTime<Utc>>,
    /// An IANA zone when the form or a manager knows it.
    pub time_zone: Option<String>,
    pub assigned_to: Option<String>,
    /// The form's other answers, in the form's order.
    pub custom_fields: Vec<(String, String)>,
}

/// A stored lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub id: LeadId,
    pub first_name: String,
    pub last_name: String,
    pub phone: PhoneNumber,
    pub email: Option<String>,
    pub company: Option<String>,
    /// The source of the latest inquiry.
    pub source: LeadSource,
    pub asked_about: Option<String>,
    pub first_inquired_at: DateTime<Utc>,
    pub inquired_at: DateTime<Utc>,
    pub inquiry_count: u32,
    pub time_zone: Tz,
    pub time_zone_source: ZoneSource,
    pub status: LeadStatus,
    pub assigned_to: Option<String>,
    /// Calls made in the current cycle (since the lead last asked or was last reached).
    pub attempts: u32,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// When the lead is next due in the queue; `None` once closed.
    pub next_action_at: Option<DateTime<Utc>>,
    pub callback_at: Option<DateTime<Utc>>,
    pub custom_fields: Vec<(String, String)>,
    /// A rep is dialling them right now (ADR 0009).
    pub reservation: Option<Reservation>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Lead {
    /// "Ann Lee", or just "Ann" when the form gave no last name.
    pub fn display_name(&self) -> String {
        if self.last_name.is_empty() {
            self.first_name.clone()
        } else {
            format!("{} {}", self.first_name, self.last_name)
        }
    }
}

/// What the team decides for every lead: how to read numbers and which zone to assume.
#[derive(Debug, Clone, Copy)]
pub struct IntakeDefaults {
    pub region: Region,
    pub time_zone: Tz,
}

/// How far in the future an inquiry time may be (clock skew between form and phone).
const FUTURE_SLACK: Duration = Duration::minutes(5);

/// A new lead after checking: everything needed to insert or merge it.
#[derive(Debug)]
struct CheckedLead {
    first_name: String,
    last_name: String,
    phone: PhoneNumber,
    email: Option<String>,
    company: Option<String>,
    source: LeadSource,
    asked_about: Option<String>,
    inquired_at: DateTime<Utc>,
    time_zone: (Tz, ZoneSource),
    assigned_to: Option<String>,
    custom_fields: Vec<(String, String)>,
}

fn check(new: NewLead, defaults: IntakeDefaults, now: DateTime<Utc>) -> Result<CheckedLead> {
    let first_name = required("first_name", &new.first_name)?;
    let phone = PhoneNumber::parse(&new.phone, defaults.region)?;
    let email = optional(new.email);
    if let Some(email) = &email {
        check_email(email)?;
    }
    let inquired_at = new.inquired_at.unwrap_or(now);
    if inquired_at > now + FUTURE_SLACK {
        return Err(Error::InvalidInput {
            field: "inquired_at",
            problem: format!(
                "the inquiry time {} is in the future",
                inquired_at.to_rfc3339()
            ),
        });
    }
    let region = phone.region();
    let time_zone = timezone::resolve(
        new.time_zone.as_deref(),
        region.as_deref(),
        defaults.time_zone,
    )?;
    Ok(CheckedLead {
        first_name,
        last_name: new.last_name.trim().to_owned(),
        phone,
        email,
        company: optional(new.company),
        source: LeadSource {
            kind: new.source.kind,
            campaign_name: optional(new.source.campaign_name),
            ad_name: optional(new.source.ad_name),
            form_name: optional(new.source.form_name),
        },
        asked_about: optional(new.asked_about),
        inquired_at,
        time_zone,
        assigned_to: optional(new.assigned_to),
        custom_fields: new
            .custom_fields
            .into_iter()
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .filter(|(k, _)| !k.is_empty())
            .collect(),
    })
}

/// Checks `new` exactly as storing it would (name, phone for the team's region, email,
/// inquiry time, zone) without storing it, so an importer can report a bad row up front.
pub fn validate(new: &NewLead, defaults: IntakeDefaults, now: DateTime<Utc>) -> Result<()> {
    check(new.clone(), defaults, now).map(|_| ())
}

fn required(field: &'static str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::InvalidInput {
            field,
            problem: "is required but empty".into(),
        });
    }
    Ok(trimmed.to_owned())
}

fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn check_email(email: &str) -> Result<()> {
    let well_formed = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !email.contains(char::is_whitespace)
    });
    if well_formed {
        Ok(())
    } else {
        Err(Error::InvalidInput {
            field: "email",
            problem: format!("{email:?} is not an email address"),
        })
    }
}

/// Stores `new`, or, when a lead with the same phone exists, records a second inquiry on
/// it. A newer inquiry makes the lead fresh again (new, due now), except a lead that asked
/// not to be called. Returns the lead as stored.
pub(crate) fn intake(
    conn: &Connection,
    new: NewLead,
    defaults: IntakeDefaults,
    now: DateTime<Utc>,
) -> Result<Lead> {
    let checked = check(new, defaults, now)?;
    let lead = match find_by_phone(conn, &checked.phone.e164)? {
        Some(existing) => merge(conn, existing, &checked, now)?,
        None => insert_new(conn, &checked, now)?,
    };
    insert_inquiry(conn, lead.id, &checked, now)?;
    Ok(lead)
}

fn insert_new(conn: &Connection, c: &CheckedLead, now: DateTime<Utc>) -> Result<Lead> {
    let lead = Lead {
        id: LeadId::new_at(now),
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        company: c.company.clone(),
        source: c.source.clone(),
        asked_about: c.asked_about.clone(),
        first_inquired_at: c.inquired_at,
        inquired_at: c.inquired_at,
        inquiry_count: 1,
        time_zone: c.time_zone.0,
        time_zone_source: c.time_zone.1,
        status: LeadStatus::New,
        assigned_to: c.assigned_to.clone(),
        attempts: 0,
        last_attempt_at: None,
        next_action_at: Some(c.inquired_at),
        callback_at: None,
        custom_fields: c.custom_fields.clone(),
        reservation: None,
        created_at: now,
        updated_at: now,
    };
    let mut values: Vec<Value> = vec![
        lead.id.to_string().into(),
        lead.first_name.clone().into(),
        lead.phone.e164.clone().into(),
        lead.phone.raw.clone().into(),
        ms(lead.created_at).into(),
    ];
    values.extend(mutable_values(&lead));
    conn.prepare_cached(&INSERT_SQL)?
        .execute(params_from_iter(values))?;
    Ok(lead)
}

fn merge(conn: &Connection, mut lead: Lead, c: &CheckedLead, now: DateTime<Utc>) -> Result<Lead> {
    lead.inquiry_count += 1;
    lead.email = lead.email.or_else(|| c.email.clone());
    lead.company = lead.company.or_else(|| c.company.clone());
    if lead.last_name.is_empty() {
        lead.last_name.clone_from(&c.last_name);
    }
    for (name, value) in &c.custom_fields {
        match lead.custom_fields.iter_mut().find(|(k, _)| k == name) {
            Some(existing) => existing.1.clone_from(value),
            None => lead.custom_fields.push((name.clone(), value.clone())),
        }
    }
    if c.time_zone.1 == ZoneSource::Explicit || lead.time_zone_source == ZoneSource::TeamDefault {
        (lead.time_zone, lead.time_zone_source) = c.time_zone;
    }
    let newer = c.inquired_at > lead.inquired_at;
    if newer {
        lead.source = c.source.clone();
        lead.asked_about = c.asked_about.clone().or(lead.asked_about);
        lead.inquired_at = c.inquired_at;
        if c.assigned_to.is_some() {
            lead.assigned_to.clone_from(&c.assigned_to);
        }
        if lead.status != LeadStatus::DoNotCall {
            if lead.status != LeadStatus::New {
                timeline::record(
                    conn,
                    lead.id,
                    now,
                    EventKind::StatusChanged,
                    &status_change(lead.status, LeadStatus::New),
                )?;
            }
            lead.status = LeadStatus::New;
            lead.attempts = 0;
            lead.callback_at = None;
            lead.next_action_at = Some(c.inquired_at);
        }
    }
    lead.first_inquired_at = lead.first_inquired_at.min(c.inquired_at);
    lead.updated_at = now;
    update(conn, &lead)?;
    Ok(lead)
}

fn insert_inquiry(
    conn: &Connection,
    lead_id: LeadId,
    c: &CheckedLead,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO inquiries (id, lead_id, received_at, source_kind, campaign_name, ad_name, form_name,
                                asked_about, custom_fields)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        new_uuid_at(now).to_string(),
        lead_id.to_string(),
        ms(c.inquired_at),
        c.source.kind.as_str(),
        c.source.campaign_name,
        c.source.ad_name,
        c.source.form_name,
        c.asked_about,
        fields_json(&c.custom_fields),
    ])?;
    timeline::record(
        conn,
        lead_id,
        c.inquired_at,
        EventKind::Inquiry,
        &inquiry_summary(c),
    )
}

fn inquiry_summary(c: &CheckedLead) -> String {
    let mut parts = vec![format!("via {}", c.source.kind.as_str().replace('_', " "))];
    if let Some(campaign) = c
        .source
        .campaign_name
        .as_deref()
        .or(c.source.ad_name.as_deref())
    {
        parts.push(format!("({campaign})"));
    }
    if let Some(about) = &c.asked_about {
        parts.push(format!("about {about}"));
    }
    format!("Asked to be called {}", parts.join(" "))
}

pub(crate) fn status_change(from: LeadStatus, to: LeadStatus) -> String {
    format!("{} → {}", from.as_str(), to.as_str())
}

/// Columns a lead's later life changes; `id`, first name, phone and creation time are
/// written once, at intake.
const MUTABLE_COLUMNS: [&str; 23] = [
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
];

/// The values of [`MUTABLE_COLUMNS`], in that order.
fn mutable_values(lead: &Lead) -> Vec<Value> {
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
    ]
}

static INSERT_SQL: LazyLock<String> = LazyLock::new(|| {
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
     last_attempt_at, next_action_at, callback_at, custom_fields, reserved_by, reserved_until";
pub(crate) fn get(conn: &Connection, id: LeadId) -> Result<Lead> {
    find(conn, id)?.ok_or_else(|| Error::LeadNotFound { id: id.to_string() })
}

pub(crate) fn find(conn: &Connection, id: LeadId) -> Result<Option<Lead>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM leads WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()?
        .transpose()
}

fn find_by_phone(conn: &Connection, e164: &str) -> Result<Option<Lead>> {
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
            time_zone: Tz::from_str(&zone)
                .map_err(|_| Error::Corrupt(format!("unknown zone {zone:?}")))?,
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

fn fields_json(fields: &[(String, String)]) -> String {
    serde_json::to_string(fields).unwrap_or_else(|_| "[]".into())
}

fn parse_fields(json: &str) -> Result<Vec<(String, String)>> {
    serde_json::from_str(json).map_err(|e| Error::Corrupt(format!("custom fields: {e}")))
}

pub(crate) fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub(crate) fn timestamp(millis: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(millis)
        .ok_or_else(|| Error::Corrupt(format!("timestamp {millis} is out of range")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 14, 0, 0).unwrap()
    }

    fn defaults() -> IntakeDefaults {
        IntakeDefaults {
            region: "US".parse().unwrap(),
            time_zone: chrono_tz::America::Chicago,
        }
    }

    fn new_lead() -> NewLead {
        NewLead {
            first_name: "  Ann ".into(),
            last_name: "Lee".into(),
            phone: "(415) 555-2671".into(),
            email: Some(" ann@example.com ".into()),
            company: Some(String::new()),
            ..NewLead::default()
        }
    }

    #[test]
    fn a_new_lead_is_trimmed_and_normalised() {
        let c = check(new_lead(), defaults(), now()).unwrap();
        assert_eq!(c.first_name, "Ann");
        assert_eq!(c.phone.e164, "+14155552671");
        assert_eq!(c.email.as_deref(), Some("ann@example.com"));
        assert_eq!(c.company, None, "an empty company is no company");
        assert_eq!(c.inquired_at, now(), "no inquiry time means now");
        assert_eq!(
            c.time_zone,
            (chrono_tz::America::Chicago, ZoneSource::TeamDefault)
        );
    }

    #[test]
    fn a_lead_needs_a_first_name_a_real_email_and_a_past_inquiry() {
        let nameless = NewLead {
            first_name: " ".into(),
            ..new_lead()
        };
        assert!(matches!(
            check(nameless, defaults(), now()),
            Err(Error::InvalidInput {
                field: "first_name",
                ..
            })
        ));
        let bad_email = NewLead {
            email: Some("ann at example".into()),
            ..new_lead()
        };
        assert!(matches!(
            check(bad_email, defaults(), now()),
            Err(Error::InvalidInput { field: "email", .. })
        ));
        let future = NewLead {
            inquired_at: Some(now() + Duration::hours(1)),
            ..new_lead()
        };
        assert!(matches!(
            check(future, defaults(), now()),
            Err(Error::InvalidInput {
                field: "inquired_at",
                ..
            })
        ));
        let bad_zone = NewLead {
            time_zone: Some("Europe/Atlantis".into()),
            ..new_lead()
        };
        assert!(matches!(
            check(bad_zone, defaults(), now()),
            Err(Error::InvalidInput {
                field: "time_zone",
                ..
            })
        ));
    }

    #[test]
    fn validate_refuses_what_intake_would_refuse_and_accepts_the_rest() {
        assert!(validate(&new_lead(), defaults(), now()).is_ok());
        let impossible = NewLead {
            phone: "(111) 555-2671".into(),
            ..new_lead()
        };
        assert!(matches!(
            validate(&impossible, defaults(), now()),
            Err(Error::InvalidPhone(_))
        ));
        let bad_zone = NewLead {
            time_zone: Some("Europe/Atlantis".into()),
            ..new_lead()
        };
        assert!(matches!(
            validate(&bad_zone, defaults(), now()),
            Err(Error::InvalidInput {
                field: "time_zone",
                ..
            })
        ));
    }

    #[test]
    fn a_uk_number_gets_london_time() {
        let uk = NewLead {
            phone: "+44 20 7946 0958".into(),
            ..new_lead()
        };
        assert_eq!(
            check(uk, defaults(), now()).unwrap().time_zone,
            (chrono_tz::Europe::London, ZoneSource::PhoneRegion)
        );
    }

    #[test]
    fn ids_sort_by_creation_time() {
        let earlier = LeadId::new_at(now());
        let later = LeadId::new_at(now() + Duration::milliseconds(1));
        assert!(earlier < later);
        assert_eq!(earlier.to_string().parse::<LeadId>().unwrap(), earlier);
        assert!("not-an-id".parse::<LeadId>().is_err());
    }
}

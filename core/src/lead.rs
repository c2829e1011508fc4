//! Leads: the people who asked to be called back.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::phone::{PhoneNumber, Region};

/// A lead's identity: a UUIDv7, so ids sort by creation and never collide across devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LeadId(Uuid);

impl LeadId {
    pub fn new_at(at: DateTime<Utc>) -> Self {
        let ts = uuid::Timestamp::from_unix(
            uuid::NoContext,
            u64::try_from(at.timestamp()).unwrap_or(0),
            at.timestamp_subsec_nanos(),
        );
        Self(Uuid::new_v7(ts))
    }
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

/// A lead as a form, an import or a rep provides it, before any checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewLead {
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub email: Option<String>,
    pub company: Option<String>,
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
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Lead {
    /// Checks and normalises `new`; nothing is stored.
    pub fn from_new(new: NewLead, region: Region, now: DateTime<Utc>) -> Result<Self> {
        let first_name = required("first_name", &new.first_name)?;
        let phone = PhoneNumber::parse(&new.phone, region)?;
        let email = optional(new.email);
        if let Some(email) = &email {
            check_email(email)?;
        }
        Ok(Self {
            id: LeadId::new_at(now),
            first_name,
            last_name: new.last_name.trim().to_owned(),
            phone,
            email,
            company: optional(new.company),
            created_at: now,
            updated_at: now,
        })
    }

    /// "Ann Lee", or just "Ann" when the form gave no last name.
    pub fn display_name(&self) -> String {
        if self.last_name.is_empty() {
            self.first_name.clone()
        } else {
            format!("{} {}", self.first_name, self.last_name)
        }
    }
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

const COLUMNS: &str =
    "id, first_name, last_name, phone_e164, phone_raw, email, company, created_at, updated_at";

pub(crate) fn insert(conn: &Connection, lead: &Lead) -> Result<()> {
    if let Some(existing_id) = find_id_by_phone(conn, &lead.phone.e164)? {
        return Err(Error::DuplicatePhone {
            e164: lead.phone.e164.clone(),
            existing_id,
        });
    }
    conn.prepare_cached(&format!(
        "INSERT INTO leads ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    ))?
    .execute(params![
        lead.id.to_string(),
        lead.first_name,
        lead.last_name,
        lead.phone.e164,
        lead.phone.raw,
        lead.email,
        lead.company,
        lead.created_at.timestamp_millis(),
        lead.updated_at.timestamp_millis(),
    ])?;
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: LeadId) -> Result<Lead> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM leads WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| Error::LeadNotFound { id: id.to_string() })?
}

fn find_id_by_phone(conn: &Connection, e164: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM leads WHERE phone_e164 = ?1")?
        .query_row([e164], |row| row.get(0))
        .optional()?)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Result<Lead>> {
    let id: String = row.get(0)?;
    let created_at: i64 = row.get(7)?;
    let updated_at: i64 = row.get(8)?;
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
            created_at: timestamp(created_at)?,
            updated_at: timestamp(updated_at)?,
        })
    })();
    Ok(lead)
}

fn timestamp(millis: i64) -> Result<DateTime<Utc>> {
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

    fn new_lead() -> NewLead {
        NewLead {
            first_name: "  Ann ".into(),
            last_name: "Lee".into(),
            phone: "(415) 555-2671".into(),
            email: Some(" ann@example.com ".into()),
            company: Some(String::new()),
        }
    }

    #[test]
    fn a_new_lead_is_trimmed_and_normalised() {
        let lead = Lead::from_new(new_lead(), "US".parse().unwrap(), now()).unwrap();
        assert_eq!(lead.first_name, "Ann");
        assert_eq!(lead.display_name(), "Ann Lee");
        assert_eq!(lead.phone.e164, "+14155552671");
        assert_eq!(lead.email.as_deref(), Some("ann@example.com"));
        assert_eq!(lead.company, None, "an empty company is no company");
    }

    #[test]
    fn a_lead_needs_a_first_name_and_a_real_email() {
        let region = "US".parse().unwrap();
        let nameless = NewLead {
            first_name: " ".into(),
            ..new_lead()
        };
        assert!(matches!(
            Lead::from_new(nameless, region, now()),
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
            Lead::from_new(bad_email, region, now()),
            Err(Error::InvalidInput { field: "email", .. })
        ));
    }

    #[test]
    fn ids_sort_by_creation_time() {
        let earlier = LeadId::new_at(now());
        let later = LeadId::new_at(now() + chrono::Duration::milliseconds(1));
        assert!(earlier < later);
        assert_eq!(earlier.to_string().parse::<LeadId>().unwrap(), earlier);
        assert!("not-an-id".parse::<LeadId>().is_err());
    }
}

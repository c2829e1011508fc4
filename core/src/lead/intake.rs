//! How a lead enters the store: every field checked (name, phone for the team's region,
//! email, inquiry time, zone), then inserted, or merged into the lead with the same
//! phone number as a second inquiry, with the inquiry on the timeline.

use chrono::{DateTime, Duration, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};

use super::rows::{fields_json, find_by_phone, mutable_values, update, INSERT_SQL};
use super::{status_change, IntakeDefaults, Lead, LeadId, LeadSource, NewLead};
use crate::error::{Error, Result};
use crate::ids::{ms, new_uuid_at};
use crate::outcome::LeadStatus;
use crate::phone::PhoneNumber;
use crate::sync::check::check_lead_field;
use crate::timeline::{self, EventKind};
use crate::timezone::state::state_in_fields;
use crate::timezone::{self, LeadZones, ZoneClues, ZoneSource};

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
    time_zone: (LeadZones, ZoneSource),
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
    let clues = ZoneClues {
        explicit: new.time_zone.as_deref(),
        state: state_in_fields(&new.custom_fields),
        e164: &phone.e164,
        region: region.as_deref(),
    };
    let time_zone = timezone::resolve(&clues, defaults.time_zone)?;
    let checked = CheckedLead {
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
    };
    syncable(&checked)?;
    Ok(checked)
}

/// Refuses a lead the team's server would refuse when it syncs (a name over the length
/// limit, a NUL character, custom fields too large), by the sync's own rules
/// ([`crate::sync::check`]): stored here, it would be stuck in the outbox for good.
fn syncable(c: &CheckedLead) -> Result<()> {
    let custom_fields = fields_json(&c.custom_fields);
    let values = [
        ("first_name", Some(c.first_name.as_str())),
        ("last_name", Some(c.last_name.as_str())),
        ("phone_raw", Some(c.phone.raw.as_str())),
        ("email", c.email.as_deref()),
        ("company", c.company.as_deref()),
        ("campaign_name", c.source.campaign_name.as_deref()),
        ("ad_name", c.source.ad_name.as_deref()),
        ("form_name", c.source.form_name.as_deref()),
        ("asked_about", c.asked_about.as_deref()),
        ("assigned_to", c.assigned_to.as_deref()),
        ("custom_fields", Some(custom_fields.as_str())),
    ];
    for (name, value) in values {
        check_lead_field(name, value)
            .map_err(|(field, problem)| Error::InvalidInput { field, problem })?;
    }
    Ok(())
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
        time_zone: c.time_zone.0.main,
        also_time_zone: c.time_zone.0.also,
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
    let (zones, source) = c.time_zone;
    if source.is_at_least_as_good_as(lead.time_zone_source) {
        (lead.time_zone, lead.also_time_zone, lead.time_zone_source) =
            (zones.main, zones.also, source);
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
            (
                chrono_tz::America::Los_Angeles.into(),
                ZoneSource::PhonePrefix
            ),
            "their time, from the 415 area code"
        );
    }

    #[test]
    fn the_form_s_state_gives_the_zone_before_the_number() {
        let in_phoenix = NewLead {
            custom_fields: vec![("State".into(), "Arizona".into())],
            ..new_lead()
        };
        assert_eq!(
            check(in_phoenix, defaults(), now()).unwrap().time_zone,
            (chrono_tz::America::Phoenix.into(), ZoneSource::State)
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
            (chrono_tz::Europe::London.into(), ZoneSource::PhoneRegion)
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

    #[test]
    fn a_lead_the_server_would_refuse_to_sync_is_refused_here_naming_the_field() {
        let too_long = NewLead {
            company: Some("A".repeat(2000)),
            ..new_lead()
        };
        match validate(&too_long, defaults(), now()) {
            Err(Error::InvalidInput { field, problem }) => {
                assert_eq!(field, "company");
                assert!(problem.contains("limit is 1024"), "{problem}");
            }
            other => panic!("{other:?}"),
        }
        let nul = NewLead {
            asked_about: Some("heat\0pump".into()),
            ..new_lead()
        };
        assert!(matches!(
            validate(&nul, defaults(), now()),
            Err(Error::InvalidInput {
                field: "asked_about",
                ..
            })
        ));
        let huge_form = NewLead {
            custom_fields: (0..40)
                .map(|i| (format!("q{i}"), "x".repeat(500)))
                .collect(),
            ..new_lead()
        };
        assert!(matches!(
            validate(&huge_form, defaults(), now()),
            Err(Error::InvalidInput {
                field: "custom_fields",
                ..
            })
        ));
    }
}

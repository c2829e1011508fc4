//! Warmline's own lead format, for a team's web forms, Zapier-style tools and scripts.
//!
//! One JSON object per lead (documented in `docs/intake.md`). Unknown fields are
//! refused, not kept: a misspelt `asked_about` or `phone` would otherwise vanish into
//! custom fields, and extra answers have their home in `custom_fields`. The request
//! itself is authenticated by [`crate::signature::verify_webhook`] before this runs.

use serde::Deserialize;
use warmline_core::lead::SourceKind;

use crate::dates::parse_instant;
use crate::draft::{Checks, Draft, ParsedLead};
use crate::error::IntakeError;
use crate::json::{id_text, OrderedFields};

/// A lead without a `source` came, most often, from the team's own site form.
pub const GENERIC_DEFAULT_SOURCE: SourceKind = SourceKind::WebForm;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GenericLead {
    #[serde(default, deserialize_with = "id_text")]
    id: Option<String>,
    name: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    company: Option<String>,
    source: Option<String>,
    campaign_name: Option<String>,
    ad_name: Option<String>,
    form_name: Option<String>,
    asked_about: Option<String>,
    inquired_at: Option<String>,
    time_zone: Option<String>,
    assigned_to: Option<String>,
    #[serde(default)]
    is_test: bool,
    #[serde(default)]
    custom_fields: OrderedFields,
}

/// Reads one lead in the generic JSON format and checks it.
pub fn parse_generic(body: &[u8], checks: &Checks) -> Result<ParsedLead, IntakeError> {
    let lead: GenericLead =
        serde_json::from_slice(body).map_err(|err| IntakeError::json("generic lead", &err))?;
    lead.into_draft()?.finish(GENERIC_DEFAULT_SOURCE, checks)
}

impl GenericLead {
    fn into_draft(self) -> Result<Draft, IntakeError> {
        Ok(Draft {
            full_name: self.name,
            first_name: self.first_name,
            last_name: self.last_name,
            phone: self.phone,
            email: self.email,
            company: self.company,
            kind: self.source.as_deref().map(source_kind).transpose()?,
            campaign_name: self.campaign_name,
            ad_name: self.ad_name,
            form_name: self.form_name,
            asked_about: self.asked_about,
            inquired_at: self.inquired_at.as_deref().map(inquiry_time).transpose()?,
            time_zone: self.time_zone,
            assigned_to: self.assigned_to,
            custom_fields: self.custom_fields.0,
            external_id: self.id,
            is_test: self.is_test,
        })
    }
}

fn source_kind(text: &str) -> Result<SourceKind, IntakeError> {
    SourceKind::parse(text.trim()).map_err(|_| IntakeError::UnknownSourceKind {
        value: text.to_owned(),
    })
}

fn inquiry_time(text: &str) -> Result<chrono::DateTime<chrono::Utc>, IntakeError> {
    parse_instant(text).ok_or_else(|| IntakeError::UnreadableDate {
        field: "inquired_at".into(),
        value: text.to_owned(),
    })
}

//! Meta (Facebook and Instagram) lead ads, as the Graph API returns a lead.
//!
//! Accepts one lead object or a page of them (`{"data": [...], "paging": ...}`). Fields
//! Meta adds over time are ignored rather than refused, since Meta changes its API on its
//! own schedule. The form's answers (`field_data`) fill the lead where their names are
//! standard (`full_name`, `phone_number`, `email`...); every other answer becomes a custom
//! field, in form order, with a readable label (`job_title` → "Job title"). Ids,
//! `is_organic` and `platform` say how Meta routed the lead, not who it is, and are not kept;
//! the lead's own `id` becomes [`ParsedLead::external_id`].

use serde::de::IgnoredAny;
use serde::Deserialize;
use warmline_core::lead::SourceKind;

use crate::dates::parse_instant;
use crate::draft::{Checks, Draft, ParsedLead};
use crate::error::IntakeError;
use crate::fields::{classify, humanise};
use crate::json::id_text;

const FORMAT: &str = "Meta lead";

/// One lead of a Meta payload that could not be taken, with its place in the payload.
#[derive(Debug, thiserror::Error)]
#[error("Meta lead #{number} (id {id}): {error}", number = .index + 1, id = .id.as_deref().unwrap_or("none"))]
pub struct MetaLeadError {
    /// 0-based position in the page (0 for a single lead).
    pub index: usize,
    pub id: Option<String>,
    #[source]
    pub error: IntakeError,
}

/// Tells a page from a single lead without reading either.
#[derive(Deserialize)]
struct Probe {
    data: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct Page {
    data: Vec<MetaLead>,
}

#[derive(Debug, Deserialize)]
struct MetaLead {
    #[serde(default, deserialize_with = "id_text")]
    id: Option<String>,
    created_time: Option<String>,
    ad_name: Option<String>,
    campaign_name: Option<String>,
    form_name: Option<String>,
    #[serde(default)]
    field_data: Vec<MetaField>,
}

#[derive(Debug, Deserialize)]
struct MetaField {
    name: String,
    #[serde(default)]
    values: Vec<String>,
}

/// Reads a Meta lead or page of leads. Malformed JSON refuses the whole payload; each
/// well-formed lead is then checked on its own, so one bad lead does not hide the others.
pub fn parse_meta(
    body: &[u8],
    checks: &Checks,
) -> Result<Vec<Result<ParsedLead, MetaLeadError>>, IntakeError> {
    let malformed = |err: serde_json::Error| IntakeError::json(FORMAT, &err);
    let probe: Probe = serde_json::from_slice(body).map_err(malformed)?;
    let leads = if probe.data.is_some() {
        serde_json::from_slice::<Page>(body)
            .map_err(malformed)?
            .data
    } else {
        vec![serde_json::from_slice::<MetaLead>(body).map_err(malformed)?]
    };
    Ok(leads
        .into_iter()
        .enumerate()
        .map(|(index, lead)| {
            let id = lead.id.clone();
            lead.into_draft()
                .and_then(|draft| draft.finish(SourceKind::AdForm, checks))
                .map_err(|error| MetaLeadError { index, id, error })
        })
        .collect())
}

impl MetaLead {
    fn into_draft(self) -> Result<Draft, IntakeError> {
        let inquired_at = self
            .created_time
            .map(|text| {
                parse_instant(&text).ok_or(IntakeError::UnreadableDate {
                    field: "created_time".into(),
                    value: text,
                })
            })
            .transpose()?;
        let mut draft = Draft {
            external_id: self.id,
            inquired_at,
            ad_name: self.ad_name,
            campaign_name: self.campaign_name,
            form_name: self.form_name,
            ..Draft::default()
        };
        for field in self.field_data {
            let value = field.values.join(", ");
            let filled = classify(&field.name)
                .filter(|lead_field| lead_field.is_answer())
                .is_some_and(|lead_field| draft.fill(lead_field, &value));
            if !filled {
                draft.keep_custom(&humanise(&field.name), &value);
            }
        }
        Ok(draft)
    }
}

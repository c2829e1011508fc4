//! Google Ads lead form extensions, as their webhook posts a lead.
//!
//! Google authenticates with a key typed into the form's webhook settings and echoed in
//! the body as `google_key`; it is compared with the configured one in constant time
//! before anything else is read. Google sends ids, not names, for the form and campaign:
//! [`GoogleSource`] can name them; unnamed ones read "Google Ads form 123" so the
//! timeline still says where the lead came from, but such placeholders never become
//! `asked_about`. `is_test` leads (Google's "send test data" button) are flagged on the
//! result for the caller to keep apart.

use std::collections::HashMap;

use serde::Deserialize;
use warmline_core::lead::SourceKind;

use crate::draft::{nonblank, Checks, Draft, ParsedLead};
use crate::error::IntakeError;
use crate::fields::{classify, humanise};
use crate::json::id_text;
use crate::signature::keys_match;

const FORMAT: &str = "Google lead";
/// Column ids Google gives the answers to an advertiser's own questions.
const CUSTOM_QUESTION_PREFIX: &str = "CUSTOM_QUESTION";

/// One Google lead form source: its key, and optional names for its ids.
#[derive(Debug, Clone, Default)]
pub struct GoogleSource {
    /// The key set in the form's webhook settings.
    pub key: String,
    /// Form id → the name reps should see ("Farm solar quote").
    pub form_names: HashMap<String, String>,
    /// Campaign id → name.
    pub campaign_names: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct GoogleLead {
    #[serde(default, deserialize_with = "id_text")]
    lead_id: Option<String>,
    #[serde(default, deserialize_with = "id_text")]
    form_id: Option<String>,
    #[serde(default, deserialize_with = "id_text")]
    campaign_id: Option<String>,
    google_key: Option<String>,
    gcl_id: Option<String>,
    #[serde(default)]
    is_test: bool,
    #[serde(default)]
    user_column_data: Vec<GoogleColumn>,
}

#[derive(Debug, Deserialize)]
struct GoogleColumn {
    column_id: Option<String>,
    column_name: Option<String>,
    string_value: Option<String>,
}

/// Reads a Google lead form webhook body, checks its key, then the lead.
pub fn parse_google(
    body: &[u8],
    source: &GoogleSource,
    checks: &Checks,
) -> Result<ParsedLead, IntakeError> {
    let lead: GoogleLead =
        serde_json::from_slice(body).map_err(|err| IntakeError::json(FORMAT, &err))?;
    let key = lead
        .google_key
        .as_deref()
        .ok_or(IntakeError::MissingGoogleKey)?;
    if !keys_match(&source.key, key) {
        return Err(IntakeError::WrongGoogleKey);
    }
    let ids = (lead.form_id.clone(), lead.campaign_id.clone());
    let mut parsed = lead.into_draft(source).finish(SourceKind::AdForm, checks)?;
    let lead_source = &mut parsed.lead.source;
    if let (None, Some(form_id)) = (&lead_source.form_name, ids.0) {
        lead_source.form_name = Some(format!("Google Ads form {form_id}"));
    }
    if let (None, Some(campaign_id)) = (&lead_source.campaign_name, ids.1) {
        lead_source.campaign_name = Some(format!("Google Ads campaign {campaign_id}"));
    }
    Ok(parsed)
}

impl GoogleLead {
    fn into_draft(self, source: &GoogleSource) -> Draft {
        let configured = |names: &HashMap<String, String>, id: &Option<String>| {
            nonblank(id.as_ref().and_then(|id| names.get(id)).cloned())
        };
        let mut draft = Draft {
            external_id: self.lead_id,
            is_test: self.is_test,
            form_name: configured(&source.form_names, &self.form_id),
            campaign_name: configured(&source.campaign_names, &self.campaign_id),
            ..Draft::default()
        };
        for (number, column) in self.user_column_data.into_iter().enumerate() {
            let value = column.string_value.as_deref().unwrap_or_default();
            let standard = column
                .column_id
                .as_deref()
                .filter(|id| !id.starts_with(CUSTOM_QUESTION_PREFIX))
                .and_then(classify)
                .filter(|field| field.is_answer());
            if !standard.is_some_and(|field| draft.fill(field, value)) {
                draft.keep_custom(&column_label(&column, number), value);
            }
        }
        if let Some(click_id) = self.gcl_id {
            // Kept for uploading offline conversions to Google later.
            draft.keep_custom("Google click id (gclid)", &click_id);
        }
        draft
    }
}

/// The question's own wording when Google sends it, else its id made readable, else its
/// place in the form.
fn column_label(column: &GoogleColumn, number: usize) -> String {
    nonblank(column.column_name.clone())
        .or_else(|| nonblank(column.column_id.as_deref().map(humanise)))
        .unwrap_or_else(|| format!("Question {}", number + 1))
}

//! From a format's fields to a checked lead: the rules every format shares.
//!
//! Each parser only says which value is which; the draft then splits names, fills
//! `asked_about` from the ad, form or campaign name, and runs the core's own checks, so
//! a lead refused at intake is one the store would have refused too.

use chrono::{DateTime, Utc};
use warmline_core::lead::{self, IntakeDefaults, LeadSource, NewLead, SourceKind};

use crate::error::IntakeError;
use crate::fields::LeadField;

/// What each lead is checked against: the team's phone region and zone, and the time
/// (passed in, so that tests and replays control it).
#[derive(Debug, Clone, Copy)]
pub struct Checks {
    pub defaults: IntakeDefaults,
    pub now: DateTime<Utc>,
}

/// A lead read from outside and checked, with what the caller needs besides the lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLead {
    pub lead: NewLead,
    /// The sender's own id for the lead (Meta's lead id, Google's `lead_id`, the generic
    /// `id`, a CSV `id` column), for recognising a retried delivery.
    pub external_id: Option<String>,
    /// A test lead (Google's `is_test`, the generic `is_test`): the caller decides whether
    /// to store it; it is checked like any other.
    pub is_test: bool,
}

/// A lead's values as one format gives them, before the shared rules apply.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub full_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub kind: Option<SourceKind>,
    pub campaign_name: Option<String>,
    pub ad_name: Option<String>,
    pub form_name: Option<String>,
    pub asked_about: Option<String>,
    pub inquired_at: Option<DateTime<Utc>>,
    pub time_zone: Option<String>,
    pub assigned_to: Option<String>,
    pub custom_fields: Vec<(String, String)>,
    pub external_id: Option<String>,
    pub is_test: bool,
}

impl Draft {
    /// Fills `field` with `value`, unless an earlier value already filled it: then it
    /// returns false and the caller keeps `value` as a custom field. Blank values are
    /// taken and ignored. Times and the source kind are parsed by the caller instead.
    pub(crate) fn fill(&mut self, field: LeadField, value: &str) -> bool {
        let value = value.trim();
        match self.text_slot(field) {
            Some(slot) if slot.is_none() => {
                *slot = Some(value.to_owned()).filter(|v| !v.is_empty());
                true
            }
            Some(_) => value.is_empty(),
            None => false,
        }
    }

    /// Keeps an answer the lead fields have no place for, unless it is blank.
    pub(crate) fn keep_custom(&mut self, label: &str, value: &str) {
        let (label, value) = (label.trim(), value.trim());
        if !label.is_empty() && !value.is_empty() {
            self.custom_fields
                .push((label.to_owned(), value.to_owned()));
        }
    }

    fn text_slot(&mut self, field: LeadField) -> Option<&mut Option<String>> {
        Some(match field {
            LeadField::FullName => &mut self.full_name,
            LeadField::FirstName => &mut self.first_name,
            LeadField::LastName => &mut self.last_name,
            LeadField::Phone => &mut self.phone,
            LeadField::Email => &mut self.email,
            LeadField::Company => &mut self.company,
            LeadField::TimeZone => &mut self.time_zone,
            LeadField::AskedAbout => &mut self.asked_about,
            LeadField::Campaign => &mut self.campaign_name,
            LeadField::Ad => &mut self.ad_name,
            LeadField::Form => &mut self.form_name,
            LeadField::AssignedTo => &mut self.assigned_to,
            LeadField::ExternalId => &mut self.external_id,
            LeadField::InquiredAt | LeadField::Source => return None,
        })
    }

    /// Applies the shared rules and the core's checks. `default_kind` is the source kind
    /// when the payload names none.
    pub(crate) fn finish(
        self,
        default_kind: SourceKind,
        checks: &Checks,
    ) -> Result<ParsedLead, IntakeError> {
        let phone = nonblank(self.phone).ok_or(IntakeError::MissingPhone)?;
        let (first_name, last_name) = names(self.full_name, self.first_name, self.last_name)?;
        let asked_about = nonblank(self.asked_about).or_else(|| {
            asked_about_from_names([&self.ad_name, &self.form_name, &self.campaign_name])
        });
        let lead = NewLead {
            first_name,
            last_name,
            phone,
            email: nonblank(self.email),
            company: nonblank(self.company),
            source: LeadSource {
                kind: self.kind.unwrap_or(default_kind),
                campaign_name: nonblank(self.campaign_name),
                ad_name: nonblank(self.ad_name),
                form_name: nonblank(self.form_name),
            },
            asked_about,
            inquired_at: self.inquired_at,
            time_zone: nonblank(self.time_zone),
            assigned_to: nonblank(self.assigned_to),
            custom_fields: self.custom_fields,
        };
        lead::validate(&lead, checks.defaults, checks.now)?;
        Ok(ParsedLead {
            lead,
            external_id: nonblank(self.external_id),
            is_test: self.is_test,
        })
    }
}

/// The value trimmed, or `None` when blank.
pub(crate) fn nonblank(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// First and last name. Separate first and last names win; a full name is split at its
/// first space ("Mary Ann Lee" → "Mary", "Ann Lee"), which is how a rep greets; a lone
/// last name becomes the name to greet with.
fn names(
    full: Option<String>,
    first: Option<String>,
    last: Option<String>,
) -> Result<(String, String), IntakeError> {
    let (full, first, last) = (nonblank(full), nonblank(first), nonblank(last));
    match (first, full, last) {
        (Some(first), _, last) => Ok((first, last.unwrap_or_default())),
        (None, Some(full), last) => {
            let (first, rest) = full.split_once(char::is_whitespace).unwrap_or((&full, ""));
            let rest = rest.trim();
            let last = if rest.is_empty() {
                last.unwrap_or_default()
            } else {
                rest.to_owned()
            };
            Ok((first.to_owned(), last))
        }
        (None, None, Some(last)) => Ok((last, String::new())),
        (None, None, None) => Err(IntakeError::MissingName),
    }
}

/// What the lead asked about when the payload does not say: the first of the ad's, the
/// form's and the campaign's names that reads as words. The ad is what the lead saw and
/// answered, the form what they filled in, the campaign is the least seen and most
/// internal. Platform placeholders ("Untitled form 11/27/2026") and bare ids are skipped.
fn asked_about_from_names(names: [&Option<String>; 3]) -> Option<String> {
    names
        .into_iter()
        .filter_map(|name| name.as_deref().map(str::trim))
        .find(|name| reads_as_words(name))
        .map(str::to_owned)
}

fn reads_as_words(name: &str) -> bool {
    let placeholder = name
        .get(..8)
        .is_some_and(|start| start.eq_ignore_ascii_case("untitled"));
    name.chars().any(char::is_alphabetic) && !placeholder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn first_and_last_names_beat_a_full_name_which_splits_at_its_first_space() {
        assert_eq!(
            names(some("Ann Lee"), some("Annie"), some("Lee")).unwrap(),
            ("Annie".into(), "Lee".into())
        );
        assert_eq!(
            names(some(" Mary Ann  van Dijk "), None, None).unwrap(),
            ("Mary".into(), "Ann  van Dijk".into())
        );
        assert_eq!(
            names(some("Ann"), None, some("Lee")).unwrap(),
            ("Ann".into(), "Lee".into())
        );
        assert_eq!(
            names(None, None, some("Lee")).unwrap(),
            ("Lee".into(), String::new())
        );
        assert!(matches!(
            names(some(" "), None, None),
            Err(IntakeError::MissingName)
        ));
    }

    #[test]
    fn asked_about_prefers_the_ad_then_the_form_then_the_campaign() {
        let ad = some("Solar for farms - autumn");
        let form = some("Farm solar quote");
        let campaign = some("Q4 solar");
        assert_eq!(asked_about_from_names([&ad, &form, &campaign]), ad.clone());
        assert_eq!(
            asked_about_from_names([&None, &form, &campaign]),
            form.clone()
        );
        assert_eq!(
            asked_about_from_names([
                &some("120211"),
                &some("Untitled form 11/27/2026"),
                &campaign
            ]),
            campaign,
            "ids and placeholders are skipped"
        );
        assert_eq!(asked_about_from_names([&None, &None, &some("  ")]), None);
    }

    #[test]
    fn an_earlier_value_wins_and_a_later_one_is_left_to_the_caller() {
        let mut draft = Draft::default();
        assert!(draft.fill(LeadField::Phone, " 415 555 2671 "));
        assert!(!draft.fill(LeadField::Phone, "415 555 0000"));
        assert!(draft.fill(LeadField::Phone, " "), "a blank value is taken");
        assert_eq!(draft.phone.as_deref(), Some("415 555 2671"));
        assert!(!draft.fill(LeadField::InquiredAt, "2026-11-27"));
    }
}

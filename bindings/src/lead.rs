//! Lead records as the apps see them.

use warmline_core as core;

use crate::error::WarmlineError;
use crate::timestamp::Timestamp;

/// How the lead reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SourceKind {
    AdForm,
    Email,
    SocialDm,
    WebForm,
    Other,
}

/// Where an inquiry came from: the channel and the campaign, ad and form names.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeadSource {
    pub kind: SourceKind,
    #[uniffi(default = None)]
    pub campaign_name: Option<String>,
    #[uniffi(default = None)]
    pub ad_name: Option<String>,
    #[uniffi(default = None)]
    pub form_name: Option<String>,
}

/// One of the form's other answers.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CustomField {
    pub name: String,
    pub value: String,
}

/// A lead as a form or the rep provides it.
#[derive(Debug, Clone, uniffi::Record)]
pub struct NewLead {
    pub first_name: String,
    #[uniffi(default = "")]
    pub last_name: String,
    /// As typed: national (read with the team's region) or international with `+`.
    pub phone: String,
    #[uniffi(default = None)]
    pub email: Option<String>,
    #[uniffi(default = None)]
    pub company: Option<String>,
    #[uniffi(default = None)]
    pub source: Option<LeadSource>,
    /// What they asked about ("solar panels for a barn").
    #[uniffi(default = None)]
    pub asked_about: Option<String>,
    /// When they asked; none means now.
    #[uniffi(default = None)]
    pub inquired_at: Option<Timestamp>,
    /// IANA zone, when known (`America/Chicago`).
    #[uniffi(default = None)]
    pub time_zone: Option<String>,
    #[uniffi(default = None)]
    pub assigned_to: Option<String>,
    #[uniffi(default = [])]
    pub custom_fields: Vec<CustomField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LeadStatus {
    New,
    Attempting,
    CallbackScheduled,
    Qualified,
    FoundElsewhere,
    NotAFit,
    BadNumber,
    DoNotCall,
    Exhausted,
}

/// Where the lead's time zone came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum TimeZoneSource {
    Explicit,
    /// The state or province the form gave.
    State,
    /// The number's area code or exchange.
    PhonePrefix,
    PhoneRegion,
    TeamDefault,
}

/// A stored lead.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Lead {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    /// "Ann Lee", or "Ann" with no last name: what a list row shows.
    pub display_name: String,
    /// E.164, ready to dial: `+14155552671`.
    pub phone_e164: String,
    /// Exactly what the lead typed.
    pub phone_raw: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub source: LeadSource,
    pub asked_about: Option<String>,
    pub first_inquired_at: Timestamp,
    pub inquired_at: Timestamp,
    pub inquiry_count: u32,
    pub time_zone: String,
    /// The second zone of a number or state spanning two: callable while both are open.
    pub also_time_zone: Option<String>,
    pub time_zone_source: TimeZoneSource,
    pub status: LeadStatus,
    pub assigned_to: Option<String>,
    /// Calls in the current cycle.
    pub attempts: u32,
    pub last_attempt_at: Option<Timestamp>,
    pub next_action_at: Option<Timestamp>,
    pub callback_at: Option<Timestamp>,
    pub custom_fields: Vec<CustomField>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One row of a batch: stored, or refused with the reason.
// Built and lowered across the boundary at once; boxing the lead would only add a copy.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, uniffi::Enum)]
pub enum AddLeadOutcome {
    Added { lead: Lead },
    Rejected { index: u32, error: WarmlineError },
}

impl From<NewLead> for core::NewLead {
    fn from(new: NewLead) -> Self {
        Self {
            first_name: new.first_name,
            last_name: new.last_name,
            phone: new.phone,
            email: new.email,
            company: new.company,
            source: new.source.map(Into::into).unwrap_or_default(),
            asked_about: new.asked_about,
            inquired_at: new.inquired_at,
            time_zone: new.time_zone,
            assigned_to: new.assigned_to,
            custom_fields: new
                .custom_fields
                .into_iter()
                .map(|f| (f.name, f.value))
                .collect(),
        }
    }
}

impl From<LeadSource> for core::LeadSource {
    fn from(s: LeadSource) -> Self {
        Self {
            kind: s.kind.into(),
            campaign_name: s.campaign_name,
            ad_name: s.ad_name,
            form_name: s.form_name,
        }
    }
}

impl From<core::LeadSource> for LeadSource {
    fn from(s: core::LeadSource) -> Self {
        Self {
            kind: s.kind.into(),
            campaign_name: s.campaign_name,
            ad_name: s.ad_name,
            form_name: s.form_name,
        }
    }
}

impl From<SourceKind> for core::SourceKind {
    fn from(kind: SourceKind) -> Self {
        match kind {
            SourceKind::AdForm => Self::AdForm,
            SourceKind::Email => Self::Email,
            SourceKind::SocialDm => Self::SocialDm,
            SourceKind::WebForm => Self::WebForm,
            SourceKind::Other => Self::Other,
        }
    }
}

impl From<core::SourceKind> for SourceKind {
    fn from(kind: core::SourceKind) -> Self {
        match kind {
            core::SourceKind::AdForm => Self::AdForm,
            core::SourceKind::Email => Self::Email,
            core::SourceKind::SocialDm => Self::SocialDm,
            core::SourceKind::WebForm => Self::WebForm,
            core::SourceKind::Other => Self::Other,
        }
    }
}

impl From<core::LeadStatus> for LeadStatus {
    fn from(status: core::LeadStatus) -> Self {
        use core::LeadStatus as S;
        match status {
            S::New => Self::New,
            S::Attempting => Self::Attempting,
            S::CallbackScheduled => Self::CallbackScheduled,
            S::Qualified => Self::Qualified,
            S::FoundElsewhere => Self::FoundElsewhere,
            S::NotAFit => Self::NotAFit,
            S::BadNumber => Self::BadNumber,
            S::DoNotCall => Self::DoNotCall,
            S::Exhausted => Self::Exhausted,
        }
    }
}

impl From<core::ZoneSource> for TimeZoneSource {
    fn from(source: core::ZoneSource) -> Self {
        match source {
            core::ZoneSource::Explicit => Self::Explicit,
            core::ZoneSource::State => Self::State,
            core::ZoneSource::PhonePrefix => Self::PhonePrefix,
            core::ZoneSource::PhoneRegion => Self::PhoneRegion,
            core::ZoneSource::TeamDefault => Self::TeamDefault,
        }
    }
}

impl From<core::Lead> for Lead {
    fn from(lead: core::Lead) -> Self {
        Self {
            id: lead.id.to_string(),
            display_name: lead.display_name(),
            first_name: lead.first_name,
            last_name: lead.last_name,
            phone_e164: lead.phone.e164,
            phone_raw: lead.phone.raw,
            email: lead.email,
            company: lead.company,
            source: lead.source.into(),
            asked_about: lead.asked_about,
            first_inquired_at: lead.first_inquired_at,
            inquired_at: lead.inquired_at,
            inquiry_count: lead.inquiry_count,
            time_zone: lead.time_zone.name().to_owned(),
            also_time_zone: lead.also_time_zone.map(|tz| tz.name().to_owned()),
            time_zone_source: lead.time_zone_source.into(),
            status: lead.status.into(),
            assigned_to: lead.assigned_to,
            attempts: lead.attempts,
            last_attempt_at: lead.last_attempt_at,
            next_action_at: lead.next_action_at,
            callback_at: lead.callback_at,
            custom_fields: lead
                .custom_fields
                .into_iter()
                .map(|(name, value)| CustomField { name, value })
                .collect(),
            created_at: lead.created_at,
            updated_at: lead.updated_at,
        }
    }
}

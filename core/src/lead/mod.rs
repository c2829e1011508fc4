//! Leads: the people who asked to be called back. The types live here; how a lead
//! enters the store (checked, merged with an earlier inquiry by phone number) is
//! [`intake`], and how a row is read and written is [`rows`].

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};
use crate::outcome::LeadStatus;
use crate::phone::{PhoneNumber, Region};
use crate::timezone::state::state_in_fields;
use crate::timezone::{LeadZones, ZoneOrigin, ZoneSource};

pub(crate) use crate::ids::{ms, timestamp};
pub use crate::ids::{new_uuid_at, LeadId};
pub use crate::reservation::Reservation;

mod intake;
mod rows;
mod zones;

pub(crate) use intake::intake;
pub use intake::validate;
pub(crate) use rows::{find, get, update};
pub(crate) use zones::rederive_default_zones;

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
    /// The second zone of a clue that spans a zone line (a split area code): the lead is
    /// called only while the window is open in both.
    pub also_time_zone: Option<Tz>,
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
    /// The zone or two the lead lives in, as calling hours take them.
    pub fn zones(&self) -> LeadZones {
        LeadZones {
            main: self.time_zone,
            also: self.also_time_zone,
        }
    }

    /// Where the lead's zone came from, as the screens say it.
    pub fn zone_origin(&self) -> ZoneOrigin {
        ZoneOrigin::of(
            self.time_zone_source,
            &self.phone.e164,
            state_in_fields(&self.custom_fields),
        )
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

/// What the team decides for every lead: how to read numbers and which zone to assume.
#[derive(Debug, Clone, Copy)]
pub struct IntakeDefaults {
    pub region: Region,
    pub time_zone: Tz,
}

pub(crate) fn status_change(from: LeadStatus, to: LeadStatus) -> String {
    format!("{} → {}", from.as_str(), to.as_str())
}

//! Lead records as the apps see them.

use warmline_core as core;

use crate::error::WarmlineError;
use crate::timestamp::Timestamp;

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
}

/// A stored lead.
#[derive(Debug, Clone, uniffi::Record)]
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
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One row of a batch: stored, or refused with the reason.
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
            created_at: lead.created_at,
            updated_at: lead.updated_at,
        }
    }
}

//! The `Warmline` object: the apps' one handle on the core.

use std::sync::Arc;

use warmline_core as core;

use crate::error::WarmlineError;
use crate::lead::{AddLeadOutcome, Lead, NewLead};
use crate::observe::{LeadsObserver, ObservationHandle};

/// Settings the app passes when it opens the store.
#[derive(Debug, Clone, uniffi::Record)]
pub struct WarmlineSettings {
    /// Two-letter region for numbers typed without `+` (e.g. `US`).
    #[uniffi(default = "US")]
    pub default_region: String,
}

#[derive(Debug, uniffi::Object)]
pub struct Warmline {
    core: Arc<core::Warmline>,
}

#[uniffi::export]
impl Warmline {
    /// Opens (creating and migrating as needed) the store in the file at `path`.
    #[uniffi::constructor]
    pub fn open(path: String, settings: WarmlineSettings) -> Result<Arc<Self>, WarmlineError> {
        let settings = core::Settings {
            default_region: settings.default_region,
        };
        let core = core::Warmline::open(path, settings, Arc::new(core::SystemClock))?;
        Ok(Arc::new(Self {
            core: Arc::new(core),
        }))
    }

    /// Checks, normalises and stores one lead; durable when it returns.
    pub fn add_lead(&self, lead: NewLead) -> Result<Lead, WarmlineError> {
        Ok(self.core.add_lead(lead.into())?.into())
    }

    pub fn lead(&self, id: String) -> Result<Lead, WarmlineError> {
        Ok(self.core.lead(&id)?.into())
    }

    /// Calls `observer` after every committed change to leads until the handle is dropped.
    pub fn observe_leads(&self, observer: Box<dyn LeadsObserver>) -> Arc<ObservationHandle> {
        let observer: Arc<dyn LeadsObserver> = Arc::from(observer);
        let subscription = self.core.subscribe_leads(Arc::new(move |ids: &[String]| {
            observer.on_leads_changed(ids.to_vec())
        }));
        Arc::new(ObservationHandle::new(subscription))
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Warmline {
    /// Stores a batch of leads in one transaction, off the caller's thread. Each row is
    /// stored or refused on its own; a refused row does not stop the others.
    pub async fn add_leads(
        &self,
        leads: Vec<NewLead>,
    ) -> Result<Vec<AddLeadOutcome>, WarmlineError> {
        let core = Arc::clone(&self.core);
        let batch = leads.into_iter().map(Into::into).collect();
        let outcomes = tokio::task::spawn_blocking(move || core.add_leads(batch)).await??;
        Ok(outcomes
            .into_iter()
            .enumerate()
            .map(|(index, outcome)| match outcome {
                Ok(lead) => AddLeadOutcome::Added { lead: lead.into() },
                Err(err) => AddLeadOutcome::Rejected {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    error: err.into(),
                },
            })
            .collect())
    }
}

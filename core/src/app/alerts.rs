//! "A new lead is yours": an event for each lead that sync brings to this phone while
//! the app runs, for a local notification. Leads this phone wrote itself, and leads it
//! already held when watching began, raise none.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::screens::LeadHeader;
use crate::error::Result;
use crate::notify::Subscription;
use crate::warmline::Warmline;

/// A lead that just arrived on this phone and can be called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLeadAlert {
    pub lead: LeadHeader,
    pub inquired_at: DateTime<Utc>,
}

/// Calls `alert` for each open lead that sync brings to this phone from now on, until
/// the subscription is dropped.
pub fn watch_new_leads(
    warmline: &Arc<Warmline>,
    alert: Arc<dyn Fn(NewLeadAlert) + Send + Sync>,
) -> Result<Subscription> {
    let known: HashSet<String> = warmline.db.read(|conn| {
        Ok(conn
            .prepare("SELECT id FROM leads")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    })?;
    let known = Mutex::new(known);
    let weak = Arc::downgrade(warmline);
    Ok(warmline.subscribe_pulled(Arc::new(move |ids: &[String]| {
        let Some(warmline) = weak.upgrade() else {
            return;
        };
        let fresh: Vec<String> = {
            let mut known = known.lock().unwrap_or_else(|p| p.into_inner());
            ids.iter()
                .filter(|id| known.insert((*id).clone()))
                .cloned()
                .collect()
        };
        for id in fresh {
            match warmline.lead(&id) {
                Ok(lead) if lead.status.is_open() => alert(NewLeadAlert {
                    inquired_at: lead.inquired_at,
                    lead: LeadHeader::of(&lead),
                }),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, lead = %id, "cannot read a pulled lead"),
            }
        }
    })))
}

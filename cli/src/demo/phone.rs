//! A rep's "phone" in the demo: the real core (`warmline_core::Warmline`) on its own
//! database, enrolled with a one-time code and syncing over HTTP, exactly as the apps
//! drive it through the bindings.

use std::path::Path;
use std::sync::Arc;

use warmline_core::sync::{enrol, SyncReport};
use warmline_core::{DeviceSettings, SystemClock, TeamSettings, Warmline};

use crate::fail::Context;
use crate::http::Ureq;

/// The zone the demo's phones are set to (times in queue reasons are shown in it).
const PHONE_ZONE: &str = "America/Chicago";
/// The team's company, said in the script's opener; set in the app's settings.
const COMPANY: &str = "Brightside Solar";

pub struct Phone {
    pub device_name: String,
    pub core: Warmline,
    server: String,
    token: String,
}

impl Phone {
    /// Opens a fresh store in `dir` and enrols it with `code`, as the app's sign-in does.
    pub fn enrol(
        dir: &Path,
        server: &str,
        code: &str,
        device_name: &str,
        rep_first_name: &str,
    ) -> Result<Self, String> {
        let file = dir.join(format!("{}.db", device_name.replace([' ', '\''], "-")));
        let device = DeviceSettings {
            time_zone: PHONE_ZONE.into(),
            rep_first_name: Some(rep_first_name.into()),
        };
        let core = Warmline::open(&file, device, Arc::new(SystemClock))
            .context(format!("cannot open {}", file.display()))?;
        core.update_team_settings(TeamSettings {
            company: Some(COMPANY.into()),
            ..core.team_settings()
        })
        .context("cannot set the team's company")?;
        let enrolment = enrol(&Ureq, server, code, device_name)
            .context(format!("{device_name} cannot enrol"))?;
        Ok(Self {
            device_name: device_name.into(),
            core,
            server: server.into(),
            token: enrolment.token,
        })
    }

    /// Pushes what this phone changed and pulls what the team changed.
    pub fn sync(&self) -> Result<SyncReport, String> {
        self.core
            .sync(&Ureq, &self.server, &self.token)
            .context(format!("{} cannot sync", self.device_name))
    }

    /// Changes saved on this phone that the server does not have yet.
    pub fn pending(&self) -> Result<u64, String> {
        self.core.pending_changes().context(format!(
            "{} cannot count its pending changes",
            self.device_name
        ))
    }
}

//! Device and team settings as the apps see them.

use chrono::NaiveTime;
use warmline_core as core;

use crate::error::WarmlineError;

/// What the device knows when it opens the store.
#[derive(Debug, Clone, uniffi::Record)]
pub struct DeviceSettings {
    /// The phone's IANA time zone (`America/Chicago`): times in reasons are shown in it.
    pub time_zone: String,
    /// The signed-in rep's first name, said in the script's opener.
    #[uniffi(default = None)]
    pub rep_first_name: Option<String>,
}

/// One day's calling window in the lead's local time, minutes after midnight, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct DayWindow {
    pub start_minute: u16,
    pub end_minute: u16,
}

/// Team-wide rules.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TeamSettings {
    /// Region for numbers typed without `+` (`US`).
    pub default_region: String,
    /// Zone assumed for leads whose zone is unknown.
    pub time_zone: String,
    /// Seven entries, Monday first; none closes the day.
    pub calling_hours: Vec<Option<DayWindow>>,
    /// The company name said in the script's opener.
    pub company: Option<String>,
}

impl From<core::TeamSettings> for TeamSettings {
    fn from(s: core::TeamSettings) -> Self {
        Self {
            default_region: s.default_region,
            time_zone: s.time_zone.name().to_owned(),
            calling_hours: s
                .calling_hours
                .days
                .iter()
                .map(|d| d.map(window_to_minutes))
                .collect(),
            company: s.company,
        }
    }
}

impl TryFrom<TeamSettings> for core::TeamSettings {
    type Error = WarmlineError;

    fn try_from(s: TeamSettings) -> Result<Self, WarmlineError> {
        let days: [Option<DayWindow>; 7] = s.calling_hours.try_into().map_err(|days: Vec<_>| {
            invalid(format!(
                "calling hours need 7 days, Monday first; got {}",
                days.len()
            ))
        })?;
        let mut hours = core::CallingHours::default();
        for (slot, day) in hours.days.iter_mut().zip(days) {
            *slot = day.map(window_from_minutes).transpose()?;
        }
        Ok(Self {
            default_region: s.default_region,
            time_zone: core::settings::parse_team_zone(&s.time_zone)?,
            calling_hours: hours,
            company: s.company,
        })
    }
}

fn window_to_minutes(w: core::DayWindow) -> DayWindow {
    let minutes = |t: NaiveTime| {
        u16::try_from(t.signed_duration_since(NaiveTime::MIN).num_minutes()).unwrap_or(0)
    };
    DayWindow {
        start_minute: minutes(w.start),
        end_minute: minutes(w.end),
    }
}

fn window_from_minutes(w: DayWindow) -> Result<core::DayWindow, WarmlineError> {
    let time = |m: u16| {
        NaiveTime::from_hms_opt(u32::from(m / 60), u32::from(m % 60), 0)
            .ok_or_else(|| invalid(format!("{m} minutes after midnight is not a time of day")))
    };
    Ok(core::DayWindow {
        start: time(w.start_minute)?,
        end: time(w.end_minute)?,
    })
}

fn invalid(detail: String) -> WarmlineError {
    WarmlineError::InvalidInput {
        field: "calling_hours".into(),
        detail: format!("calling_hours: {detail}"),
    }
}

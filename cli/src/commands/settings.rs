//! `warmline settings`: the team's settings (company, calling hours, region, time zone),
//! checked with the core's own rules and published for the phones
//! (`warmline_server::team`), and shown back.

use warmline_core::sync::wire::TeamSettingsDoc;
use warmline_core::{CallingHours, DayWindow};
use warmline_server::storage::Storage;
use warmline_server::team::publish_settings;

use crate::args::{ClosedDay, SettingsCommand};
use crate::fail::Context;
use crate::store::team_id;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

pub async fn run<S: Storage>(storage: &S, command: SettingsCommand) -> Result<(), String> {
    match command {
        SettingsCommand::Set {
            team,
            company,
            calling_hours,
            closed,
            region,
            time_zone,
        } => {
            let team_id = team_id(storage, &team).await?;
            let mut settings = current(storage, &team_id).await?.0;
            settings.company = company.or(settings.company);
            settings.default_region = region.or(settings.default_region);
            settings.time_zone = time_zone.or(settings.time_zone);
            if calling_hours.is_some() || closed.is_some() {
                let hours = settings.calling_hours.unwrap_or_default();
                settings.calling_hours = Some(new_hours(&hours, calling_hours, closed.as_deref()));
            }
            let version = publish_settings(storage, &team_id, &settings)
                .await
                .context("cannot publish the settings")?;
            let settings = current(storage, &team_id).await?.0;
            println!(
                "Published the settings of {team} (version {version}).\n\
                 Each phone uses them from its first call after its next sync; calls in progress keep theirs.\n"
            );
            print_settings(&settings, version);
        }
        SettingsCommand::Show { team } => {
            let team_id = team_id(storage, &team).await?;
            let (settings, version) = current(storage, &team_id).await?;
            print_settings(&settings, version);
        }
    }
    Ok(())
}

/// The team's published settings and their version (defaults and 0 before any).
async fn current<S: Storage>(storage: &S, team_id: &str) -> Result<(TeamSettingsDoc, u64), String> {
    let config = storage
        .team_config(team_id)
        .await
        .context("cannot read the team's settings")?;
    Ok(config.map_or_else(Default::default, |c| {
        (c.settings.unwrap_or_default(), c.version)
    }))
}

/// The hours after `set`: every open day at `window` (else at the hours' first window),
/// and closed exactly the days `closed` names (else the days closed now).
fn new_hours(
    hours: &CallingHours,
    window: Option<DayWindow>,
    closed: Option<&[ClosedDay]>,
) -> CallingHours {
    let window = window
        .or_else(|| hours.days.iter().flatten().next().copied())
        .or(CallingHours::default().days[0]);
    let days = std::array::from_fn(|index| {
        let is_closed = match closed {
            Some(days) => days
                .iter()
                .flatten()
                .any(|d| d.num_days_from_monday() as usize == index),
            None => hours.days[index].is_none(),
        };
        if is_closed {
            None
        } else {
            window
        }
    });
    CallingHours { days }
}

fn print_settings(settings: &TeamSettingsDoc, version: u64) {
    let or_default = |value: &Option<String>, default: &str| {
        value
            .clone()
            .unwrap_or_else(|| format!("{default} (not set)"))
    };
    let hours = settings.calling_hours.clone().unwrap_or_default();
    let hours_note = if settings.calling_hours.is_none() {
        " (not set)"
    } else {
        ""
    };
    println!(
        "Company        {}",
        or_default(&settings.company, "none: the script's fallback is said")
    );
    println!(
        "Calling hours  {}{hours_note}, in each lead's own time",
        hours_text(&hours)
    );
    println!(
        "Region         {}",
        or_default(&settings.default_region, "US")
    );
    println!(
        "Time zone      {}",
        or_default(&settings.time_zone, "each rep's phone's own")
    );
    println!("Version        {version}");
}

/// `08:00-20:00 every day`, `08:00-20:00, closed Sat, Sun`, or day by day.
fn hours_text(hours: &CallingHours) -> String {
    let open: Vec<DayWindow> = hours.days.iter().flatten().copied().collect();
    let closed: Vec<&str> = DAYS
        .iter()
        .zip(&hours.days)
        .filter(|(_, day)| day.is_none())
        .map(|(name, _)| *name)
        .collect();
    match open.first() {
        Some(first) if open.iter().all(|w| w == first) => {
            if closed.is_empty() {
                format!("{first} every day")
            } else {
                format!("{first}, closed {}", closed.join(", "))
            }
        }
        _ => DAYS
            .iter()
            .zip(&hours.days)
            .map(|(name, day)| match day {
                Some(window) => format!("{name} {window}"),
                None => format!("{name} closed"),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

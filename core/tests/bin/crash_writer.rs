//! A writer for the crash test (`tests/crash.rs`): records leads, calls, notes and outcomes in a
//! loop, printing one line per acknowledged write, until it is killed.
//!
//! usage: warmline-crash-writer DB_PATH FIRST_NUMBER

use std::io::Write;
use std::sync::Arc;

use warmline_core::{DeviceSettings, NewLead, Outcome, SystemClock, Warmline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("missing DB_PATH")?;
    let first: u64 = args.next().ok_or("missing FIRST_NUMBER")?.parse()?;
    let app = Warmline::open(
        path,
        DeviceSettings {
            time_zone: "America/New_York".into(),
            rep_first_name: None,
        },
        Arc::new(SystemClock),
    )?;
    // Load libphonenumber's metadata now, so every kill lands among writes, not in start-up.
    let region: warmline_core::phone::Region = "US".parse()?;
    warmline_core::PhoneNumber::parse("+1 212 555 0100", region)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready")?;
    out.flush()?;
    for n in first.. {
        let phone = format!("+1 212 {} {:04}", 200 + (n / 10_000) % 700, n % 10_000);
        let lead = app.add_lead(NewLead {
            first_name: format!("Lead {n}"),
            phone,
            ..NewLead::default()
        })?;
        let id = lead.id.to_string();
        writeln!(out, "lead {id}")?;
        out.flush()?;
        let attempt = app.start_attempt(&id)?;
        writeln!(out, "attempt {} {id}", attempt.id)?;
        out.flush()?;
        let note = app.add_note(&id, &format!("note {n}: prefers a call after lunch"))?;
        writeln!(out, "note {}", note.id)?;
        out.flush()?;
        let outcome = if n % 3 == 0 {
            Outcome::Voicemail
        } else {
            Outcome::NoAnswer
        };
        app.record_outcome(&id, outcome)?;
        writeln!(out, "outcome {} {}", attempt.id, outcome.as_str())?;
        out.flush()?;
    }
    Ok(())
}

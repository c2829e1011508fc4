//! `warmline demo`: the whole product in a terminal in under a minute, with the real
//! components and nothing mocked.
//!
//! A server (the router and team service over SQLite) starts on loopback in a throwaway
//! folder; a team, a rep and three lead sources are created; leads arrive by a signed
//! webhook, a Meta lead ad, a Google Ads lead form and a CSV import; a "phone" (the core,
//! as the apps run it) enrols with the rep's code and syncs; its queue is printed with
//! reasons; one call is walked through the default script card by card; the notes are
//! taken offline and synced; the rep's second device receives them. A manager seeing
//! this once knows what the product does; an engineer knows which parts do it.

mod call;
mod intake;
mod phone;
mod server;

use std::path::Path;
use std::time::Instant;

use chrono::{Duration, Utc};
use tokio::runtime::Runtime;
use warmline_core::{Lead, Note};
use warmline_server::storage::{Rep, Storage, ENROLMENT_CODE_LIFETIME};

use crate::args::DemoArgs;
use crate::commands::import::Tally;
use crate::commands::queue::queue_table;
use crate::fail::Context;
use crate::format::{duration, hanging, plural, wrap, WIDTH};
use call::{KeyboardRep, Rep as CallingRep, ScriptedRep};
use phone::Phone;
use server::DemoServer;

const TEAM: &str = "Brightside Solar";
const REP: &str = "Sam Rivera";
const REP_FIRST_NAME: &str = "Sam";
/// Sam's teammate: new leads are shared out in turn between them.
const TEAMMATE: &str = "Jo Park";

pub fn run(runtime: &Runtime, args: &DemoArgs) -> Result<(), String> {
    let started = Instant::now();
    let folder = tempfile::Builder::new()
        .prefix("warmline-demo-")
        .tempdir()
        .context("cannot make a temporary folder")?;
    let dir = folder.path();

    heading(1, "The server");
    let server = DemoServer::start(runtime, dir)?;
    say(&format!(
        "Listening on {} (router and team service over SQLite, in {}).",
        server.url,
        dir.display()
    ));

    heading(2, "A team, two reps and three lead sources");
    let (team, rep, code) = team_and_rep(runtime, &server)?;
    let sources = intake::create_sources(runtime, &server, &team)?;

    heading(3, "Leads arrive");
    say("Each webhook is a real HTTP request to its source's intake endpoint, checked like one from outside:");
    let webhooks = intake::send_webhooks(&server, &sources)?;
    say("A spreadsheet, through the same path as `warmline import` (one row is bad):");
    let csv = intake::import_csv(runtime, &server, &team)?;

    heading(4, "Sam's phone enrols and syncs");
    let phone = Phone::enrol(dir, &server.url, &code, "Sam's phone", REP_FIRST_NAME)?;
    let pulled = phone.sync()?.pulled;
    say(&format!(
        "Enrolled with {code} and synced: {pulled} changes pulled (Sam's leads and the team's unassigned ones)."
    ));

    heading(5, "Who does Sam call now?");
    let lead = show_queue(&phone)?;
    show_teammate(runtime, &server, &team)?;

    heading(6, "The call, with the script over the dialer");
    say(&format!(
        "Sam taps {} ({}). Each card is what the in-call overlay shows.",
        lead.display_name(),
        lead.phone.e164
    ));
    let mut caller: Box<dyn CallingRep> = if args.interactive {
        Box::new(KeyboardRep::new(std::io::stdin().lock()))
    } else {
        Box::new(ScriptedRep)
    };
    let outcome = call::walk(&phone.core, &lead.id.to_string(), caller.as_mut())?;
    after_the_call(&phone, &lead)?;

    heading(7, "Offline, then synced");
    sync_after_call(&phone, &lead)?;

    heading(8, "Sam's second device");
    let received = second_device(runtime, &server, &team, &rep, dir, &lead)?;

    heading(9, "Summary");
    let summary = Summary {
        webhooks: &webhooks,
        csv: &csv,
        sources: sources.len(),
        lead: &lead,
        outcome: outcome.as_str(),
        notes_received: received,
        elapsed: started.elapsed(),
    };
    println!("{}", summary.render(&first_dial(runtime, &server, &team)?));
    Ok(())
}

/// Creates the team and its two reps; returns the team's id, Sam and his enrolment code.
fn team_and_rep(runtime: &Runtime, server: &DemoServer) -> Result<(String, Rep, String), String> {
    let team = runtime
        .block_on(server.storage.create_team(TEAM))
        .context("cannot create the team")?;
    let mut created = Vec::new();
    for name in [REP, TEAMMATE] {
        created.push(
            runtime
                .block_on(
                    server
                        .storage
                        .create_rep(&team, name, ENROLMENT_CODE_LIFETIME),
                )
                .context(format!("cannot add the rep {name}"))?,
        );
    }
    let (rep, code) = created.swap_remove(0);
    say(&format!(
        "Team {TEAM:?}, reps {REP:?} and {TEAMMATE:?}; Sam's phone enrols with the one-time code {code}."
    ));
    say("Lead sources, each with its own secret and webhook address:");
    Ok((team, rep, code))
}

/// Prints the phone's queue and returns the lead at its top.
fn show_queue(phone: &Phone) -> Result<Lead, String> {
    let queue = phone.core.queue(10).context("cannot compute the queue")?;
    say(&format!(
        "The queue on Sam's phone, computed offline by the core ({} open, {} callable now):",
        queue.open, queue.callable_now
    ));
    println!("{}", queue_table(&queue));
    let top = queue.entries.first().ok_or("the queue is empty")?;
    if !top.facts.callable_now {
        say("(It is outside the lead's calling hours now, so a rep would wait; the demo calls anyway to show the script.)");
    }
    Ok(top.lead.clone())
}

/// Jo's queue as the server sees it (what `warmline queue` prints): the leads Sam's
/// phone does not list, because they were given to Jo.
fn show_teammate(runtime: &Runtime, server: &DemoServer, team: &str) -> Result<(), String> {
    let queue = runtime
        .block_on(server.service.rep_queue(team, TEAMMATE, 10))
        .context("cannot compute Jo's queue")?;
    let names: Vec<String> = queue
        .entries
        .iter()
        .map(|e| e.lead.display_name())
        .collect();
    say(&format!(
        "New leads were shared out in turn; {TEAMMATE}'s phone lists the others: {}.",
        names.join(", ")
    ));
    Ok(())
}

/// Where the call left the lead, and who is next: the outcome moved it by the core's rules.
fn after_the_call(phone: &Phone, lead: &Lead) -> Result<(), String> {
    let called = phone
        .core
        .lead(&lead.id.to_string())
        .context("cannot read the lead")?;
    let queue = phone.core.queue(1).context("cannot compute the queue")?;
    let next = match queue.entries.first() {
        Some(next) if next.lead.id == lead.id => format!(
            "{} stays first in the queue ({})",
            called.display_name(),
            next.reason
        ),
        Some(next) => format!("next up: {} ({})", next.lead.display_name(), next.reason),
        None => "the queue is empty".to_owned(),
    };
    say(&format!(
        "{} is now {}; {next}.",
        called.display_name(),
        called.status.as_str()
    ));
    Ok(())
}

/// Shows what waited on the phone while it did not sync, then syncs it.
fn sync_after_call(phone: &Phone, lead: &Lead) -> Result<(), String> {
    let id = lead.id.to_string();
    let notes = phone.core.notes(&id).context("cannot read the notes")?;
    let unsynced = notes.iter().filter(|n| !n.synced).count() as u64;
    say(&format!(
        "Sam's phone has not synced since the call: {} wait in its outbox, among them {} (no tick yet). They are on disk: a killed app loses none.",
        plural(phone.pending()?, "change"),
        notes_and_answers(unsynced as usize)
    ));
    let report = phone.sync()?;
    let notes = phone.core.notes(&id).context("cannot read the notes")?;
    let ticked = notes.iter().filter(|n| n.synced).count() as u64;
    say(&format!(
        "Back online: pushed {}; {} of {} now ticked as synced; {} left pending.",
        plural(u64::from(report.pushed), "change"),
        ticked,
        notes.len(),
        phone.pending()?
    ));
    Ok(())
}

/// Enrols Sam's second device with a fresh code (as `warmline rep code` issues), syncs
/// it and prints what it received about `lead`. Returns how many notes and answers.
fn second_device(
    runtime: &Runtime,
    server: &DemoServer,
    team: &str,
    rep: &Rep,
    dir: &Path,
    lead: &Lead,
) -> Result<usize, String> {
    let code = runtime
        .block_on(
            server
                .storage
                .issue_code(team, &rep.id, ENROLMENT_CODE_LIFETIME),
        )
        .context("cannot issue a second code")?;
    let tablet = Phone::enrol(dir, &server.url, &code, "Sam's tablet", REP_FIRST_NAME)?;
    let pulled = tablet.sync()?.pulled;
    let id = lead.id.to_string();
    let received = tablet.core.lead(&id).context("the tablet lacks the lead")?;
    let notes = tablet.core.notes(&id).context("cannot read the notes")?;
    say(&format!(
        "`warmline rep code` gave {code}; the tablet enrolled and pulled {pulled} changes. {} is {} there, with {}:",
        received.display_name(),
        received.status.as_str(),
        notes_and_answers(notes.len())
    ));
    for note in &notes {
        println!("{}", note_line(note));
    }
    Ok(notes.len())
}

/// "  What did they choose?  Prairie Electric" or "  Note: call after 5", wrapped.
fn note_line(note: &Note) -> String {
    let label = note.prompt.as_deref().unwrap_or("Note:");
    hanging("  ", &format!("{label}  {}", note.text), 4)
}

/// Speed to lead from the server's own report (its replica of the team).
fn first_dial(runtime: &Runtime, server: &DemoServer, team: &str) -> Result<String, String> {
    let now = Utc::now();
    let report = runtime
        .block_on(
            server
                .service
                .report(team, now - Duration::days(7), now + Duration::minutes(1)),
        )
        .context("cannot compute the team report")?;
    let speed = report.speed_to_lead;
    Ok(match speed.median {
        Some(median) => format!(
            "{} (median over {} dialled of {} leads)",
            duration(median),
            speed.dialled,
            report.leads
        ),
        None => "no lead dialled yet".into(),
    })
}

struct Summary<'a> {
    webhooks: &'a [(&'static str, u64)],
    csv: &'a Tally,
    sources: usize,
    lead: &'a Lead,
    outcome: &'a str,
    notes_received: usize,
    elapsed: std::time::Duration,
}

impl Summary<'_> {
    fn render(&self, first_dial: &str) -> String {
        let by_webhook: u64 = self.webhooks.iter().map(|(_, n)| n).sum();
        let channels: Vec<&str> = self.webhooks.iter().map(|(label, _)| *label).collect();
        let rejected: Vec<String> = self
            .csv
            .rejected
            .iter()
            .map(|e| format!("line {}", e.line))
            .collect();
        let rows = [
            (
                "Leads in",
                format!(
                    "{} new: {by_webhook} by webhook ({}), {} from the CSV; {} merged into an existing lead; {} rejected ({})",
                    by_webhook + self.csv.new,
                    channels.join(", "),
                    self.csv.new,
                    self.csv.merged,
                    plural(self.csv.rejected.len() as u64, "row"),
                    rejected.join(", ")
                ),
            ),
            ("Sources", format!("{} webhook sources and a CSV import", self.sources)),
            ("First dial", first_dial.to_owned()),
            (
                "Call",
                format!("{} called; outcome {}", self.lead.display_name(), self.outcome),
            ),
            (
                "Notes synced",
                format!("{} answers and notes reached Sam's tablet", self.notes_received),
            ),
            (
                "Elapsed",
                format!("{:.1} s", self.elapsed.as_secs_f64()),
            ),
        ];
        rows.iter()
            .map(|(label, text)| labelled(label, text))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// "  Label         text", the text wrapped under itself.
fn labelled(label: &str, text: &str) -> String {
    const MARGIN: usize = 16;
    hanging(
        &format!("  {label:<width$}", width = MARGIN - 2),
        text,
        MARGIN,
    )
}

fn notes_and_answers(count: usize) -> String {
    match count {
        1 => "1 note or answer".into(),
        n => format!("{n} notes and answers"),
    }
}

fn heading(step: u32, title: &str) {
    let text = format!("{step}. {title} ");
    println!(
        "\n{text}{}",
        "\u{2500}".repeat(WIDTH.saturating_sub(text.chars().count()))
    );
}

/// A paragraph of narration, wrapped to the terminal's width.
fn say(text: &str) {
    for line in wrap(text, WIDTH) {
        println!("{line}");
    }
}

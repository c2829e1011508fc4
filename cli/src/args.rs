//! The command line, declared once: clap derives the parser, the help and the usage
//! errors from these types.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::Weekday;
use clap::{Parser, Subcommand, ValueEnum};
use warmline_core::calling_hours::DayWindow;

#[derive(Debug, Parser)]
#[command(
    name = "warmline",
    version,
    about = "Warmline for managers and developers: the sync server, teams, reps, their devices, lead sources, imports, queues, reports and a demo",
    after_help = "Start with `warmline demo`: the whole product in a terminal in under a minute."
)]
pub struct Cli {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the server keeps its data; every command but `demo` works on it.
#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    /// The SQLite database file, unless `--database-url` is given.
    #[arg(
        long,
        global = true,
        env = "WARMLINE_DATABASE",
        default_value = "warmline.db"
    )]
    pub database: PathBuf,
    /// A PostgreSQL database to use instead of the SQLite file:
    /// `postgres://user:password@host:port/database` (its value, which holds the
    /// password, is never shown in the help).
    #[arg(
        long,
        global = true,
        env = "WARMLINE_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Where the server keeps each team's replica of its leads and calls (default: next
    /// to the SQLite file, `warmline.replicas/` for `warmline.db`).
    #[arg(long, global = true, env = "WARMLINE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    Manage(ManageCommand),
    /// The whole flow end to end on a throwaway server: intake, queue, a call, offline
    /// notes and sync to a second device.
    Demo(DemoArgs),
}

/// The commands that work on the server's data (`--database`, `--database-url`).
#[derive(Debug, Subcommand)]
pub enum ManageCommand {
    /// Runs the sync and intake server.
    Serve(ServeArgs),
    /// Creates and lists teams.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Adds reps, issues enrolment codes for their phones, lists them.
    #[command(subcommand)]
    Rep(RepCommand),
    /// Adds lead sources (signed webhooks for your site, Meta and Google lead forms).
    #[command(subcommand)]
    Source(SourceCommand),
    /// Lists the team's enrolled phones and revokes a lost one.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Imports leads from a CSV file, with a report of every row that could not be read.
    Import(ImportArgs),
    /// Shows the ranked queue a rep sees on their phone now, with the reason for each lead.
    Queue(QueueArgs),
    /// Speed to lead, contact rate by first-dial delay, outcomes and where calls stop.
    Report(ReportArgs),
    /// Publishes the team's call script (checked first) and shows it.
    #[command(subcommand)]
    Script(ScriptCommand),
    /// Publishes the team's settings (company, calling hours, region, time zone) and shows them.
    #[command(subcommand)]
    Settings(SettingsCommand),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "WARMLINE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Largest request body, in bytes, after decompression.
    #[arg(long, env = "WARMLINE_MAX_BODY_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Requests per second per device (average).
    #[arg(long, env = "WARMLINE_RATE", default_value_t = 20.0)]
    pub rate: f64,
    /// The token that admin routes (revoking a device over HTTP) require; without it
    /// they are off. Prefer the environment variable: a flag shows in the process list.
    #[arg(long, env = "WARMLINE_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Creates a team and prints its id.
    Create { name: String },
    /// Lists the teams: id and name.
    List,
}

#[derive(Debug, Subcommand)]
pub enum RepCommand {
    /// Creates a rep and prints the one-time code that enrols their phone.
    Add {
        /// The team's id or name.
        #[arg(long)]
        team: String,
        name: String,
    },
    /// Prints a new one-time code for an existing rep: their next device, or a code that
    /// expired unused.
    Code {
        /// The team's id or name.
        #[arg(long)]
        team: String,
        /// The rep's id or name.
        rep: String,
    },
    /// Lists a team's reps: id and name.
    List {
        /// The team's id or name.
        #[arg(long)]
        team: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Lists a team's devices: id, the day (UTC) it enrolled and, if so, was revoked, its
    /// rep and its name.
    List {
        /// The team's id or name.
        #[arg(long)]
        team: String,
        /// Only this rep's devices (id or name).
        #[arg(long)]
        rep: Option<String>,
    },
    /// Cuts a device off: its next sync is refused and the app asks to enrol again. The
    /// rep's other devices go on working.
    Revoke {
        /// The team's id or name.
        #[arg(long)]
        team: String,
        /// The device's id (see `warmline device list`).
        device: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Adds a lead source and prints its id, its secret (shown once) and its webhook path.
    Add {
        /// The team's id or name.
        #[arg(long)]
        team: String,
        /// What sends the leads.
        #[arg(long, value_enum)]
        kind: SourceKindArg,
        /// A name for managers ("Website contact form", "Facebook solar ads").
        name: String,
    },
}

/// The kinds of lead source, as `--kind` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceKindArg {
    /// Your own site or tool, signing each request (`docs/intake.md`).
    Generic,
    /// Meta (Facebook, Instagram) lead ads.
    Meta,
    /// Google Ads lead forms.
    Google,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The team's id or name.
    #[arg(long)]
    pub team: String,
    /// The CSV file (UTF-8 or UTF-16; comma, semicolon or tab separated).
    pub file: PathBuf,
    /// Gives every lead to this rep (id or name) instead of sharing them out in turn.
    #[arg(long)]
    pub assign_to: Option<String>,
    /// The time zone of times written without an offset (`2026-11-27 14:05`), e.g.
    /// `America/Chicago`; by default the team's.
    #[arg(long)]
    pub times_in: Option<String>,
    /// Also writes the rows that could not be imported, as CSV (line, problem).
    #[arg(long)]
    pub report: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct QueueArgs {
    /// The team's id or name.
    #[arg(long)]
    pub team: String,
    /// The rep's id or name.
    #[arg(long)]
    pub rep: String,
    /// How many leads to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Prints JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The team's id or name.
    #[arg(long)]
    pub team: String,
    /// Leads first asking on or after this day (`2026-11-01`, UTC) or instant (RFC 3339);
    /// by default 30 days before `--until`.
    #[arg(long)]
    pub since: Option<String>,
    /// Leads first asking up to the end of this day (`2026-11-30`, UTC), or before this
    /// instant (RFC 3339); by default now.
    #[arg(long)]
    pub until: Option<String>,
    /// Prints JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Drive the call yourself: choose, answer, note and pick the outcome by typing
    /// (one line per prompt, so it can be scripted through stdin).
    #[arg(long)]
    pub interactive: bool,
}

#[derive(Debug, Subcommand)]
pub enum ScriptCommand {
    /// Checks a script (docs/script-format.md) and, if it has no problem, publishes it as
    /// the team's: phones use it from their first call after their next sync. Every
    /// problem is printed with its place, and nothing is published.
    Set {
        /// The team's id or name.
        #[arg(long)]
        team: String,
        /// The script, a TOML file.
        file: PathBuf,
    },
    /// Prints the team's script (the default script if it has not published one).
    Show {
        /// The team's id or name.
        #[arg(long)]
        team: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Changes the settings given, keeps the others, checks them and publishes them:
    /// phones use them from their first call after their next sync.
    Set {
        /// The team's id or name.
        #[arg(long)]
        team: String,
        /// The company name said in the first line of every call.
        #[arg(long)]
        company: Option<String>,
        /// When leads may be called, in each lead's own time: `08:00-20:00`, every day
        /// but those `--closed`.
        #[arg(long, value_parser = day_window)]
        calling_hours: Option<DayWindow>,
        /// Days nobody is called, e.g. `sat,sun` (`none` opens every day).
        #[arg(long, value_delimiter = ',', value_parser = closed_day)]
        closed: Option<Vec<ClosedDay>>,
        /// The region of numbers written without `+` (`US`, `GB`).
        #[arg(long)]
        region: Option<String>,
        /// The zone of leads whose zone nothing else tells (`America/Chicago`); by
        /// default each rep's phone's own.
        #[arg(long)]
        time_zone: Option<String>,
    },
    /// Prints the team's settings.
    Show {
        /// The team's id or name.
        #[arg(long)]
        team: String,
    },
}

/// A day `--closed` names; `None` for `none`.
pub type ClosedDay = Option<Weekday>;

fn day_window(text: &str) -> Result<DayWindow, String> {
    text.parse()
        .map_err(|e: warmline_core::Error| e.to_string())
}

fn closed_day(text: &str) -> Result<ClosedDay, String> {
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    text.trim().parse().map(Some).map_err(|_| {
        format!("{text:?} is not a day of the week (mon, tue, wed, thu, fri, sat, sun) or none")
    })
}

//! `warmline-server`: the sync server, on the embedded SQLite store by default or on
//! PostgreSQL with `--database-url postgres://...` (several instances may share it).
//!
//! Configuration by flags or environment (`WARMLINE_LISTEN`, `WARMLINE_DATABASE`,
//! `WARMLINE_DATABASE_URL`, ...);
//! JSON logs on stderr (`RUST_LOG` filters); SIGTERM or Ctrl-C stops accepting new
//! connections and lets requests in flight finish.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use warmline_server::storage::{PgStorage, SqliteStorage, Storage};
use warmline_server::{serve, AppState, Config};

#[derive(Debug, Parser)]
#[command(name = "warmline-server", about = "Warmline's sync server")]
struct Cli {
    #[command(subcommand)]
    command: Option<Admin>,
    #[command(flatten)]
    serve: Args,
}

/// Manager tasks on the server's database (the `warmline` command wraps these).
#[derive(Debug, clap::Subcommand)]
enum Admin {
    /// Creates a team and prints its id.
    TeamCreate { name: String },
    /// Creates a rep in a team and prints the one-time enrolment code for their phone.
    RepAdd {
        #[arg(long)]
        team: String,
        name: String,
    },
    /// Prints a new one-time enrolment code for an existing rep (a second phone, or a
    /// code that expired unused).
    CodeAdd {
        #[arg(long)]
        team: String,
        #[arg(long)]
        rep: String,
    },
    /// Checks a call script (TOML) with the phones' own rules and publishes it as the
    /// team's; prints the new version. Phones use it from their next call after a sync.
    ScriptSet {
        #[arg(long)]
        team: String,
        file: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "WARMLINE_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The SQLite database file (created if missing), unless `--database-url` is given.
    #[arg(long, env = "WARMLINE_DATABASE", default_value = "warmline-server.db")]
    database: PathBuf,
    /// A PostgreSQL database to use instead of the SQLite file:
    /// `postgres://user:password@host:port/database`.
    #[arg(long, env = "WARMLINE_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Where each team's replica (a cache of its leads and calls) is kept; by default
    /// beside the SQLite file (`warmline-server.replicas/` for `warmline-server.db`).
    #[arg(long, env = "WARMLINE_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Largest request body, in bytes, after decompression.
    #[arg(long, env = "WARMLINE_MAX_BODY_BYTES", default_value_t = 4 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Requests per second per device (average).
    #[arg(long, env = "WARMLINE_RATE", default_value_t = 20.0)]
    rate: f64,
    /// The token that admin routes (revoking a device over HTTP) require; without it
    /// they are off. Prefer the environment variable: a flag shows in the process list.
    #[arg(long, env = "WARMLINE_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("warmline-server: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the chosen store and runs the admin command or the server on it.
fn run(cli: Cli) -> Result<(), String> {
    let runtime =
        tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the runtime: {e}"))?;
    let result = runtime.block_on(async {
        match cli.serve.database_url.clone() {
            Some(url) => {
                let storage = PgStorage::connect(&url)
                    .await
                    .map_err(|e| format!("cannot use the PostgreSQL database: {e}"))?;
                dispatch(storage, "PostgreSQL", cli).await
            }
            None => {
                let path = cli.serve.database.clone();
                let storage = SqliteStorage::open(&path)
                    .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                dispatch(storage, &path.display().to_string(), cli).await
            }
        }
    });
    runtime.shutdown_timeout(Duration::from_secs(5));
    result
}

async fn dispatch<S: Storage>(storage: S, database: &str, cli: Cli) -> Result<(), String> {
    match cli.command {
        Some(admin) => run_admin(&storage, admin).await,
        None => run_server(storage, database, cli.serve).await,
    }
}

async fn run_admin<S: Storage>(storage: &S, admin: Admin) -> Result<(), String> {
    match admin {
        Admin::TeamCreate { name } => {
            let team = storage
                .create_team(&name)
                .await
                .map_err(|e| e.to_string())?;
            println!("{team}");
        }
        Admin::RepAdd { team, name } => {
            let lifetime = warmline_server::storage::ENROLMENT_CODE_LIFETIME;
            let (_, code) = storage
                .create_rep(&team, &name, lifetime)
                .await
                .map_err(|e| e.to_string())?;
            println!("{code}");
        }
        Admin::CodeAdd { team, rep } => {
            let lifetime = warmline_server::storage::ENROLMENT_CODE_LIFETIME;
            let code = storage
                .issue_code(&team, &rep, lifetime)
                .await
                .map_err(|e| e.to_string())?;
            println!("{code}");
        }
        Admin::ScriptSet { team, file } => {
            let toml = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let version = warmline_server::team::publish_script(storage, &team, &toml)
                .await
                .map_err(|e| format!("{} was not published: {e}", file.display()))?;
            println!("{version}");
        }
    }
    Ok(())
}

/// `--data-dir`, or a folder beside the database file named after it.
fn data_dir(args: &Args) -> PathBuf {
    args.data_dir
        .clone()
        .unwrap_or_else(|| args.database.with_extension("replicas"))
}

async fn run_server<S: Storage>(storage: S, database: &str, args: Args) -> Result<(), String> {
    let config = Config {
        max_body_bytes: args.max_body_bytes,
        rate_per_second: args.rate,
        admin_token_hash: args
            .admin_token
            .as_deref()
            .map(warmline_server::auth::admin_token_hash)
            .transpose()
            .map_err(|e| format!("WARMLINE_ADMIN_TOKEN: {e}"))?,
        ..Config::default()
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%address, database, "listening");
    // Tests and scripts read this line to find the port when listening on :0.
    println!("listening on http://{address}");
    serve::serve(
        AppState::with_service(storage, config, data_dir(&args)),
        listener,
        serve::shutdown_signal(),
    )
    .await
    .map_err(|e| format!("server failed: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

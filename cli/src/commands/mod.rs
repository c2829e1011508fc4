//! One module per manager command; each forwards to the storage or the team service and
//! formats the answer.

pub mod import;
pub mod queue;
mod report;
mod serve;
mod source;
mod team;

use std::path::Path;
use std::sync::Arc;

use warmline_server::storage::Storage;

use crate::args::Command;
use warmline_server::service::TeamService;

/// Runs a manager command on `storage`; team replicas live in `data_dir`.
pub async fn run<S: Storage>(storage: S, data_dir: &Path, command: Command) -> Result<(), String> {
    match command {
        Command::Serve(args) => serve::run(storage, data_dir, &args).await,
        Command::Team(command) => team::run(&storage, command).await,
        Command::Rep(command) => team::run_rep(&storage, command).await,
        Command::Source(command) => source::run(&service(storage, data_dir), command).await,
        Command::Import(args) => import::run(&service(storage, data_dir), &args).await,
        Command::Queue(args) => queue::run(&service(storage, data_dir), &args).await,
        Command::Report(args) => report::run(&service(storage, data_dir), &args).await,
        Command::Demo(_) => Err("the demo runs on its own server".into()),
    }
}

/// The team service over `storage`: what the HTTP routes use, so the command line and
/// the server apply the same rules.
fn service<S: Storage>(storage: S, data_dir: &Path) -> Service<S> {
    let storage = Arc::new(storage);
    Service {
        teams: TeamService::new(Arc::clone(&storage), data_dir),
        storage,
    }
}

/// What the service commands need: the service, and the storage to name teams and reps.
pub struct Service<S: Storage> {
    pub storage: Arc<S>,
    pub teams: TeamService<S>,
}

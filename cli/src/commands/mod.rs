//! One module per manager command; each forwards to the storage or the team service and
//! formats the answer.

mod device;
pub mod import;
pub mod queue;
mod report;
mod script;
mod serve;
mod settings;
mod source;
mod team;

use std::path::Path;
use std::sync::Arc;

use warmline_server::service::TeamService;
use warmline_server::storage::Storage;

use crate::args::ManageCommand;

/// Runs a manager command on `storage`; team replicas live in `data_dir`.
pub async fn run<S: Storage>(
    storage: S,
    data_dir: &Path,
    command: ManageCommand,
) -> Result<(), String> {
    match command {
        ManageCommand::Serve(args) => serve::run(storage, data_dir, &args).await,
        ManageCommand::Team(command) => team::run(&storage, command).await,
        ManageCommand::Rep(command) => team::run_rep(&storage, command).await,
        ManageCommand::Device(command) => device::run(&storage, command).await,
        ManageCommand::Source(command) => source::run(&service(storage, data_dir), command).await,
        ManageCommand::Import(args) => import::run(&service(storage, data_dir), &args).await,
        ManageCommand::Queue(args) => queue::run(&service(storage, data_dir), &args).await,
        ManageCommand::Report(args) => report::run(&service(storage, data_dir), &args).await,
        ManageCommand::Script(command) => script::run(&storage, command).await,
        ManageCommand::Settings(command) => settings::run(&storage, command).await,
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

//! The server's data, as the manager's commands reach it: the SQLite file (the default)
//! or a PostgreSQL database, and the folder of team replicas next to it. Also turns the
//! team and rep names people type into the ids the storage uses.

use std::path::{Path, PathBuf};

use warmline_server::storage::{PgStorage, Rep, SqliteStorage, Storage};

use crate::args::{ManageCommand, StoreArgs, TeamCommand};
use crate::commands;
use crate::fail::Context;

/// Opens the chosen storage and runs `command` on it.
pub async fn run(args: StoreArgs, command: ManageCommand) -> Result<(), String> {
    let data_dir = args
        .data_dir
        .clone()
        .unwrap_or_else(|| default_data_dir(&args.database));
    match &args.database_url {
        Some(url) => {
            let storage = PgStorage::connect(url)
                .await
                .context("cannot use the PostgreSQL database")?;
            commands::run(storage, &data_dir, command).await
        }
        None => {
            let storage = open_sqlite(&args.database, may_create(&command))?;
            commands::run(storage, &data_dir, command).await
        }
    }
}

/// `warmline.db` keeps its replicas in `warmline.replicas/`, beside it.
pub fn default_data_dir(database: &Path) -> PathBuf {
    database.with_extension("replicas")
}

/// Only the server and a first team start a new database: any other command on a
/// missing file is a wrong path or folder, better said than papered over with an empty
/// database.
fn may_create(command: &ManageCommand) -> bool {
    matches!(
        command,
        ManageCommand::Serve(_) | ManageCommand::Team(TeamCommand::Create { .. })
    )
}

fn open_sqlite(path: &Path, may_create: bool) -> Result<SqliteStorage, String> {
    let doing = format!("cannot open {}", path.display());
    if !may_create && !path.exists() {
        return Err(format!(
            "{doing}: no such file (create a team first with `warmline team create NAME`, or pass --database)"
        ));
    }
    SqliteStorage::open(path).context(doing)
}

/// The id of the team `team` names, by id or (ignoring case) by name.
pub async fn team_id<S: Storage>(storage: &S, team: &str) -> Result<String, String> {
    let teams = storage.teams().await.context("cannot list the teams")?;
    let found = find_one(
        &teams,
        team,
        |(id, _)| id.as_str(),
        |(_, name)| name.as_str(),
    );
    match found {
        Found::One((id, _)) => Ok(id.clone()),
        Found::None => Err(format!("unknown team {team:?} (see `warmline team list`)")),
        Found::Several => Err(format!(
            "several teams are named {team:?}: give the team's id (see `warmline team list`)"
        )),
    }
}

/// The rep of `team_id` that `rep` names, by id or (ignoring case) by name.
pub async fn rep<S: Storage>(storage: &S, team_id: &str, rep: &str) -> Result<Rep, String> {
    let reps = storage
        .reps(team_id)
        .await
        .context("cannot list the team's reps")?;
    match find_one(&reps, rep, |r| r.id.as_str(), |r| r.name.as_str()) {
        Found::One(found) => Ok(found.clone()),
        Found::None => Err(format!(
            "the team has no rep {rep:?} (see `warmline rep list --team ...`)"
        )),
        Found::Several => Err(format!(
            "several reps are named {rep:?}: give the rep's id (see `warmline rep list --team ...`)"
        )),
    }
}

enum Found<'a, T> {
    One(&'a T),
    None,
    Several,
}

/// The item whose id is `wanted`, else the only one whose name is `wanted` ignoring case.
fn find_one<'a, T>(
    items: &'a [T],
    wanted: &str,
    id: impl Fn(&T) -> &str,
    name: impl Fn(&T) -> &str,
) -> Found<'a, T> {
    let wanted = wanted.trim();
    if let Some(item) = items.iter().find(|item| id(item) == wanted) {
        return Found::One(item);
    }
    let mut named = items
        .iter()
        .filter(|item| name(item).trim().eq_ignore_ascii_case(wanted));
    match (named.next(), named.next()) {
        (Some(item), None) => Found::One(item),
        (None, _) => Found::None,
        (Some(_), Some(_)) => Found::Several,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn teams() -> Vec<(String, String)> {
        vec![
            ("t1".into(), "Solar North".into()),
            ("t2".into(), "Solar South".into()),
            ("t3".into(), "solar south".into()),
        ]
    }

    fn find<'a>(items: &'a [(String, String)], wanted: &str) -> Found<'a, (String, String)> {
        find_one(items, wanted, |(id, _)| id, |(_, name)| name)
    }

    #[test]
    fn names_match_by_id_then_by_unique_name_ignoring_case() {
        let teams = teams();
        assert!(matches!(find(&teams, "t2"), Found::One((id, _)) if id == "t2"));
        assert!(matches!(find(&teams, " solar NORTH "), Found::One((id, _)) if id == "t1"));
        assert!(matches!(find(&teams, "Solar South"), Found::Several));
        assert!(matches!(find(&teams, "Wind"), Found::None));
    }

    #[test]
    fn replicas_live_beside_the_database() {
        assert_eq!(
            default_data_dir(Path::new("/srv/team.db")),
            PathBuf::from("/srv/team.replicas")
        );
        assert_eq!(
            default_data_dir(Path::new("warmline.db")),
            PathBuf::from("warmline.replicas")
        );
    }
}

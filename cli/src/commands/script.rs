//! `warmline script`: the team's call script, checked with the core's own rules and
//! published for the phones (`warmline_server::team`), and shown back.

use std::path::Path;

use warmline_core::script::{ScriptError, DEFAULT_SCRIPT};
use warmline_server::storage::Storage;
use warmline_server::team::{publish_script, Refused};

use crate::args::ScriptCommand;
use crate::fail::Context;
use crate::store::team_id;

pub async fn run<S: Storage>(storage: &S, command: ScriptCommand) -> Result<(), String> {
    match command {
        ScriptCommand::Set { team, file } => {
            let team_id = team_id(storage, &team).await?;
            let text = std::fs::read_to_string(&file)
                .context(format!("cannot read {}", file.display()))?;
            let version = match publish_script(storage, &team_id, &text).await {
                Ok(version) => version,
                Err(Refused::Script(err)) => return Err(problems(&file, &err)),
                Err(other) => return Err(format!("cannot publish the script: {other}")),
            };
            println!(
                "Published {} as the script of {team} (version {version}).\n\
                 Each phone uses it from its first call after its next sync; calls in progress keep theirs.",
                file.display()
            );
        }
        ScriptCommand::Show { team } => {
            let team_id = team_id(storage, &team).await?;
            let config = storage
                .team_config(&team_id)
                .await
                .context("cannot read the team's script")?;
            match config.and_then(|c| c.script) {
                Some(script) => print!("{script}"),
                None => {
                    eprintln!(
                        "{team} has not published a script: phones use the default script, below."
                    );
                    print!("{DEFAULT_SCRIPT}");
                }
            }
        }
    }
    Ok(())
}

/// Every problem of the script on a line of its own, with its place.
fn problems(file: &Path, err: &ScriptError) -> String {
    let count = err.problems.len();
    let mut text = format!(
        "{} has {count} problem{}; nothing was published:",
        file.display(),
        if count == 1 { "" } else { "s" }
    );
    for problem in &err.problems {
        text.push_str(&format!("\n  {}: {}", problem.place, problem.problem));
    }
    text
}

//! `warmline team` and `warmline rep`: teams, reps and the one-time codes that enrol
//! their phones.

use warmline_server::storage::{Storage, ENROLMENT_CODE_LIFETIME};

use crate::args::{RepCommand, TeamCommand};
use crate::fail::Context;
use crate::format::table;
use crate::store::{rep, team_id};

pub async fn run<S: Storage>(storage: &S, command: TeamCommand) -> Result<(), String> {
    match command {
        TeamCommand::Create { name } => {
            let id = storage
                .create_team(&name)
                .await
                .context("cannot create the team")?;
            println!("{id}");
        }
        TeamCommand::List => {
            let teams = storage.teams().await.context("cannot list the teams")?;
            let rows: Vec<Vec<String>> =
                teams.into_iter().map(|(id, name)| vec![id, name]).collect();
            println!("{}", table(&["ID", "NAME"], &rows));
        }
    }
    Ok(())
}

pub async fn run_rep<S: Storage>(storage: &S, command: RepCommand) -> Result<(), String> {
    match command {
        RepCommand::Add { team, name } => {
            let team = team_id(storage, &team).await?;
            let (rep, code) = storage
                .create_rep(&team, &name, ENROLMENT_CODE_LIFETIME)
                .await
                .context("cannot add the rep")?;
            println!("Added {} (rep {}).", rep.name, rep.id);
            print_code(&code);
        }
        RepCommand::Code { team, rep: wanted } => {
            let team = team_id(storage, &team).await?;
            let rep = rep(storage, &team, &wanted).await?;
            let code = storage
                .issue_code(&team, &rep.id, ENROLMENT_CODE_LIFETIME)
                .await
                .context("cannot issue a code")?;
            println!("A new device for {} (rep {}).", rep.name, rep.id);
            print_code(&code);
        }
        RepCommand::List { team } => {
            let team = team_id(storage, &team).await?;
            let reps = storage
                .reps(&team)
                .await
                .context("cannot list the team's reps")?;
            let rows: Vec<Vec<String>> = reps.into_iter().map(|r| vec![r.id, r.name]).collect();
            println!("{}", table(&["ID", "NAME"], &rows));
        }
    }
    Ok(())
}

/// The code on a line of its own (scripts read it), then how to use it.
fn print_code(code: &str) {
    let days = ENROLMENT_CODE_LIFETIME.as_secs() / 86_400;
    println!("Enrolment code: {code}");
    println!(
        "In the Warmline app on the rep's phone, enter this server's address and the code.\n\
         It works once, for one device, within {days} days; for another device run\n\
         `warmline rep code --team ... REP`."
    );
}

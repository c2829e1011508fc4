//! `warmline source add`: a lead source with its own secret and webhook address.

use warmline_server::storage::{SourceKind, Storage};

use super::Service;
use crate::args::{SourceCommand, SourceKindArg};
use crate::fail::Context;
use crate::store::team_id;

pub async fn run<S: Storage>(service: &Service<S>, command: SourceCommand) -> Result<(), String> {
    let SourceCommand::Add { team, kind, name } = command;
    let team = team_id(&*service.storage, &team).await?;
    let (source, secret) = service
        .teams
        .create_source(&team, kind.into(), &name)
        .await
        .context("cannot add the source")?;
    println!(
        "Added the {} source {:?}.",
        source.kind.as_str(),
        source.name
    );
    println!("id:      {}", source.id);
    println!("secret:  {secret}  (shown once: keep it with the sender)");
    println!("webhook: POST /v1/intake/{}", source.id);
    println!("{}", how_to_send(kind));
    Ok(())
}

impl From<SourceKindArg> for SourceKind {
    fn from(kind: SourceKindArg) -> Self {
        match kind {
            SourceKindArg::Generic => Self::Generic,
            SourceKindArg::Meta => Self::Meta,
            SourceKindArg::Google => Self::Google,
        }
    }
}

/// Where the sender puts the secret (docs/intake.md says more).
fn how_to_send(kind: SourceKindArg) -> &'static str {
    match kind {
        SourceKindArg::Generic => {
            "Sign each request with it: X-Warmline-Timestamp and X-Warmline-Signature\n(docs/intake.md)."
        }
        SourceKindArg::Meta => {
            "Use it as the Meta app secret: deliveries carry X-Hub-Signature-256\n(docs/intake.md)."
        }
        SourceKindArg::Google => {
            "Enter it as the webhook key in the Google Ads lead form (docs/intake.md)."
        }
    }
}

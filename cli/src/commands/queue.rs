//! `warmline queue`: the ranked queue a rep's phone shows now, with each lead's reason.

use serde_json::{json, Value};
use warmline_core::{Queue, QueueEntry, Tier};
use warmline_server::storage::Storage;

use super::Service;
use crate::args::QueueArgs;
use crate::fail::Context;
use crate::format::table;
use crate::store::{rep, team_id};

pub async fn run<S: Storage>(service: &Service<S>, args: &QueueArgs) -> Result<(), String> {
    let team = team_id(&*service.storage, &args.team).await?;
    let rep = rep(&*service.storage, &team, &args.rep).await?;
    let queue = service
        .teams
        .rep_queue(&team, &rep.id, args.limit)
        .await
        .context("cannot compute the queue")?;
    if args.json {
        let value = json!({ "team": team, "rep": {"id": rep.id, "name": rep.name}, "queue": queue_json(&queue) });
        println!("{value:#}");
    } else {
        println!(
            "{}'s queue: {} open leads, {} callable now.",
            rep.name, queue.open, queue.callable_now
        );
        println!("{}", queue_table(&queue));
    }
    Ok(())
}

/// The queue as a table: rank, name, phone, reason, what they asked about.
pub fn queue_table(queue: &Queue) -> String {
    let rows: Vec<Vec<String>> = queue
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            vec![
                (i + 1).to_string(),
                entry.lead.display_name(),
                entry.lead.phone.e164.clone(),
                entry.reason.clone(),
                entry.lead.asked_about.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(&["#", "NAME", "PHONE", "WHY NOW", "ASKED ABOUT"], &rows)
}

/// The queue as JSON: the counts, then each entry with its reason and the facts behind it.
pub fn queue_json(queue: &Queue) -> Value {
    json!({
        "open": queue.open,
        "callable_now": queue.callable_now,
        "refresh_at": queue.refresh_at.map(|t| t.to_rfc3339()),
        "entries": queue.entries.iter().enumerate().map(|(i, e)| entry_json(i + 1, e)).collect::<Vec<_>>(),
    })
}

fn entry_json(rank: usize, entry: &QueueEntry) -> Value {
    let lead = &entry.lead;
    json!({
        "rank": rank,
        "lead_id": lead.id.to_string(),
        "name": lead.display_name(),
        "phone": lead.phone.e164,
        "email": lead.email,
        "company": lead.company,
        "asked_about": lead.asked_about,
        "source": lead.source.kind.as_str(),
        "status": lead.status.as_str(),
        "assigned_to": lead.assigned_to,
        "tier": tier_name(entry.tier),
        "reason": entry.reason,
        "inquired_at": lead.inquired_at.to_rfc3339(),
        "time_zone": lead.time_zone.name(),
        "also_time_zone": lead.also_time_zone.map(|tz| tz.name()),
        "time_zone_source": lead.time_zone_source.as_str(),
        "zone_label": lead.zone_origin().label(lead.zones()),
        "attempts": lead.attempts,
        "callable_now": entry.facts.callable_now,
        "callable_at": entry.facts.callable_at.to_rfc3339(),
        "callback_at": entry.facts.callback_at.map(|t| t.to_rfc3339()),
    })
}

fn tier_name(tier: Tier) -> &'static str {
    match tier {
        Tier::CallbackDue => "callback_due",
        Tier::New => "new",
        Tier::RetryDue => "retry_due",
        Tier::Later => "later",
    }
}

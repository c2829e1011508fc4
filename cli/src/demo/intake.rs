//! Sample leads brought in the way real ones arrive: a signed webhook from the team's own
//! site, a Meta lead ad, a Google Ads lead form (each a real HTTP request to the intake
//! endpoint of its source) and a spreadsheet through the import path of `warmline
//! import`. The samples are in `cli/demo-data/`, with times written relative to now.

use chrono::{DateTime, Duration, Utc};
use indicatif::ProgressBar;
use serde_json::Value;
use tokio::runtime::Runtime;
use warmline_intake::{sign_meta, sign_webhook, CsvImport, CsvOptions};
use warmline_server::service::Assignment;
use warmline_server::storage::{LeadSource, SourceKind};

use super::server::DemoServer;
use crate::commands::import::{checks, ingest_rows, summary, Tally};
use crate::fail::Context;
use crate::format::{indent, plural, wrap_lines};
use crate::http::post;

const WEBSITE_LEAD: &str = include_str!("../../demo-data/website-lead.json");
const META_LEAD: &str = include_str!("../../demo-data/meta-lead.json");
const GOOGLE_LEAD: &str = include_str!("../../demo-data/google-lead.json");
const LEADS_CSV: &str = include_str!("../../demo-data/leads.csv");

/// A source as created, with its secret.
pub struct Source {
    pub source: LeadSource,
    pub secret: String,
}

/// The team's three sources: its site's form, Meta lead ads, Google Ads lead forms.
pub fn create_sources(
    runtime: &Runtime,
    server: &DemoServer,
    team: &str,
) -> Result<Vec<Source>, String> {
    [
        (SourceKind::Generic, "Website form"),
        (SourceKind::Meta, "Facebook farm ads"),
        (SourceKind::Google, "Google Ads quote"),
    ]
    .into_iter()
    .map(|(kind, name)| {
        let (source, secret) = runtime
            .block_on(server.service.create_source(team, kind, name))
            .context(format!("cannot add the source {name:?}"))?;
        println!(
            "  {:<7} {:<18} /v1/intake/{}",
            source.kind.as_str(),
            source.name,
            source.id
        );
        Ok(Source { source, secret })
    })
    .collect()
}

/// Sends the three webhook leads, which the team service shares out in turn between the
/// two reps: Meta's to Sam (it arrives first and, stamped on arrival, is Sam's freshest
/// lead, so it tops his queue at any hour), Google's to Jo, the site's (asked 25 minutes
/// ago) to Sam.
pub fn send_webhooks(
    server: &DemoServer,
    sources: &[Source],
) -> Result<Vec<(&'static str, u64)>, String> {
    let mut arrived = Vec::new();
    for kind in [SourceKind::Meta, SourceKind::Google, SourceKind::Generic] {
        let source = sources
            .iter()
            .find(|s| s.source.kind == kind)
            .ok_or_else(|| format!("the demo has no {} source", kind.as_str()))?;
        let (label, new) = match kind {
            SourceKind::Google => ("Google Ads lead form", send_google(server, source)?),
            SourceKind::Generic => ("website webhook", send_website(server, source)?),
            SourceKind::Meta => ("Meta lead ad", send_meta(server, source)?),
        };
        arrived.push((label, new));
    }
    Ok(arrived)
}

fn send_website(server: &DemoServer, source: &Source) -> Result<u64, String> {
    let body = fill_times(WEBSITE_LEAD, Utc::now())?;
    let timestamp = Utc::now().timestamp();
    let signature = sign_webhook(source.secret.as_bytes(), timestamp, body.as_bytes());
    let headers = [
        ("x-warmline-timestamp", timestamp.to_string()),
        ("x-warmline-signature", signature),
    ];
    deliver(
        server,
        source,
        "signed X-Warmline-Signature",
        &headers,
        &body,
    )
}

fn send_meta(server: &DemoServer, source: &Source) -> Result<u64, String> {
    let body = META_LEAD.to_owned();
    let signature = sign_meta(source.secret.as_bytes(), body.as_bytes());
    let headers = [("x-hub-signature-256", signature)];
    deliver(
        server,
        source,
        "signed X-Hub-Signature-256",
        &headers,
        &body,
    )
}

fn send_google(server: &DemoServer, source: &Source) -> Result<u64, String> {
    let body = GOOGLE_LEAD.replace("{{google key}}", &source.secret);
    deliver(server, source, "google_key in the body", &[], &body)
}

/// Posts one delivery to the source's intake endpoint; the number of new leads.
fn deliver(
    server: &DemoServer,
    source: &Source,
    how: &str,
    headers: &[(&str, String)],
    body: &str,
) -> Result<u64, String> {
    let path = format!("/v1/intake/{}", source.source.id);
    let response = post(&format!("{}{path}", server.url), headers, body.as_bytes())
        .context(format!("cannot reach {path}"))?;
    let text = String::from_utf8_lossy(&response.body).into_owned();
    if response.status != 200 {
        return Err(format!("{path} answered {}: {text}", response.status));
    }
    let answer: Value =
        serde_json::from_str(&text).context(format!("{path} answered unreadable JSON"))?;
    let leads = answer["leads"].as_array().map_or(&[][..], Vec::as_slice);
    let new = leads
        .iter()
        .filter(|l| l["merged"] == Value::Bool(false))
        .count() as u64;
    println!("  {:<7} POST {path}", source.source.kind.as_str());
    println!(
        "          {how}: {} OK, {}",
        response.status,
        plural(new, "new lead")
    );
    Ok(new)
}

/// Imports the sample spreadsheet as `warmline import` does, sharing leads out in turn.
pub fn import_csv(runtime: &Runtime, server: &DemoServer, team: &str) -> Result<Tally, String> {
    let text = fill_times(LEADS_CSV, Utc::now())?;
    runtime.block_on(async {
        let checks = checks(&server.service, team).await?;
        let rows = CsvImport::new(text.as_bytes(), CsvOptions::default(), checks)
            .context("cannot import the sample CSV")?;
        let tally = ingest_rows(
            &server.service,
            team,
            &Assignment::RoundRobin,
            rows,
            &ProgressBar::hidden(),
        )
        .await?;
        println!("{}", wrap_lines(&indent(&summary("leads.csv", &tally))));
        Ok(tally)
    })
}

/// The sample text with each `{{N min ago}}` or `{{N h ago}}` replaced by that instant
/// (RFC 3339, UTC), so the leads' ages read the same whenever the demo runs.
pub fn fill_times(template: &str, now: DateTime<Utc>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let end = rest[start..]
            .find("}}")
            .map(|e| start + e)
            .ok_or("a sample has an unclosed {{")?;
        out.push_str(&rest[..start]);
        let ago = ago(&rest[start + 2..end])?;
        out.push_str(&(now - ago).format("%Y-%m-%dT%H:%M:%SZ").to_string());
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// "25 min ago" or "3 h ago" as a duration.
fn ago(text: &str) -> Result<Duration, String> {
    let unreadable =
        || format!("a sample's time {{{{{text}}}}} is not \"N min ago\" or \"N h ago\"");
    let mut words = text.split_whitespace();
    let (Some(amount), Some(unit), Some("ago"), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(unreadable());
    };
    let amount: i64 = amount.parse().map_err(|_| unreadable())?;
    match unit {
        "min" => Ok(Duration::minutes(amount)),
        "h" => Ok(Duration::hours(amount)),
        _ => Err(unreadable()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_times_are_written_relative_to_now() {
        let now = DateTime::parse_from_rfc3339("2026-11-27T14:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            fill_times("a,{{25 min ago}},b,{{3 h ago}}", now).unwrap(),
            "a,2026-11-27T14:05:00Z,b,2026-11-27T11:30:00Z"
        );
        assert!(fill_times("{{yesterday}}", now)
            .unwrap_err()
            .contains("{{yesterday}}"));
        assert!(fill_times("{{3 h ago", now).is_err());
    }

    #[test]
    fn every_sample_fills() {
        let now = Utc::now();
        for sample in [WEBSITE_LEAD, META_LEAD, LEADS_CSV] {
            assert!(!fill_times(sample, now).unwrap().contains("{{"));
        }
    }
}

//! The team's script and settings as a server sends them with a pull: applied from the
//! next call, never to a call in progress, and refused whole when wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::{Arc, Mutex};

use support::*;
use warmline_core::sync::wire::{PullResponse, TeamConfig, TeamSettingsDoc};
use warmline_core::sync::{HttpClient, HttpRequest, HttpResponse};
use warmline_core::{LeadSource, NewLead, Outcome, SourceKind, Warmline};

/// A server that answers every pull with `page` and remembers the URLs it was asked.
#[derive(Default)]
struct Server {
    page: Mutex<Option<PullResponse>>,
    urls: Mutex<Vec<String>>,
}

impl Server {
    fn serve(&self, team: Option<TeamConfig>) {
        *self.page.lock().unwrap() = Some(PullResponse {
            changes: Vec::new(),
            cursor: 0,
            more: false,
            rep_id: String::new(),
            team,
        });
    }

    fn last_pull(&self) -> String {
        let urls = self.urls.lock().unwrap();
        urls.iter()
            .rev()
            .find(|u| u.contains("/v1/pull"))
            .unwrap()
            .clone()
    }
}

impl HttpClient for Server {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        self.urls.lock().unwrap().push(request.url.clone());
        let body = if request.url.contains("/v1/push") {
            br#"{"accepted":0,"duplicates":0}"#.to_vec()
        } else {
            serde_json::to_vec(self.page.lock().unwrap().as_ref().unwrap()).unwrap()
        };
        Ok(HttpResponse {
            status: 200,
            headers: Vec::new(),
            body,
        })
    }
}

const TEAM_SCRIPT: &str = r#"
id = "demo-day"
name = "Demo day invite"
start = "hello"

[[stage]]
id = "hello"
title = "Hello"
say = ["Hello {lead.first_name|there}, {rep.first_name|a consultant} here from {team.company|our company}."]
covers = ["who_you_are", "where_from"]

  [[stage.choice]]
  id = "no"
  label = "Not interested"
  end = "not_a_fit"
"#;

fn lead(first_name: &str, phone: &str) -> NewLead {
    NewLead {
        first_name: first_name.into(),
        phone: phone.into(),
        source: LeadSource {
            kind: SourceKind::AdForm,
            ..LeadSource::default()
        },
        ..NewLead::default()
    }
}

fn company(name: &str) -> TeamSettingsDoc {
    TeamSettingsDoc {
        company: Some(name.into()),
        ..TeamSettingsDoc::default()
    }
}

fn sync(app: &Warmline, server: &Server) -> warmline_core::sync::SyncReport {
    app.sync(server, "https://sync.example", "token").unwrap()
}

#[test]
fn the_team_s_script_and_settings_apply_from_the_next_call_never_to_the_open_one() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let app = &t.app;
    let ann = app.add_lead(lead("Ann", "+1 212 555 0190")).unwrap();
    let bo = app.add_lead(lead("Bo", "+1 212 555 0191")).unwrap();
    let open = app.start_call(&ann.id.to_string()).unwrap();
    assert_eq!(
        open.lines[0],
        "Hi Ann, this is a consultant from our company."
    );

    let told = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&told);
    let _subscription = app.subscribe(Arc::new(move |_: &[String]| {
        *counter.lock().unwrap() += 1;
    }));
    let server = Server::default();
    server.serve(Some(TeamConfig {
        version: 3,
        script: Some(TEAM_SCRIPT.into()),
        settings: Some(company("Acme Roofing")),
    }));
    let report = sync(app, &server);
    assert_eq!(report.team_refused, None);
    assert!(
        server.last_pull().ends_with("&team=0"),
        "{}",
        server.last_pull()
    );
    assert!(
        *told.lock().unwrap() >= 1,
        "observers hear of the new settings"
    );
    assert_eq!(app.script().unwrap().id, "demo-day");
    assert_eq!(app.team_settings().company.as_deref(), Some("Acme Roofing"));

    // The call already open keeps its script and the company it started with.
    let card = app.call_card(&open.session_id).unwrap();
    assert_eq!(card.stage_id, "connect");
    assert_eq!(
        card.lines[0],
        "Hi Ann, this is a consultant from our company."
    );
    let card = app
        .call_intent(
            &card.session_id,
            warmline_core::session::Intent::Choose {
                choice: "yes".into(),
            },
        )
        .unwrap();
    assert_eq!(card.stage_id, "still_looking");
    app.end_call(&card.session_id, Outcome::NotAFit).unwrap();

    // The next call follows the team's script, with the team's company.
    let next = app.start_call(&bo.id.to_string()).unwrap();
    assert_eq!(next.stage_id, "hello");
    assert_eq!(
        next.lines,
        ["Hello Bo, a consultant here from Acme Roofing."]
    );

    // The phone now says which version it has; the same version again changes nothing.
    sync(app, &server);
    assert!(
        server.last_pull().ends_with("&team=3"),
        "{}",
        server.last_pull()
    );
}

#[test]
fn a_hostile_server_s_script_or_settings_are_refused_and_the_previous_ones_kept() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let app = &t.app;
    let server = Server::default();
    server.serve(Some(TeamConfig {
        version: 1,
        script: Some(TEAM_SCRIPT.into()),
        settings: Some(company("Acme Roofing")),
    }));
    sync(app, &server);
    let before = (app.script().unwrap(), app.team_settings());

    // A script with problems: refused, with every problem named; nothing else changes.
    let broken = TEAM_SCRIPT
        .replace("start = \"hello\"", "start = \"nowhere\"")
        .replace("{team.company|our company}", "{team.company}");
    server.serve(Some(TeamConfig {
        version: 2,
        script: Some(broken),
        settings: Some(company("Evil Corp")),
    }));
    let report = sync(app, &server);
    let refused = report.team_refused.expect("the script is refused");
    assert!(refused.contains("the script has 2 problem(s)"), "{refused}");
    assert!(refused.contains("nowhere"), "{refused}");
    assert!(refused.contains("team.company"), "{refused}");
    assert_eq!((app.script().unwrap(), app.team_settings()), before);

    // A good script with a wrong setting: both refused, the setting named.
    server.serve(Some(TeamConfig {
        version: 3,
        script: Some(TEAM_SCRIPT.replace("Hello", "Howdy")),
        settings: Some(TeamSettingsDoc {
            time_zone: Some("Mars/Olympus_Mons".into()),
            ..company("Evil Corp")
        }),
    }));
    let report = sync(app, &server);
    let refused = report.team_refused.expect("the settings are refused");
    assert!(
        refused.starts_with("invalid setting team_time_zone: \"Mars/Olympus_Mons\""),
        "{refused}"
    );
    assert_eq!((app.script().unwrap(), app.team_settings()), before);

    // The phone still says it has version 1, so the team's next publication reaches it;
    // calls go on with the script and settings it had.
    assert!(
        server.last_pull().ends_with("&team=1"),
        "{}",
        server.last_pull()
    );
    let ann = app.add_lead(lead("Ann", "+1 212 555 0190")).unwrap();
    let card = app.start_call(&ann.id.to_string()).unwrap();
    assert_eq!(
        card.lines,
        ["Hello Ann, a consultant here from Acme Roofing."]
    );
}

//! The shared user journeys (`tests/journeys/*.json`): taps and phone events forwarded
//! through the bindings, screen states asserted after each step. The Kotlin and Swift
//! suites run the same files through their kits; each journey is a test of its own in
//! every language. The format is described in `tests/README.md`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a panic is the failure report

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::Value;
use warmline_ffi::*;

/// The journey's clock: fixed at the journey's `now`, or the system's (`"system"`) for
/// journeys that talk to a real server, which stamps with its own time.
#[derive(Clone)]
struct TestClock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl WarmlineClock for TestClock {
    fn now(&self) -> Timestamp {
        self.0
            .as_ref()
            .map_or_else(Utc::now, |at| *at.lock().unwrap())
    }
}

fn time(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn snake<T: std::fmt::Debug>(value: T) -> String {
    let name = format!("{value:?}");
    let name = name.split([' ', '{', '(']).next().unwrap_or_default();
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn capabilities(phone: &str) -> PhoneCapabilities {
    match phone {
        "iphone" => PhoneCapabilities {
            call_states: true,
            answer_state: true,
        },
        "android" => PhoneCapabilities {
            call_states: true,
            answer_state: false,
        },
        "no_permission" => PhoneCapabilities {
            call_states: false,
            answer_state: false,
        },
        other => panic!("unknown phone {other}"),
    }
}

fn phone_event(step: &Value) -> PhoneEvent {
    match step["event"].as_str().unwrap() {
        "dial_requested" => PhoneEvent::DialRequested,
        "dialer_opened" => PhoneEvent::DialerOpened,
        "call_dialing" => PhoneEvent::CallDialing,
        "call_active" => PhoneEvent::CallActive,
        "call_held" => PhoneEvent::CallHeld,
        "call_ended" => PhoneEvent::CallEnded {
            measured_seconds: step["measured_seconds"].as_u64().map(|s| s as u32),
        },
        "app_background" => PhoneEvent::AppBackground,
        "app_foreground" => PhoneEvent::AppForeground,
        "dial_cancelled" => PhoneEvent::DialCancelled,
        other => panic!("unknown phone event {other}"),
    }
}

fn error_name(err: &WarmlineError) -> String {
    format!("{err:?}")
        .split([' ', '{', '('])
        .next()
        .unwrap()
        .to_owned()
}

struct Journey {
    clock: TestClock,
    db: std::path::PathBuf,
    device: Value,
    app: Arc<Warmline>,
    leads: HashMap<String, String>,
    lead: String,
    session: Option<String>,
    server: Option<Server>,
    runtime: tokio::runtime::Runtime,
}

/// A real `warmline-server` on loopback with one team and this phone enrolled.
struct Server {
    process: std::process::Child,
    url: String,
    team: String,
    device: String,
    token: String,
    database: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

const ADMIN_TOKEN: &str = "rust-journeys-admin-token-0123456789abcdef";

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The core's HTTP transport on ureq, as the CLI's: what an app's platform stack does.
struct Ureq;

impl HttpTransport for Ureq {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut call = ureq::request(&request.method, &request.url)
            .timeout(std::time::Duration::from_secs(40));
        for header in &request.headers {
            call = call.set(&header.name, &header.value);
        }
        let result = if request.method == "GET" {
            call.call()
        } else {
            call.send_bytes(&request.body)
        };
        let response = match result {
            Ok(response) | Err(ureq::Error::Status(_, response)) => response,
            Err(err) => {
                return Err(TransportError::Failed {
                    detail: err.to_string(),
                })
            }
        };
        let status = response.status();
        let headers = response
            .headers_names()
            .into_iter()
            .filter_map(|name| {
                let value = response.header(&name)?.to_owned();
                Some(HttpHeader { name, value })
            })
            .collect();
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut response.into_reader(), &mut body).map_err(|e| {
            TransportError::Failed {
                detail: e.to_string(),
            }
        })?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

impl Server {
    fn binary() -> std::path::PathBuf {
        let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
            std::path::PathBuf::from,
        );
        let binary = target.join("debug/warmline-server");
        assert!(
            binary.exists(),
            "build the server first: cargo build -p warmline-server ({})",
            binary.display()
        );
        binary
    }

    fn admin(binary: &Path, database: &Path, args: &[&str]) -> String {
        let out = std::process::Command::new(binary)
            .arg("--database")
            .arg(database)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "warmline-server {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    fn start(app: &Warmline, runtime: &tokio::runtime::Runtime) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("server.db");
        let binary = Self::binary();
        let team = Self::admin(&binary, &database, &["team-create", "Brightside"]);
        let code = Self::admin(
            &binary,
            &database,
            &["rep-add", "--team", &team, "Sam Reyes"],
        );
        let mut process = std::process::Command::new(&binary)
            .args(["--listen", "127.0.0.1:0", "--database"])
            .arg(&database)
            .env("WARMLINE_ADMIN_TOKEN", ADMIN_TOKEN)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(process.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        let url = line.trim().trim_start_matches("listening on ").to_owned();
        let enrolment = runtime
            .block_on(app.enrol(Arc::new(Ureq), url.clone(), code, "Sam's phone".into()))
            .unwrap();
        Self {
            process,
            url,
            team,
            device: enrolment.device_id,
            token: enrolment.token,
            database,
            _dir: dir,
        }
    }

    /// The manager publishes the team's script, as `warmline script set` does.
    fn publish_script(&self, file: &Path) {
        let file = file.display().to_string();
        Self::admin(
            &Self::binary(),
            &self.database,
            &["script-set", "--team", &self.team, &file],
        );
    }

    fn revoke(&self) {
        let response = ureq::post(&format!("{}/v1/devices/{}/revoke", self.url, self.device))
            .set("Authorization", &format!("Bearer {ADMIN_TOKEN}"))
            .set("Content-Type", "application/json")
            .send_string(&format!("{{\"team_id\":\"{}\"}}", self.team))
            .unwrap();
        assert_eq!(response.status(), 200);
    }
}

impl Journey {
    fn open(db: &Path, device: &Value, clock: &TestClock) -> Arc<Warmline> {
        let device = DeviceSettings {
            time_zone: device["time_zone"].as_str().unwrap().to_owned(),
            rep_first_name: text(device, "rep_first_name"),
        };
        Warmline::open_with_clock(db.display().to_string(), device, Box::new(clock.clone()))
            .unwrap()
    }

    fn outcome(&self, step: &Value) -> Outcome {
        match step["outcome"].as_str().unwrap() {
            "no_answer" => Outcome::NoAnswer,
            "voicemail" => Outcome::Voicemail,
            "bad_number" => Outcome::BadNumber,
            "not_a_good_time" => Outcome::NotAGoodTime {
                callback_at: self
                    .app
                    .at_lead_local_time(self.lead.clone(), text(step, "callback_local").unwrap())
                    .unwrap(),
            },
            "found_elsewhere" => Outcome::FoundElsewhere,
            "not_a_fit" => Outcome::NotAFit,
            "qualified" => Outcome::Qualified,
            "do_not_call" => Outcome::DoNotCall,
            other => panic!("unknown outcome {other}"),
        }
    }

    fn intent(&self, intent: CallIntent) -> Result<(), WarmlineError> {
        self.app.call_intent(self.session(), intent).map(drop)
    }

    fn session(&self) -> String {
        self.session.clone().expect("a call in progress")
    }

    /// Runs one step; `Ok(Some(reason))` when the dial asked for confirmation.
    fn step(&mut self, step: &Value) -> Result<Option<String>, WarmlineError> {
        let after = |step: &Value| Duration::seconds(step["after_seconds"].as_i64().unwrap_or(0));
        if let Some(key) = step["lead"].as_str() {
            self.lead = self.leads[key].clone();
        }
        match step["do"].as_str().unwrap() {
            "check" => {}
            "dial" => {
                let phone = capabilities(step["phone"].as_str().unwrap());
                let confirm = step["confirm"].as_bool().unwrap_or(false);
                match self.app.dial(self.lead.clone(), phone, confirm)? {
                    DialResult::Dialling { screen, .. } => self.session = Some(screen.session_id),
                    DialResult::NeedsConfirmation { reason, .. } => return Ok(Some(reason)),
                }
            }
            "phone" => {
                let at = self.clock.now() + after(step);
                self.app
                    .phone_report(self.session(), phone_event(step), at)?;
            }
            "choose" => self.intent(CallIntent::Choose {
                choice_id: text(step, "choice").unwrap(),
            })?,
            "answer" => self.intent(CallIntent::Answer {
                question_id: text(step, "question").unwrap(),
                value: text(step, "value").unwrap(),
            })?,
            "next" => self.intent(CallIntent::Next)?,
            "draft" => self
                .app
                .set_draft(self.session(), text(step, "text").unwrap())?,
            "save_draft" => drop(self.app.save_draft(self.session())?),
            "end" => drop(self.app.end_call(self.session(), self.outcome(step))?),
            "mark_do_not_call" => drop(self.app.mark_do_not_call(self.lead.clone())?),
            "note" => drop(
                self.app
                    .add_note(self.lead.clone(), text(step, "text").unwrap())?,
            ),
            "sync" => {
                let server = self.server.as_ref().expect("a journey with a server");
                let sync = self
                    .app
                    .sync(Arc::new(Ureq), server.url.clone(), server.token.clone());
                self.runtime.block_on(sync)?;
            }
            "sync_offline" => {
                let sync =
                    self.app
                        .sync(Arc::new(Ureq), "http://127.0.0.1:9".into(), "token".into());
                self.runtime.block_on(sync)?;
            }
            "revoke" => self
                .server
                .as_ref()
                .expect("a journey with a server")
                .revoke(),
            "publish_script" => self
                .server
                .as_ref()
                .expect("a journey with a server")
                .publish_script(&journey_dir().join(text(step, "file").unwrap())),
            "reopen" => {
                self.app = Self::open(&self.db, &self.device, &self.clock);
            }
            other => panic!("unknown step {other}"),
        }
        Ok(None)
    }

    fn check(&self, expect: &Value, confirmation: Option<String>, place: &str) {
        let screen = self.app.current_screen().unwrap();
        let call = self
            .session
            .as_ref()
            .map(|s| self.app.call_screen(s.clone()).unwrap());
        let sheet = self
            .session
            .as_ref()
            .map(|s| self.app.outcome_sheet(s.clone()).unwrap());
        let lead = self.app.lead(self.lead.clone()).unwrap();
        for (key, want) in expect.as_object().unwrap() {
            let got: Value = match key.as_str() {
                "screen" => snake(&screen).into(),
                "needs_confirmation" => confirmation.clone().into(),
                "view" => snake(call.as_ref().unwrap().view).into(),
                "overlay" => call.as_ref().unwrap().overlay.into(),
                "answered" => call.as_ref().unwrap().answered.into(),
                "stage" => call.as_ref().unwrap().card.stage_id.clone().into(),
                "draft" => call.as_ref().unwrap().draft.clone().into(),
                "path" => call
                    .as_ref()
                    .unwrap()
                    .path
                    .iter()
                    .map(|p| p.stage_id.clone())
                    .collect(),
                "suggested" => sheet.as_ref().unwrap().suggested.map(snake).into(),
                "may_not_have_called" => sheet.as_ref().unwrap().may_not_have_called.into(),
                "talk_seconds" => sheet.as_ref().unwrap().talk.seconds.into(),
                "talk_confidence" => snake(sheet.as_ref().unwrap().talk.confidence).into(),
                "callback_default" => iso(sheet.as_ref().unwrap().callback_default).into(),
                "attempts" => lead.attempts.into(),
                "status" => snake(lead.status).into(),
                "callback_at" => lead.callback_at.map(iso).into(),
                "notes" => self.app.notes(self.lead.clone()).unwrap().len().into(),
                "synced" => {
                    let notes = self.app.notes(self.lead.clone()).unwrap();
                    (!notes.is_empty() && notes.iter().all(|n| n.synced)).into()
                }
                "pending" => self.app.pending_changes().unwrap().into(),
                "signed_out_notes" => self
                    .app
                    .signed_out_screen()
                    .unwrap()
                    .map(|s| s.unsynced_notes.len())
                    .into(),
                "queue_top" => self.app.queue_screen(5).unwrap().rows[0]
                    .lead
                    .name
                    .clone()
                    .into(),
                "queue_reason" => self
                    .app
                    .queue_screen(5)
                    .unwrap()
                    .rows
                    .iter()
                    .find(|r| r.lead.lead_id == self.lead)
                    .map(|r| r.reason.clone())
                    .into(),
                "error" => continue,
                other => panic!("{place}: unknown expectation {other}"),
            };
            assert_eq!(&got, want, "{place}: {key}");
        }
    }
}

fn run(name: &str) {
    let file = journey_dir().join(format!("{name}.json"));
    let journey: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let title = journey["name"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let clock = match journey["now"].as_str() {
        Some("system") => TestClock(None),
        _ => TestClock(Some(Arc::new(Mutex::new(time(&journey["now"]))))),
    };
    let db = dir.path().join("rep.db");
    let app = Journey::open(&db, &journey["device"], &clock);
    let mut team = app.team_settings();
    team.company = text(&journey["team"], "company");
    app.update_team_settings(team).unwrap();
    let mut leads = HashMap::new();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = journey["server"]
        .as_bool()
        .unwrap_or(false)
        .then(|| Server::start(&app, &runtime));
    for l in journey["leads"].as_array().unwrap() {
        let asked = Duration::minutes(l["asked_minutes_ago"].as_i64().unwrap_or(0));
        let lead = app
            .add_lead(NewLead {
                first_name: text(l, "first_name").unwrap(),
                last_name: String::new(),
                phone: text(l, "phone").unwrap(),
                email: None,
                company: None,
                source: None,
                asked_about: text(l, "asked_about"),
                inquired_at: Some(clock.now() - asked),
                time_zone: text(l, "time_zone"),
                assigned_to: None,
                custom_fields: vec![],
            })
            .unwrap();
        leads.insert(text(l, "key").unwrap(), lead.id);
    }
    let first = leads.values().next().unwrap().clone();
    let mut j = Journey {
        clock,
        db,
        device: journey["device"].clone(),
        app,
        leads,
        lead: first,
        session: None,
        server,
        runtime,
    };
    for (index, step) in journey["steps"].as_array().unwrap().iter().enumerate() {
        let place = format!("{title}, step {} ({})", index + 1, step["do"]);
        let expect = step
            .get("expect")
            .cloned()
            .unwrap_or(Value::Object(Default::default()));
        match j.step(step) {
            Ok(confirmation) => {
                assert_eq!(expect.get("error"), None, "{place}: expected an error");
                j.check(&expect, confirmation, &place);
            }
            Err(err) => {
                assert_eq!(
                    Some(error_name(&err).as_str()),
                    expect["error"].as_str(),
                    "{place}: {err}"
                );
                j.check(&expect, None, &place);
            }
        }
    }
}

fn journey_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/journeys")
}

macro_rules! journeys {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { run(stringify!($name)); } )*

        /// Every file in `tests/journeys/` has a test above.
        #[test]
        fn every_journey_file_is_run() {
            let dir = journey_dir();
            let mut files: Vec<String> = std::fs::read_dir(dir).unwrap()
                .map(|e| e.unwrap().path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
                .collect();
            files.sort();
            let mut listed = vec![$(stringify!($name).to_owned()),*];
            listed.sort();
            assert_eq!(files, listed);
        }
    };
}

journeys!(
    answered_call,
    callback_their_time,
    cancelled_dial,
    do_not_call_refused,
    killed_mid_call,
    no_call_state_permission,
    notes_synced_after_offline,
    new_team_script,
    nobody_answers,
    outside_calling_hours,
    revoked_phone,
);

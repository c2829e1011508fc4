//! Calls on the `Warmline` handle: sessions walked through the script.
//!
//! Every intent is one write transaction: the event is appended to the session's log
//! (and any answer or note stored and indexed for search) before the new card is
//! returned, so what the rep saw is what a restart will show.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::attempt;
use crate::call_lifecycle::{log_outcome, record_call_time, reserve_dial, CallTime};
use crate::error::{Error, Result};
use crate::lead::{self, ms, new_uuid_at, timestamp, Lead, LeadId, SourceKind};
use crate::notes::{earlier_quotes, insert_note, upsert_answer};
use crate::script::{Script, TemplateValues, DEFAULT_SCRIPT, LEAD_FIELDS};
use crate::session::{self, Intent, PromptCard, SessionEvent, SessionState};
use crate::settings;
use crate::warmline::Warmline;

/// A loaded session: its script, state and the lead it is about.
pub(crate) struct Loaded {
    pub(crate) id: String,
    pub(crate) lead_id: LeadId,
    pub(crate) attempt_id: String,
    pub(crate) script: std::sync::Arc<Script>,
    pub(crate) state: SessionState,
}

impl Warmline {
    /// The script new calls follow: the team's, or the default.
    pub fn script(&self) -> Result<Script> {
        let team = self.db.read(settings::load_script)?;
        Ok(Script::parse(team.as_deref().unwrap_or(DEFAULT_SCRIPT))?)
    }

    /// Replaces the team's script after checking it; calls in progress keep theirs.
    pub fn set_script(&self, toml: &str) -> Result<Script> {
        let script = Script::parse(toml)?;
        self.db.write(|tx| settings::save_script(tx, toml))?;
        Ok(script)
    }

    /// Next, back, skip, choose, answer or note.
    pub fn call_intent(&self, session_id: &str, intent: Intent) -> Result<PromptCard> {
        let (loaded, lead) = self.change_leads(|tx, now| {
            let mut loaded = load(tx, session_id)?;
            let touched = append(tx, &mut loaded, intent.into(), now, now)?;
            let lead = match &touched {
                Some(lead) => lead.clone(),
                None => lead::get(tx, loaded.lead_id)?,
            };
            Ok(((loaded, lead), touched.into_iter().collect()))
        })?;
        self.db.read(|conn| self.card(conn, &loaded, &lead))
    }

    /// Opens a call session on `lead_id` with the team's current script, its attempt
    /// reserved ([`reserve_dial`]) until the phone says the call went out.
    pub(crate) fn open_session(
        &self,
        tx: &Transaction<'_>,
        lead_id: LeadId,
        capabilities_json: &str,
        now: DateTime<Utc>,
    ) -> Result<Loaded> {
        let script_toml = settings::load_script(tx)?.unwrap_or_else(|| DEFAULT_SCRIPT.to_owned());
        let script = Script::parse_cached(&script_toml)?;
        let team = SessionTeam {
            company: self.team_read().0.company.clone(),
        };
        let attempt = reserve_dial(tx, lead_id, now)?;
        let session_id = new_uuid_at(now).to_string();
        tx.prepare_cached(
            "INSERT INTO call_sessions (id, lead_id, attempt_id, script, started_at, capabilities, team_values)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            session_id,
            lead_id.to_string(),
            attempt.id.to_string(),
            script_toml,
            ms(now),
            capabilities_json,
            to_json_text(&team)?
        ])?;
        Ok(Loaded {
            id: session_id,
            lead_id,
            attempt_id: attempt.id.to_string(),
            state: SessionState::new(&script),
            script,
        })
    }

    /// The card of a session, e.g. to redraw after the app comes back.
    pub fn call_card(&self, session_id: &str) -> Result<PromptCard> {
        self.db.read(|conn| {
            let loaded = load(conn, session_id)?;
            let lead = lead::get(conn, loaded.lead_id)?;
            self.card(conn, &loaded, &lead)
        })
    }

    /// The call left open (the app was killed mid-call), to resume where it was.
    pub fn open_call(&self) -> Result<Option<PromptCard>> {
        let id: Option<String> = self.db.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT id FROM call_sessions WHERE finished_at IS NULL ORDER BY started_at DESC LIMIT 1")?
                .query_row([], |row| row.get(0))
                .optional()?)
        })?;
        id.map(|id| self.call_card(&id)).transpose()
    }

    pub(crate) fn card(
        &self,
        conn: &Connection,
        loaded: &Loaded,
        lead: &Lead,
    ) -> Result<PromptCard> {
        let earlier = earlier_quotes(conn, loaded.lead_id, &loaded.id)?;
        let mut values = self.template_values(lead);
        if let Some(team) = SessionTeam::of(conn, &loaded.id)? {
            team.fill(&mut values);
        }
        Ok(session::card::build(
            &loaded.id,
            &loaded.lead_id.to_string(),
            &loaded.script,
            &loaded.state,
            &values,
            &earlier,
        ))
    }

    fn template_values(&self, lead: &Lead) -> TemplateValues {
        let mut values = TemplateValues::new();
        values.insert("lead.first_name", lead.first_name.clone());
        if let Some(about) = &lead.asked_about {
            values.insert("lead.asked_about", about.clone());
        }
        if let Some(rep) = self.rep_first_name() {
            values.insert("rep.first_name", rep);
        }
        if let Some(company) = &self.team_read().0.company {
            values.insert("team.company", company.clone());
        }
        let phrase = match lead.source.kind {
            SourceKind::AdForm => Some("our ad"),
            SourceKind::Email => Some("my email"),
            SourceKind::SocialDm => Some("my message"),
            SourceKind::WebForm => Some("the form on our website"),
            SourceKind::Other => None,
        };
        if let Some(phrase) = phrase {
            values.insert("source.phrase", phrase.to_owned());
        }
        if let Some(campaign) = lead
            .source
            .campaign_name
            .as_ref()
            .or(lead.source.ad_name.as_ref())
        {
            values.insert("source.campaign", campaign.clone());
        }
        values
    }
}

/// The team's values a session's lines use, as they were when the call started: new
/// team settings apply from the next call, never to one in progress.
#[derive(serde::Serialize, serde::Deserialize)]
struct SessionTeam {
    company: Option<String>,
}

impl SessionTeam {
    /// The values fixed for `session_id`; `None` for a call started before they were kept.
    fn of(conn: &Connection, session_id: &str) -> Result<Option<Self>> {
        let json: Option<String> = conn
            .prepare_cached("SELECT team_values FROM call_sessions WHERE id = ?1")?
            .query_row([session_id], |row| row.get(0))
            .optional()?
            .flatten();
        json.map(|json| {
            serde_json::from_str(&json)
                .map_err(|e| Error::Corrupt(format!("session {session_id}'s team values: {e}")))
        })
        .transpose()
    }

    fn fill(self, values: &mut TemplateValues) {
        match self.company {
            Some(company) => values.insert("team.company", company),
            None => values.remove("team.company"),
        };
    }
}

/// Checks `event` against the session, appends it to the log and applies its effects,
/// in the caller's transaction. Returns the lead if the event changed it.
pub(crate) fn append(
    tx: &Transaction<'_>,
    loaded: &mut Loaded,
    event: SessionEvent,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<Lead>> {
    loaded.state.apply(&loaded.script, at, &event)?;
    tx.prepare_cached("INSERT INTO session_events (session_id, at, event) VALUES (?1, ?2, ?3)")?
        .execute(params![loaded.id, ms(at), to_json(&event)?])?;
    record_effects(tx, loaded, &event, at, now)
}

/// What an event does beyond the log: answers and notes are stored and indexed, platform
/// times reach the attempt, the outcome moves the lead. Returns the lead if it changed.
fn record_effects(
    tx: &Transaction<'_>,
    loaded: &Loaded,
    event: &SessionEvent,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<Lead>> {
    let session = Some(loaded.id.as_str());
    match event {
        SessionEvent::Answer { question, value } => {
            let answer = &loaded.state.answers[question];
            let prompt = loaded
                .script
                .stage(&answer.stage)
                .and_then(|s| s.questions.iter().find(|q| &q.id == question))
                .map(|q| (q.prompt.clone(), q.fills.clone()));
            let (prompt, fills) = prompt.unwrap_or_else(|| (question.clone(), None));
            upsert_answer(
                tx,
                loaded.lead_id,
                &loaded.id,
                question,
                &prompt,
                &answer.value,
                at,
            )?;
            if let Some(field) = fills.filter(|f| LEAD_FIELDS.contains(&f.as_str())) {
                let mut lead = lead::get(tx, loaded.lead_id)?;
                match lead.custom_fields.iter_mut().find(|(k, _)| *k == field) {
                    Some(existing) => existing.1 = value.trim().to_owned(),
                    None => lead.custom_fields.push((field, value.trim().to_owned())),
                }
                lead.updated_at = now;
                lead::update(tx, &lead)?;
                return Ok(Some(lead));
            }
            Ok(None)
        }
        SessionEvent::Note { text } => {
            insert_note(tx, loaded.lead_id, session, None, text.trim(), at)?;
            Ok(None)
        }
        SessionEvent::Connected | SessionEvent::CallEnded => {
            let which = if *event == SessionEvent::Connected {
                CallTime::Connected
            } else {
                CallTime::Ended
            };
            record_call_time(tx, attempt::parse_id(&loaded.attempt_id)?, which, at, at)?;
            Ok(None)
        }
        SessionEvent::End { .. } => {
            let outcome = loaded
                .state
                .outcome
                .ok_or_else(|| Error::Corrupt("an ended session without outcome".into()))?;
            tx.prepare_cached("UPDATE call_sessions SET finished_at = ?2 WHERE id = ?1")?
                .execute(params![loaded.id, ms(now)])?;
            let stages = loaded
                .state
                .history
                .iter()
                .chain([&loaded.state.stage])
                .collect::<Vec<_>>();
            tx.prepare_cached("UPDATE attempts SET stages = ?2 WHERE id = ?1")?
                .execute(params![loaded.attempt_id, to_json_text(&stages)?])?;
            Ok(Some(log_outcome(tx, loaded.lead_id, outcome, now)?))
        }
        _ => Ok(None),
    }
}

pub(crate) fn load(conn: &Connection, session_id: &str) -> Result<Loaded> {
    let row: Option<(String, String, String)> = conn
        .prepare_cached("SELECT lead_id, attempt_id, script FROM call_sessions WHERE id = ?1")?
        .query_row([session_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let (lead_id, attempt_id, script) = row.ok_or_else(|| Error::SessionNotFound {
        id: session_id.to_owned(),
    })?;
    let script = Script::parse_cached(&script)?;
    let mut stmt = conn.prepare_cached(
        "SELECT at, event FROM session_events WHERE session_id = ?1 ORDER BY seq",
    )?;
    let events = stmt
        .query_map([session_id], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .map(|r| {
            let (at, json) = r?;
            let event: SessionEvent = serde_json::from_str(&json)
                .map_err(|e| Error::Corrupt(format!("session event {json:?}: {e}")))?;
            Ok((timestamp(at)?, event))
        })
        .collect::<Result<Vec<_>>>()?;
    let state = SessionState::replay(&script, events.iter().map(|(at, e)| (*at, e)))?;
    Ok(Loaded {
        id: session_id.to_owned(),
        lead_id: lead_id.parse()?,
        attempt_id,
        script,
        state,
    })
}

fn to_json_text<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

fn to_json(event: &SessionEvent) -> Result<String> {
    serde_json::to_string(event).map_err(|e| Error::Corrupt(format!("session event: {e}")))
}

impl Warmline {
    /// The instant of a wall-clock time in the lead's own zone: the callback time agreed
    /// on the phone ("call me tomorrow at 2") as the queue needs it. A time skipped by a
    /// daylight-saving jump is taken as the first valid minute after it.
    pub fn at_lead_local_time(
        &self,
        lead_id: &str,
        local: chrono::NaiveDateTime,
    ) -> Result<DateTime<Utc>> {
        let lead = self.lead(lead_id)?;
        Ok(crate::calling_hours::local_instant(
            lead.time_zone,
            local.date(),
            local.time(),
        ))
    }
}

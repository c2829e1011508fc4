//! Calls on the `Warmline` handle: sessions walked through the script, notes, search.
//!
//! Every intent is one write transaction: the event is appended to the session's log
//! (and any answer or note stored and indexed for search) before the new card is
//! returned, so what the rep saw is what a restart will show.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::attempt;
use crate::error::{Error, Result};
use crate::lead::{self, ms, new_uuid_at, timestamp, Lead, LeadId, SourceKind};
use crate::script::{Script, TemplateValues, DEFAULT_SCRIPT, LEAD_FIELDS};
use crate::session::{self, checked_text, Intent, PromptCard, Quote, SessionEvent, SessionState};
use crate::settings;
use crate::timeline::{self, EventKind};
use crate::warmline::{log_outcome, record_call_time, reserve_dial, CallTime, Warmline};

/// A note, or an answer to a script question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: String,
    pub lead_id: String,
    pub session_id: Option<String>,
    /// The question, for an answer.
    pub prompt: Option<String>,
    pub text: String,
    pub at: DateTime<Utc>,
    /// The server has it (the "synced" tick).
    pub synced: bool,
}

/// One search result: where the words were found, with the match marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub note: Note,
    pub lead_name: String,
    /// The matching part, with matches in `[` `]`.
    pub snippet: String,
}

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

    /// A free note on a lead, outside any call. Durable when this returns.
    pub fn add_note(&self, lead_id: &str, text: &str) -> Result<Note> {
        let id: LeadId = lead_id.parse()?;
        let text = checked_text("note", text)?;
        self.change_leads(|tx, now| {
            lead::get(tx, id)?;
            let note = insert_note(tx, id, None, None, &text, now)?;
            Ok((note, Vec::new()))
        })
    }

    /// Notes and answers on a lead, oldest first.
    pub fn notes(&self, lead_id: &str) -> Result<Vec<Note>> {
        let id: LeadId = lead_id.parse()?;
        self.db.read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {NOTE_COLUMNS} FROM notes WHERE lead_id = ?1 ORDER BY at, id"
            ))?;
            let rows = stmt.query_map([id.to_string()], note_from_row)?;
            rows.map(|r| r?).collect()
        })
    }

    /// Full-text search over every note and answer, best matches first.
    pub fn search_notes(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.db.read(|conn| {
            // Rank on the index alone, then fetch details and a snippet for just the rows
            // shown. A word found in very many notes is listed newest first instead:
            // relevance ranking cannot separate thousands of equal matches, and scoring
            // them all would take most of a second over a million notes.
            let matches: i64 = conn
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT 1 FROM notes_search WHERE notes_search MATCH ?1 LIMIT ?2)",
                )?
                .query_row(params![fts, RANKED_MATCHES + 1], |row| row.get(0))?;
            let order = if matches > RANKED_MATCHES { "rowid DESC" } else { "rank" };
            let best: Vec<i64> = conn
                .prepare_cached(&format!(
                    "SELECT rowid FROM notes_search WHERE notes_search MATCH ?1 ORDER BY {order} LIMIT ?2"
                ))?
                .query_map(params![fts, limit], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut details = conn.prepare_cached(&format!(
                "SELECT {NOTE_COLUMNS_N},
                        l.first_name || CASE WHEN l.last_name = '' THEN '' ELSE ' ' || l.last_name END
                 FROM notes n JOIN leads l ON l.id = n.lead_id
                 WHERE n.id = ?1"
            ))?;
            let words = query_words(query);
            best.into_iter()
                .map(|rowid| {
                    let (note, lead_name) =
                        details.query_row([rowid], |row| Ok((note_from_row(row)?, row.get::<_, String>(7)?)))?;
                    let note = note?;
                    Ok(SearchHit { snippet: snippet(&note.text, &words), note, lead_name })
                })
                .collect()
        })
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
            upsert_answer(tx, loaded, question, &prompt, &answer.value, at)?;
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

/// Up to this many matching notes, search results are ranked by relevance (BM25); past
/// it, the newest come first.
const RANKED_MATCHES: i64 = 5_000;

const NOTE_COLUMNS: &str = "uid, lead_id, session_id, prompt, body, at, pushed";
const NOTE_COLUMNS_N: &str = "n.uid, n.lead_id, n.session_id, n.prompt, n.body, n.at, n.pushed";

fn note_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Note>> {
    let at: i64 = row.get(5)?;
    Ok(Ok(Note {
        id: row.get(0)?,
        lead_id: row.get(1)?,
        session_id: row.get(2)?,
        prompt: row.get(3)?,
        text: row.get(4)?,
        at: match timestamp(at) {
            Ok(at) => at,
            Err(e) => return Ok(Err(e)),
        },
        synced: row.get::<_, i64>(6)? == 1,
    }))
}

fn insert_note(
    tx: &Connection,
    lead: LeadId,
    session: Option<&str>,
    prompt: Option<&str>,
    text: &str,
    at: DateTime<Utc>,
) -> Result<Note> {
    let note = Note {
        id: new_uuid_at(at).to_string(),
        lead_id: lead.to_string(),
        session_id: session.map(str::to_owned),
        prompt: prompt.map(str::to_owned),
        text: text.to_owned(),
        at,
        synced: false,
    };
    tx.prepare_cached(
        "INSERT INTO notes (uid, lead_id, session_id, body, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        note.id,
        note.lead_id,
        note.session_id,
        note.text,
        ms(at)
    ])?;
    timeline::record(tx, lead, at, EventKind::Note, text)?;
    Ok(note)
}

fn upsert_answer(
    tx: &Connection,
    loaded: &Loaded,
    question: &str,
    prompt: &str,
    value: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO notes (uid, lead_id, session_id, question_id, prompt, body, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (session_id, question_id) WHERE question_id IS NOT NULL
         DO UPDATE SET body = excluded.body, at = excluded.at",
    )?
    .execute(params![new_uuid_at(at).to_string(), loaded.lead_id.to_string(), loaded.id, question, prompt, value, ms(at)])?;
    timeline::record(
        tx,
        loaded.lead_id,
        at,
        EventKind::Answer,
        &format!("{prompt} {value}"),
    )
}

/// The lead's answers from earlier calls, newest first.
fn earlier_quotes(conn: &Connection, lead: LeadId, session: &str) -> Result<Vec<Quote>> {
    let mut stmt = conn.prepare_cached(
        "SELECT prompt, body, at FROM notes
         WHERE lead_id = ?1 AND question_id IS NOT NULL AND session_id IS NOT ?2
         ORDER BY at DESC, id DESC LIMIT 6",
    )?;
    let rows = stmt.query_map(params![lead.to_string(), session], |row| {
        Ok((
            row.get::<_, Option<String>>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
        ))
    })?;
    rows.map(|r| {
        let (prompt, text, at) = r?;
        Ok(Quote {
            prompt: prompt.unwrap_or_default(),
            text,
            at: timestamp(at)?,
            earlier_call: true,
        })
    })
    .collect()
}

/// The words of a search, lower-cased; the last one matches as a prefix.
fn query_words(input: &str) -> Vec<String> {
    input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Up to `SNIPPET_WORDS` words of `text` around the first match, matches in `[` `]`,
/// `…` where text was cut.
fn snippet(text: &str, words: &[String]) -> String {
    const SNIPPET_WORDS: usize = 12;
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let matches = |token: &str| {
        let bare: String = token
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        words.iter().enumerate().any(|(i, w)| {
            if i + 1 == words.len() {
                bare.starts_with(w.as_str())
            } else {
                bare == *w
            }
        })
    };
    let first = tokens.iter().position(|t| matches(t)).unwrap_or(0);
    let start = first.saturating_sub(SNIPPET_WORDS / 3);
    let end = (start + SNIPPET_WORDS).min(tokens.len());
    let mut out: Vec<String> = tokens[start..end]
        .iter()
        .map(|t| {
            if matches(t) {
                format!("[{t}]")
            } else {
                (*t).to_owned()
            }
        })
        .collect();
    if start > 0 {
        out.insert(0, "…".into());
    }
    if end < tokens.len() {
        out.push("…".into());
    }
    out.join(" ")
}

/// Turns what the rep typed into an FTS5 query: every word must match, the last one as a
/// prefix (search as you type); quotes keep FTS5's operators out of user input.
fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
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

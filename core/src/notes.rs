//! Notes and answers: stored with their lead, indexed for full-text search, each with
//! the "synced" tick the rep sees. A call's answers are notes with a question; the
//! session writes them through [`upsert_answer`], so an answer changed mid-call stays one.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::lead::{self, ms, new_uuid_at, timestamp, LeadId};
use crate::session::{checked_text, Quote};
use crate::timeline::{self, EventKind};
use crate::warmline::Warmline;

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

impl Warmline {
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

pub(crate) fn insert_note(
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

/// Stores the answer to `question` in call `session`; a second answer replaces the first.
pub(crate) fn upsert_answer(
    tx: &Connection,
    lead: LeadId,
    session: &str,
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
    .execute(params![new_uuid_at(at).to_string(), lead.to_string(), session, question, prompt, value, ms(at)])?;
    timeline::record(
        tx,
        lead,
        at,
        EventKind::Answer,
        &format!("{prompt} {value}"),
    )
}

/// The lead's answers from earlier calls, newest first.
pub(crate) fn earlier_quotes(conn: &Connection, lead: LeadId, session: &str) -> Result<Vec<Quote>> {
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

//! The screens around the rep's account: enrolment (the code, or the link a manager's QR
//! code opens), settings, and what the phone shows once the server has signed it out.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use crate::error::{Error, Result};
use crate::lead::timestamp;
use crate::settings::TeamSettings;
use crate::sync::SignedOutReason;
use crate::warmline::Warmline;

/// What an enrolment link or a typed code gives the enrolment screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolLink {
    /// The sync server's address, without a trailing slash.
    pub server: String,
    /// The one-time code, as the server reads it (upper case, no spaces or dashes).
    pub code: String,
}

/// The settings screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsScreen {
    pub rep_name: Option<String>,
    pub team_name: Option<String>,
    pub team: TeamSettings,
    /// The phone's zone: times in reasons are shown in it.
    pub device_time_zone: String,
    pub pending_changes: u64,
    pub core_version: String,
}

/// A note the server never received, shown before the store goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsyncedNote {
    pub lead_name: String,
    pub prompt: Option<String>,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// What the phone shows when the server no longer accepts it: why, and what has not
/// reached the server, so the rep can copy it before enrolling again or signing out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedOutScreen {
    pub reason: SignedOutReason,
    /// The warning, in words.
    pub message: String,
    pub unsynced_changes: u64,
    pub unsynced_notes: Vec<UnsyncedNote>,
}

/// Reads what the rep typed or what a `warmline://enrol?server=…&code=…` link carries.
/// A code alone keeps `default_server`. The server must use https, except on this
/// machine's loopback (a developer's server).
pub fn read_enrol_link(text: &str, default_server: Option<&str>) -> Result<EnrolLink> {
    let text = text.trim();
    let (server, code) = match text.strip_prefix("warmline://enrol?") {
        Some(query) => {
            let mut server = None;
            let mut code = None;
            for pair in query.split('&') {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                match key {
                    "server" => server = Some(percent_decoded(value)?),
                    "code" => code = Some(percent_decoded(value)?),
                    _ => {}
                }
            }
            (server, code.unwrap_or_default())
        }
        None => (default_server.map(str::to_owned), text.to_owned()),
    };
    let server =
        server.ok_or_else(|| invalid("server", "no server given: scan the manager's QR code"))?;
    Ok(EnrolLink {
        server: checked_server(&server)?,
        code: checked_code(&code)?,
    })
}

fn checked_server(server: &str) -> Result<String> {
    let server = server.trim().trim_end_matches('/');
    let host = server
        .strip_prefix("https://")
        .map(|_| None)
        .or_else(|| server.strip_prefix("http://").map(Some))
        .ok_or_else(|| invalid("server", &format!("{server:?} is not an http(s) address")))?;
    if let Some(rest) = host {
        let name = rest.split(['/', ':']).next().unwrap_or_default();
        if !matches!(name, "localhost" | "127.0.0.1") && !rest.starts_with("[::1]") {
            return Err(invalid(
                "server",
                &format!("{server:?} is plain http: only https is accepted beyond this machine"),
            ));
        }
    }
    Ok(server.to_owned())
}

fn checked_code(code: &str) -> Result<String> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    if code.is_empty() {
        return Err(invalid(
            "code",
            "type the one-time code your manager gave you",
        ));
    }
    if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(invalid(
            "code",
            &format!("{code:?} has characters a code never has"),
        ));
    }
    Ok(code)
}

/// `%2F` → `/`; `+` stays (codes and addresses have no spaces).
fn percent_decoded(text: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| invalid("link", &format!("{text:?} has a broken %-escape")))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| invalid("link", &format!("{text:?} is not UTF-8 text")))
}

fn invalid(field: &'static str, problem: &str) -> Error {
    Error::InvalidInput {
        field,
        problem: problem.to_owned(),
    }
}

impl Warmline {
    /// The settings screen.
    pub fn settings_screen(&self) -> Result<SettingsScreen> {
        let (rep_name, team_name) = self.db.read(|conn| {
            let get = |key: &str| -> Result<Option<String>> {
                Ok(conn
                    .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
                    .query_row([key], |r| r.get(0))
                    .optional()?)
            };
            Ok((get("rep_name")?, get("team_name")?))
        })?;
        Ok(SettingsScreen {
            rep_name,
            team_name,
            team: self.team_settings(),
            device_time_zone: self.rep_zone.name().to_owned(),
            pending_changes: self.pending_changes()?,
            core_version: env!("CARGO_PKG_VERSION").to_owned(),
        })
    }

    /// What to show once the server has signed this phone out; `None` while it has not.
    pub fn signed_out_screen(&self) -> Result<Option<SignedOutScreen>> {
        let status = self.sync_status()?;
        let Some(reason) = status.signed_out_reason else {
            return Ok(None);
        };
        let unsynced_notes = self.db.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT l.first_name || CASE WHEN l.last_name = '' THEN '' ELSE ' ' || l.last_name END,
                        n.prompt, n.body, n.at
                 FROM notes n JOIN leads l ON l.id = n.lead_id
                 WHERE n.pushed = 0 ORDER BY n.at, n.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, i64>(3)?))
            })?;
            rows.map(|row| {
                let (lead_name, prompt, text, at) = row?;
                Ok(UnsyncedNote {
                    lead_name,
                    prompt,
                    text,
                    at: timestamp(at)?,
                })
            })
            .collect::<Result<Vec<_>>>()
        })?;
        let why = match reason {
            SignedOutReason::DeviceRevoked => "Your manager removed this phone from the team.",
            SignedOutReason::Unauthorised => "The server no longer recognises this phone.",
        };
        let message = match status.pending_changes {
            0 => format!("{why} Everything you saved reached the server. Enrol again to keep calling."),
            n => format!(
                "{why} {n} change{} never reached the server: copy the notes below, or enrol this phone again to send them.",
                if n == 1 { "" } else { "s" }
            ),
        };
        Ok(Some(SignedOutScreen {
            reason,
            message,
            unsynced_changes: status.pending_changes,
            unsynced_notes,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_link_gives_the_server_and_the_code() {
        let link = read_enrol_link(
            "warmline://enrol?server=https%3A%2F%2Fsync.brightside.example%2F&code=abcd-1234",
            None,
        )
        .unwrap();
        assert_eq!(link.server, "https://sync.brightside.example");
        assert_eq!(link.code, "ABCD1234");
    }

    #[test]
    fn a_typed_code_keeps_the_known_server() {
        let link = read_enrol_link(" abcd 1234 ", Some("https://sync.example")).unwrap();
        assert_eq!(link.code, "ABCD1234");
        assert_eq!(link.server, "https://sync.example");
    }

    #[test]
    fn plain_http_is_refused_beyond_this_machine() {
        let err = read_enrol_link(
            "warmline://enrol?server=http%3A%2F%2Fsync.example&code=A1",
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("only https"), "{err}");
        assert!(read_enrol_link(
            "warmline://enrol?server=http%3A%2F%2F127.0.0.1%3A8080&code=A1",
            None
        )
        .is_ok());
        assert!(read_enrol_link(
            "warmline://enrol?server=http%3A%2F%2Flocalhost&code=A1",
            None
        )
        .is_ok());
    }

    #[test]
    fn broken_links_and_codes_are_named() {
        assert!(
            read_enrol_link("warmline://enrol?server=https%3&code=A1", None)
                .unwrap_err()
                .to_string()
                .contains("%-escape")
        );
        assert!(
            read_enrol_link("warmline://enrol?server=https%3A%2F%2Fs.example", None)
                .unwrap_err()
                .to_string()
                .contains("one-time code")
        );
        assert!(read_enrol_link("AB;CD", Some("https://s.example"))
            .unwrap_err()
            .to_string()
            .contains("characters"));
        assert!(read_enrol_link("ABCD", None)
            .unwrap_err()
            .to_string()
            .contains("no server"));
    }
}

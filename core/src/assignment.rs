//! Who gets a lead that comes in: the rep a manager names, or the next rep in turn.
//!
//! Round robin goes through the team's reps in their order, starting after the rep who
//! was given the newest lead (a rep never given one goes first), so turns carry on
//! across imports, webhooks and server restarts without a counter to keep. A lead whose
//! phone is already known is a new inquiry on that lead and stays with its rep: the rep
//! who spoke to them before calls them again.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::lead::IntakeDefaults;
use crate::phone::PhoneNumber;

/// How incoming leads are assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignment {
    /// As each lead says (its `assigned_to`, often none).
    AsGiven,
    /// Every lead to this rep (id), known or new.
    To(String),
    /// New leads in turn among these reps (ids, in the team's order); known leads keep
    /// their rep.
    RoundRobin(Vec<String>),
}

/// Hands out turns for one batch.
#[derive(Debug)]
pub(crate) struct Turns {
    order: Vec<String>,
    next: usize,
}

impl Turns {
    /// The reps in the order they get the next leads.
    pub(crate) fn new(conn: &Connection, reps: &[String]) -> Result<Self> {
        let mut last_given = Vec::with_capacity(reps.len());
        for (position, rep) in reps.iter().enumerate() {
            let latest: Option<i64> = conn
                .prepare_cached("SELECT max(rowid) FROM leads WHERE assigned_to = ?1")?
                .query_row([rep], |r| r.get(0))?;
            last_given.push((latest.unwrap_or(i64::MIN), position));
        }
        // The rep whose latest lead is oldest (in store order) is next.
        last_given.sort_unstable();
        let start = last_given.first().map_or(0, |&(_, position)| position);
        let order = reps[start..]
            .iter()
            .chain(&reps[..start])
            .cloned()
            .collect();
        Ok(Self { order, next: 0 })
    }

    fn take(&mut self) -> Option<String> {
        let rep = self.order.get(self.next % self.order.len().max(1)).cloned();
        self.next += 1;
        rep
    }
}

/// The rep a lead with this `phone` should get under `assignment`, or `None` to leave
/// its assignment as it is.
pub(crate) fn pick(
    conn: &Connection,
    assignment: &Assignment,
    turns: &mut Option<Turns>,
    phone: &str,
    defaults: IntakeDefaults,
) -> Result<Option<String>> {
    match assignment {
        Assignment::AsGiven => Ok(None),
        Assignment::To(rep) => Ok(Some(rep.clone())),
        Assignment::RoundRobin(_) if owner_of_phone(conn, phone, defaults)?.is_some() => Ok(None),
        Assignment::RoundRobin(reps) => {
            if turns.is_none() {
                *turns = Some(Turns::new(conn, reps)?);
            }
            Ok(turns.as_mut().and_then(Turns::take))
        }
    }
}

/// The rep of the lead already known by this phone, if any (an unreadable phone is not
/// known: the lead's own check reports it).
fn owner_of_phone(
    conn: &Connection,
    phone: &str,
    defaults: IntakeDefaults,
) -> Result<Option<String>> {
    let Ok(phone) = PhoneNumber::parse(phone, defaults.region) else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached("SELECT assigned_to FROM leads WHERE phone_e164 = ?1")?
        .query_row([&phone.e164], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

//! Who may pull a lead's changes: the lead's owner, decided the way the phones decide.
//!
//! A device pulls the changes of its rep's leads and of the team's unassigned leads
//! (`docs/sync-protocol.md`, "Who pulls what"). The owner is the lead field
//! `assigned_to`, merged last-writer-wins by the fields' one rule
//! ([`warmline_core::sync::merge::field_write_wins`]), so the server routes a lead to the rep
//! every phone will end up showing it to. Both backends call [`handover`] in their push
//! transaction; it is pure so the rule is written (and tested) once.

use warmline_core::sync::merge::field_write_wins;
use warmline_core::sync::Hlc;

use super::Result;
use crate::error::ServerError;

/// A lead's current owner as stored: the rep (`None`: unassigned) and the winning stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub rep: Option<String>,
    pub stamp: String,
}

/// Who, besides the lead's current audience, must receive an assignment change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notify {
    Nobody,
    /// The rep the lead was taken from: their phones must learn it left.
    Rep(String),
    /// Every rep: the lead was unassigned (seen by all) and now belongs to one rep.
    Everyone,
}

/// What a winning assignment change does to its lead's routing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// The owner to store from now on.
    pub owner: Owner,
    /// The new audience has not seen the lead's earlier changes: append copies of them.
    pub copy_history: bool,
    pub notify: Notify,
}

/// What an assignment change (`assigned` at `stamp`) does to a lead owned by `current`
/// (`None`: the server has never seen the lead assigned or unassigned). `None` when the
/// change loses the last-writer-wins merge and changes nothing.
pub fn handover(
    current: Option<&Owner>,
    assigned: Option<&str>,
    stamp: &str,
) -> Result<Option<Handover>> {
    let stamp_hlc: Hlc = stamp
        .parse()
        .map_err(|_| ServerError::BadRequest(format!("{stamp:?} is not a clock stamp")))?;
    let owner = Owner {
        rep: assigned.map(str::to_owned),
        stamp: stamp.to_owned(),
    };
    let Some(current) = current else {
        // A lead new to the server: nobody has pulled anything of it worth copying or
        // retracting, and announcing it to every rep would leak another rep's lead.
        return Ok(Some(Handover {
            owner,
            copy_history: false,
            notify: Notify::Nobody,
        }));
    };
    if !wins_over(current, &stamp_hlc, &owner.rep)? {
        return Ok(None);
    }
    let (copy_history, notify) = match (&current.rep, &owner.rep) {
        (before, after) if before == after => (false, Notify::Nobody),
        // Everyone saw an unassigned lead: only the other reps must learn it is taken.
        (None, _) => (false, Notify::Everyone),
        // Taken from a rep: the new audience (one rep, or everyone) never saw it.
        (Some(from), Some(_)) => (true, Notify::Rep(from.clone())),
        (Some(_), None) => (true, Notify::Nobody),
    };
    Ok(Some(Handover {
        owner,
        copy_history,
        notify,
    }))
}

/// How a write of `rep` at `stamp` orders against the stored owner, by (stamp, value).
/// Whether the assignment `(stamp, rep)` replaces `current`, by the fields' one merge rule.
fn wins_over(current: &Owner, stamp: &Hlc, rep: &Option<String>) -> Result<bool> {
    let stored: Hlc = current.stamp.parse().map_err(|_| {
        ServerError::Storage(format!(
            "a stored owner stamp {:?} is not a clock stamp",
            current.stamp
        ))
    })?;
    Ok(field_write_wins(
        (stamp, rep.as_deref()),
        (&stored, current.rep.as_deref()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T1: &str = "0001764255600000-0000000000-phone-a";
    const T2: &str = "0001764255600001-0000000000-phone-a";

    fn owner(rep: Option<&str>, stamp: &str) -> Owner {
        Owner {
            rep: rep.map(str::to_owned),
            stamp: stamp.to_owned(),
        }
    }

    #[test]
    fn a_new_lead_just_gets_its_owner() {
        let h = handover(None, Some("ana"), T1).unwrap().unwrap();
        assert_eq!(h.owner, owner(Some("ana"), T1));
        assert!(!h.copy_history);
        assert_eq!(h.notify, Notify::Nobody);
    }

    #[test]
    fn an_older_or_equal_write_changes_nothing_as_on_the_phones() {
        let current = owner(Some("sam"), T2);
        assert_eq!(handover(Some(&current), Some("ana"), T1).unwrap(), None);
        assert_eq!(handover(Some(&current), Some("sam"), T2).unwrap(), None);
        // Same stamp: the value breaks the tie, as in `field_write_wins`.
        assert!(handover(Some(&current), Some("tom"), T2).unwrap().is_some());
        assert_eq!(handover(Some(&current), Some("abe"), T2).unwrap(), None);
        assert_eq!(handover(Some(&current), None, T2).unwrap(), None);
    }

    #[test]
    fn stamps_compare_as_clocks_not_as_text() {
        // Unpadded text sorts "9" after "10"; as clocks 10 is later.
        let current = owner(Some("sam"), "9-0-a");
        assert!(handover(Some(&current), Some("ana"), "10-0-a")
            .unwrap()
            .is_some());
    }

    #[test]
    fn reassignment_copies_history_for_the_new_rep_and_tells_the_old_one() {
        let h = handover(Some(&owner(Some("sam"), T1)), Some("ana"), T2)
            .unwrap()
            .unwrap();
        assert!(h.copy_history);
        assert_eq!(h.notify, Notify::Rep("sam".into()));
    }

    #[test]
    fn taking_an_unassigned_lead_tells_everyone_and_copies_nothing() {
        let h = handover(Some(&owner(None, T1)), Some("ana"), T2)
            .unwrap()
            .unwrap();
        assert!(!h.copy_history);
        assert_eq!(h.notify, Notify::Everyone);
    }

    #[test]
    fn unassigning_copies_history_for_everyone() {
        let h = handover(Some(&owner(Some("sam"), T1)), None, T2)
            .unwrap()
            .unwrap();
        assert!(h.copy_history);
        assert_eq!(h.notify, Notify::Nobody);
    }

    #[test]
    fn a_newer_write_of_the_same_owner_only_moves_the_stamp() {
        let h = handover(Some(&owner(Some("sam"), T1)), Some("sam"), T2)
            .unwrap()
            .unwrap();
        assert_eq!((h.copy_history, h.notify), (false, Notify::Nobody));
        assert_eq!(h.owner.stamp, T2);
    }
}

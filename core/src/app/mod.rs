//! The rep's app as one model: every screen's state and every phone event.
//!
//! The Android and iPhone apps draw what this layer returns and forward what the rep and
//! the phone do; they hold no rule. Each screen is one plain state record
//! ([`screens`]), computed from the store on demand and delivered to observers
//! ([`watch`]) after every commit that may change it. The phone's platform events go
//! through one machine ([`phone_call`]) that decides whether a dial became a call, how
//! long they talked and how sure that figure is, and which screen comes next
//! ([`call_flow`]).
//!
//! Layering: this module sits above the domain (`lead`, `queue`, `session`, `calls`,
//! `sync`, ...), which never imports it, so the domain can be used without any screen
//! (the server's team replica, the CLI).

pub mod account;
pub mod alerts;
pub mod call_flow;
pub mod drivers;
pub mod lead_screens;
pub mod phone_call;
pub mod screens;
pub mod watch;

pub use account::{read_enrol_link, EnrolLink, SettingsScreen, SignedOutScreen, UnsyncedNote};
pub use alerts::{watch_new_leads, NewLeadAlert};
pub use call_flow::{DialRequest, DialResult};
pub use drivers::{RefreshDriver, SyncDriver};
pub use lead_screens::{
    CallRow, LeadRow, LeadScreen, LeadsScreen, Reminder, SyncHealth, SyncScreen,
};
pub use phone_call::{CallView, PhoneCall, PhoneCapabilities, PhoneEvent, Placement, TalkTime};
pub use screens::{
    AppScreen, Badge, CallScreen, LeadHeader, OutcomeSheet, PathStep, QueueRow, QueueScreen,
};

//! The uniffi facade over `warmline-core`.
//!
//! This is the only crate that knows about FFI. It mirrors the core's types as uniffi
//! records, maps the core's rich error onto [`WarmlineError`] in one place, carries every
//! timestamp as one custom type, runs async exports on tokio, and hands observers a
//! handle that unsubscribes when dropped. Kotlin and Swift are generated from it
//! (`cargo xtask bindings`); nothing generated is committed.
//!
//! Conventions (enforced by `tests/conventions.rs`):
//! - every `async fn` export runs on the tokio runtime (`async_runtime = "tokio"`);
//! - no constructor is async and nothing calls `block_on`;
//! - blocking store work inside an async export goes to `tokio::task::spawn_blocking`.

uniffi::setup_scaffolding!("warmline");

mod app;
mod calls;
mod clock;
mod error;
mod lead;
mod lifecycle;
mod observe;
mod queue;
mod session;
mod settings;
mod sync;
mod timestamp;
mod warmline;

pub use app::{
    AppScreen, Badge, CallRow, CallScreen, CallScreenObserver, CallView, DialResult, LeadHeader,
    LeadRow, LeadScreen, LeadScreenObserver, LeadsScreen, OutcomeSheet, PathStep,
    PhoneCapabilities, PhoneEvent, QueueRow, QueueScreen, QueueScreenObserver, RefreshDriverHandle,
    Reminder, SyncDriverHandle, SyncHealth, SyncScreen, SyncScreenObserver, TalkConfidence,
    TalkTime, ZoneOrigin,
};
pub use calls::{Attempt, LeadDetail, Outcome, TimelineEvent, TimelineEventKind};
pub use clock::WarmlineClock;
pub use error::WarmlineError;
pub use lead::{
    AddLeadOutcome, CustomField, Lead, LeadSource, LeadStatus, NewLead, SourceKind, TimeZoneSource,
};
pub use lifecycle::sign_out;
pub use observe::{LeadsObserver, ObservationHandle, QueueObserver};
pub use queue::{Queue, QueueEntry, QueueFacts, QueueTier};
pub use session::{
    CallIntent, CallPhase, CardChoice, CardQuestion, ChecklistItem, Note, OutcomeKind, PromptCard,
    QuestionKind, Quote, RecapItem, ScriptSummary, SearchHit,
};
pub use settings::{DayWindow, DeviceSettings, TeamSettings};
pub use sync::{
    enrol_device, Enrolment, HttpHeader, HttpRequest, HttpResponse, HttpTransport, SignedOutReason,
    SyncReport, TransportError,
};
pub use timestamp::Timestamp;
pub use warmline::Warmline;

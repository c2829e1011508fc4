//! The screen states and phone events of the core's app layer, as the apps see them.

use warmline_core::app;
use warmline_core::attempt;

use crate::calls::{Outcome, TimelineEvent};
use crate::lead::{CustomField, LeadSource, LeadStatus};
use crate::queue::QueueTier;
use crate::session::{ChecklistItem, Note, OutcomeKind, PromptCard};
use crate::settings::TeamSettings;
use crate::sync::SignedOutReason;
use crate::timestamp::Timestamp;

/// What the phone reported; forward each as it happens, with when it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PhoneEvent {
    DialRequested,
    DialerOpened,
    CallDialing,
    CallActive,
    CallHeld,
    /// `measured_seconds`: the talk time the phone's call log gives, when it has one.
    CallEnded {
        measured_seconds: Option<u32>,
    },
    AppBackground,
    AppForeground,
    DialCancelled,
}

/// What this phone can report (iOS: both; Android: `call_states` with
/// `READ_PHONE_STATE`, never `answer_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct PhoneCapabilities {
    pub call_states: bool,
    pub answer_state: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CallView {
    InCall,
    OutcomeSheet,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum TalkConfidence {
    Measured,
    CallStates,
    IncludesRinging,
    AppSwitch,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct TalkTime {
    pub seconds: u32,
    pub confidence: TalkConfidence,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeadHeader {
    pub lead_id: String,
    pub name: String,
    pub phone: String,
    pub company: Option<String>,
    pub asked_about: Option<String>,
    pub time_zone: String,
    /// The second zone of a number or state spanning two: callable while both are open.
    pub also_time_zone: Option<String>,
    /// Where the zone came from, to draw as the platform likes.
    pub zone_origin: ZoneOrigin,
    /// The core's sentence for it: "their time, from the 415 area code".
    pub zone_label: String,
    pub attempts: u32,
}

/// The clue a lead's zone was taken from.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ZoneOrigin {
    Explicit,
    State { name: String },
    AreaCode { code: String },
    PhonePrefix { prefix: String },
    PhoneRegion { region: String },
    TeamDefault,
}

impl From<warmline_core::ZoneOrigin> for ZoneOrigin {
    fn from(origin: warmline_core::ZoneOrigin) -> Self {
        use warmline_core::ZoneOrigin as O;
        match origin {
            O::Explicit => Self::Explicit,
            O::State { name } => Self::State { name },
            O::AreaCode { code } => Self::AreaCode { code },
            O::PhonePrefix { prefix } => Self::PhonePrefix { prefix },
            O::PhoneRegion { region } => Self::PhoneRegion { region },
            O::TeamDefault => Self::TeamDefault,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PathStep {
    pub stage_id: String,
    pub title: String,
    pub current: bool,
}

/// The call screen, and the card over the dialer when `overlay` is set.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CallScreen {
    pub session_id: String,
    pub lead: LeadHeader,
    /// When the rep tapped call: where to look in the phone's call log.
    pub dialled_at: Timestamp,
    /// The phone has not said the call went out: "I didn't call" applies.
    pub can_cancel: bool,
    pub view: CallView,
    pub overlay: bool,
    pub on_hold: bool,
    pub answered: Option<bool>,
    pub answered_at: Option<Timestamp>,
    pub card: PromptCard,
    pub path: Vec<PathStep>,
    pub draft: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OutcomeSheet {
    pub session_id: String,
    pub lead: LeadHeader,
    pub suggested: Option<OutcomeKind>,
    pub choices: Vec<OutcomeKind>,
    pub may_not_have_called: bool,
    pub talk: TalkTime,
    pub callback_default: Timestamp,
    pub missed: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Badge {
    New,
    CallbackDue {
        at: Timestamp,
    },
    Attempt {
        number: u32,
        of: u32,
    },
    WindowClosesAt {
        at: Timestamp,
    },
    OpensAt {
        at: Timestamp,
        time_zone: String,
    },
    /// Another rep dialled them; their reservation holds until `until`.
    BeingCalled {
        rep_id: String,
        until: Timestamp,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QueueRow {
    pub lead: LeadHeader,
    pub tier: QueueTier,
    pub reason: String,
    pub badges: Vec<Badge>,
    pub callable_now: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QueueScreen {
    pub rows: Vec<QueueRow>,
    pub open: u32,
    pub callable_now: u32,
    pub refresh_at: Option<Timestamp>,
}

/// Which screen to show; an open call wins, so a killed app reopens on it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AppScreen {
    Queue,
    Call {
        session_id: String,
    },
    Outcome {
        session_id: String,
    },
    /// The server no longer accepts this phone: show `signed_out_screen`, then enrolment.
    SignedOut,
}

// Crosses the boundary by value (uniffi has no boxed fields); built once per tap.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum DialResult {
    /// Hand `number` to the dialer; the call screen is up.
    Dialling { number: String, screen: CallScreen },
    /// Outside the lead's calling hours: dial again with `confirm_outside_hours` if the
    /// rep confirms.
    NeedsConfirmation {
        lead: LeadHeader,
        reason: String,
        opens_at: Option<Timestamp>,
    },
}

/// Told each new state of a screen; called on a background thread.
#[uniffi::export(callback_interface)]
pub trait CallScreenObserver: Send + Sync {
    fn on_call_screen(&self, screen: CallScreen);
    fn on_error(&self, error: crate::WarmlineError);
}

/// Told each new state of the queue screen; called on a background thread.
#[uniffi::export(callback_interface)]
pub trait QueueScreenObserver: Send + Sync {
    fn on_queue_screen(&self, screen: QueueScreen);
    fn on_error(&self, error: crate::WarmlineError);
}

impl From<PhoneEvent> for app::PhoneEvent {
    fn from(e: PhoneEvent) -> Self {
        match e {
            PhoneEvent::DialRequested => Self::DialRequested,
            PhoneEvent::DialerOpened => Self::DialerOpened,
            PhoneEvent::CallDialing => Self::CallDialing,
            PhoneEvent::CallActive => Self::CallActive,
            PhoneEvent::CallHeld => Self::CallHeld,
            PhoneEvent::CallEnded { measured_seconds } => Self::CallEnded { measured_seconds },
            PhoneEvent::AppBackground => Self::AppBackground,
            PhoneEvent::AppForeground => Self::AppForeground,
            PhoneEvent::DialCancelled => Self::DialCancelled,
        }
    }
}

impl From<PhoneCapabilities> for app::PhoneCapabilities {
    fn from(c: PhoneCapabilities) -> Self {
        Self {
            call_states: c.call_states,
            answer_state: c.answer_state,
        }
    }
}

impl From<app::CallView> for CallView {
    fn from(v: app::CallView) -> Self {
        match v {
            app::CallView::InCall => Self::InCall,
            app::CallView::OutcomeSheet => Self::OutcomeSheet,
            app::CallView::Closed => Self::Closed,
        }
    }
}

fn talk_confidence(c: attempt::TalkConfidence) -> TalkConfidence {
    use attempt::TalkConfidence as C;
    match c {
        C::Measured => TalkConfidence::Measured,
        C::CallStates => TalkConfidence::CallStates,
        C::IncludesRinging => TalkConfidence::IncludesRinging,
        C::AppSwitch => TalkConfidence::AppSwitch,
        C::Unknown => TalkConfidence::Unknown,
    }
}

impl From<app::TalkTime> for TalkTime {
    fn from(t: app::TalkTime) -> Self {
        Self {
            seconds: t.seconds,
            confidence: talk_confidence(t.confidence),
        }
    }
}

impl From<app::LeadHeader> for LeadHeader {
    fn from(h: app::LeadHeader) -> Self {
        Self {
            lead_id: h.lead_id,
            name: h.name,
            phone: h.phone,
            company: h.company,
            asked_about: h.asked_about,
            time_zone: h.time_zone,
            also_time_zone: h.also_time_zone,
            zone_origin: h.zone_origin.into(),
            zone_label: h.zone_label,
            attempts: h.attempts,
        }
    }
}

impl From<app::CallScreen> for CallScreen {
    fn from(s: app::CallScreen) -> Self {
        Self {
            session_id: s.session_id,
            lead: s.lead.into(),
            dialled_at: s.dialled_at,
            can_cancel: s.can_cancel,
            view: s.view.into(),
            overlay: s.overlay,
            on_hold: s.on_hold,
            answered: s.answered,
            answered_at: s.answered_at,
            card: s.card.into(),
            path: s
                .path
                .into_iter()
                .map(|p| PathStep {
                    stage_id: p.stage_id,
                    title: p.title,
                    current: p.current,
                })
                .collect(),
            draft: s.draft,
        }
    }
}

impl From<app::OutcomeSheet> for OutcomeSheet {
    fn from(s: app::OutcomeSheet) -> Self {
        Self {
            session_id: s.session_id,
            lead: s.lead.into(),
            suggested: s.suggested.map(Into::into),
            choices: s.choices.into_iter().map(Into::into).collect(),
            may_not_have_called: s.may_not_have_called,
            talk: s.talk.into(),
            callback_default: s.callback_default,
            missed: s.missed.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<app::Badge> for Badge {
    fn from(b: app::Badge) -> Self {
        match b {
            app::Badge::New => Self::New,
            app::Badge::CallbackDue { at } => Self::CallbackDue { at },
            app::Badge::Attempt { number, of } => Self::Attempt { number, of },
            app::Badge::WindowClosesAt { at } => Self::WindowClosesAt { at },
            app::Badge::OpensAt { at, time_zone } => Self::OpensAt { at, time_zone },
            app::Badge::BeingCalled { rep_id, until } => Self::BeingCalled { rep_id, until },
        }
    }
}

impl From<app::QueueScreen> for QueueScreen {
    fn from(s: app::QueueScreen) -> Self {
        Self {
            rows: s
                .rows
                .into_iter()
                .map(|r| QueueRow {
                    lead: r.lead.into(),
                    tier: r.tier.into(),
                    reason: r.reason,
                    badges: r.badges.into_iter().map(Into::into).collect(),
                    callable_now: r.callable_now,
                })
                .collect(),
            open: s.open,
            callable_now: s.callable_now,
            refresh_at: s.refresh_at,
        }
    }
}

impl From<app::AppScreen> for AppScreen {
    fn from(s: app::AppScreen) -> Self {
        match s {
            app::AppScreen::Queue => Self::Queue,
            app::AppScreen::Call { session_id } => Self::Call { session_id },
            app::AppScreen::Outcome { session_id } => Self::Outcome { session_id },
            app::AppScreen::SignedOut => Self::SignedOut,
        }
    }
}

impl From<app::DialResult> for DialResult {
    fn from(r: app::DialResult) -> Self {
        match r {
            app::DialResult::Dialling { number, screen } => Self::Dialling {
                number,
                screen: (*screen).into(),
            },
            app::DialResult::NeedsConfirmation {
                lead,
                reason,
                opens_at,
            } => Self::NeedsConfirmation {
                lead: (*lead).into(),
                reason,
                opens_at,
            },
        }
    }
}

/// One row of the all-leads list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeadRow {
    pub lead: LeadHeader,
    pub status: LeadStatus,
    pub next_action_at: Option<Timestamp>,
    pub callback_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeadsScreen {
    pub query: String,
    pub rows: Vec<LeadRow>,
}

/// One call on the lead screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CallRow {
    pub started_at: Timestamp,
    pub outcome: Option<Outcome>,
    pub talk_seconds: u32,
    pub talk_confidence: Option<TalkConfidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeadScreen {
    pub lead: LeadHeader,
    pub email: Option<String>,
    pub status: LeadStatus,
    pub source: LeadSource,
    pub inquired_at: Timestamp,
    pub custom_fields: Vec<CustomField>,
    pub upcoming_callback: Option<Timestamp>,
    pub next_action_at: Option<Timestamp>,
    pub calls: Vec<CallRow>,
    /// Notes and answers, each with its "synced" tick.
    pub notes: Vec<Note>,
    pub timeline: Vec<TimelineEvent>,
    pub can_call: bool,
    /// Another rep is on the phone with them.
    pub being_called: Option<Reservation>,
}

/// A rep's hold on a lead while they dial it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Reservation {
    /// Empty on a phone not enrolled in a team.
    pub rep_id: String,
    pub until: Timestamp,
}

impl From<warmline_core::reservation::Reservation> for Reservation {
    fn from(r: warmline_core::reservation::Reservation) -> Self {
        Self {
            rep_id: r.rep_id.unwrap_or_default(),
            until: r.until,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SyncHealth {
    NotYet,
    Online,
    Offline,
}

/// The sync status line.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncScreen {
    pub health: SyncHealth,
    pub pending_changes: u64,
    /// Changes wait for the server: sync as soon as the network returns.
    pub changes_waiting: bool,
    /// Changes from the team this phone could not apply: kept, retried after an update.
    pub quarantined_changes: u64,
    pub last_synced_at: Option<Timestamp>,
    pub failures: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: Timestamp,
}

/// A promised callback to remind the rep of.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Reminder {
    pub lead: LeadHeader,
    pub at: Timestamp,
}

/// Told each new state of the lead screen; called on a background thread.
#[uniffi::export(callback_interface)]
pub trait LeadScreenObserver: Send + Sync {
    fn on_lead_screen(&self, screen: LeadScreen);
    fn on_error(&self, error: crate::WarmlineError);
}

/// Told the callbacks to hold reminders for, whenever that list changes; background thread.
#[uniffi::export(callback_interface)]
pub trait RemindersObserver: Send + Sync {
    fn on_reminders(&self, reminders: Vec<Reminder>);
    fn on_error(&self, error: crate::WarmlineError);
}

/// Told the sync status after every change and every attempt; background thread.
#[uniffi::export(callback_interface)]
pub trait SyncScreenObserver: Send + Sync {
    fn on_sync_screen(&self, screen: SyncScreen);
    fn on_error(&self, error: crate::WarmlineError);
}

/// Keeps the phone in sync while held; dropping it (or `cancel`) stops it.
#[derive(Debug, uniffi::Object)]
pub struct SyncDriverHandle {
    driver: std::sync::Mutex<Option<warmline_core::app::SyncDriver>>,
}

impl SyncDriverHandle {
    pub(crate) fn new(driver: warmline_core::app::SyncDriver) -> Self {
        Self {
            driver: std::sync::Mutex::new(Some(driver)),
        }
    }
}

#[uniffi::export]
impl SyncDriverHandle {
    /// The platform says the network is back: try now.
    pub fn network_available(&self) {
        if let Some(driver) = &*self.driver.lock().unwrap_or_else(|p| p.into_inner()) {
            driver.network_available();
        }
    }

    pub fn cancel(&self) {
        self.driver.lock().unwrap_or_else(|p| p.into_inner()).take();
    }
}

/// Redraws the queue when its order changes by itself, while held.
#[derive(Debug, uniffi::Object)]
pub struct RefreshDriverHandle {
    driver: std::sync::Mutex<Option<warmline_core::app::RefreshDriver>>,
}

impl RefreshDriverHandle {
    pub(crate) fn new(driver: warmline_core::app::RefreshDriver) -> Self {
        Self {
            driver: std::sync::Mutex::new(Some(driver)),
        }
    }
}

#[uniffi::export]
impl RefreshDriverHandle {
    /// The phone's clock or zone changed: look again.
    pub fn clock_changed(&self) {
        if let Some(driver) = &*self.driver.lock().unwrap_or_else(|p| p.into_inner()) {
            driver.clock_changed();
        }
    }

    pub fn cancel(&self) {
        self.driver.lock().unwrap_or_else(|p| p.into_inner()).take();
    }
}

impl From<app::LeadsScreen> for LeadsScreen {
    fn from(s: app::LeadsScreen) -> Self {
        Self {
            query: s.query,
            rows: s
                .rows
                .into_iter()
                .map(|r| LeadRow {
                    lead: r.lead.into(),
                    status: r.status.into(),
                    next_action_at: r.next_action_at,
                    callback_at: r.callback_at,
                })
                .collect(),
        }
    }
}

impl From<app::LeadScreen> for LeadScreen {
    fn from(s: app::LeadScreen) -> Self {
        Self {
            lead: s.lead.into(),
            email: s.email,
            status: s.status.into(),
            source: s.source.into(),
            inquired_at: s.inquired_at,
            custom_fields: s
                .custom_fields
                .into_iter()
                .map(|(name, value)| CustomField { name, value })
                .collect(),
            upcoming_callback: s.upcoming_callback,
            next_action_at: s.next_action_at,
            calls: s
                .calls
                .into_iter()
                .map(|c| CallRow {
                    started_at: c.started_at,
                    outcome: c.outcome.map(Into::into),
                    talk_seconds: c.talk_seconds,
                    talk_confidence: c.talk_confidence.map(talk_confidence),
                })
                .collect(),
            notes: s.notes.into_iter().map(Into::into).collect(),
            timeline: s.timeline.into_iter().map(Into::into).collect(),
            can_call: s.can_call,
            being_called: s.being_called.map(Into::into),
        }
    }
}

impl From<app::SyncScreen> for SyncScreen {
    fn from(s: app::SyncScreen) -> Self {
        Self {
            health: match s.health {
                app::SyncHealth::NotYet => SyncHealth::NotYet,
                app::SyncHealth::Online => SyncHealth::Online,
                app::SyncHealth::Offline => SyncHealth::Offline,
            },
            pending_changes: s.pending_changes,
            changes_waiting: s.changes_waiting,
            quarantined_changes: s.quarantined_changes,
            last_synced_at: s.last_synced_at,
            failures: s.failures,
            last_error: s.last_error,
            next_attempt_at: s.next_attempt_at,
        }
    }
}

impl From<app::Reminder> for Reminder {
    fn from(r: app::Reminder) -> Self {
        Self {
            lead: r.lead.into(),
            at: r.at,
        }
    }
}

/// What an enrolment link or a typed code gives.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EnrolLink {
    pub server: String,
    pub code: String,
}

/// Reads what the rep typed or the `warmline://enrol?server=…&code=…` link a manager's QR
/// code opens; a code alone keeps `default_server`. Plain http is refused beyond this
/// machine.
#[uniffi::export]
pub fn read_enrol_link(
    text: String,
    default_server: Option<String>,
) -> Result<EnrolLink, crate::WarmlineError> {
    let link = app::read_enrol_link(&text, default_server.as_deref())?;
    Ok(EnrolLink {
        server: link.server,
        code: link.code,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SettingsScreen {
    pub rep_name: Option<String>,
    pub team_name: Option<String>,
    pub team: TeamSettings,
    pub device_time_zone: String,
    pub pending_changes: u64,
    pub core_version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UnsyncedNote {
    pub lead_name: String,
    pub prompt: Option<String>,
    pub text: String,
    pub at: Timestamp,
}

/// Why the server signed this phone out, and what never reached it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SignedOutScreen {
    pub reason: SignedOutReason,
    pub message: String,
    pub unsynced_changes: u64,
    pub unsynced_notes: Vec<UnsyncedNote>,
}

/// A lead that sync just brought to this phone.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewLeadAlert {
    pub lead: LeadHeader,
    pub inquired_at: Timestamp,
}

/// Told of each new lead sync brings while the app runs: show a local notification.
#[uniffi::export(callback_interface)]
pub trait NewLeadObserver: Send + Sync {
    fn on_new_lead(&self, alert: NewLeadAlert);
}

impl From<app::SettingsScreen> for SettingsScreen {
    fn from(s: app::SettingsScreen) -> Self {
        Self {
            rep_name: s.rep_name,
            team_name: s.team_name,
            team: s.team.into(),
            device_time_zone: s.device_time_zone,
            pending_changes: s.pending_changes,
            core_version: s.core_version,
        }
    }
}

impl From<app::SignedOutScreen> for SignedOutScreen {
    fn from(s: app::SignedOutScreen) -> Self {
        Self {
            reason: s.reason.into(),
            message: s.message,
            unsynced_changes: s.unsynced_changes,
            unsynced_notes: s
                .unsynced_notes
                .into_iter()
                .map(|n| UnsyncedNote {
                    lead_name: n.lead_name,
                    prompt: n.prompt,
                    text: n.text,
                    at: n.at,
                })
                .collect(),
        }
    }
}

impl From<app::NewLeadAlert> for NewLeadAlert {
    fn from(a: app::NewLeadAlert) -> Self {
        Self {
            lead: a.lead.into(),
            inquired_at: a.inquired_at,
        }
    }
}

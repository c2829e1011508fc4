//! The `Warmline` object: the apps' one handle on the core.

use std::sync::Arc;

use warmline_core as core;

use crate::app::{
    AppScreen, CallScreen, CallScreenObserver, DialResult, LeadScreen, LeadScreenObserver,
    LeadsScreen, NewLeadObserver, OutcomeSheet, PhoneCapabilities, PhoneEvent, QueueScreen,
    QueueScreenObserver, RefreshDriverHandle, Reminder, RemindersObserver, SettingsScreen,
    SignedOutScreen, SyncDriverHandle, SyncScreen, SyncScreenObserver,
};
use crate::calls::{Attempt, LeadDetail, Outcome};
use crate::clock::{ForeignClock, WarmlineClock};
use crate::error::WarmlineError;
use crate::lead::{AddLeadOutcome, Lead, NewLead};
use crate::observe::{LeadsObserver, ObservationHandle, QueueObserver};
use crate::queue::Queue;
use crate::session::{CallIntent, Note, PromptCard, ScriptSummary, SearchHit};
use crate::settings::{DeviceSettings, TeamSettings};
use crate::sync::{HttpTransport, SyncReport, SyncStatus, Transport};
use crate::timestamp::Timestamp;

#[derive(Debug, uniffi::Object)]
pub struct Warmline {
    pub(crate) core: Arc<core::Warmline>,
}

type Result<T> = std::result::Result<T, WarmlineError>;

impl Warmline {
    fn open_on(
        path: String,
        device: DeviceSettings,
        clock: Arc<dyn core::Clock>,
    ) -> Result<Arc<Self>> {
        let device = core::DeviceSettings {
            time_zone: device.time_zone,
            rep_first_name: device.rep_first_name,
        };
        let core = core::Warmline::open(path, device, clock)?;
        Ok(Arc::new(Self {
            core: Arc::new(core),
        }))
    }
}

#[uniffi::export]
impl Warmline {
    /// Opens (creating and migrating as needed) the store in the file at `path`.
    #[uniffi::constructor]
    pub fn open(path: String, device: DeviceSettings) -> Result<Arc<Self>> {
        Self::open_on(path, device, Arc::new(core::SystemClock))
    }

    /// Like `open`, with "now" read from `clock` (tests, previews).
    #[uniffi::constructor]
    pub fn open_with_clock(
        path: String,
        device: DeviceSettings,
        clock: Box<dyn WarmlineClock>,
    ) -> Result<Arc<Self>> {
        Self::open_on(path, device, Arc::new(ForeignClock(clock)))
    }

    /// Checks and stores a lead; the same phone again is a new inquiry on the same lead.
    /// Durable when it returns.
    pub fn add_lead(&self, lead: NewLead) -> Result<Lead> {
        Ok(self.core.add_lead(lead.into())?.into())
    }

    pub fn lead(&self, id: String) -> Result<Lead> {
        Ok(self.core.lead(&id)?.into())
    }

    /// The lead with its calls and timeline.
    pub fn lead_detail(&self, id: String) -> Result<LeadDetail> {
        Ok(self.core.lead_detail(&id)?.into())
    }

    /// The first `limit` leads to call, ranked, each with its reason.
    pub fn queue(&self, limit: u32) -> Result<Queue> {
        Ok(self.core.queue(limit as usize)?.into())
    }

    /// The rep tapped call.
    pub fn start_attempt(&self, lead_id: String) -> Result<Attempt> {
        Ok(self.core.start_attempt(&lead_id)?.into())
    }

    /// The phone reported the call connected.
    pub fn attempt_connected(&self, attempt_id: String, at: Timestamp) -> Result<Attempt> {
        Ok(self.core.attempt_connected(&attempt_id, at)?.into())
    }

    /// The phone reported the call ended.
    pub fn attempt_ended(&self, attempt_id: String, at: Timestamp) -> Result<Attempt> {
        Ok(self.core.attempt_ended(&attempt_id, at)?.into())
    }

    /// Logs the outcome of the lead's current call and moves the lead by the rules.
    pub fn record_outcome(&self, lead_id: String, outcome: Outcome) -> Result<Lead> {
        Ok(self.core.record_outcome(&lead_id, outcome.into())?.into())
    }

    /// Promises a callback at `at` without a call.
    pub fn schedule_callback(&self, lead_id: String, at: Timestamp) -> Result<Lead> {
        Ok(self.core.schedule_callback(&lead_id, at)?.into())
    }

    pub fn mark_do_not_call(&self, lead_id: String) -> Result<Lead> {
        Ok(self.core.mark_do_not_call(&lead_id)?.into())
    }

    /// The rep tapped call: records the attempt and opens a call session on the team's
    /// script. Returns the first prompt card.
    pub fn start_call(&self, lead_id: String) -> Result<PromptCard> {
        Ok(self.core.start_call(&lead_id)?.into())
    }

    /// The phone reported the call connected.
    pub fn call_connected(&self, session_id: String, at: Timestamp) -> Result<PromptCard> {
        Ok(self.core.call_connected(&session_id, at)?.into())
    }

    /// The phone reported the call ended.
    pub fn call_ended(&self, session_id: String, at: Timestamp) -> Result<PromptCard> {
        Ok(self.core.call_ended(&session_id, at)?.into())
    }

    /// Next, back, skip, choose, answer or note; saved before the next card is returned.
    pub fn call_intent(&self, session_id: String, intent: CallIntent) -> Result<PromptCard> {
        Ok(self.core.call_intent(&session_id, intent.into())?.into())
    }

    /// Ends the call with its outcome; the final card's checklist shows what was missed.
    pub fn end_call(&self, session_id: String, outcome: Outcome) -> Result<PromptCard> {
        Ok(self.core.end_call(&session_id, outcome.into())?.into())
    }

    pub fn call_card(&self, session_id: String) -> Result<PromptCard> {
        Ok(self.core.call_card(&session_id)?.into())
    }

    /// The instant of a wall-clock time in the lead's own zone, for the callback time agreed
    /// on the phone ("tomorrow at 2pm" their time). `local` is `YYYY-MM-DDTHH:MM`.
    pub fn at_lead_local_time(&self, lead_id: String, local: String) -> Result<Timestamp> {
        let parsed =
            chrono::NaiveDateTime::parse_from_str(&local, "%Y-%m-%dT%H:%M").map_err(|e| {
                WarmlineError::InvalidInput {
                    field: "local_time".into(),
                    detail: format!("{local:?} is not a local time like 2026-11-28T14:00: {e}"),
                }
            })?;
        Ok(self.core.at_lead_local_time(&lead_id, parsed)?)
    }

    /// The call left open when the app was killed, to resume it.
    pub fn open_call(&self) -> Result<Option<PromptCard>> {
        Ok(self.core.open_call()?.map(Into::into))
    }

    /// A free note on a lead; durable when it returns.
    pub fn add_note(&self, lead_id: String, text: String) -> Result<Note> {
        Ok(self.core.add_note(&lead_id, &text)?.into())
    }

    pub fn notes(&self, lead_id: String) -> Result<Vec<Note>> {
        Ok(self
            .core
            .notes(&lead_id)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Full-text search over notes and answers, best first.
    pub fn search_notes(&self, query: String, limit: u32) -> Result<Vec<SearchHit>> {
        Ok(self
            .core
            .search_notes(&query, limit as usize)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The script new calls follow.
    pub fn script(&self) -> Result<ScriptSummary> {
        Ok(self.core.script()?.into())
    }

    /// Replaces the team's script (TOML) after checking it.
    pub fn set_script(&self, toml: String) -> Result<ScriptSummary> {
        Ok(self.core.set_script(&toml)?.into())
    }

    /// Changes made here that the server has not acknowledged yet.
    pub fn pending_changes(&self) -> Result<u64> {
        Ok(self.core.pending_changes()?)
    }

    /// Pending changes, the last success and failure, and when to sync next.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        Ok(self.core.sync_status()?.into())
    }

    pub fn team_settings(&self) -> TeamSettings {
        self.core.team_settings().into()
    }

    pub fn update_team_settings(&self, settings: TeamSettings) -> Result<()> {
        Ok(self.core.update_team_settings(settings.try_into()?)?)
    }

    /// Calls `observer` with the ids of changed leads until the handle is dropped.
    pub fn observe_leads(&self, observer: Box<dyn LeadsObserver>) -> Arc<ObservationHandle> {
        let observer: Arc<dyn LeadsObserver> = Arc::from(observer);
        let subscription = self.core.subscribe(Arc::new(move |ids: &[String]| {
            observer.on_leads_changed(ids.to_vec())
        }));
        Arc::new(ObservationHandle::new(subscription))
    }

    /// Calls `observer` whenever the queue may have changed, until the handle is dropped.
    pub fn observe_queue(&self, observer: Box<dyn QueueObserver>) -> Arc<ObservationHandle> {
        let observer: Arc<dyn QueueObserver> = Arc::from(observer);
        let subscription = self
            .core
            .subscribe(Arc::new(move |_: &[String]| observer.on_queue_changed()));
        Arc::new(ObservationHandle::new(subscription))
    }
}

/// The app layer: screen states, the tap on call and the phone's events.
#[uniffi::export]
impl Warmline {
    /// The rep tapped call on `lead_id`. A do-not-call lead is refused
    /// (`WarmlineError::DoNotCall`); outside the lead's calling hours the result asks for
    /// confirmation unless `confirm_outside_hours`.
    pub fn dial(
        &self,
        lead_id: String,
        capabilities: PhoneCapabilities,
        confirm_outside_hours: bool,
    ) -> Result<DialResult> {
        let request = core::app::DialRequest {
            capabilities: capabilities.into(),
            confirm_outside_hours,
        };
        Ok(self.core.dial(&lead_id, request)?.into())
    }

    /// Forward what the phone reported, with when it happened; late, repeated and
    /// out-of-order reports are fine.
    pub fn phone_report(
        &self,
        session_id: String,
        event: PhoneEvent,
        at: Timestamp,
    ) -> Result<CallScreen> {
        Ok(self
            .core
            .phone_report(&session_id, event.into(), at)?
            .into())
    }

    /// The rep backed out of the dialer: no attempt counts.
    pub fn cancel_dial(&self, session_id: String) -> Result<CallScreen> {
        Ok(self.core.cancel_dial(&session_id)?.into())
    }

    /// Keeps the quick note as it is typed (call on every change).
    pub fn set_draft(&self, session_id: String, text: String) -> Result<()> {
        Ok(self.core.set_draft(&session_id, &text)?)
    }

    /// Saves the typed note to the call and clears it.
    pub fn save_draft(&self, session_id: String) -> Result<CallScreen> {
        Ok(self.core.save_draft(&session_id)?.into())
    }

    pub fn call_screen(&self, session_id: String) -> Result<CallScreen> {
        Ok(self.core.call_screen(&session_id)?.into())
    }

    pub fn outcome_sheet(&self, session_id: String) -> Result<OutcomeSheet> {
        Ok(self.core.outcome_sheet(&session_id)?.into())
    }

    pub fn queue_screen(&self, limit: u32) -> Result<QueueScreen> {
        Ok(self.core.queue_screen(limit as usize)?.into())
    }

    /// Which screen to show now (an open call wins: a killed app resumes on it).
    pub fn current_screen(&self) -> Result<AppScreen> {
        Ok(self.core.current_screen()?.into())
    }

    /// Delivers the call screen now and after every change, until the handle is dropped.
    pub fn observe_call_screen(
        &self,
        session_id: String,
        observer: Box<dyn CallScreenObserver>,
    ) -> Arc<ObservationHandle> {
        let observer: Arc<dyn CallScreenObserver> = Arc::from(observer);
        let subscription = core::app::watch::watch(
            &self.core,
            Arc::new(move |core: &core::Warmline| core.call_screen(&session_id)),
            Arc::new(move |state| match state {
                Ok(screen) => observer.on_call_screen(screen.into()),
                Err(error) => observer.on_error(error.into()),
            }),
        );
        Arc::new(ObservationHandle::new(subscription))
    }

    /// All leads, or those whose name, company or number contains `query`.
    pub fn leads_screen(&self, query: String) -> Result<LeadsScreen> {
        Ok(self.core.leads_screen(&query)?.into())
    }

    pub fn lead_screen(&self, lead_id: String) -> Result<LeadScreen> {
        Ok(self.core.lead_screen(&lead_id)?.into())
    }

    pub fn sync_screen(&self) -> Result<SyncScreen> {
        Ok(self.core.sync_screen()?.into())
    }

    /// The callbacks to hold local reminders for now (the core's horizon), soonest first:
    /// replace the phone's reminders with these whenever the leads change.
    pub fn reminders(&self) -> Result<Vec<Reminder>> {
        Ok(self.core.reminders()?.into_iter().map(Into::into).collect())
    }

    /// Promised callbacks until `until`, soonest first: schedule a local reminder for
    /// each (again whenever the leads change).
    pub fn upcoming_callbacks(&self, until: Timestamp) -> Result<Vec<Reminder>> {
        Ok(self
            .core
            .upcoming_callbacks(until)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Delivers the lead screen now and after every change (a note's tick turning on
    /// included), until the handle is dropped.
    pub fn observe_lead_screen(
        &self,
        lead_id: String,
        observer: Box<dyn LeadScreenObserver>,
    ) -> Arc<ObservationHandle> {
        let observer: Arc<dyn LeadScreenObserver> = Arc::from(observer);
        let subscription = core::app::watch::watch(
            &self.core,
            Arc::new(move |core: &core::Warmline| core.lead_screen(&lead_id)),
            Arc::new(move |state| match state {
                Ok(screen) => observer.on_lead_screen(screen.into()),
                Err(error) => observer.on_error(error.into()),
            }),
        );
        Arc::new(ObservationHandle::new(subscription))
    }

    pub fn settings_screen(&self) -> Result<SettingsScreen> {
        Ok(self.core.settings_screen()?.into())
    }

    /// What to show once the server signed this phone out (`None` while it has not).
    pub fn signed_out_screen(&self) -> Result<Option<SignedOutScreen>> {
        Ok(self.core.signed_out_screen()?.map(Into::into))
    }

    /// Tells `observer` of each lead sync brings to this phone from now on, until the
    /// handle is dropped.
    pub fn observe_new_leads(
        &self,
        observer: Box<dyn NewLeadObserver>,
    ) -> Result<Arc<ObservationHandle>> {
        let observer: Arc<dyn NewLeadObserver> = Arc::from(observer);
        let subscription = core::app::watch_new_leads(
            &self.core,
            Arc::new(move |alert| observer.on_new_lead(alert.into())),
        )?;
        Ok(Arc::new(ObservationHandle::new(subscription)))
    }

    /// Delivers the callbacks to hold reminders for (as [`Self::reminders`]) now and after
    /// every change to them, until the handle is dropped.
    pub fn observe_reminders(
        &self,
        observer: Box<dyn RemindersObserver>,
    ) -> Arc<ObservationHandle> {
        let observer: Arc<dyn RemindersObserver> = Arc::from(observer);
        let subscription = core::app::watch::watch(
            &self.core,
            Arc::new(|core: &core::Warmline| core.reminders()),
            Arc::new(move |state| match state {
                Ok(reminders) => {
                    observer.on_reminders(reminders.into_iter().map(Into::into).collect())
                }
                Err(error) => observer.on_error(error.into()),
            }),
        );
        Arc::new(ObservationHandle::new(subscription))
    }

    /// Delivers the sync status line now and after every change, until the handle is
    /// dropped.
    pub fn observe_sync_screen(
        &self,
        observer: Box<dyn SyncScreenObserver>,
    ) -> Arc<ObservationHandle> {
        let observer: Arc<dyn SyncScreenObserver> = Arc::from(observer);
        let subscription = core::app::watch::watch(
            &self.core,
            Arc::new(|core: &core::Warmline| core.sync_screen()),
            Arc::new(move |state| match state {
                Ok(screen) => observer.on_sync_screen(screen.into()),
                Err(error) => observer.on_error(error.into()),
            }),
        );
        Arc::new(ObservationHandle::new(subscription))
    }

    /// Keeps this phone in sync with `server` while the handle is held: long polls for
    /// news, pushes each change at once, backs off as the core's schedule says. Observe
    /// the sync screen for its progress.
    pub fn start_sync_driver(
        &self,
        transport: Arc<dyn HttpTransport>,
        server: String,
        token: String,
    ) -> Arc<SyncDriverHandle> {
        let driver = core::app::SyncDriver::start(
            &self.core,
            Arc::new(Transport(transport)),
            server,
            token,
            Arc::new(|_| {}),
        );
        Arc::new(SyncDriverHandle::new(driver))
    }

    /// Redraws the queue (every screen observer is told) when its order changes by
    /// itself, while the handle is held.
    pub fn start_refresh_driver(&self) -> Arc<RefreshDriverHandle> {
        Arc::new(RefreshDriverHandle::new(core::app::RefreshDriver::start(
            &self.core,
        )))
    }

    /// Delivers the queue screen now and after every change, until the handle is
    /// dropped.
    pub fn observe_queue_screen(
        &self,
        limit: u32,
        observer: Box<dyn QueueScreenObserver>,
    ) -> Arc<ObservationHandle> {
        let observer: Arc<dyn QueueScreenObserver> = Arc::from(observer);
        let subscription = core::app::watch::watch(
            &self.core,
            Arc::new(move |core: &core::Warmline| core.queue_screen(limit as usize)),
            Arc::new(move |state| match state {
                Ok(screen) => observer.on_queue_screen(screen.into()),
                Err(error) => observer.on_error(error.into()),
            }),
        );
        Arc::new(ObservationHandle::new(subscription))
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Warmline {
    /// Stores a batch of leads in one transaction, off the caller's thread. Each row is
    /// stored or refused on its own; a refused row does not stop the others.
    pub async fn add_leads(&self, leads: Vec<NewLead>) -> Result<Vec<AddLeadOutcome>> {
        let core = Arc::clone(&self.core);
        let batch = leads.into_iter().map(Into::into).collect();
        let outcomes = tokio::task::spawn_blocking(move || core.add_leads(batch)).await??;
        Ok(outcomes
            .into_iter()
            .enumerate()
            .map(|(index, outcome)| match outcome {
                Ok(lead) => AddLeadOutcome::Added { lead: lead.into() },
                Err(err) => AddLeadOutcome::Rejected {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    error: err.into(),
                },
            })
            .collect())
    }

    /// Pushes this phone's pending changes to `server` and pulls the team's, off the
    /// caller's thread. Safe to run again after any failure.
    pub async fn sync(
        &self,
        transport: Arc<dyn HttpTransport>,
        server: String,
        token: String,
    ) -> Result<SyncReport> {
        self.sync_waiting(transport, server, token, 0).await
    }

    /// Like `sync`, but when there is nothing new the pull waits on the server up to
    /// `wait_seconds` (capped at 25 by the server) for news: an open app's long poll.
    /// Run it in a loop that first waits until `sync_status().next_attempt_at`.
    pub async fn sync_waiting(
        &self,
        transport: Arc<dyn HttpTransport>,
        server: String,
        token: String,
        wait_seconds: u32,
    ) -> Result<SyncReport> {
        let core = Arc::clone(&self.core);
        let wait = std::time::Duration::from_secs(u64::from(wait_seconds));
        let report = tokio::task::spawn_blocking(move || {
            core.sync_waiting(&Transport(transport), &server, &token, wait)
        })
        .await??;
        Ok(report.into())
    }
}

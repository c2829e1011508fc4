//! Warmline's domain, in plain Rust.
//!
//! Every rule about leads, calls and sync lives here, so the Android and iPhone apps
//! cannot drift apart: the shells forward intents and draw the state this crate returns.
//! Nothing here knows about FFI; `warmline-ffi` (in `bindings/`) is the only crate that
//! speaks uniffi, and maps these types onto the boundary in one place.

pub mod app;
pub mod assignment;
pub mod attempt;
mod call_lifecycle;
pub mod calling_hours;
pub(crate) mod calls;
pub mod clock;
pub mod error;
pub mod ids;
pub mod lead;
mod lifecycle;
pub mod notes;
pub mod notify;
pub mod outcome;
pub mod phone;
pub mod queue;
pub mod report;
pub mod reservation;
pub mod script;
pub mod session;
pub mod settings;
pub mod store;
pub mod sync;
pub mod timeline;
pub mod timezone;
mod warmline;

pub use attempt::Attempt;
pub use calling_hours::{CallingHours, DayWindow};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, Result};
pub use lead::{Lead, LeadId, LeadSource, NewLead, SourceKind};
pub use lifecycle::sign_out;
pub use notes::{Note, SearchHit};
pub use notify::Subscription;
pub use outcome::{LeadStatus, Outcome, MAX_ATTEMPTS};
pub use phone::{PhoneError, PhoneNumber};
pub use queue::{Queue, QueueEntry, QueueFacts, Tier};
pub use settings::TeamSettings;
pub use store::Durability;
pub use timeline::{EventKind, TimelineEvent};
pub use timezone::{LeadZones, ZoneOrigin, ZoneSource};
pub use warmline::{DeviceSettings, LeadDetail, Warmline};

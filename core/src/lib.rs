//! Warmline's domain, in plain Rust.
//!
//! Every rule about leads, calls and sync lives here, so the Android and iPhone apps
//! cannot drift apart: the shells forward intents and draw the state this crate returns.
//! Nothing here knows about FFI; `warmline-ffi` (in `bindings/`) is the only crate that
//! speaks uniffi, and maps these types onto the boundary in one place.

pub mod clock;
pub mod error;
pub mod lead;
pub mod notify;
pub mod phone;
pub mod store;
mod warmline;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, Result};
pub use lead::{Lead, LeadId, NewLead};
pub use notify::Subscription;
pub use phone::{PhoneError, PhoneNumber};
pub use warmline::{Settings, Warmline};

//! Lead input from outside, turned into the core's [`NewLead`].
//!
//! Leads arrive from places we do not control: our own signed webhook, Meta and Google
//! lead forms, spreadsheets. This crate is the one place that reads those payloads,
//! authenticates them and maps their many names for the same things onto one lead, so
//! the server's webhook endpoints and the `warmline import` command share one behaviour
//! and one set of tests. It is pure code (no network, no database, no clock): the caller
//! passes the body, the headers and the time, and gets checked leads or typed errors.
//!
//! Every lead is checked with the core's own rules ([`warmline_core::lead::validate`]),
//! so a lead refused here is exactly one the store would refuse, reported before any
//! write. Parsers never panic on any input; they are fuzzed (`fuzz/`).
//!
//! Formats, signatures and the error report are described for senders and managers in
//! `docs/intake.md`.
//!
//! [`NewLead`]: warmline_core::NewLead

mod csv_import;
mod dates;
mod draft;
mod encoding;
mod error;
mod fields;
mod generic;
mod google;
mod json;
mod meta;
pub mod signature;

pub use csv_import::{
    import_csv, CsvImport, CsvOptions, CsvReport, ImportedRow, RowError, DEFAULT_MAX_ROW_BYTES,
};
pub use draft::{Checks, ParsedLead};
pub use error::IntakeError;
pub use generic::{parse_generic, GENERIC_DEFAULT_SOURCE};
pub use google::{parse_google, GoogleSource};
pub use meta::{parse_meta, MetaLeadError};
pub use signature::{sign_meta, sign_webhook, verify_meta_signature, verify_webhook};

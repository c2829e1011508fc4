//! Failures as the one line the user reads: what we were doing, then why it failed.

use std::fmt::Display;

/// Adds what was being done to an error: `cannot open warmline.db: unable to open ...`.
pub trait Context<T> {
    fn context(self, doing: impl Display) -> Result<T, String>;
}

impl<T, E: Display> Context<T> for Result<T, E> {
    fn context(self, doing: impl Display) -> Result<T, String> {
        self.map_err(|e| format!("{doing}: {e}"))
    }
}

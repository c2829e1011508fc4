//! Phone numbers: what a lead typed, checked and normalised to E.164.
//!
//! Dialling, de-duplication ("the same person asked twice") and time-zone derivation all
//! key on one canonical form, so every number is parsed once, on the way in, with the
//! maintained libphonenumber port (`phonenumber`). The raw input is kept beside it:
//! it is what the lead wrote, and what a rep may need to see when a number looks odd.

use std::str::FromStr;

use phonenumber::{country, Mode};

/// A checked phone number: the E.164 form used everywhere, and what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    pub e164: String,
    pub raw: String,
}

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone number {input:?} is empty")]
    Empty { input: String },
    #[error("phone number {input:?} cannot be read: {reason}")]
    Unparseable { input: String, reason: String },
    #[error("phone number {input:?} is not a number that can be dialled ({e164} is not assigned in its region)")]
    NotDiallable { input: String, e164: String },
}

/// A two-letter CLDR region (`US`, `GB`, `IN`...) used to read numbers written without
/// a `+` country code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(country::Id);

impl Region {
    pub fn code(&self) -> &str {
        self.0.as_ref()
    }
}

impl FromStr for Region {
    type Err = String;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        let upper = code.trim().to_ascii_uppercase();
        country::Id::from_str(&upper)
            .map(Region)
            .map_err(|_| format!("{code:?} is not a known two-letter region code"))
    }
}

impl PhoneNumber {
    /// Parses `raw` (international with `+`, or national for `default_region`) and
    /// accepts it only if it is a valid, diallable number.
    pub fn parse(raw: &str, default_region: Region) -> Result<Self, PhoneError> {
        let input = raw.to_owned();
        if raw.trim().is_empty() {
            return Err(PhoneError::Empty { input });
        }
        let parsed = phonenumber::parse(Some(default_region.0), raw.trim()).map_err(|err| {
            PhoneError::Unparseable {
                input: input.clone(),
                reason: err.to_string(),
            }
        })?;
        let e164 = parsed.format().mode(Mode::E164).to_string();
        if !parsed.is_valid() {
            return Err(PhoneError::NotDiallable { input, e164 });
        }
        Ok(Self { e164, raw: input })
    }

    /// The region the number belongs to (`GB`, `IN`...), when the numbering plan says.
    pub fn region(&self) -> Option<String> {
        region_of_e164(&self.e164)
    }
}

/// The region of a number already in E.164 form, when the numbering plan says.
pub fn region_of_e164(e164: &str) -> Option<String> {
    let parsed = phonenumber::parse(None, e164).ok()?;
    parsed.country().id().map(|id| id.as_ref().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us() -> Region {
        "US".parse().unwrap()
    }

    #[test]
    fn national_and_international_forms_normalise_to_the_same_e164() {
        for raw in [
            "(415) 555-2671",
            "415.555.2671",
            "+1 415 555 2671",
            "tel:+1-415-555-2671",
        ] {
            let number = PhoneNumber::parse(raw, us()).unwrap();
            assert_eq!(number.e164, "+14155552671", "for {raw}");
            assert_eq!(number.raw, raw);
        }
    }

    #[test]
    fn an_international_number_ignores_the_default_region() {
        let number = PhoneNumber::parse("+44 20 7946 0958", us()).unwrap();
        assert_eq!(number.e164, "+442079460958");
    }

    #[test]
    fn impossible_numbers_are_refused_with_the_input_named() {
        let err = PhoneNumber::parse("555-0000-1", us()).unwrap_err();
        assert!(err.to_string().contains("555-0000-1"), "{err}");
        assert!(matches!(
            PhoneNumber::parse("12", us()),
            Err(PhoneError::Unparseable { .. })
        ));
        assert!(matches!(
            PhoneNumber::parse("  ", us()),
            Err(PhoneError::Empty { .. })
        ));
        // Right length, but no such area code: parses, yet cannot be dialled.
        assert!(matches!(
            PhoneNumber::parse("(111) 555-2671", us()),
            Err(PhoneError::NotDiallable { .. })
        ));
    }

    #[test]
    fn a_number_knows_its_region() {
        assert_eq!(
            PhoneNumber::parse("+91 98765 43210", us())
                .unwrap()
                .region()
                .as_deref(),
            Some("IN")
        );
        assert_eq!(
            PhoneNumber::parse("(415) 555-2671", us())
                .unwrap()
                .region()
                .as_deref(),
            Some("US")
        );
    }

    #[test]
    fn region_codes_are_checked() {
        assert_eq!("gb".parse::<Region>().unwrap().code(), "GB");
        assert!("XX".parse::<Region>().is_err());
        assert!("".parse::<Region>().is_err());
    }
}

//! Who sent a webhook: HMAC-SHA256 signatures and shared keys, checked in constant time.
//!
//! Our own generic webhook signs `"{timestamp}.{body}"` so a captured request cannot be
//! replayed later than [`MAX_CLOCK_SKEW`]; Meta signs the body alone with the app secret;
//! Google puts a shared key in the body (see [`crate::google`]). The time is passed in,
//! never read from the clock here, so tests and the server decide what "now" is.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::IntakeError;

/// The header carrying the sender's unix time in seconds, part of what is signed.
pub const TIMESTAMP_HEADER: &str = "X-Warmline-Timestamp";
/// The header carrying `v1=<lowercase hex HMAC-SHA256>`.
pub const SIGNATURE_HEADER: &str = "X-Warmline-Signature";
/// Meta's header: `sha256=<hex HMAC-SHA256 of the body with the app secret>`.
pub const META_SIGNATURE_HEADER: &str = "X-Hub-Signature-256";
/// How far the signed timestamp may be from now, either way, before a request is refused.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(5);

const GENERIC_SCHEME: &str = "v1=";
const META_SCHEME: &str = "sha256=";
/// An HMAC-SHA256 in hex.
const HEX_MAC_LEN: usize = 64;

type HmacSha256 = Hmac<Sha256>;

fn mac_over(secret: &[u8], parts: &[&[u8]]) -> HmacSha256 {
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    for part in parts {
        mac.update(part);
    }
    mac
}

/// The `X-Warmline-Signature` value for `body` sent at `timestamp` (unix seconds).
pub fn sign_webhook(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mac = mac_over(secret, &[timestamp.to_string().as_bytes(), b".", body]);
    format!(
        "{GENERIC_SCHEME}{}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// Checks a generic webhook: both headers present and well formed, the timestamp within
/// [`MAX_CLOCK_SKEW`] of `now`, and the signature made with `secret` over exactly this
/// timestamp and body. Pass each header's value, or `None` when it is absent.
pub fn verify_webhook(
    secret: &[u8],
    timestamp_header: Option<&str>,
    signature_header: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), IntakeError> {
    let timestamp = parse_timestamp(timestamp_header)?;
    let expected = parse_hex_mac(SIGNATURE_HEADER, GENERIC_SCHEME, signature_header)?;
    check_fresh(timestamp, now)?;
    mac_over(secret, &[timestamp.to_string().as_bytes(), b".", body])
        .verify_slice(&expected)
        .map_err(|_| IntakeError::BadSignature)
}

/// The `X-Hub-Signature-256` value Meta would send for `body`.
pub fn sign_meta(app_secret: &[u8], body: &[u8]) -> String {
    let mac = mac_over(app_secret, &[body]);
    format!("{META_SCHEME}{}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks Meta's `X-Hub-Signature-256` header against `body` and the app secret.
pub fn verify_meta_signature(
    app_secret: &[u8],
    signature_header: Option<&str>,
    body: &[u8],
) -> Result<(), IntakeError> {
    let expected = parse_hex_mac(META_SIGNATURE_HEADER, META_SCHEME, signature_header)?;
    mac_over(app_secret, &[body])
        .verify_slice(&expected)
        .map_err(|_| IntakeError::BadSignature)
}

/// Compares a received shared key with the configured one in constant time, whatever
/// their lengths (both are hashed first, so even the length is not revealed).
pub fn keys_match(configured: &str, received: &str) -> bool {
    let configured = Sha256::digest(configured.as_bytes());
    let received = Sha256::digest(received.as_bytes());
    configured.ct_eq(&received).into()
}

fn parse_timestamp(header: Option<&str>) -> Result<i64, IntakeError> {
    let value = header.ok_or(IntakeError::MissingHeader {
        header: TIMESTAMP_HEADER,
    })?;
    let value = value.trim();
    let digits_only = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    let malformed = || IntakeError::MalformedHeader {
        header: TIMESTAMP_HEADER,
        problem: format!("{value:?} is not a unix time in seconds"),
    };
    if !digits_only {
        return Err(malformed());
    }
    value.parse().map_err(|_| malformed())
}

fn parse_hex_mac(
    header: &'static str,
    scheme: &str,
    value: Option<&str>,
) -> Result<Vec<u8>, IntakeError> {
    let value = value.ok_or(IntakeError::MissingHeader { header })?.trim();
    let malformed = |problem: String| IntakeError::MalformedHeader { header, problem };
    let hex_mac = value
        .strip_prefix(scheme)
        .ok_or_else(|| malformed(format!("it does not start with {scheme:?}")))?;
    if hex_mac.len() != HEX_MAC_LEN {
        return Err(malformed(format!(
            "the signature has {} characters, not {HEX_MAC_LEN}",
            hex_mac.len()
        )));
    }
    hex::decode(hex_mac).map_err(|_| malformed("the signature is not hexadecimal".into()))
}

fn check_fresh(timestamp: i64, now: DateTime<Utc>) -> Result<(), IntakeError> {
    let skew_seconds = now.timestamp().saturating_sub(timestamp).saturating_abs();
    let max_skew_seconds = MAX_CLOCK_SKEW.num_seconds();
    if skew_seconds > max_skew_seconds {
        return Err(IntakeError::StaleTimestamp {
            timestamp,
            skew_seconds,
            max_skew_seconds,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_documented_hmac() {
        // Computed independently with:
        // printf '1795788300.{"phone":"+14155552671"}' | openssl dgst -sha256 -hmac whsec_demo
        assert_eq!(
            sign_webhook(b"whsec_demo", 1_795_788_300, br#"{"phone":"+14155552671"}"#),
            "v1=e42ce50d9e5b009a5a14c4e69d3000ee78c900c5f38c86e1af68f46196becf44"
        );
    }

    #[test]
    fn keys_are_compared_whole() {
        assert!(keys_match("k3y", "k3y"));
        assert!(!keys_match("k3y", "k3"));
        assert!(!keys_match("k3y", "k3Y"));
        assert!(!keys_match("k3y", ""));
    }

    #[test]
    fn timestamps_must_be_plain_seconds() {
        for bad in ["", " ", "-5", "+5", "1.5", "99999999999999999999", "12a"] {
            assert!(
                matches!(
                    parse_timestamp(Some(bad)),
                    Err(IntakeError::MalformedHeader { .. })
                ),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_timestamp(Some(" 1795788300 ")).unwrap(),
            1_795_788_300
        );
    }

    #[test]
    fn skew_is_allowed_up_to_five_minutes_either_way() {
        let now = DateTime::from_timestamp(1_795_788_300, 0).unwrap();
        assert!(check_fresh(1_795_788_300 - 300, now).is_ok());
        assert!(check_fresh(1_795_788_300 + 300, now).is_ok());
        assert!(check_fresh(1_795_788_300 - 301, now).is_err());
        assert!(check_fresh(1_795_788_300 + 301, now).is_err());
        assert!(check_fresh(i64::MIN, now).is_err(), "no overflow");
    }
}

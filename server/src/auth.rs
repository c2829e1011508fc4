//! Secrets: device tokens and enrolment codes. Both are random, shown once, and stored
//! only as SHA-256 hashes, so a copy of the database lets nobody in.

use sha2::{Digest, Sha256};

use crate::error::ServerError;

/// A new device token: 256 random bits, hex.
pub fn new_token() -> Result<String, ServerError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ServerError::Storage(format!("no randomness: {e}")))?;
    Ok(hex(&bytes))
}

/// A new enrolment code a rep can type: 12 characters from an alphabet without look-alikes
/// (about 60 bits), grouped `XXXX-XXXX-XXXX`.
pub fn new_enrolment_code() -> Result<String, ServerError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| ServerError::Storage(format!("no randomness: {e}")))?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    Ok(chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// The stored form of a token or code. Codes are compared case- and dash-insensitively.
pub fn hash_secret(secret: &str) -> String {
    let normalised: String = secret
        .trim()
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex(&Sha256::digest(normalised.as_bytes()))
}

/// The stored form of the server's admin token (ADR 0007), refusing one too short to be
/// a secret.
pub fn admin_token_hash(token: &str) -> Result<String, ServerError> {
    if token.trim().len() < 32 {
        return Err(ServerError::BadRequest(
            "the admin token must be at least 32 characters: make one with `openssl rand -hex 32`"
                .into(),
        ));
    }
    Ok(hash_secret(token))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The token in an `Authorization: Bearer <token>` header value.
pub fn bearer(header: Option<&str>) -> Result<&str, ServerError> {
    header
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ServerError::NoToken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(hash_secret(&a), a);
        assert_eq!(hash_secret(&a), hash_secret(&a));
    }

    #[test]
    fn codes_are_typeable_and_match_loosely() {
        let code = new_enrolment_code().unwrap();
        assert_eq!(code.len(), 14);
        assert!(!code.contains(['0', 'O', '1', 'I']));
        assert_eq!(
            hash_secret(&code),
            hash_secret(&code.to_lowercase().replace('-', ""))
        );
    }

    #[test]
    fn a_short_admin_token_is_refused() {
        assert!(admin_token_hash("admin").is_err());
        let token = new_token().unwrap();
        assert_eq!(admin_token_hash(&token).unwrap(), hash_secret(&token));
    }

    #[test]
    fn bearer_headers() {
        assert_eq!(bearer(Some("Bearer abc")).unwrap(), "abc");
        assert!(bearer(Some("Basic abc")).is_err());
        assert!(bearer(Some("Bearer ")).is_err());
        assert!(bearer(None).is_err());
    }
}

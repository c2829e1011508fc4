//! What a client may try without a valid token is limited per address, through the real
//! server on loopback: guessing enrolment codes or device tokens soon earns `429` with
//! `Retry-After`, and an internal failure's detail never reaches the client.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use serde_json::{json, Value};
use support::start_server_with;
use warmline_server::Config;

/// The status, `Retry-After` and JSON body of a response.
fn answer(result: Result<ureq::Response, ureq::Error>) -> (u16, Option<String>, Value) {
    let response = match result {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(other) => panic!("{other}"),
    };
    let retry_after = response.header("retry-after").map(str::to_owned);
    (
        response.status(),
        retry_after,
        response.into_json().unwrap_or(Value::Null),
    )
}

fn strict() -> Config {
    Config {
        anonymous_rate_per_second: 0.01,
        anonymous_burst: 3.0,
        ..Config::default()
    }
}

#[test]
fn guessing_enrolment_codes_from_one_address_is_soon_refused() {
    let server = start_server_with(strict());
    let guess = || {
        answer(
            ureq::post(&format!("{}/v1/enrol", server.url))
                .send_json(json!({ "code": "GUESS1234567", "device_name": "mallory" })),
        )
    };
    for _ in 0..3 {
        assert_eq!(guess().0, 403, "a wrong code, within the burst");
    }
    let (status, retry_after, body) = guess();
    assert_eq!(
        (status, body["error"].as_str()),
        (429, Some("rate_limited"))
    );
    assert!(retry_after.unwrap().parse::<u64>().unwrap() >= 1);
}

#[test]
fn refused_tokens_use_up_the_address_s_allowance() {
    let server = start_server_with(strict());
    let pull = || {
        answer(
            ureq::get(&format!("{}/v1/pull?since=0", server.url))
                .set("authorization", "Bearer not-a-token-0123456789abcdef")
                .call(),
        )
    };
    for _ in 0..3 {
        assert_eq!(pull().0, 401);
    }
    assert_eq!(pull().0, 429, "the next guess is not even looked up");
    assert_eq!(
        answer(ureq::get(&format!("{}/healthz", server.url)).call()).0,
        429,
        "the address waits for everything"
    );
}

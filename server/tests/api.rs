//! The HTTP API, endpoint by endpoint: enrolment, push, pull, long poll, limits,
//! and team isolation. Requests go through the real router (no socket needed).

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

use std::io::Write;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;
use warmline_server::storage::{SqliteStorage, Storage};
use warmline_server::{router, AppState, Config};

struct Server {
    app: Router,
    state: AppState<SqliteStorage>,
    _dir: tempfile::TempDir,
}

fn server_with(config: Config) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let storage = SqliteStorage::open(dir.path().join("server.db")).unwrap();
    let state = AppState::new(storage, config);
    Server {
        app: router(state.clone()),
        state,
        _dir: dir,
    }
}

fn server() -> Server {
    server_with(Config::default())
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, body)
}

fn post(path: &str, token: Option<&str>, body: &Value) -> Request<Body> {
    let mut request = Request::post(path).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    request.body(Body::from(body.to_string())).unwrap()
}

fn get(path: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

/// A team with one rep and an enrolled device; returns (team id, device token).
async fn enrolled(server: &Server, team: &str, device: &str) -> (String, String) {
    let team_id = server.state.storage.create_team(team).await.unwrap();
    let (_, code) = server
        .state
        .storage
        .create_rep(&team_id, "Sam", Duration::from_secs(60))
        .await
        .unwrap();
    let (status, body) = send(
        &server.app,
        post(
            "/v1/enrol",
            None,
            &json!({ "code": code, "device_name": device }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (team_id, body["token"].as_str().unwrap().to_owned())
}

async fn enrol_another(server: &Server, team_id: &str, device: &str) -> String {
    let (_, code) = server
        .state
        .storage
        .create_rep(team_id, "Ana", Duration::from_secs(60))
        .await
        .unwrap();
    let (_, body) = send(
        &server.app,
        post(
            "/v1/enrol",
            None,
            &json!({ "code": code, "device_name": device }),
        ),
    )
    .await;
    body["token"].as_str().unwrap().to_owned()
}

/// A lead id as phones make them (a UUID).
const LEAD: &str = "0190e7a0-0000-7000-8000-000000000001";

fn note(id: &str, text: &str) -> Value {
    json!({ "id": id, "lead_id": LEAD, "stamp": "0001764255600000-0000000000-phone-a",
            "type": "record", "kind": "note", "record": id, "body": text })
}

#[tokio::test]
async fn health_and_metrics() {
    let server = server();
    assert_eq!(
        send(&server.app, get("/healthz", None)).await,
        (StatusCode::OK, Value::String("ok".into()))
    );
    let (status, body) = send(&server.app, get("/metrics", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body
        .as_str()
        .unwrap()
        .contains("# TYPE warmline_requests_total counter"));
}

#[tokio::test]
async fn enrolment_codes_work_once_loosely_typed_and_expire() {
    let server = server();
    let team = server
        .state
        .storage
        .create_team("Brightside")
        .await
        .unwrap();
    let (_, code) = server
        .state
        .storage
        .create_rep(&team, "Sam", Duration::from_secs(60))
        .await
        .unwrap();
    let typed = code.to_lowercase().replace('-', "");
    let (status, body) = send(
        &server.app,
        post(
            "/v1/enrol",
            None,
            &json!({ "code": typed, "device_name": "Pixel" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["team_id"], team.as_str());
    assert_eq!(
        (&body["rep_name"], &body["team_name"]),
        (&json!("Sam"), &json!("Brightside")),
        "the phone learns whose it is"
    );
    assert_eq!(body["token"].as_str().unwrap().len(), 64);
    let (again, body) = send(
        &server.app,
        post(
            "/v1/enrol",
            None,
            &json!({ "code": code, "device_name": "Pixel" }),
        ),
    )
    .await;
    assert_eq!(again, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "bad_enrolment_code");
    let (_, expired) = server
        .state
        .storage
        .create_rep(&team, "Ana", Duration::ZERO)
        .await
        .unwrap();
    let (status, _) = send(
        &server.app,
        post(
            "/v1/enrol",
            None,
            &json!({ "code": expired, "device_name": "iPhone" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_resent_push_is_harmless_and_other_devices_pull_it_in_order() {
    let server = server();
    let (team, phone) = enrolled(&server, "Brightside", "phone").await;
    let tablet = enrol_another(&server, &team, "tablet").await;
    let batch = json!({ "changes": [note("n1", "call after 5"), note("n2", "asked about batteries"), note("n3", "roof faces south")] });
    let (status, body) = send(&server.app, post("/v1/push", Some(&phone), &batch)).await;
    assert_eq!(
        (status, body.clone()),
        (StatusCode::OK, json!({ "accepted": 3, "duplicates": 0 })),
        "{body}"
    );
    let (_, body) = send(&server.app, post("/v1/push", Some(&phone), &batch)).await;
    assert_eq!(body, json!({ "accepted": 0, "duplicates": 3 }));

    let (status, page) = send(&server.app, get("/v1/pull?since=0&limit=2", Some(&tablet))).await;
    assert_eq!(status, StatusCode::OK);
    let texts: Vec<&str> = page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["call after 5", "asked about batteries"]);
    assert_eq!(page["more"], true);
    let cursor = page["cursor"].as_u64().unwrap();
    let (_, rest) = send(
        &server.app,
        get(&format!("/v1/pull?since={cursor}"), Some(&tablet)),
    )
    .await;
    assert_eq!(rest["changes"].as_array().unwrap().len(), 1);
    assert_eq!(rest["more"], false);
    let last = rest["cursor"].as_u64().unwrap();
    let (_, empty) = send(
        &server.app,
        get(&format!("/v1/pull?since={last}"), Some(&tablet)),
    )
    .await;
    assert_eq!(
        (
            empty["changes"].as_array().unwrap().len(),
            empty["cursor"].as_u64()
        ),
        (0, Some(last))
    );
}

#[tokio::test]
async fn a_waiting_pull_returns_as_soon_as_a_change_arrives() {
    let server = server();
    let (team, phone) = enrolled(&server, "Brightside", "phone").await;
    let tablet = enrol_another(&server, &team, "tablet").await;
    let app = server.app.clone();
    let waiting =
        tokio::spawn(
            async move { send(&app, get("/v1/pull?since=0&wait=20", Some(&tablet))).await },
        );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !waiting.is_finished(),
        "the pull waits while there is nothing new"
    );
    send(
        &server.app,
        post(
            "/v1/push",
            Some(&phone),
            &json!({ "changes": [note("n1", "new lead assigned")] }),
        ),
    )
    .await;
    let (status, page) = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["changes"][0]["body"], "new lead assigned");
}

#[tokio::test]
async fn a_waiting_pull_sleeps_through_other_reps_leads_and_wakes_for_its_own() {
    let server = server();
    let (team, sam) = enrolled(&server, "Brightside", "phone").await;
    let ana = enrol_another(&server, &team, "tablet").await;
    let sam_rep = server
        .state
        .storage
        .authenticate(&sam)
        .await
        .unwrap()
        .rep_id;
    let lead = |id: &str, lead: &str, assigned: Option<&str>| {
        json!({ "id": id, "lead_id": lead, "stamp": "0001764255600000-0000000000-phone-a",
                "type": "fields", "fields": { "first_name": "Ann", "assigned_to": assigned } })
    };
    let app = server.app.clone();
    let waiting =
        tokio::spawn(async move { send(&app, get("/v1/pull?since=0&wait=20", Some(&ana))).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, _) = send(
        &server.app,
        post(
            "/v1/push",
            Some(&sam),
            &json!({ "changes": [lead("sams", "0190e7a0-0000-7000-8000-00000000005a", Some(&sam_rep))] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !waiting.is_finished(),
        "another rep's lead does not end the wait with an empty page"
    );
    send(
        &server.app,
        post(
            "/v1/push",
            Some(&sam),
            &json!({ "changes": [lead("open", "0190e7a0-0000-7000-8000-0000000000b0", None)] }),
        ),
    )
    .await;
    let (status, page) = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["open"]);
}

#[tokio::test]
async fn no_endpoint_answers_without_a_valid_token() {
    let server = server();
    let (team, phone) = enrolled(&server, "Brightside", "phone").await;
    let push = json!({ "changes": [note("n1", "secret")] });
    for token in [None, Some("not-a-token"), Some("")] {
        let (status, body) = send(&server.app, post("/v1/push", token, &push)).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "push with {token:?}: {body}"
        );
        let (status, _) = send(&server.app, get("/v1/pull?since=0", token)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "pull with {token:?}");
    }
    let (status, body) = send(&server.app, post("/v1/push", Some("not-a-token"), &push)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unknown_token")),
        "{body}"
    );
    let (status, body) = send(&server.app, post("/v1/push", None, &push)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("no_token"))
    );
    let device = server.state.storage.authenticate(&phone).await.unwrap();
    server
        .state
        .storage
        .revoke_device(&team, &device.id)
        .await
        .unwrap();
    let (status, body) = send(&server.app, post("/v1/push", Some(&phone), &push)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("device_revoked")),
        "{body}"
    );
    let (status, body) = send(&server.app, get("/v1/pull?since=0", Some(&phone))).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("device_revoked")),
        "revoked is cut off at once: {body}"
    );
}

/// A token for the admin routes, long enough to be accepted.
const ADMIN: &str = "0123456789abcdef0123456789abcdef-admin";

/// Enrols a second device for the rep behind `token`; its token.
async fn same_rep_again(server: &Server, team: &str, token: &str, name: &str) -> String {
    let rep = server
        .state
        .storage
        .authenticate(token)
        .await
        .unwrap()
        .rep_id;
    let code = server
        .state
        .storage
        .issue_code(team, &rep, Duration::from_secs(60))
        .await
        .unwrap();
    let (_, body) = send(
        &server.app,
        post(
            "/v1/enrol",
            None,
            &json!({ "code": code, "device_name": name }),
        ),
    )
    .await;
    body["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_revoked_device_is_refused_and_the_rep_s_other_device_goes_on() {
    let server = server_with(Config {
        admin_token_hash: Some(warmline_server::auth::admin_token_hash(ADMIN).unwrap()),
        ..Config::default()
    });
    let (team, phone) = enrolled(&server, "Brightside", "phone").await;
    let tablet = same_rep_again(&server, &team, &phone, "tablet").await;
    let phone_id = server.state.storage.authenticate(&phone).await.unwrap().id;
    let revoke = format!("/v1/devices/{phone_id}/revoke");
    let body = json!({ "team_id": team });

    for (token, status, code) in [
        (None, StatusCode::UNAUTHORIZED, "no_token"),
        (Some(phone.as_str()), StatusCode::FORBIDDEN, "not_admin"),
        (
            Some("0123456789abcdef0123456789abcdef-wrong"),
            StatusCode::FORBIDDEN,
            "not_admin",
        ),
    ] {
        let (got, answer) = send(&server.app, post(&revoke, token, &body)).await;
        assert_eq!(
            (got, answer["error"].as_str()),
            (status, Some(code)),
            "{answer}"
        );
    }
    let (status, _) = send(&server.app, get("/v1/pull?since=0", Some(&phone))).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "refused revocations changed nothing"
    );
    let (status, answer) = send(
        &server.app,
        post(&revoke, Some(ADMIN), &json!({ "team_id": "another-team" })),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the device is in its own team only: {answer}"
    );

    let (status, answer) = send(&server.app, post(&revoke, Some(ADMIN), &body)).await;
    assert_eq!(
        (status, answer),
        (
            StatusCode::OK,
            json!({ "device_id": phone_id, "revoked": true })
        )
    );
    let push = json!({ "changes": [note("n1", "after revoking")] });
    let (status, answer) = send(&server.app, post("/v1/push", Some(&phone), &push)).await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("device_revoked"))
    );
    assert!(
        answer["message"].as_str().unwrap().contains("revoked"),
        "{answer}"
    );
    let (status, answer) = send(&server.app, get("/v1/pull?since=0", Some(&phone))).await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("device_revoked"))
    );
    let (status, answer) = send(&server.app, post("/v1/push", Some(&tablet), &push)).await;
    assert_eq!(
        (status, answer["accepted"].as_u64()),
        (StatusCode::OK, Some(1))
    );
    let (status, page) = send(&server.app, get("/v1/pull?since=0", Some(&tablet))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["changes"][0]["body"], "after revoking");
}

#[tokio::test]
async fn admin_routes_are_off_without_an_admin_token() {
    let server = server();
    let (team, phone) = enrolled(&server, "Brightside", "phone").await;
    let phone_id = server.state.storage.authenticate(&phone).await.unwrap().id;
    let (status, answer) = send(
        &server.app,
        post(
            &format!("/v1/devices/{phone_id}/revoke"),
            Some(ADMIN),
            &json!({ "team_id": team }),
        ),
    )
    .await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_admin"))
    );
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("WARMLINE_ADMIN_TOKEN"),
        "{answer}"
    );
    assert!(server.state.storage.authenticate(&phone).await.is_ok());
}

#[tokio::test]
async fn one_team_never_sees_another_teams_data() {
    let server = server();
    let (team_a, alice) = enrolled(&server, "Alpha", "alice").await;
    let (team_b, bob) = enrolled(&server, "Beta", "bob").await;
    send(
        &server.app,
        post(
            "/v1/push",
            Some(&alice),
            &json!({ "changes": [note("n1", "alpha's secret")] }),
        ),
    )
    .await;
    let (_, page) = send(&server.app, get("/v1/pull?since=0", Some(&bob))).await;
    assert_eq!(page["changes"], json!([]), "team B sees nothing of team A");
    // The same change id in another team is a different change, not a duplicate.
    let (_, body) = send(
        &server.app,
        post(
            "/v1/push",
            Some(&bob),
            &json!({ "changes": [note("n1", "beta's own")] }),
        ),
    )
    .await;
    assert_eq!(body["accepted"], 1);
    let (_, page) = send(&server.app, get("/v1/pull?since=0", Some(&alice))).await;
    assert_eq!(page["changes"].as_array().unwrap().len(), 1);
    assert_eq!(page["changes"][0]["body"], "alpha's secret");
    // A manager of team B cannot revoke team A's device.
    let alice_device = server.state.storage.authenticate(&alice).await.unwrap();
    assert!(server
        .state
        .storage
        .revoke_device(&team_b, &alice_device.id)
        .await
        .is_err());
    assert!(server.state.storage.authenticate(&alice).await.is_ok());
    let _ = team_a;
}

#[tokio::test]
async fn bad_pushes_are_refused_naming_the_change_and_store_nothing() {
    let server = server();
    let (team, phone) = enrolled(&server, "Brightside", "phone").await;
    let mut bad_stamp = note("n2", "x");
    bad_stamp["stamp"] = json!("yesterday");
    let (status, body) = send(
        &server.app,
        post(
            "/v1/push",
            Some(&phone),
            &json!({ "changes": [note("n1", "ok"), bad_stamp] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        (&body["error"], &body["change_id"], &body["field"]),
        (&json!("invalid_change"), &json!("n2"), &json!("stamp")),
        "{body}"
    );
    let too_long = note("n3", &"x".repeat(64 * 1024 + 1));
    let (status, body) = send(
        &server.app,
        post("/v1/push", Some(&phone), &json!({ "changes": [too_long] })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("body: is 65537 bytes; the limit is 65536"),
        "{body}"
    );
    let many: Vec<Value> = (0..1001).map(|i| note(&format!("m{i}"), "x")).collect();
    let (status, body) = send(
        &server.app,
        post("/v1/push", Some(&phone), &json!({ "changes": many })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("at most 1000"));
    let (status, _) = send(
        &server.app,
        Request::post("/v1/push")
            .header("authorization", format!("Bearer {phone}"))
            .header("content-type", "application/json")
            .body(Body::from("{not json"))
            .unwrap(),
    )
    .await;
    assert!(status.is_client_error());
    assert_eq!(
        server.state.storage.latest(&team).await.unwrap(),
        0,
        "nothing was stored"
    );
}

#[tokio::test]
async fn bodies_are_limited_after_decompression_and_gzip_is_understood() {
    let server = server_with(Config {
        max_body_bytes: 64 * 1024,
        ..Config::default()
    });
    let (team, phone) = enrolled(&server, "Brightside", "phone").await;
    let gzip = |value: &Value| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(value.to_string().as_bytes()).unwrap();
        encoder.finish().unwrap()
    };
    let small = json!({ "changes": [note("n1", "compressed note")] });
    let request = Request::post("/v1/push")
        .header("authorization", format!("Bearer {phone}"))
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(Body::from(gzip(&small)))
        .unwrap();
    assert_eq!(send(&server.app, request).await.1["accepted"], 1);
    // 200 KiB of JSON compresses to almost nothing, but is refused once inflated.
    let big: Vec<Value> = (0..100)
        .map(|i| note(&format!("b{i}"), &"y".repeat(2000)))
        .collect();
    let request = Request::post("/v1/push")
        .header("authorization", format!("Bearer {phone}"))
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(Body::from(gzip(&json!({ "changes": big }))))
        .unwrap();
    assert_eq!(
        send(&server.app, request).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(server.state.storage.latest(&team).await.unwrap(), 1);
}

#[tokio::test]
async fn a_device_over_its_rate_is_told_when_to_retry() {
    let server = server_with(Config {
        rate_per_second: 1.0,
        rate_burst: 2.0,
        ..Config::default()
    });
    let (_, phone) = enrolled(&server, "Brightside", "phone").await;
    for _ in 0..2 {
        assert_eq!(
            send(&server.app, get("/v1/pull?since=0", Some(&phone)))
                .await
                .0,
            StatusCode::OK
        );
    }
    let response = server
        .app
        .clone()
        .oneshot(get("/v1/pull?since=0", Some(&phone)))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "1");
}

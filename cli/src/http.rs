//! A small blocking HTTP client for the demo's phones and webhook senders.
//!
//! The core reaches HTTP through its [`HttpClient`] trait so that the apps keep their
//! platform's stack; on the command line that stack is ureq. Plain HTTP only: the demo
//! talks to its own server on loopback.

use std::io::Read;
use std::time::Duration;

use warmline_core::sync::{HttpClient, HttpRequest, HttpResponse};

/// Longer than the server's longest long poll (25 s).
const TIMEOUT: Duration = Duration::from_secs(40);

#[derive(Debug, Default)]
pub struct Ureq;

impl HttpClient for Ureq {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let mut call = ureq::request(&request.method, &request.url).timeout(TIMEOUT);
        for (name, value) in &request.headers {
            call = call.set(name, value);
        }
        let result = if request.method == "GET" {
            call.call()
        } else {
            call.send_bytes(&request.body)
        };
        let response = match result {
            Ok(response) | Err(ureq::Error::Status(_, response)) => response,
            Err(err) => return Err(err.to_string()),
        };
        let status = response.status();
        let headers = response
            .headers_names()
            .into_iter()
            .filter_map(|name| Some((name.clone(), response.header(&name)?.to_owned())))
            .collect();
        let mut body = Vec::new();
        response
            .into_reader()
            .read_to_end(&mut body)
            .map_err(|e| format!("reading the answer: {e}"))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// Posts `body` with `headers` to `url`: the demo's webhook senders.
pub fn post(url: &str, headers: &[(&str, String)], body: &[u8]) -> Result<HttpResponse, String> {
    Ureq.send(HttpRequest {
        method: "POST".into(),
        url: url.into(),
        headers: std::iter::once(("content-type".to_owned(), "application/json".to_owned()))
            .chain(headers.iter().map(|(n, v)| ((*n).to_owned(), v.clone())))
            .collect(),
        body: body.to_vec(),
    })
}

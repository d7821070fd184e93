//! Requests made of junk: random methods, paths, header values and bodies
//! against a real server. Whatever arrives, the answer is a 2xx, 3xx or 4xx
//! with (for the API) a JSON error — never a 5xx, never a dropped server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use proptest::prelude::*;

use super::{data_dir, start_floe};

fn junk_header() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\"1\"".to_owned()),
        Just("Bearer ".to_owned()),
        Just("*".to_owned()),
        "[ -~]{0,80}",
        "Bearer [A-Za-z0-9_-]{0,60}",
        "\"[0-9]{0,25}\"",
    ]
}

fn junk_path() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("/v1/blobs".to_owned()),
        "/v1/blobs/[A-Za-z0-9_%-]{0,30}",
        "/v1/blobs/[A-Za-z0-9_-]{22}(/events)?",
        "/v1/[a-z%./]{0,20}",
        "/[a-z0-9%./_-]{0,40}",
    ]
}

/// Sends one request by hand (so nothing is cleaned up on the way) and
/// returns the status code.
fn send(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> u16 {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    s.write_all(&bytes).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    // The status line is enough (an event stream would not end).
    while !out.windows(2).any(|w| w == b"\r\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&out);
    text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

#[test]
fn junk_requests_never_get_a_server_error() {
    let data = data_dir("fuzz");
    let server = start_floe(&data, &["--requests-per-minute", "100000", "--max-body", "4096"]);
    let addr = server.addr().to_owned();
    // A real blob, so some requests reach the write path.
    let mut r = super::agent().post(format!("{}/v1/blobs", server.url)).send(&b"x"[..]).unwrap();
    let v: serde_json::Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    let id = v["id"].as_str().unwrap().to_owned();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 300, ..ProptestConfig::default() });
    let strategy = (
        prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "BREW"]),
        prop_oneof![junk_path(), Just(format!("/v1/blobs/{id}")), Just(format!("/v1/blobs/{id}/events"))],
        junk_header(),
        junk_header(),
        junk_header(),
        prop::collection::vec(any::<u8>(), 0..5000),
    );
    runner
        .run(&strategy, |(method, path, if_match, auth, origin, body)| {
            let headers =
                [("If-Match", if_match.as_str()), ("Authorization", auth.as_str()), ("Origin", origin.as_str())];
            let status = send(&addr, method, &path, &headers, &body);
            prop_assert!((200..500).contains(&status), "{method} {path} {headers:?}: {status}");
            Ok(())
        })
        .unwrap();
    // Still serving, and the blob still reads.
    let r = super::agent().get(format!("{}/v1/blobs/{id}", server.url)).call().unwrap();
    assert!(matches!(r.status().as_u16(), 200 | 404), "{}", r.status());
}

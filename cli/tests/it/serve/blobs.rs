//! The blob contract: create, read, conditional update and delete, every
//! error code, limits, concurrent writers, a crash and a restart.

use super::{Backend, Server, agent, data_dir, start_floe};

type Response = ureq::http::Response<ureq::Body>;

fn json(mut r: Response) -> serde_json::Value {
    let text = r.body_mut().read_to_string().expect("a body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}"))
}

fn etag(r: &Response) -> String {
    r.headers().get("etag").expect("an ETag").to_str().unwrap().to_owned()
}

/// An error answer: its status, and a JSON body naming a code and a message.
fn error(r: Response, status: u16, code: &str) {
    assert_eq!(r.status().as_u16(), status, "status for `{code}`");
    let body = json(r);
    assert_eq!(body["code"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}

/// A server on `backend` with a data directory of its own.
fn start(backend: &Backend, test: &str, extra: &[&str]) -> Server {
    let data = data_dir(&format!("{test}-{}", backend.name()));
    let mut args = backend.args();
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    start_floe(&data, &args).owning(data)
}

fn create(server: &Server, bytes: &[u8]) -> (String, String) {
    let r = agent().post(format!("{}/v1/blobs", server.url)).send(bytes).unwrap();
    assert_eq!(r.status().as_u16(), 201);
    assert_eq!(etag(&r), "\"1\"");
    let body = json(r);
    (body["id"].as_str().unwrap().to_owned(), body["write_token"].as_str().unwrap().to_owned())
}

#[test]
fn the_blob_contract() {
    Backend::each("contract", contract);
}

fn contract(backend: &Backend) {
    let server = start(backend, "contract", &[]);
    let db = if backend.name() == "sqlite" { "SQLite at" } else { "PostgreSQL at postgres://floe@127.0.0.1" };
    assert!(server.banner.contains(db) && server.banner.contains("limits:"), "{}", server.banner);
    let a = agent();
    let u = &server.url;

    let health = json(a.get(format!("{u}/v1/health")).call().unwrap());
    assert_eq!(health["database"], backend.name());
    assert!(health["version"].is_string());

    let (id, token) = create(&server, b"ciphertext one");
    assert_eq!(id.len(), 22, "128 random bits, base64url");
    assert!(token.len() >= 43, "256 random bits");
    let (other, _) = create(&server, b"another");
    assert_ne!(id, other);

    let mut r = a.get(format!("{u}/v1/blobs/{id}")).call().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(etag(&r), "\"1\"");
    assert_eq!(r.body_mut().read_to_vec().unwrap(), b"ciphertext one");

    let bearer = format!("Bearer {token}");
    let put = |if_match: Option<&str>, auth: Option<&str>, body: &[u8]| {
        let mut req = a.put(format!("{u}/v1/blobs/{id}"));
        if let Some(m) = if_match {
            req = req.header("If-Match", m);
        }
        if let Some(t) = auth {
            req = req.header("Authorization", t);
        }
        req.send(body).unwrap()
    };
    let r = put(Some("\"1\""), Some(&bearer), b"ciphertext two");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(etag(&r), "\"2\"");
    let mut r = a.get(format!("{u}/v1/blobs/{id}")).call().unwrap();
    assert_eq!((etag(&r), r.body_mut().read_to_vec().unwrap()), ("\"2\"".into(), b"ciphertext two".to_vec()));

    // Nothing is overwritten blindly, and only with the blob's own token.
    error(put(Some("\"1\""), Some(&bearer), b"x"), 412, "stale");
    error(put(None, Some(&bearer), b"x"), 428, "if_match_required");
    error(put(Some("\"2\""), Some("Bearer not-the-token"), b"x"), 403, "forbidden");
    error(put(Some("\"2\""), None, b"x"), 403, "forbidden");
    let mut r = a.get(format!("{u}/v1/blobs/{id}")).call().unwrap();
    assert_eq!(r.body_mut().read_to_vec().unwrap(), b"ciphertext two", "no refused write changed it");

    // Delete: the same rules, then gone for good.
    let del = |m: &str, t: &str| {
        a.delete(format!("{u}/v1/blobs/{id}")).header("If-Match", m).header("Authorization", t).call().unwrap()
    };
    error(del("\"1\"", &bearer), 412, "stale");
    error(del("\"2\"", "Bearer nope"), 403, "forbidden");
    assert_eq!(del("\"2\"", &bearer).status().as_u16(), 204);
    error(a.get(format!("{u}/v1/blobs/{id}")).call().unwrap(), 404, "not_found");
    error(put(Some("\"3\""), Some(&bearer), b"x"), 404, "not_found");
    error(a.get(format!("{u}/v1/blobs/AAAAAAAAAAAAAAAAAAAAAA")).call().unwrap(), 404, "not_found");
    let mut r = a.get(format!("{u}/v1/blobs/{other}")).call().unwrap();
    assert_eq!(r.body_mut().read_to_vec().unwrap(), b"another", "the other blob is untouched");
}

#[test]
fn garbage_in_any_field_or_header_is_a_400_never_a_500() {
    Backend::each("garbage", garbage);
}

fn garbage(backend: &Backend) {
    let server = start(backend, "garbage", &[]);
    let a = agent();
    let u = &server.url;
    let (id, token) = create(&server, b"x");
    error(a.get(format!("{u}/v1/blobs/not-an-id")).call().unwrap(), 400, "bad_id");
    error(a.get(format!("{u}/v1/blobs/{}", "A".repeat(5000))).call().unwrap(), 400, "bad_id");
    error(a.get(format!("{u}/v1/blobs/%00%ff%fe..%2f..")).call().unwrap(), 400, "bad_id");
    for m in ["1", "\"one\"", "\"\"", "*", "\"99999999999999999999999\""] {
        let r = a
            .put(format!("{u}/v1/blobs/{id}"))
            .header("If-Match", m)
            .header("Authorization", format!("Bearer {token}"))
            .send(&b"y"[..])
            .unwrap();
        error(r, 400, "bad_header");
    }
    let r = a
        .put(format!("{u}/v1/blobs/{id}"))
        .header("If-Match", "\"1\"")
        .header("Authorization", format!("Basic {token}"))
        .send(&b"y"[..])
        .unwrap();
    error(r, 400, "bad_header");
    error(a.get(format!("{u}/v1/nothing/here")).call().unwrap(), 404, "no_route");
    error(a.patch(format!("{u}/v1/blobs/{id}")).send(&b""[..]).unwrap(), 405, "method");
    // What no well-behaved client sends: bytes that are not text in a
    // header, a Content-Length that is not a number, a request line of junk.
    let raw = server.raw(
        format!("PUT /v1/blobs/{id} HTTP/1.1\r\nHost: x\r\nIf-Match: \"1\"\r\nAuthorization: Bearer \u{ff}\u{fe}\r\nContent-Length: 1\r\nConnection: close\r\n\r\ny").as_bytes(),
    );
    assert!(raw.starts_with("HTTP/1.1 400") || raw.starts_with("HTTP/1.1 403"), "{raw}");
    let raw = server.raw(b"POST /v1/blobs HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\nConnection: close\r\n\r\n");
    assert!(raw.starts_with("HTTP/1.1 400"), "{raw}");
    let raw = server.raw(b"\x00\x01 garbage \xff\r\n\r\n");
    assert!(raw.is_empty() || raw.starts_with("HTTP/1.1 4"), "{raw}");
    // And the blob is as it was.
    let mut r = a.get(format!("{u}/v1/blobs/{id}")).call().unwrap();
    assert_eq!((etag(&r), r.body_mut().read_to_vec().unwrap()), ("\"1\"".into(), b"x".to_vec()));
}

#[test]
fn limits_answer_in_json_and_store_nothing() {
    Backend::each("limits", limits);
}

fn limits(backend: &Backend) {
    let server = start(backend, "limits", &["--max-body", "1000", "--requests-per-minute", "8"]);
    let a = agent();
    let u = &server.url;
    let (id, token) = create(&server, &[7; 1000]);
    error(a.post(format!("{u}/v1/blobs")).send(&[7u8; 1001][..]).unwrap(), 413, "too_large");
    let r = a
        .put(format!("{u}/v1/blobs/{id}"))
        .header("If-Match", "\"1\"")
        .header("Authorization", format!("Bearer {token}"))
        .send(&[8u8; 1001][..])
        .unwrap();
    error(r, 413, "too_large");
    // A body with no length given, sent in chunks past the limit.
    let mut chunked =
        b"POST /v1/blobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for _ in 0..3 {
        chunked.extend_from_slice(b"200\r\n");
        chunked.extend_from_slice(&[b'z'; 0x200]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let raw = server.raw(&chunked);
    assert!(raw.starts_with("HTTP/1.1 413") && raw.contains("too_large"), "{raw}");
    let mut r = a.get(format!("{u}/v1/blobs/{id}")).call().unwrap();
    assert_eq!(
        (etag(&r), r.body_mut().read_to_vec().unwrap()),
        ("\"1\"".into(), vec![7; 1000]),
        "the refused update stored nothing"
    );
    // Eight requests a minute: the next one waits (the ones above counted).
    let mut last = None;
    for _ in 0..10 {
        let r = a.get(format!("{u}/v1/health")).call().unwrap();
        if r.status().as_u16() == 429 {
            last = Some(r);
            break;
        }
    }
    let r = last.expect("past the limit a client is told to wait");
    let wait: u64 = r.headers().get("retry-after").expect("Retry-After").to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    error(r, 429, "rate_limited");
}

#[test]
fn of_concurrent_writers_with_one_etag_exactly_one_wins() {
    Backend::each("race", race);
}

fn race(backend: &Backend) {
    let server = start(backend, "race", &["--requests-per-minute", "10000"]);
    let (id, token) = create(&server, b"start");
    let url = format!("{}/v1/blobs/{id}", server.url);
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..12)
            .map(|i| {
                let (url, token) = (&url, &token);
                s.spawn(move || {
                    let r = agent()
                        .put(url)
                        .header("If-Match", "\"1\"")
                        .header("Authorization", format!("Bearer {token}"))
                        .send(format!("writer {i}").as_bytes())
                        .unwrap();
                    r.status().as_u16()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 412).count(), 11, "{statuses:?}");
    let mut r = agent().get(&url).call().unwrap();
    assert_eq!(etag(&r), "\"2\"");
    assert!(r.body_mut().read_to_string().unwrap().starts_with("writer "));
}

#[test]
fn a_killed_server_restarts_with_every_acknowledged_write() {
    Backend::each("restart", restart);
}

fn restart(backend: &Backend) {
    let data = data_dir(&format!("restart-{}", backend.name()));
    let mut args = backend.args();
    args.extend(["--requests-per-minute".to_owned(), "10000".to_owned()]);
    let server = start_floe(&data, &args);
    let mut written = Vec::new();
    for i in 0..20 {
        let body = format!("blob {i}");
        let (id, token) = create(&server, body.as_bytes());
        let r = agent()
            .put(format!("{}/v1/blobs/{id}", server.url))
            .header("If-Match", "\"1\"")
            .header("Authorization", format!("Bearer {token}"))
            .send(format!("{body} v2").as_bytes())
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        written.push((id, format!("{body} v2")));
    }
    server.kill();
    let server = start_floe(&data, &backend.args());
    for (id, body) in written {
        let mut r = agent().get(format!("{}/v1/blobs/{id}", server.url)).call().unwrap();
        assert_eq!(etag(&r), "\"2\"");
        assert_eq!(r.body_mut().read_to_string().unwrap(), body);
    }
}

#[test]
fn every_answer_has_the_security_headers_and_cors_only_for_listed_origins() {
    let data = data_dir("headers");
    let dist = data.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Floe</title>").unwrap();
    std::fs::write(dist.join("index.html.br"), [0x0b, 0x01, 0x80, 0x3c, 0x3f, 0x03]).unwrap();
    let server = start_floe(&data, &["--dist", dist.to_str().unwrap(), "--allow-origin", "https://class.example"]);
    assert!(server.banner.contains("app: "), "{}", server.banner);
    let a = agent();
    let u = &server.url;
    for r in [
        a.get(format!("{u}/")).call().unwrap(),
        a.get(format!("{u}/v1/health")).call().unwrap(),
        a.get(format!("{u}/v1/blobs/bad")).call().unwrap(),
        a.get(format!("{u}/missing.js")).call().unwrap(),
    ] {
        let h = r.headers();
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer");
        assert_eq!(h.get("x-frame-options").unwrap(), "SAMEORIGIN");
        assert!(h.get("x-request-id").is_some_and(|v| !v.is_empty()));
    }
    let mut r = a.get(format!("{u}/")).call().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.body_mut().read_to_string().unwrap().contains("<title>Floe</title>"));
    let r = a.get(format!("{u}/")).header("Accept-Encoding", "br").call().unwrap();
    assert_eq!(r.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("br"), "the precompressed twin");
    let cors = |origin: &str| {
        a.get(format!("{u}/v1/health"))
            .header("Origin", origin)
            .call()
            .unwrap()
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(cors("https://class.example").as_deref(), Some("https://class.example"));
    assert_eq!(cors(u).as_deref(), Some(u.as_str()), "the server's own origin");
    assert_eq!(cors("https://evil.example"), None);
}

#[test]
fn two_servers_on_one_postgresql_see_each_others_writes() {
    let [_, backend] = Backend::both("two");
    let one = start(&backend, "two-a", &[]);
    let two = start(&backend, "two-b", &[]);
    let (id, token) = create(&one, b"written through one");
    let mut r = agent().get(format!("{}/v1/blobs/{id}", two.url)).call().unwrap();
    assert_eq!(r.body_mut().read_to_vec().unwrap(), b"written through one");
    let r = agent()
        .put(format!("{}/v1/blobs/{id}", two.url))
        .header("If-Match", "\"1\"")
        .header("Authorization", format!("Bearer {token}"))
        .send(&b"then through two"[..])
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // One's view is the database's, not a copy of its own.
    let r = agent()
        .put(format!("{}/v1/blobs/{id}", one.url))
        .header("If-Match", "\"1\"")
        .header("Authorization", format!("Bearer {token}"))
        .send(&b"stale"[..])
        .unwrap();
    error(r, 412, "stale");
    let mut r = agent().get(format!("{}/v1/blobs/{id}", one.url)).call().unwrap();
    assert_eq!((etag(&r), r.body_mut().read_to_vec().unwrap()), ("\"2\"".into(), b"then through two".to_vec()));
}

#[test]
fn a_data_directory_may_be_named_anything() {
    let data = data_dir("odd name #1? 100% ü");
    let server = start_floe(&data, &[] as &[&str]);
    let (id, _) = create(&server, b"kept");
    server.kill();
    assert!(data.join("floe.db").is_file(), "the database is where --data says");
    let server = start_floe(&data, &[] as &[&str]);
    let mut r = agent().get(format!("{}/v1/blobs/{id}", server.url)).call().unwrap();
    assert_eq!(r.body_mut().read_to_vec().unwrap(), b"kept");
}

#[test]
fn a_space_is_proven_by_its_index_token_and_its_total_size_is_limited() {
    Backend::each("spaces", spaces);
}

fn spaces(backend: &Backend) {
    let server = start(backend, "spaces", &["--max-body", "1000", "--max-space", "2500"]);
    assert!(server.banner.contains("2500 bytes per space"), "{}", server.banner);
    let a = agent();
    let u = &server.url;
    let (index, token) = create(&server, &[1; 500]);
    let in_space = |space: &str, auth: &str, bytes: &[u8]| {
        a.post(format!("{u}/v1/blobs"))
            .header("X-Floe-Space", space)
            .header("Authorization", format!("Bearer {auth}"))
            .send(bytes)
            .unwrap()
    };
    // Only the index's own token puts a blob in its space.
    let (other, other_token) = create(&server, b"x");
    error(in_space(&index, &other_token, b"y"), 403, "forbidden");
    error(in_space("not-an-id", &token, b"y"), 400, "bad_header");
    error(in_space("AAAAAAAAAAAAAAAAAAAAAA", &token, b"y"), 404, "not_found");
    let r = in_space(&index, &token, &[2; 1000]);
    assert_eq!(r.status().as_u16(), 201);
    let member = json(r);
    let (member, member_token) =
        (member["id"].as_str().unwrap().to_owned(), member["write_token"].as_str().unwrap().to_owned());
    assert_eq!(in_space(&index, &token, &[3; 1000]).status().as_u16(), 201);
    // 500 + 1000 + 1000 held: one more byte than 2500 is refused, and stored nowhere.
    error(in_space(&index, &token, &[4; 1]), 413, "space_full");
    let put = |id: &str, tok: &str, tag: &str, bytes: &[u8]| {
        a.put(format!("{u}/v1/blobs/{id}"))
            .header("If-Match", tag)
            .header("Authorization", format!("Bearer {tok}"))
            .send(bytes)
            .unwrap()
    };
    // Growing a member or the index past the total is refused; shrinking is not.
    error(put(&member, &member_token, "\"1\"", &[5; 1000 + 1]), 413, "too_large");
    error(put(&index, &token, "\"1\"", &[6; 501]), 413, "space_full");
    assert_eq!(put(&member, &member_token, "\"1\"", &[5; 400]).status().as_u16(), 200);
    assert_eq!(put(&index, &token, "\"1\"", &[6; 1000]).status().as_u16(), 200, "the room the member gave back");
    // A deleted member frees its bytes.
    let r = a
        .delete(format!("{u}/v1/blobs/{member}"))
        .header("If-Match", "\"2\"")
        .header("Authorization", format!("Bearer {member_token}"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(in_space(&index, &token, &[7; 500]).status().as_u16(), 201);
    // Blobs outside a space are limited only by the body size.
    assert_eq!(put(&other, &other_token, "\"1\"", &[8; 1000]).status().as_u16(), 200);

    // A read naming the ETag it has gets `304` and no body; an older one gets the bytes.
    let r = a.get(format!("{u}/v1/blobs/{index}")).header("If-None-Match", "\"2\"").call().unwrap();
    assert_eq!((r.status().as_u16(), etag(&r)), (304, "\"2\"".to_owned()));
    let mut r = a.get(format!("{u}/v1/blobs/{index}")).header("If-None-Match", "\"1\"").call().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.body_mut().read_to_vec().unwrap(), vec![6; 1000]);
    let r = a.get(format!("{u}/v1/blobs/{index}")).header("If-None-Match", "\u{1}junk").call();
    assert!(r.is_err() || r.unwrap().status().as_u16() == 200, "junk is no match");
}

//! Change notifications: a blob's server-sent-event stream says its current
//! revision, then each new one and its deletion — on one server, and across
//! two servers sharing one PostgreSQL (LISTEN/NOTIFY).

use std::io::{BufRead, BufReader};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use super::{Backend, Server, agent, data_dir, start_floe};

/// The `(event, data)` pairs of a stream, as they come, read on a thread.
fn events(url: String) -> Receiver<(String, String)> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let stream_agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut r = stream_agent.get(&url).call().expect("the stream opens");
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(r.headers().get("content-type").unwrap(), "text/event-stream");
        let mut name = String::new();
        for line in BufReader::new(r.body_mut().as_reader()).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_owned();
            } else if let Some(d) = line.strip_prefix("data: ")
                && tx.send((std::mem::take(&mut name), d.to_owned())).is_err()
            {
                return;
            }
        }
    });
    rx
}

fn next(rx: &Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(Duration::from_secs(10)).expect("an event within 10 s")
}

fn create(server: &Server) -> (String, String) {
    let mut r = agent().post(format!("{}/v1/blobs", server.url)).send(&b"v1"[..]).unwrap();
    let v: serde_json::Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    (v["id"].as_str().unwrap().to_owned(), v["write_token"].as_str().unwrap().to_owned())
}

fn put(server: &Server, id: &str, token: &str, rev: i64) {
    let r = agent()
        .put(format!("{}/v1/blobs/{id}", server.url))
        .header("If-Match", format!("\"{rev}\""))
        .header("Authorization", format!("Bearer {token}"))
        .send(format!("v{}", rev + 1).as_bytes())
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

/// Watching through `watch`, writing through `write` (the same server or not).
fn watch_and_write(watch: &Server, write: &Server) {
    let (id, token) = create(write);
    let (other, other_token) = create(write);
    let rx = events(format!("{}/v1/blobs/{id}/events", watch.url));
    assert_eq!(next(&rx), ("revision".into(), "\"1\"".into()), "the current revision first");
    put(write, &other, &other_token, 1); // another blob: not on this stream
    put(write, &id, &token, 1);
    assert_eq!(next(&rx), ("revision".into(), "\"2\"".into()));
    put(write, &id, &token, 2);
    assert_eq!(next(&rx), ("revision".into(), "\"3\"".into()));
    let r = agent()
        .delete(format!("{}/v1/blobs/{id}", write.url))
        .header("If-Match", "\"3\"")
        .header("Authorization", format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(next(&rx), ("deleted".into(), "\"4\"".into()));
    // The stream ends after a deletion, and a deleted blob has none.
    let end = rx.recv_timeout(Duration::from_secs(10));
    assert_eq!(end, Err(RecvTimeoutError::Disconnected), "the stream ends, with no event after the deletion");
    let r = agent().get(format!("{}/v1/blobs/{id}/events", watch.url)).call().unwrap();
    assert_eq!(r.status().as_u16(), 404);
}

#[test]
fn a_blobs_changes_arrive_as_server_sent_events() {
    for backend in Backend::both("events") {
        let data = data_dir(&format!("events-{}", backend.name()));
        let server = start_floe(&data, &backend.args());
        watch_and_write(&server, &server);
        let r = agent().get(format!("{}/v1/blobs/nope/events", server.url)).call().unwrap();
        assert_eq!(r.status().as_u16(), 400);
    }
}

#[test]
fn a_change_made_through_one_server_is_heard_through_another() {
    let [_, backend] = Backend::both("events-two");
    let (a, b) = (data_dir("events-two-a"), data_dir("events-two-b"));
    let one = start_floe(&a, &backend.args());
    let two = start_floe(&b, &backend.args());
    watch_and_write(&two, &one);
}

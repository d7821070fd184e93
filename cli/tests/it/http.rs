//! HTTP from boards through the CLI, against test servers on 127.0.0.1:
//! the grant flags, the origin checked before anything is sent, redirects
//! checked hop by hop, the size and time caps, and secrets filled in only
//! where granted and never shown to the node.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use super::{floe, text, tmp};

/// A test server: what it was asked (request line and headers) and its origin.
pub(crate) struct TestServer {
    pub origin: String,
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl TestServer {
    /// Serves, on a port of its own: `/json`, `/echo` (the request's line
    /// and headers as text), `/redirect?to=URL`, `/big` (2 MiB), `/slow`
    /// (answers after 5 s), `/status/N`; with CORS headers for browsers.
    pub fn start() -> TestServer {
        Self::start_on(0)
    }

    /// The same on `port` (0: any free one).
    pub fn start_on(port: u16) -> TestServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("the test server's port is free");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &log);
                });
            }
        });
        TestServer { origin, seen }
    }

    pub fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<String>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    log.lock().unwrap().push(head.clone());
    let target = head.split(' ').nth(1).unwrap_or("/").to_owned();
    let (status, extra, body): (u16, String, Vec<u8>) = match target
        .split_once('?')
        .map_or((target.as_str(), ""), |(p, q)| (p, q))
    {
        ("/json", _) => {
            (200, "content-type: application/json\r\n".into(), br#"{"hello": "world", "n": [1, 2]}"#.to_vec())
        }
        ("/weather", _) => {
            (200, "content-type: application/json\r\n".into(), br#"{"city": "Lyon", "celsius": 21.5}"#.to_vec())
        }
        ("/echo", _) => (200, "content-type: text/plain\r\n".into(), head.into_bytes()),
        ("/redirect", q) => (302, format!("location: {}\r\n", q.strip_prefix("to=").unwrap_or("/json")), Vec::new()),
        ("/big", _) => (200, String::new(), vec![b'x'; 2 << 20]),
        ("/slow", _) => {
            std::thread::sleep(Duration::from_secs(5));
            (200, String::new(), b"late".to_vec())
        }
        (p, _) if p.starts_with("/status/") => (p[8..].parse().unwrap_or(500), String::new(), b"as asked".to_vec()),
        _ => (404, String::new(), b"no such thing".to_vec()),
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\naccess-control-allow-origin: *\r\nconnection: close\r\n{extra}\r\n",
        body.len()
    )?;
    out.write_all(&body)?;
    out.flush()
}

/// A board: one HTTP Request node with `config`, its outputs on the board.
fn board(name: &str, config: serde_json::Value, headers: Option<serde_json::Value>) -> String {
    let mut req = json!({"id": "req", "kind": "http.request", "config": config});
    if let Some(h) = headers {
        req["inputs"] = json!({"headers": h});
    }
    let board = json!({"format_version": 1,
        "nodes": [req,
            {"id": "status", "kind": "event.board_output", "config": {"name": "status"}},
            {"id": "body", "kind": "event.board_output", "config": {"name": "body"}}],
        "edges": [
            {"id": "e1", "from": {"node": "req", "pin": "status"}, "to": {"node": "status", "pin": "value"}},
            {"id": "e2", "from": {"node": "req", "pin": "body"}, "to": {"node": "body", "pin": "value"}}]});
    tmp(name, &board.to_string()).to_string_lossy().into_owned()
}

fn run(board: &str, flags: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let mut args = vec!["run", board, "--json"];
    args.extend_from_slice(flags);
    let out = floe(&args);
    let record = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), record, text(&out.stderr))
}

#[test]
fn a_granted_origin_answers_and_nothing_else_is_sent_to() {
    let api = TestServer::start();
    let other = TestServer::start();
    let b = board("granted.board.json", json!({"url": format!("{}/json", api.origin)}), None);

    // Without a grant: a clear error, and no request reached the server.
    let (code, record, _) = run(&b, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(record["error"]["code"], "not-granted", "{}", record["error"]);
    let msg = record["error"]["message"].as_str().unwrap();
    assert!(msg.contains(&format!("GET to {} is not granted", api.origin)) && msg.contains("--allow-origin"), "{msg}");
    assert!(api.requests().is_empty());

    // Another origin granted does not help.
    let (_, record, _) = run(&b, &["--allow-origin", &other.origin]);
    assert_eq!(record["error"]["code"], "not-granted");
    assert!(api.requests().is_empty() && other.requests().is_empty());

    // Granted: the JSON comes back parsed.
    let (code, record, stderr) = run(&b, &["--allow-origin", &api.origin]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(record["outputs"]["status"], 200);
    assert_eq!(record["outputs"]["body"], json!({"hello": "world", "n": [1, 2]}));
    assert_eq!(api.requests().len(), 1);

    // The url input reaching an origin the node does not declare is refused
    // before sending, even with a grant for it.
    let undeclared = json!({"format_version": 1,
        "nodes": [{"id": "req", "kind": "http.request", "config": {"url": format!("{}/json", api.origin)},
                   "inputs": {"url": format!("{}/json", other.origin)}}]});
    let file = tmp("undeclared.board.json", &undeclared.to_string());
    let (_, record, _) = run(file.to_str().unwrap(), &["--allow-origin", &other.origin, "--allow-origin", &api.origin]);
    assert_eq!(record["error"]["code"], "undeclared", "{}", record["error"]);
    assert!(other.requests().is_empty());

    // Bad flags are refused before anything runs.
    let out = floe(&["run", &b, "--allow-origin", "https://X.org/path"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--allow-origin"), "{}", text(&out.stderr));
}

#[test]
fn each_redirect_hop_is_checked() {
    let api = TestServer::start();
    let evil = TestServer::start();
    let to_evil = format!("{}/redirect?to={}/echo", api.origin, evil.origin);
    let b = board("redirect.board.json", json!({"url": to_evil, "origins": evil.origin}), None);
    // The node declares both, but only the first is granted: the second hop is refused unsent.
    let (_, record, _) = run(&b, &["--allow-origin", &api.origin]);
    assert_eq!(record["error"]["code"], "not-granted", "{}", record["error"]);
    assert!(record["error"]["message"].as_str().unwrap().contains(&evil.origin));
    assert_eq!(api.requests().len(), 1);
    assert!(evil.requests().is_empty());
    // A redirect on the same origin is followed.
    let same = board("same.board.json", json!({"url": format!("{}/redirect?to=/json", api.origin)}), None);
    let (code, record, _) = run(&same, &["--allow-origin", &api.origin]);
    assert_eq!(code, Some(0), "{}", record["error"]);
    assert_eq!(record["outputs"]["body"]["hello"], "world");
}

#[test]
fn the_response_size_and_time_are_capped() {
    let api = TestServer::start();
    let big = board("big.board.json", json!({"url": format!("{}/big", api.origin)}), None);
    let (_, record, _) = run(&big, &["--allow-origin", &api.origin, "--max-response-bytes", "1000000"]);
    assert_eq!(record["error"]["code"], "response-too-large", "{}", record["error"]);
    // Within the default limit (8 MiB) it reads.
    let huge = json!({"format_version": 1,
        "nodes": [{"id": "req", "kind": "http.request", "config": {"url": format!("{}/big", api.origin), "response": "text"}},
                  {"id": "len", "kind": "text.length"},
                  {"id": "out", "kind": "event.board_output", "config": {"name": "n"}}],
        "edges": [{"id": "e1", "from": {"node": "req", "pin": "body"}, "to": {"node": "len", "pin": "text"}},
                  {"id": "e2", "from": {"node": "len", "pin": "length"}, "to": {"node": "out", "pin": "value"}}]});
    let file = tmp("huge.board.json", &huge.to_string());
    let (code, record, _) = run(file.to_str().unwrap(), &["--allow-origin", &api.origin]);
    assert_eq!(code, Some(0), "{}", record["error"]);
    assert_eq!(record["outputs"]["n"], 2 << 20);

    let slow = board("slow.board.json", json!({"url": format!("{}/slow", api.origin)}), None);
    let started = std::time::Instant::now();
    let (_, record, _) = run(&slow, &["--allow-origin", &api.origin, "--http-timeout", "0.5"]);
    assert_eq!(record["error"]["code"], "timeout", "{}", record["error"]);
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
}

#[test]
fn a_secret_goes_only_where_granted_and_the_node_never_sees_it() {
    let api = TestServer::start();
    let headers = json!({"authorization": "Bearer {{secret:API_TOKEN}}"});
    let url = format!("{}/echo?key={{{{secret:API_TOKEN}}}}", api.origin);
    let b = board("secret.board.json", json!({"url": url, "secrets": "API_TOKEN", "response": "text"}), Some(headers));
    let value = "tok-3x4mpl3/with space";
    let secrets = tmp("secrets.env", &format!("# for the test\nAPI_TOKEN={value}\n"));
    let secrets = secrets.to_str().unwrap();

    // Declared and given, but not granted: refused before sending.
    let (_, record, _) = run(&b, &["--allow-origin", &api.origin, "--secrets", secrets]);
    assert_eq!(record["error"]["code"], "secret-refused", "{}", record["error"]);
    assert!(api.requests().is_empty());

    // Granted: the server got the value (header raw, URL percent-encoded)…
    let (code, record, stderr) =
        run(&b, &["--allow-origin", &api.origin, "--allow-secret", "API_TOKEN", "--secrets", secrets]);
    assert_eq!(code, Some(0), "{stderr}");
    let seen = api.requests().join("");
    assert!(seen.contains(&format!("authorization: Bearer {value}")), "{seen}");
    assert!(seen.contains("key=tok-3x4mpl3%2Fwith%20space"), "{seen}");
    // …and the node's output, the record and the log hold only the placeholder.
    let body = record["outputs"]["body"].as_str().unwrap();
    assert!(body.contains("authorization: Bearer {{secret:API_TOKEN}}"), "{body}");
    assert!(body.contains("key={{secret:API_TOKEN}}"), "{body}");
    let everything = format!("{record}{stderr}");
    assert!(!everything.contains("tok-3x4mpl3") && !everything.contains("3x4mpl3%2F"), "{everything}");

    // From the environment too; a secret not given is named.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(["run", &b, "--json", "--allow-origin", &api.origin, "--allow-secret", "API_TOKEN"])
        .env("FLOE_SECRET_API_TOKEN", "from-env")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(api.requests().join("").contains("Bearer from-env"));
    let (_, record, _) = run(&b, &["--allow-origin", &api.origin, "--allow-secret", "API_TOKEN"]);
    assert_eq!(record["error"]["code"], "secret-refused");
    assert!(record["error"]["message"].as_str().unwrap().contains("API_TOKEN"), "{}", record["error"]);
}

#[test]
fn statuses_of_400_and_more_fail_unless_told_not_to() {
    let api = TestServer::start();
    let b = board("status.board.json", json!({"url": format!("{}/status/503", api.origin)}), None);
    let (_, record, _) = run(&b, &["--allow-origin", &api.origin]);
    assert_eq!(record["error"]["code"], "http-status", "{}", record["error"]);
    assert!(record["error"]["message"].as_str().unwrap().contains("answered 503: as asked"), "{}", record["error"]);
    let b = board(
        "status2.board.json",
        json!({"url": format!("{}/status/404", api.origin), "fail_on_status": false}),
        None,
    );
    let (code, record, _) = run(&b, &["--allow-origin", &api.origin]);
    assert_eq!(code, Some(0));
    assert_eq!(record["outputs"]["status"], 404);
    assert_eq!(record["outputs"]["body"], "as asked");
}

/// A folder of its own holding module `wat` (as `m.wat`, with `io` as its io
/// schema when given) and a board whose node `m` is that module's, its
/// output pin `output` (if any) wired to the board output of that name.
/// Returns the board's path and what `floe node inspect` said of the module.
fn module_board(test: &str, wat: &str, io: Option<&serde_json::Value>, output: Option<&str>) -> (String, String) {
    let dir = std::env::temp_dir().join(format!("floe-cli-http-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("m.wat"), wat).unwrap();
    if let Some(io) = io {
        std::fs::write(dir.join("m.io.json"), io.to_string()).unwrap();
    }
    let inspect = floe(&["node", "inspect", dir.join("m.wat").to_str().unwrap()]);
    let said = text(&inspect.stdout) + &text(&inspect.stderr);
    let hash = said.split("sha256:").nth(1).expect("inspect names the module's hash")[..64].to_owned();
    let mut module = json!({"hash": format!("sha256:{hash}"), "name": "m.wat", "path": "m.wat"});
    if let Some(io) = io {
        module["io"] = io.clone();
    }
    let mut board =
        json!({"format_version": 1, "modules": [module], "nodes": [{"id": "m", "kind": format!("wasm:{hash}")}]});
    if let Some(name) = output {
        board["nodes"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "out", "kind": "event.board_output", "config": {"name": name}}));
        board["edges"] =
            json!([{"id": "e", "from": {"node": "m", "pin": name}, "to": {"node": "out", "pin": "value"}}]);
    }
    let file = dir.join("board.json");
    std::fs::write(&file, board.to_string()).unwrap();
    (file.to_str().unwrap().to_owned(), said)
}

#[test]
fn a_custom_node_fetches_through_the_host_and_never_sees_its_secret() {
    let api = TestServer::start();
    let example = include_str!("../../../node-sdk/examples/wat/http_echo.wat");
    let (file, said) =
        module_board("wat", &example.replace("http://127.0.0.1:8787", &api.origin), None, Some("answer"));
    assert!(said.contains(&format!("needs:    GET {}; secret DEMO_TOKEN", api.origin)), "{said}");
    let file = file.as_str();

    // Not granted: the node's call is answered with the error and nothing is sent.
    let (_, record, _) = run(file, &[]);
    assert_eq!(record["outputs"]["answer"]["error"]["code"], "not-granted", "{}", record["outputs"]);
    assert!(api.requests().is_empty());

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(["run", file, "--json", "--allow-origin", &api.origin, "--allow-secret", "DEMO_TOKEN"])
        .env("FLOE_SECRET_DEMO_TOKEN", "s3cr3t-value")
        .output()
        .unwrap();
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(api.requests().join("").contains("authorization: Bearer s3cr3t-value"));
    let answer = &record["outputs"]["answer"];
    assert_eq!(answer["status"], 200, "{answer}");
    assert!(answer["body"].as_str().unwrap().contains("authorization: Bearer {{secret:DEMO_TOKEN}}"), "{answer}");
    // Its output, its log line and the whole record hold the placeholder only.
    assert!(!record.to_string().contains("s3cr3t") && !text(&out.stderr).contains("s3cr3t"));
    assert!(record["logs"][0]["text"].as_str().unwrap().contains("{{secret:DEMO_TOKEN}}"), "{}", record["logs"]);
    // Waiting used no fuel: the node's fuel is that of its few instructions.
    let fuel = record["nodes"].as_array().unwrap().iter().find(|n| n["id"] == "m").unwrap()["fuel"].as_u64();
    assert!(fuel.is_some_and(|f| f < 100_000), "{fuel:?}");
}

/// `floe run BOARD --listen`: a child process serving `board` on a free port;
/// killed on drop.
struct Listening {
    child: std::process::Child,
    base: String,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn listen(name: &str, board: serde_json::Value, flags: &[&str]) -> Listening {
    let file = tmp(name, &board.to_string());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(["run", file.to_str().unwrap(), "--listen", "127.0.0.1:0"])
        .args(flags)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let base = line.trim().strip_prefix("listening on ").expect("the address is printed first").to_owned();
    // The rest of its output is read (and dropped) as it comes.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    Listening { child, base }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// HTTP In `path` → (text.concat "hello " + :name) → HTTP Response; a
/// `/fail` route whose node fails; a `/slow` route that waits 3 s.
fn greeter() -> serde_json::Value {
    json!({"format_version": 1,
    "nodes": [
        {"id": "in", "kind": "http.in", "config": {"method": "GET", "path": "/hello/:name"}},
        {"id": "name", "kind": "data.get_path", "inputs": {"path": "name"}},
        {"id": "greet", "kind": "text.concat", "inputs": {"a": "hello "}},
        {"id": "out", "kind": "http.response", "inputs": {"status": 200, "headers": {"x-floe": "yes"}}},
        {"id": "fail_in", "kind": "http.in", "config": {"method": "POST", "path": "/fail"}},
        {"id": "div", "kind": "math.divide", "inputs": {"a": 1, "b": 0}},
        {"id": "fail_out", "kind": "http.response"},
        {"id": "slow_in", "kind": "http.in", "config": {"path": "/slow"}},
        {"id": "wait", "kind": "flow.delay", "config": {"ms": 3000}},
        {"id": "slow_out", "kind": "http.response", "inputs": {"body": "late"}}
    ],
    "edges": [
        {"id": "e1", "from": {"node": "in", "pin": "params"}, "to": {"node": "name", "pin": "value"}},
        {"id": "e2", "from": {"node": "name", "pin": "value"}, "to": {"node": "greet", "pin": "b"}},
        {"id": "e3", "from": {"node": "greet", "pin": "text"}, "to": {"node": "out", "pin": "body"}},
        {"id": "e4", "from": {"node": "in", "pin": "then"}, "to": {"node": "out", "pin": "exec"}},
        {"id": "e5", "from": {"node": "fail_in", "pin": "then"}, "to": {"node": "fail_out", "pin": "exec"}},
        {"id": "e6", "from": {"node": "div", "pin": "result"}, "to": {"node": "fail_out", "pin": "body"}},
        {"id": "e7", "from": {"node": "slow_in", "pin": "then"}, "to": {"node": "wait", "pin": "exec"}},
        {"id": "e8", "from": {"node": "wait", "pin": "then"}, "to": {"node": "slow_out", "pin": "exec"}}
    ]})
}

#[test]
fn a_listening_board_answers_each_request_with_a_run_of_its_own() {
    let server = listen("greeter.board.json", greeter(), &["--timeout", "1"]);
    let get = |path: &str| {
        let mut r = agent().get(&format!("{}{path}", server.base)).call().unwrap();
        let status = r.status().as_u16();
        let header = r.headers().get("x-floe").map(|v| v.to_str().unwrap().to_owned());
        (status, header, r.body_mut().read_to_string().unwrap())
    };
    assert_eq!(get("/hello/ada"), (200, Some("yes".into()), "hello ada".into()));

    // Concurrent requests are separate runs: each gets its own answer.
    let answers: Vec<(u16, Option<String>, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8).map(|i| s.spawn(move || get(&format!("/hello/n{i}")))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, a) in answers.iter().enumerate() {
        assert_eq!(a, &(200, Some("yes".into()), format!("hello n{i}")));
    }

    // No route: 404. A failing run: 500 with the error. A slow run: 504 at the per-request limit.
    let (status, _, body) = get("/nowhere");
    assert_eq!(status, 404);
    assert!(body.contains("no HTTP In node answers GET /nowhere"), "{body}");
    let mut r = agent().post(&format!("{}/fail", server.base)).send("").unwrap();
    assert_eq!(r.status().as_u16(), 500);
    let failed: serde_json::Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(failed["error"]["code"], "division-by-zero", "{failed}");
    let started = std::time::Instant::now();
    let (status, _, body) = get("/slow");
    assert_eq!(status, 504, "{body}");
    assert!(started.elapsed() < Duration::from_millis(2900), "{:?}", started.elapsed());

    // The server is still there after all of it.
    assert_eq!(get("/hello/again").2, "hello again");
}

#[test]
fn a_wasi_program_fetches_through_the_same_imports_declared_in_its_io_schema() {
    let api = TestServer::start();
    let request =
        format!(r#"{{"url":"{}/echo","headers":[["authorization","Bearer {{{{secret:TOKEN}}}}"]]}}"#, api.origin);
    let escaped = request.replace('\\', "\\\\").replace('"', "\\\"");
    let wat = format!(
        r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "floe" "http_fetch" (func $fetch (param i32 i32) (result i32)))
  (import "floe" "http_read" (func $read (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{escaped}")
  (func (export "_start")
    (local $n i32)
    (local.set $n (call $fetch (i32.const 16) (i32.const {len})))
    (call $read (i32.const 1024))
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#,
        len = request.len()
    );
    let io = json!({"input": {"type": "object"},
        "output": {"type": "object", "properties": {"status": {"type": "integer"}, "body": {"type": "string"}}},
        "capabilities": {"http": [{"origin": api.origin, "methods": ["GET"]}], "secrets": ["TOKEN"]}});
    let (file, said) = module_board("wasi", &wat, Some(&io), Some("body"));
    assert!(said.contains(&format!("needs:    GET {}; secret TOKEN", api.origin)), "{said}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(["run", &file, "--json", "--allow-origin", &api.origin, "--allow-secret", "TOKEN"])
        .env("FLOE_SECRET_TOKEN", "wasi-s3cr3t")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(api.requests().join("").contains("authorization: Bearer wasi-s3cr3t"));
    let body = record["outputs"]["body"].as_str().unwrap();
    assert!(
        body.contains("authorization: Bearer {{secret:TOKEN}}") && !record.to_string().contains("wasi-s3cr3t"),
        "{body}"
    );
}

#[test]
fn a_node_that_passes_a_limit_before_its_request_fails_and_sends_nothing() {
    let api = TestServer::start();
    // The example node, logging 100 bytes before it asks.
    let example =
        include_str!("../../../node-sdk/examples/wat/http_echo.wat").replace("http://127.0.0.1:8787", &api.origin);
    let wat = example.replacen(
        "(local.set $n (call $fetch",
        "(call $log (i32.const 1) (i32.const 0) (i32.const 100))\n    (local.set $n (call $fetch",
        1,
    );
    assert_ne!(wat, example);
    let (file, _) = module_board("limit", &wat, None, None);
    let (code, record, _) =
        run(&file, &["--allow-origin", &api.origin, "--allow-secret", "DEMO_TOKEN", "--max-log-bytes", "10"]);
    assert_eq!(code, Some(1));
    assert_eq!(record["error"]["code"], "limit", "{}", record["error"]);
    std::thread::sleep(Duration::from_millis(100));
    assert!(api.requests().is_empty(), "{:?}", api.requests());
}

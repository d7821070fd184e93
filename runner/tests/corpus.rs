//! Every board of the hostile corpus (`tests/hostile/boards/`) runs in a
//! session, and what the worker would send back (its events and its record)
//! reads back on the page's side: no value too large or too deep for a
//! message, whatever the board made.

use floe_engine::{Board, RunLimits, StdHost};
use floe_runner::Session;
use floe_runner::protocol::Reply;

#[test]
fn every_hostile_boards_replies_read_back() {
    let boards = floe_test_support::files("tests/hostile/boards", ".board.json");
    assert!(boards.len() >= 10);
    for path in boards {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expect: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(path.to_string_lossy().replace(".board.json", ".hostile.json")).unwrap(),
        )
        .unwrap();
        if expect["code"] == "internal" {
            continue; // It panics: the worker's own test (a browser test) covers it.
        }
        let board = Board::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let limits = RunLimits {
            max_wall_ms: expect["limits"]["max_wall_ms"].as_f64().or(Some(600_000.0)),
            ..RunLimits::default()
        };
        let mut events = Vec::new();
        if expect["stage"] == "validate" {
            // Refused before it runs: the page is told why, with the code.
            let ran = pollster::block_on(Session::new().run(
                &board,
                expect["input"].clone(),
                limits,
                &StdHost::default(),
                &mut |_| {},
            ));
            let why = ran.unwrap_err();
            assert!(why.contains(expect["code"].as_str().unwrap()), "{name}: {why}");
            continue;
        }
        let record = pollster::block_on(Session::new().run(
            &board,
            expect["input"].clone(),
            limits,
            &StdHost::default(),
            &mut |e| events.push(e),
        ))
        .unwrap();
        let code = record.error.as_ref().map(|e| e.code.clone());
        assert_eq!(code.as_deref(), expect["code"].as_str(), "{name}");
        for reply in
            [Reply::Events { id: 1, events }, Reply::Finished { id: 1, record: Some(Box::new(record)), problem: None }]
        {
            let text = serde_json::to_string(&reply).unwrap();
            let back: Result<Reply, _> = serde_json::from_str(&text);
            assert!(back.is_ok(), "{name}: {:?}", back.err());
        }
    }
}

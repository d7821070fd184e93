//! Hostile boards from the command line: module paths never leave the
//! board's folder, terminal escapes in board text are printed escaped,
//! runs stop at their limits, and every board of the hostile corpus ends in
//! its documented error within its bound.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{floe, text};

/// A folder of its own for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("floe-cli-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A board whose one custom node's module is the file at `path`.
fn board_with_module(dir: &Path, path: &str) -> PathBuf {
    let hash = format!("sha256:{}", "ab".repeat(32));
    let board = serde_json::json!({"format_version": 1,
        "modules": [{"hash": hash, "name": "m", "path": path}],
        "nodes": [{"id": "n", "kind": format!("wasm:{}", "ab".repeat(32))}]});
    let file = dir.join("board.json");
    std::fs::write(&file, board.to_string()).unwrap();
    file
}

/// Regression: the CLI read a module path wherever it pointed and printed
/// the hash of what it read; a FIFO hung it for ever.
#[test]
fn module_paths_stay_inside_the_boards_folder_and_are_regular_files() {
    let dir = folder("paths");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let fifo = dir.join("pipe.wasm");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    std::os::unix::fs::symlink("/etc/hostname", dir.join("link.wasm")).unwrap();
    for (path, says) in [
        ("/etc/hostname", "module paths must be relative and stay inside the board's folder"),
        ("../../../../etc/passwd", "module paths must be relative and stay inside the board's folder"),
        ("sub/../../x.wasm", "module paths must be relative and stay inside the board's folder"),
        ("link.wasm", "module paths must be relative and stay inside the board's folder"),
        ("/dev/zero", "module paths must be relative and stay inside the board's folder"),
        ("pipe.wasm", "not a regular file"),
    ] {
        let board = board_with_module(&dir, path);
        let t = Instant::now();
        let out = floe(&["check", board.to_str().unwrap()]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{path}: {err}");
        assert!(err.contains(says), "{path}: {err}");
        assert!(!err.contains("its bytes hash to"), "{path}: nothing about the file is printed: {err}");
        assert!(t.elapsed() < Duration::from_secs(5), "{path} took {:?}", t.elapsed());
    }
}

/// Regression: board text with terminal escape sequences was printed raw.
#[test]
fn terminal_escapes_and_bidi_overrides_in_board_text_are_escaped() {
    let dir = folder("escapes");
    let board = dir.join("board.json");
    let kind = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}gnp.exe";
    std::fs::write(
        &board,
        serde_json::json!({"format_version": 1, "nodes": [{"id": "x\u{9b}31m", "kind": kind}]}).to_string(),
    )
    .unwrap();
    let out = floe(&["check", board.to_str().unwrap()]);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!all.chars().any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{9b}' || c == '\u{202e}'), "{all:?}");
    assert!(all.contains("evil\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{202e}gnp.exe"), "{all}");
    let out = floe(&["check", board.to_str().unwrap(), "--json"]);
    let json = text(&out.stdout);
    assert!(!json.contains('\u{202e}') && !json.contains('\u{9b}'), "{json:?}");
}

#[test]
fn timeout_and_limit_flags_apply() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile/boards");
    let delay = corpus.join("endless_delay.board.json");
    let t = Instant::now();
    let out = floe(&["run", delay.to_str().unwrap(), "--timeout", "0.3"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("`max_wall_ms`"), "{}", text(&out.stderr));
    assert!(t.elapsed() < Duration::from_secs(3), "took {:?}", t.elapsed());
    let range = corpus.join("range_huge.board.json");
    let out = floe(&["run", range.to_str().unwrap(), "--max-list-len", "10000000"]);
    assert_eq!(out.status.code(), Some(0), "a raised limit lets it run: {}", text(&out.stderr));
}

#[test]
fn every_hostile_board_ends_in_its_error_from_the_command_line() {
    let boards = floe_test_support::files("tests/hostile/boards", ".board.json");
    assert!(boards.len() >= 10);
    for board in boards {
        let expect: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(board.to_string_lossy().replace(".board.json", ".hostile.json")).unwrap(),
        )
        .unwrap();
        let mut args = vec!["run".to_owned(), board.to_string_lossy().into_owned()];
        if let Some(ms) = expect["limits"]["max_wall_ms"].as_f64() {
            args.extend(["--timeout".to_owned(), (ms / 1000.0).to_string()]);
        }
        if !expect["input"].is_null() {
            args.extend(["--input".to_owned(), expect["input"].to_string()]);
        }
        let t = Instant::now();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = floe(&args);
        let took = t.elapsed();
        let err = text(&out.stderr);
        let name = board.file_name().unwrap().to_string_lossy().into_owned();
        let bound = Duration::from_millis(expect["within_ms"].as_u64().unwrap() + 2000);
        assert!(took < bound, "{name} took {took:?}");
        match expect["code"].as_str() {
            None => assert_eq!(out.status.code(), Some(0), "{name}: {err}"),
            Some(code) => {
                // A board refused before it runs is invalid (2); one stopped in its run failed (1).
                let exit = if expect["stage"] == "run" { 1 } else { 2 };
                assert_eq!(out.status.code(), Some(exit), "{name}: {err}");
                let says = expect["contains"].as_str().unwrap_or(code);
                let all = format!("{err}{}", text(&out.stdout));
                assert!(all.contains(says), "{name}: {all}");
            }
        }
    }
}

/// Every module of the hostile corpus, run alone with `floe node run`: a
/// module refused at load exits 2, one stopped in its run exits 1, each
/// with its error code, within its bound.
#[test]
fn every_hostile_module_ends_in_its_error_from_the_command_line() {
    let modules = floe_test_support::files("tests/hostile/modules", ".wat");
    assert!(modules.len() >= 10);
    for module in modules {
        let expect: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(module.with_extension("hostile.json")).unwrap()).unwrap();
        let mut args = vec!["node".to_owned(), "run".to_owned(), module.to_string_lossy().into_owned()];
        for (setting, flag) in [("fuel", "--fuel"), ("memory_bytes", "--memory")] {
            if let Some(v) = expect["config"][setting].as_u64() {
                args.extend([flag.to_owned(), v.to_string()]);
            }
        }
        let t = Instant::now();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = floe(&args);
        let took = t.elapsed();
        let err = text(&out.stderr);
        let name = module.file_name().unwrap().to_string_lossy().into_owned();
        assert!(took < Duration::from_millis(expect["within_ms"].as_u64().unwrap() + 2000), "{name} took {took:?}");
        match expect["code"].as_str() {
            None => {
                assert_eq!(out.status.code(), Some(0), "{name}: {err}");
                let printed: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
                assert_eq!(printed["output"], expect["output"], "{name}");
            }
            Some(code) => {
                let exit = if expect["stage"] == "load" { 2 } else { 1 };
                assert_eq!(out.status.code(), Some(exit), "{name}: {err}");
                assert!(err.contains(&format!("[{code}]")), "{name}: {err}");
                assert!(err.contains(expect["contains"].as_str().unwrap()), "{name}: {err}");
            }
        }
    }
}

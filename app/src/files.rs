//! Files in and out: custom node modules (`.wasm`, `.wat`, with an optional
//! `NAME.io.json` for WASI programs) and boards (`.json`), by drop, file
//! dialog or URL; exporting the board as a `.json` download.

use floe_engine::Board;
use floe_engine::module::IoSchema;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::state::Editor;
use crate::state::library::Library;
use crate::state::modules::Added;

/// Reads a file's bytes.
pub async fn read(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer()).await.map_err(|e| format!("cannot read {}: {e:?}", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

fn stem(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.strip_suffix(".io.json")
        .or_else(|| base.strip_suffix(".json"))
        .or_else(|| base.strip_suffix(".wasm"))
        .or_else(|| base.strip_suffix(".wat"))
        .unwrap_or(base)
}

/// Handles dropped or picked files: boards open, modules are added (a WASI
/// program picks up `NAME.io.json` given with it).
pub async fn handle(editor: Editor, lib: Library, files: Vec<web_sys::File>) {
    let mut loaded = Vec::new();
    for f in &files {
        match read(f).await {
            Ok(bytes) => loaded.push((f.name(), bytes)),
            Err(e) => editor.notify(e, true),
        }
    }
    let schemas: Vec<(String, IoSchema)> = loaded
        .iter()
        .filter(|(n, _)| n.ends_with(".json"))
        .filter_map(|(n, b)| serde_json::from_slice::<IoSchema>(b).ok().map(|s| (stem(n).to_owned(), s)))
        .collect();
    for (name, bytes) in &loaded {
        if name.ends_with(".json") {
            if schemas.iter().any(|(s, _)| s == stem(name)) {
                continue; // an io schema, used with its module
            }
            import_board(editor, lib, name, bytes);
        } else {
            let io = schemas.iter().find(|(s, _)| s == stem(name)).map(|(_, io)| io.clone());
            add_module(editor, name, bytes, io, |_| {});
        }
    }
}

/// Adds a module, says what happened, then calls `then` with its node kind.
pub fn add_module(editor: Editor, name: &str, bytes: &[u8], io: Option<IoSchema>, then: impl Fn(&str) + 'static) {
    let name = name.to_owned();
    editor.add_module(&name.clone(), bytes, io, move |added| match added {
        Ok(added) => {
            let kind = match &added {
                Added::New(k) => {
                    editor.notify(format!("{name}: added to the palette under Custom"), false);
                    k
                }
                Added::Replaced(k, n) => {
                    editor.notify(format!("{name}: replaced the older version; {n} node(s) updated"), false);
                    k
                }
                Added::Same(k) => {
                    editor.notify(format!("{name}: already on this board"), false);
                    k
                }
            };
            then(kind);
        }
        Err(e) => editor.notify(e, true),
    });
}

/// Imports a board file as a new stored board and opens it (the board on
/// screen stays as it is, saved).
pub fn import_board(editor: Editor, lib: Library, name: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    match Board::from_json(&text) {
        Ok(mut board) => {
            if board.meta.name.trim().is_empty() {
                board.meta.name = stem(name).to_owned();
            }
            lib.create(board);
            editor.notify(format!("imported {name} as a new board"), false);
        }
        Err(e) => editor.tell(floe_editor::explain::board_file(name, &e)),
    }
}

/// Fetches a module from a URL and adds it: https only (or http on this
/// computer), no credentials, at most 16 MiB, within 20 s; the module's name
/// is the URL's last path part, without its query or fragment.
pub async fn from_url(editor: Editor, url: String) {
    match fetch_module(&url).await {
        Ok((name, bytes)) => add_module(editor, &name, &bytes, None, |_| {}),
        Err(e) => editor.notify(e, true),
    }
}

async fn fetch_module(url: &str) -> Result<(String, Vec<u8>), String> {
    use floe_editor::module_url::{self, MAX_BYTES, TIMEOUT_MS, UrlParts};
    let parsed = web_sys::Url::new(url).map_err(|_| format!("{url:?} is not a web address"))?;
    let (protocol, hostname, username, password, pathname) =
        (parsed.protocol(), parsed.hostname(), parsed.username(), parsed.password(), parsed.pathname());
    let name = module_url::check(&UrlParts {
        protocol: &protocol,
        hostname: &hostname,
        username: &username,
        password: &password,
        pathname: &pathname,
    })
    .map_err(|e| e.to_string())?;
    let window = web_sys::window().ok_or("no window")?;
    let abort = web_sys::AbortController::new().map_err(|e| format!("{e:?}"))?;
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&abort.signal()));
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    let cancel = abort.clone();
    let timer = gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || cancel.abort());
    let failed = |e: wasm_bindgen::JsValue| {
        if abort.signal().aborted() {
            format!("{name}: no answer within {} s", TIMEOUT_MS / 1000)
        } else {
            format!("cannot fetch {name}: {}", floe_runner::net::js_text(&e))
        }
    };
    let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(&failed)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_owned())?;
    if !resp.ok() {
        return Err(format!("{name}: HTTP {}", resp.status()));
    }
    let bytes = floe_runner::net::read_capped(&resp, &abort, MAX_BYTES).await.map_err(|too_large| {
        if too_large {
            format!("{name}: larger than {} MiB", MAX_BYTES >> 20)
        } else if abort.signal().aborted() {
            format!("{name}: no answer within {} s", TIMEOUT_MS / 1000)
        } else {
            format!("cannot fetch {name}: the download broke off")
        }
    })?;
    drop(timer);
    Ok((name, bytes))
}

/// Offers the board as a `.json` download.
pub fn export(editor: Editor) {
    let (name, json) = editor.with_document(|b| (b.meta.name.clone(), b.to_json_pretty()));
    let file =
        format!("{}.board.json", if name.trim().is_empty() { "board".into() } else { name.replace(['/', '\\'], "-") });
    let parts = js_sys::Array::of1(&json.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(doc) = web_sys::window().and_then(|w| w.document())
        && let Ok(a) = doc.create_element("a")
    {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", &file);
        if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The files of a file input or a drop.
pub fn list(files: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(files) = files else { return Vec::new() };
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

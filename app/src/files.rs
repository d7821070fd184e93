//! Files in and out: custom node modules (`.wasm`, `.wat`, with an optional
//! `NAME.io.json` for WASI programs) and boards (`.json`), by drop, file
//! dialog or URL; exporting the board as a `.json` download.

use floe_engine::Board;
use floe_engine::wasm::IoSchema;
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
            add_module(editor, name, bytes, io);
        }
    }
}

/// Adds a module and says what happened.
pub fn add_module(editor: Editor, name: &str, bytes: &[u8], io: Option<IoSchema>) {
    match editor.add_module(name, bytes, io) {
        Ok(Added::New(_)) => editor.notify(format!("{name}: added to the palette under Custom"), false),
        Ok(Added::Replaced(_, n)) => {
            editor.notify(format!("{name}: replaced the older version; {n} node(s) updated"), false)
        }
        Ok(Added::Same(_)) => editor.notify(format!("{name}: already on this board"), false),
        Err(e) => editor.notify(e, true),
    }
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
        Err(e) => editor.notify(format!("{name}: {e}"), true),
    }
}

/// Fetches a module from a URL and adds it.
pub async fn from_url(editor: Editor, url: String) {
    let result = async {
        let window = web_sys::window().ok_or("no window")?;
        let resp =
            JsFuture::from(window.fetch_with_str(&url)).await.map_err(|e| format!("cannot fetch {url}: {e:?}"))?;
        let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_owned())?;
        if !resp.ok() {
            return Err(format!("{url}: HTTP {}", resp.status()));
        }
        let buf =
            JsFuture::from(resp.array_buffer().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
        Ok::<_, String>(js_sys::Uint8Array::new(&buf).to_vec())
    }
    .await;
    match result {
        Ok(bytes) => {
            let name = url.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("module.wasm").to_owned();
            add_module(editor, &name, &bytes, None);
        }
        Err(e) => editor.notify(e, true),
    }
}

/// Offers the board as a `.json` download.
pub fn export(editor: Editor) {
    let (name, json) = editor.with_board(|b| (b.meta.name.clone(), b.to_json_pretty()));
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

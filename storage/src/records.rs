//! The small records kept beside the boards.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// A board in the home screen's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The board's id (its key).
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was first saved (ms since the epoch).
    pub created_ms: f64,
    /// When it was last saved.
    pub modified_ms: f64,
    /// How many nodes it has.
    pub nodes: usize,
    /// When it went to the bin, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_ms: Option<f64>,
    /// Why the entry could not be read, if it could not (never saved).
    #[serde(skip)]
    pub damaged: Option<String>,
}

impl Entry {
    pub(crate) fn from_js(id: &str, v: &JsValue) -> Result<Entry, String> {
        let text = v.as_string().ok_or("not text")?;
        let mut e: Entry = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        e.id = id.to_owned();
        Ok(e)
    }

    pub(crate) fn damaged(id: &str, reason: &str) -> Entry {
        Entry {
            id: id.to_owned(),
            name: format!("Damaged board {id}"),
            created_ms: 0.0,
            modified_ms: 0.0,
            nodes: 0,
            deleted_ms: None,
            damaged: Some(reason.to_owned()),
        }
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an entry serialises")
    }
}

/// A saved version of a board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// Its key: `<board id>/<time>`.
    pub key: String,
    /// The board's id.
    pub board: String,
    /// When it was taken.
    pub at_ms: f64,
    /// The name the user gave it.
    #[serde(default)]
    pub label: Option<String>,
    /// Taken automatically (pruned), or by the user (kept).
    pub auto: bool,
    /// How many nodes the board had.
    pub nodes: usize,
}

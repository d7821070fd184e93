//! What a board knows of a custom node module without running it: its
//! identity (the sha256 of its bytes) and, for a WASI program, the io
//! schema its pins come from. The sandbox that loads and runs modules is
//! `crate::wasm`, layers above; the saved board only refers to modules.

use std::fmt;

use floe_node_sdk::host::Capabilities;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The sha256 of a module's bytes (wasm binary or WAT text, as given).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleHash(pub [u8; 32]);

impl ModuleHash {
    /// Hashes module bytes.
    pub fn of(bytes: &[u8]) -> Self {
        ModuleHash(Sha256::digest(bytes).into())
    }

    /// Lowercase hex.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The node kind name of the module's node: `wasm:<hex>`.
    pub fn kind_name(&self) -> String {
        format!("wasm:{}", self.hex())
    }

    /// Parses `sha256:<64 hex digits>` (or the bare hex).
    pub fn parse(s: &str) -> Option<Self> {
        let hex = s.strip_prefix("sha256:").unwrap_or(s);
        if hex.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        Some(ModuleHash(out))
    }

    /// The module hash named by a node kind, if it is a `wasm:` kind.
    pub fn from_kind(kind: &str) -> Option<Self> {
        kind.strip_prefix("wasm:").and_then(Self::parse)
    }
}

impl fmt::Display for ModuleHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.hex())
    }
}

impl fmt::Debug for ModuleHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ModuleHash({self})")
    }
}

impl Serialize for ModuleHash {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for ModuleHash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ModuleHash::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("expected `sha256:` and 64 hex digits, got {s:?}")))
    }
}

/// A WASI node's pins: JSON Schemas of its stdin and stdout, with an example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IoSchema {
    /// Schema of the JSON object the program reads.
    pub input: serde_json::Value,
    /// Schema of the JSON object the program writes.
    pub output: serde_json::Value,
    /// An example input and output, for people reading the board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// What the program does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What it needs from outside its sandbox (HTTP origins, secrets), for
    /// the imports `floe.http_fetch`/`floe.http_read` (ABI.md, "HTTP").
    #[serde(default, skip_serializing_if = "Capabilities::is_empty")]
    pub capabilities: Capabilities,
}

/// Which contract a module follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModuleKind {
    /// The Floe node ABI (`get_node`, `run`/`run_typed`).
    Floe,
    /// A WASI program reading JSON on stdin and writing JSON on stdout.
    Wasi,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest_and_round_trip() {
        let h = ModuleHash::of(b"abc");
        assert_eq!(h.to_string(), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(ModuleHash::parse(&h.to_string()), Some(h));
        assert_eq!(ModuleHash::from_kind(&h.kind_name()), Some(h));
        assert_eq!(ModuleHash::parse("sha256:xyz"), None);
    }
}

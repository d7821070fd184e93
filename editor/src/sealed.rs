//! Boards shared through a Floe server (`floe serve`), end-to-end encrypted
//! (the model of Excalidraw's links): the link is `<server>#s=<blob>.<key>`.
//! The server keeps only the sealed bytes: [`MAGIC`], a 12-byte nonce, and
//! the AES-256-GCM ciphertext (its 16-byte tag last) of [`share::pack`]'s
//! bytes. The key is 32 random bytes that exist only in the link's fragment,
//! which browsers never send to a server. The cipher is the browser's
//! (WebCrypto); this module is the format around it, and the words for
//! everything that can go wrong.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::share::{self, ShareError};

/// The fragment key: `#s=...`.
pub const KEY: &str = "s=";
/// The first bytes of every sealed board (format 1).
pub const MAGIC: &[u8; 4] = b"FLS1";
/// AES-GCM's nonce.
pub const NONCE_LEN: usize = 12;
/// AES-256's key.
pub const KEY_LEN: usize = 32;
/// AES-GCM's tag, at the ciphertext's end.
pub const TAG_LEN: usize = 16;
/// A server blob id: 128 bits, base64url without padding.
pub const BLOB_ID_LEN: usize = 22;
/// What a server's error message may show of itself.
const MAX_SERVER_WORDS: usize = 300;

/// Why a board shared through a server cannot be shared, updated or opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SealedError {
    /// The fragment is not `s=<id>.<key>`.
    #[error(
        "this link is incomplete or changed: a board shared through a server has #s= followed by two parts joined by a dot. Ask for the link again, copying all of it"
    )]
    NotALink,
    /// The key part is not 32 bytes of base64url.
    #[error(
        "this link's key is damaged: some of its characters were changed or cut off. Ask for the link again, copying all of it"
    )]
    BadKey,
    /// The server address is not `http(s)://…`.
    #[error("{0:?} is not a server address: it should look like http://192.168.1.20:8080 or https://floe.example.org")]
    BadServer(String),
    /// The server has no such board (never had, or deleted).
    #[error("the server does not have this board: whoever shared it deleted it, or the link points at another server")]
    NotFound,
    /// The server could not be reached.
    #[error("the server {0} cannot be reached: you may be offline, or the server is not running. Try again when it is")]
    Unreachable(String),
    /// The bytes are not a sealed board.
    #[error(
        "what the server keeps under this link is not a board shared by Floe (it was changed, or is something else)"
    )]
    NotSealed,
    /// Decryption failed: the key does not fit the bytes.
    #[error(
        "this link's key does not open the board the server keeps: the link was changed, or the board was replaced. Ask for the link again"
    )]
    WrongKey,
    /// The shared board changed elsewhere since this browser's last update.
    #[error(
        "the shared board was updated from another browser since this one last did: share it again to make a new link"
    )]
    Stale,
    /// This browser's write token is not accepted.
    #[error(
        "the server does not accept this browser's right to change the shared board (it was shared from elsewhere)"
    )]
    Forbidden,
    /// The server said no, in its own words (shown as text, shortened).
    #[error("the server refused it: {message} (HTTP {status})")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The server's message (its JSON error's `message`), cleaned.
        message: String,
    },
    /// The browser's cryptography failed.
    #[error("this browser could not encrypt or decrypt the board ({0})")]
    Crypto(String),
    /// The sealed bytes hold something that is not a board Floe can read.
    #[error("{0}")]
    Board(ShareError),
    /// A space's index or board blob is not one Floe can read.
    #[error("the synced space cannot be read ({0}): it was changed, or written by a newer Floe")]
    Space(String),
}

impl SealedError {
    /// The server's answer `status` with `body` (its JSON error, if any), as an error.
    pub fn from_status(status: u16, body: &[u8]) -> SealedError {
        match status {
            404 | 410 => return SealedError::NotFound,
            412 | 428 => return SealedError::Stale,
            403 => return SealedError::Forbidden,
            _ => {}
        }
        let said = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
            .unwrap_or_else(|| format!("an answer Floe does not understand ({} bytes)", body.len()));
        SealedError::Refused { status, message: clean(&said) }
    }
}

/// Text from a server, made safe to show: control characters (terminal
/// escapes, new lines) become spaces, and it is cut to a sentence's length.
fn clean(text: &str) -> String {
    let mut out: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_SERVER_WORDS).collect();
    if text.chars().count() > MAX_SERVER_WORDS {
        out.push('…');
    }
    out
}

/// A link to a board shared through a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerLink {
    /// The server's id of the sealed bytes.
    pub blob: String,
    /// The key that opens them.
    pub key: [u8; KEY_LEN],
}

impl ServerLink {
    /// Reads a fragment (with or without its `#`): `s=<blob>.<key>`.
    pub fn parse(fragment: &str) -> Result<ServerLink, SealedError> {
        let body = fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix(KEY).ok_or(SealedError::NotALink)?;
        let (blob, key) = body.split_once('.').ok_or(SealedError::NotALink)?;
        if !is_blob_id(blob) {
            return Err(SealedError::NotALink);
        }
        let key = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(key)
            .ok()
            .and_then(|k| <[u8; KEY_LEN]>::try_from(k).ok())
            .ok_or(SealedError::BadKey)?;
        Ok(ServerLink { blob: blob.to_owned(), key })
    }

    /// The fragment, without `#`.
    pub fn fragment(&self) -> String {
        format!("{KEY}{}.{}", self.blob, base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.key))
    }

    /// The whole link: the server (a [`server_base`]) serves the app too.
    pub fn url(&self, server: &str) -> String {
        format!("{server}#{}", self.fragment())
    }
}

/// Whether `s` is a server blob id: [`BLOB_ID_LEN`] base64url characters.
pub fn is_blob_id(s: &str) -> bool {
    is_base64url(s, BLOB_ID_LEN)
}

/// Whether `s` is `len` characters of base64url (no padding).
pub fn is_base64url(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A server address as typed (`192.168.1.20:8080`, `https://floe.example.org/app`)
/// in one form: scheme, host, path ending in `/`; no query or fragment.
pub fn server_base(input: &str) -> Result<String, SealedError> {
    let t = input.trim();
    let bad = || SealedError::BadServer(t.chars().take(200).collect());
    let with_scheme =
        if t.starts_with("http://") || t.starts_with("https://") { t.to_owned() } else { format!("http://{t}") };
    let rest = with_scheme.split_once("://").map_or("", |(_, r)| r);
    let host = rest.split('/').next().unwrap_or("");
    if t.is_empty()
        || t.len() > 2000
        || host.is_empty()
        || host.contains('@')
        || with_scheme.contains(['?', '#', ' ', '\\'])
        || with_scheme.chars().any(char::is_control)
    {
        return Err(bad());
    }
    Ok(if with_scheme.ends_with('/') { with_scheme } else { format!("{with_scheme}/") })
}

/// Sealed bytes: [`MAGIC`], `nonce`, `ciphertext`.
pub fn frame(nonce: &[u8; NONCE_LEN], ciphertext: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + ciphertext.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(nonce);
    out.extend_from_slice(ciphertext);
    out
}

/// The nonce and ciphertext of sealed bytes.
pub fn unframe(bytes: &[u8]) -> Result<([u8; NONCE_LEN], &[u8]), SealedError> {
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or(SealedError::NotSealed)?;
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(SealedError::NotSealed);
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    Ok((nonce.try_into().expect("split at its length"), ciphertext))
}

/// Reads the decrypted bytes into a board (a server link's limits).
pub fn unpack(plain: &[u8]) -> Result<floe_engine::Board, SealedError> {
    share::unpack(plain, &share::SERVER).map_err(SealedError::Board)
}

/// What the browser that shared a board keeps, to update or delete it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// The server ([`server_base`]).
    pub server: String,
    /// The link's fragment (`s=<blob>.<key>`).
    pub fragment: String,
    /// The server's write token for the blob (never part of a link).
    pub write_token: String,
    /// The revision this browser last wrote (the `If-Match` of the next write).
    pub etag: String,
}

impl Shared {
    /// The link to give out.
    pub fn url(&self) -> String {
        format!("{}#{}", self.server, self.fragment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips_and_damage_is_named() {
        let link = ServerLink { blob: "AAAAAAAAAAAAAAAAAAAAAA".into(), key: [7; KEY_LEN] };
        let fragment = link.fragment();
        assert!(fragment.len() < 80, "short whatever the board: {fragment}");
        assert_eq!(ServerLink::parse(&format!("#{fragment}")), Ok(link.clone()));
        assert_eq!(link.url("http://h:8080/"), format!("http://h:8080/#{fragment}"));
        assert_eq!(ServerLink::parse("b=1.abc"), Err(SealedError::NotALink));
        assert_eq!(ServerLink::parse("s=abc"), Err(SealedError::NotALink));
        assert_eq!(ServerLink::parse("s=AAAAAAAAAAAAAAAAAAAAA$.x"), Err(SealedError::NotALink));
        assert_eq!(ServerLink::parse(&fragment[..fragment.len() - 3]), Err(SealedError::BadKey));
        assert_eq!(ServerLink::parse(&format!("{fragment}A")), Err(SealedError::BadKey));
    }

    #[test]
    fn server_addresses_are_read_in_one_form() {
        assert_eq!(server_base("192.168.1.20:8080").unwrap(), "http://192.168.1.20:8080/");
        assert_eq!(server_base(" https://floe.example.org/app ").unwrap(), "https://floe.example.org/app/");
        assert_eq!(server_base("http://127.0.0.1:8080/").unwrap(), "http://127.0.0.1:8080/");
        for bad in
            ["", "http://", "http://a b", "http://u:p@host/", "http://h/?x=1", "http://h/#s=1", "http://h/\u{1b}[2J"]
        {
            assert!(matches!(server_base(bad), Err(SealedError::BadServer(_))), "{bad:?}");
        }
    }

    #[test]
    fn frames_hold_a_nonce_and_ciphertext_and_nothing_else_passes() {
        let framed = frame(&[1; NONCE_LEN], &[9; 40]);
        assert_eq!(unframe(&framed), Ok(([1; NONCE_LEN], [9u8; 40].as_slice())));
        assert_eq!(unframe(b"{\"nodes\":[]}"), Err(SealedError::NotSealed));
        assert_eq!(unframe(&framed[..MAGIC.len() + NONCE_LEN + TAG_LEN - 1]), Err(SealedError::NotSealed));
    }

    #[test]
    fn server_answers_become_errors_with_the_servers_words_as_plain_text() {
        assert_eq!(SealedError::from_status(404, b""), SealedError::NotFound);
        assert_eq!(SealedError::from_status(412, b""), SealedError::Stale);
        assert_eq!(SealedError::from_status(403, b"{}"), SealedError::Forbidden);
        let e = SealedError::from_status(
            413,
            br#"{"code":"too-large","message":"the body is larger than 8 MiB\n\u001b[31m"}"#,
        );
        assert_eq!(e.to_string(), "the server refused it: the body is larger than 8 MiB  [31m (HTTP 413)");
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(5000));
        assert!(SealedError::from_status(500, long.as_bytes()).to_string().len() < 400);
        assert!(SealedError::from_status(502, b"<html>bad gateway</html>").to_string().contains("does not understand"));
    }

    #[test]
    fn packed_boards_open_within_the_servers_limits() {
        let board = floe_engine::Board::named("Marker");
        assert_eq!(unpack(&share::pack(&board)).unwrap().meta.name, "Marker");
        assert!(matches!(unpack(b"not zlib"), Err(SealedError::Board(ShareError::Corrupt(_)))));
    }
}

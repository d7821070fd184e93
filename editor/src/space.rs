//! Spaces: the same boards in every browser connected to one (Board →
//! Sync this browser). A space lives on a Floe server as sealed blobs
//! (`sealed::frame`, one AES-256-GCM key for the whole space, a fresh nonce
//! per write): an **index** listing the boards, and one blob per board.
//! The server sees which blobs belong together and their sizes; never a
//! board, a name or a key.
//!
//! The link that connects another browser is `<server>#j=<index>.<key>.<token>`:
//! the index's id, the space's key and the index's write token, so whoever
//! holds it can read and write the space (treat it like a password).
//!
//! Sync is by state, not by a log of edits: each browser keeps, per board,
//! what it last agreed with the space ([`Synced`]: the board blob's revision,
//! and the local save it matched). Comparing that with the board as stored
//! now and with the index gives the [`Step`] for each board: nothing, push,
//! pull, tell the index, or a conflict (both changed), where nothing is lost:
//! the other side's board is kept as a version and this browser's goes on top.
//! A change made offline is therefore never a queued message that can be
//! lost: it is the board itself, stored, differing from its [`Synced`].

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::sealed::{KEY_LEN, SealedError};
use crate::share;

/// The fragment key: `#j=...`.
pub const KEY: &str = "j=";
/// A server write token: 256 bits, base64url without padding.
const TOKEN_LEN: usize = 43;
/// The index's format.
const INDEX_FORMAT: u32 = 1;
/// The most boards an index may list (a bigger one is refused, not read).
pub const MAX_BOARDS: usize = 10_000;
/// The most an index may be, decrypted.
pub const MAX_INDEX: usize = 8 << 20;

/// A link to a space: everything a browser needs to join it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpaceLink {
    /// The index blob's id (also the space's id on the server).
    pub index: String,
    /// The space's key.
    pub key: [u8; KEY_LEN],
    /// The index blob's write token (which also admits new blobs to the space).
    pub token: String,
}

impl SpaceLink {
    /// Reads a fragment (with or without its `#`): `j=<index>.<key>.<token>`.
    pub fn parse(fragment: &str) -> Result<SpaceLink, SealedError> {
        let body = fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix(KEY).ok_or(SealedError::NotALink)?;
        let mut parts = body.splitn(3, '.');
        let (Some(index), Some(key), Some(token)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(SealedError::NotALink);
        };
        let link = crate::sealed::ServerLink::parse(&format!("{}{index}.{key}", crate::sealed::KEY))?;
        if !crate::sealed::is_base64url(token, TOKEN_LEN) {
            return Err(SealedError::BadKey);
        }
        Ok(SpaceLink { index: link.blob, key: link.key, token: token.to_owned() })
    }

    /// The fragment, without `#`.
    pub fn fragment(&self) -> String {
        let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.key);
        format!("{KEY}{}.{key}.{}", self.index, self.token)
    }
}

/// A browser's membership of a space: its [`Joined::url`] and device name
/// are what it keeps (localStorage) and sends its worker to sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Joined {
    /// The server (a `sealed::server_base`).
    pub server: String,
    /// The space.
    pub link: SpaceLink,
    /// This browser's name, as other devices see it.
    pub device: String,
}

impl Joined {
    /// The link that connects another browser.
    pub fn url(&self) -> String {
        format!("{}#{}", self.server, self.link.fragment())
    }

    /// Reads a [`Joined::url`] back, with the device's name.
    pub fn parse(url: &str, device: &str) -> Result<Joined, SealedError> {
        let (server, fragment) = url.split_once('#').ok_or(SealedError::NotALink)?;
        let server = crate::sealed::server_base(server)?;
        Ok(Joined { server, link: SpaceLink::parse(fragment)?, device: device_name(device) })
    }
}

/// What a sync round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Boards taken from the space (changed here).
    pub pulled: Vec<String>,
    /// The index changed (boards or modules sent).
    pub listed: usize,
    /// Conflicts, in words (what was kept where).
    pub conflicts: Vec<String>,
    /// Boards that could not be sent or taken, and why (the others went on).
    pub problems: Vec<String>,
}

/// One board as the index lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// Its blob.
    pub blob: String,
    /// The blob's write token.
    pub token: String,
    /// The blob's revision this entry describes.
    pub rev: u64,
    /// The device that wrote that revision.
    pub by: String,
    /// The board was deleted (a tombstone: other browsers move it to the bin).
    #[serde(default)]
    pub deleted: bool,
}

/// A custom module in the space: uploaded once, shared by every board that uses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    /// Its blob (the module with its bytes, as JSON).
    pub blob: String,
    /// The blob's write token.
    pub token: String,
}

/// The space's index: its boards by id (the same id in every browser), and
/// its custom modules by content hash.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// The format.
    pub v: u32,
    /// The boards.
    pub boards: BTreeMap<String, Listed>,
    /// The modules.
    #[serde(default)]
    pub modules: BTreeMap<String, Stored>,
}

impl Index {
    /// A new, empty index.
    pub fn new() -> Index {
        Index { v: INDEX_FORMAT, boards: BTreeMap::new(), modules: BTreeMap::new() }
    }

    /// Reads an index (decrypted bytes), refusing one too big to be real.
    pub fn read(bytes: &[u8]) -> Result<Index, SealedError> {
        let bad = |why: String| SealedError::Space(format!("its index: {why}"));
        if bytes.len() > MAX_INDEX {
            return Err(bad(format!("over {} MiB", MAX_INDEX >> 20)));
        }
        let index: Index = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        if index.v != INDEX_FORMAT {
            return Err(bad(format!("format {} is not one this Floe reads (update Floe)", index.v)));
        }
        if index.boards.len() > MAX_BOARDS || index.modules.len() > MAX_BOARDS {
            return Err(bad(format!("more than {MAX_BOARDS} boards")));
        }
        Ok(index)
    }

    /// The bytes to seal.
    pub fn bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("an index serialises")
    }

    /// Takes in what `other` knows: per board, the entry with the newer
    /// revision (revisions of one blob only grow, so merging in any order,
    /// any number of times, ends the same).
    pub fn merge(&mut self, other: &Index) {
        for (id, theirs) in &other.boards {
            match self.boards.get(id) {
                Some(mine) if mine.blob == theirs.blob && mine.rev >= theirs.rev => {}
                // Two blobs for one board (a device lost its answer and made another):
                // the first one listed stays, so every browser agrees.
                Some(mine) if mine.blob != theirs.blob && mine.blob < theirs.blob => {}
                _ => {
                    self.boards.insert(id.clone(), theirs.clone());
                }
            }
        }
        // A module uploaded by two browsers at once: every browser keeps the same one.
        for (hash, theirs) in &other.modules {
            if self.modules.get(hash).is_none_or(|mine| theirs.blob < mine.blob) {
                self.modules.insert(hash.clone(), theirs.clone());
            }
        }
    }
}

/// What this browser last agreed with the space about one board.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Synced {
    /// The board blob's revision.
    pub rev: u64,
    /// The board's local save time then (its entry's `modified_ms`).
    pub modified_ms: f64,
    /// Whether it was in the bin then.
    pub deleted: bool,
}

/// A board as stored in this browser now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Local {
    /// Its entry's `modified_ms`.
    pub modified_ms: f64,
    /// In the bin.
    pub deleted: bool,
}

/// What one board needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Both sides agree.
    Nothing,
    /// Only this browser changed it: send it.
    Push,
    /// Only the space changed it: take it.
    Pull,
    /// The board blob is ahead of the index (an earlier push's index write
    /// did not happen): list the newer revision.
    Announce,
    /// Both changed since they last agreed: keep the space's as a version,
    /// put this browser's on top.
    Conflict,
}

/// What a board needs, from how it is here, what was agreed, and the index.
pub fn step(local: Option<Local>, synced: Option<Synced>, listed: Option<&Listed>) -> Step {
    let changed_here = |l: Local| synced.is_none_or(|s| s.modified_ms != l.modified_ms || s.deleted != l.deleted);
    match (local, listed) {
        (None, None) => Step::Nothing,
        (None, Some(r)) => match synced {
            // Never here (or purged from the bin): take it unless it is a tombstone.
            None if r.deleted => Step::Nothing,
            Some(s) if s.rev >= r.rev => Step::Nothing,
            _ => Step::Pull,
        },
        (Some(l), None) => {
            if l.deleted && synced.is_none() {
                Step::Nothing // in the bin before the space knew it
            } else {
                Step::Push
            }
        }
        (Some(l), Some(r)) => {
            let rev = synced.map_or(0, |s| s.rev);
            match (changed_here(l), r.rev > rev) {
                (false, false) if r.rev < rev => Step::Announce,
                (false, false) => Step::Nothing,
                (true, false) => Step::Push,
                (false, true) => Step::Pull,
                // Deleted here but changed there: the change wins (nothing lost).
                (true, true) if l.deleted => Step::Pull,
                (true, true) => Step::Conflict,
            }
        }
    }
}

/// The head of a board blob: who wrote it, and whether it is a tombstone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The device that wrote it.
    pub by: String,
    /// A tombstone (no board follows).
    #[serde(default)]
    pub deleted: bool,
}

/// A board blob's bytes (before sealing): its [`Head`] as a line of JSON,
/// then the board packed as a link packs it (none for a tombstone), its
/// modules without their bytes (they are blobs of their own, by hash).
pub fn board_bytes(head: &Head, board: Option<&floe_engine::Board>) -> Vec<u8> {
    let mut out = serde_json::to_vec(head).expect("a head serialises");
    out.push(b'\n');
    if let Some(b) = board {
        let mut lean = b.clone();
        for m in &mut lean.modules {
            (m.wasm_base64, m.wat) = (None, None);
        }
        out.extend_from_slice(&share::pack(&lean));
    }
    out
}

/// A module blob's bytes read back: the module, if it is the one `hash` names.
pub fn read_module(bytes: &[u8], hash: &str) -> Result<floe_engine::ModuleRef, SealedError> {
    let bad = |why: &str| SealedError::Space(format!("a custom module: {why}"));
    if bytes.len() > share::SERVER.board_bytes {
        return Err(bad("too large"));
    }
    let m: floe_engine::ModuleRef = serde_json::from_slice(bytes).map_err(|_| bad("not a module"))?;
    if m.hash.to_string() != hash || !m.is_genuine() {
        return Err(bad("its bytes are not the ones its hash names"));
    }
    Ok(m)
}

/// Reads a board blob's bytes (decrypted): its head, and its board unless a
/// tombstone, within a server link's limits.
pub fn read_board(bytes: &[u8]) -> Result<(Head, Option<floe_engine::Board>), SealedError> {
    let bad = || SealedError::Space("a board without its head line".into());
    let split = bytes.iter().take(4096).position(|&b| b == b'\n').ok_or_else(bad)?;
    let head: Head = serde_json::from_slice(&bytes[..split]).map_err(|_| bad())?;
    let board = if head.deleted { None } else { Some(crate::sealed::unpack(&bytes[split + 1..])?) };
    Ok((head, board))
}

/// The `ETag` of a revision (`"12"`): what `If-Match` and `If-None-Match` send.
pub fn etag(rev: u64) -> String {
    format!("\"{rev}\"")
}

/// A revision from an `ETag` (`"12"`).
pub fn revision(etag: &str) -> Option<u64> {
    etag.trim().strip_prefix("W/").unwrap_or(etag.trim()).trim_matches('"').parse().ok()
}

/// A device name to show others: printable, one line, at most 40 characters.
pub fn device_name(raw: &str) -> String {
    let name: String = raw.chars().map(|c| if c.is_control() { ' ' } else { c }).take(40).collect();
    let name = name.trim();
    if name.is_empty() { "another browser".to_owned() } else { name.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(blob: &str, rev: u64) -> Listed {
        Listed { blob: blob.into(), token: "t".into(), rev, by: "laptop".into(), deleted: false }
    }

    #[test]
    fn a_space_link_round_trips_and_damage_is_named() {
        let link = SpaceLink { index: "AAAAAAAAAAAAAAAAAAAAAA".into(), key: [3; KEY_LEN], token: "T".repeat(43) };
        let fragment = link.fragment();
        assert_eq!(SpaceLink::parse(&format!("#{fragment}")), Ok(link));
        assert_eq!(SpaceLink::parse("s=AAAAAAAAAAAAAAAAAAAAAA.x.y"), Err(SealedError::NotALink));
        assert_eq!(SpaceLink::parse(&fragment[..fragment.len() - 1]), Err(SealedError::BadKey));
        let no_token = fragment.rsplit_once('.').unwrap().0.to_owned();
        assert_eq!(SpaceLink::parse(&no_token), Err(SealedError::NotALink));
        assert_eq!(SpaceLink::parse(&format!("{fragment}<b>")), Err(SealedError::BadKey));
        let joined =
            Joined { server: "http://h:1/".into(), link: SpaceLink::parse(&fragment).unwrap(), device: "d".into() };
        assert_eq!(Joined::parse(&joined.url(), "d"), Ok(joined));
        assert_eq!(Joined::parse(&fragment, "d"), Err(SealedError::NotALink));
        assert!(matches!(Joined::parse(&format!("h@x#{fragment}"), "d"), Err(SealedError::BadServer(_))));
    }

    #[test]
    fn merging_indexes_keeps_the_newest_of_each_board_in_any_order() {
        let mut a = Index::new();
        a.boards.insert("x".into(), listed("bx", 3));
        a.boards.insert("y".into(), listed("by", 1));
        let mut b = Index::new();
        b.boards.insert("x".into(), listed("bx", 2));
        b.boards.insert("y".into(), listed("by", 5));
        b.boards.insert("z".into(), listed("bz", 1));
        let (mut ab, mut ba) = (a.clone(), b.clone());
        ab.merge(&b);
        ba.merge(&a);
        assert_eq!(ab, ba, "order does not matter");
        assert_eq!(ab.boards["x"].rev, 3);
        assert_eq!(ab.boards["y"].rev, 5);
        assert!(ab.boards.contains_key("z"));
        let again = ab.clone();
        ab.merge(&again);
        assert_eq!(ab, again, "merging twice changes nothing");
        // Two blobs for one board: every browser keeps the same one.
        let (mut c, mut d) = (Index::new(), Index::new());
        c.boards.insert("w".into(), listed("b2", 9));
        d.boards.insert("w".into(), listed("b1", 1));
        let (mut cd, mut dc) = (c.clone(), d.clone());
        cd.merge(&d);
        dc.merge(&c);
        assert_eq!((cd.boards["w"].blob.as_str(), dc.boards["w"].blob.as_str()), ("b1", "b1"));
    }

    #[test]
    fn each_board_gets_the_step_its_two_sides_call_for() {
        let here = |m: f64, deleted: bool| Some(Local { modified_ms: m, deleted });
        let agreed = |rev: u64, m: f64| Some(Synced { rev, modified_ms: m, deleted: false });
        let r2 = listed("b", 2);
        let gone = Listed { deleted: true, ..listed("b", 3) };
        assert_eq!(step(None, None, None), Step::Nothing);
        assert_eq!(step(here(1.0, false), None, None), Step::Push, "new here");
        assert_eq!(step(here(1.0, true), None, None), Step::Nothing, "binned before syncing");
        assert_eq!(step(None, None, Some(&r2)), Step::Pull, "new there");
        assert_eq!(step(None, None, Some(&gone)), Step::Nothing, "a tombstone of a board never here");
        assert_eq!(step(None, agreed(3, 1.0), Some(&gone)), Step::Nothing, "purged here");
        assert_eq!(step(None, agreed(1, 1.0), Some(&r2)), Step::Pull, "restored there after a purge here");
        assert_eq!(step(here(1.0, false), agreed(2, 1.0), Some(&r2)), Step::Nothing);
        assert_eq!(step(here(5.0, false), agreed(2, 1.0), Some(&r2)), Step::Push, "edited here");
        assert_eq!(step(here(1.0, true), agreed(2, 1.0), Some(&r2)), Step::Push, "deleted here");
        assert_eq!(step(here(1.0, false), agreed(1, 1.0), Some(&r2)), Step::Pull, "edited there");
        assert_eq!(step(here(1.0, false), agreed(1, 1.0), Some(&gone)), Step::Pull, "deleted there");
        assert_eq!(step(here(5.0, false), agreed(1, 1.0), Some(&r2)), Step::Conflict, "edited on both");
        assert_eq!(step(here(5.0, true), agreed(1, 1.0), Some(&r2)), Step::Pull, "deleted here, edited there");
        assert_eq!(step(here(1.0, false), agreed(4, 1.0), Some(&r2)), Step::Announce, "the index is behind");
        assert_eq!(step(here(5.0, false), agreed(4, 1.0), Some(&r2)), Step::Push);
    }

    #[test]
    fn board_blobs_carry_who_wrote_them_and_tombstones_carry_no_board() {
        let board = floe_engine::Board::named("Marker");
        let head = Head { by: "laptop".into(), deleted: false };
        let (h, b) = read_board(&board_bytes(&head, Some(&board))).unwrap();
        assert_eq!((h, b.unwrap().meta.name), (head, "Marker".to_owned()));
        let tomb = Head { by: "phone".into(), deleted: true };
        assert_eq!(read_board(&board_bytes(&tomb, None)).unwrap(), (tomb, None));
        assert!(read_board(b"no head").is_err());
        assert!(read_board(&[b'x'; 10_000]).is_err(), "the head is looked for in the first 4 KiB only");
        assert!(read_board(b"{\"by\":\"x\"}\nnot zlib").is_err());
    }

    #[test]
    fn modules_travel_apart_from_boards_and_only_genuine_ones_are_read() {
        let wat = "(module)".to_owned();
        let module = floe_engine::ModuleRef::embed("m", wat.as_bytes(), None);
        let mut board = floe_engine::Board::named("With a module");
        board.modules.push(module.clone());
        let bytes = board_bytes(&Head { by: "a".into(), deleted: false }, Some(&board));
        let (_, back) = read_board(&bytes).unwrap();
        let back = back.unwrap();
        assert_eq!(back.modules.len(), 1, "the board keeps its reference");
        assert!(back.modules[0].wat.is_none() && back.modules[0].wasm_base64.is_none(), "but not the bytes");
        let hash = module.hash.to_string();
        let json = serde_json::to_vec(&module).unwrap();
        assert_eq!(read_module(&json, &hash).unwrap(), module);
        let mut forged = module.clone();
        forged.wat = Some("(module (func))".into());
        assert!(read_module(&serde_json::to_vec(&forged).unwrap(), &hash).is_err(), "bytes not matching the hash");
        assert!(read_module(&json, "sha256:00").is_err(), "another hash");
        assert!(read_module(b"[]", &hash).is_err());
        let (mut a, mut b) = (Index::new(), Index::new());
        a.modules.insert(hash.clone(), Stored { blob: "b2".into(), token: "t".into() });
        b.modules.insert(hash.clone(), Stored { blob: "b1".into(), token: "t".into() });
        let (mut ab, mut ba) = (a.clone(), b.clone());
        ab.merge(&b);
        ba.merge(&a);
        assert_eq!((ab.modules[&hash].blob.as_str(), ba.modules[&hash].blob.as_str()), ("b1", "b1"));
    }

    #[test]
    fn indexes_from_elsewhere_are_checked_before_use() {
        let mut index = Index::new();
        index.boards.insert("x".into(), listed("bx", 1));
        assert_eq!(Index::read(&index.bytes()).unwrap(), index);
        assert!(Index::read(b"{\"v\":2,\"boards\":{}}").unwrap_err().to_string().contains("format 2"));
        assert!(Index::read(b"[]").is_err());
        assert!(Index::read(&vec![b' '; MAX_INDEX + 1]).is_err());
        let mut huge = Index::new();
        for i in 0..=MAX_BOARDS {
            huge.boards.insert(i.to_string(), listed("b", 1));
        }
        assert!(Index::read(&huge.bytes()).unwrap_err().to_string().contains("more than"));
    }

    #[test]
    fn revisions_and_device_names_from_strangers_are_cleaned() {
        assert_eq!(revision("\"12\""), Some(12));
        assert_eq!(revision(&etag(7)), Some(7));
        assert_eq!(revision("W/\"3\""), Some(3));
        assert_eq!(revision("junk"), None);
        assert_eq!(device_name("  "), "another browser");
        assert_eq!(device_name("a\u{1b}[31mb\nc"), "a [31mb c");
        assert_eq!(device_name(&"x".repeat(100)).len(), 40);
    }
}

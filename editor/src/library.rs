//! The personal subflow library, as data: a subflow saved with everything it
//! needs (the subflows it uses, the custom modules its nodes run), keyed by
//! the hash of its content; adding one to a board; telling a board that the
//! library has a newer version, and how its interface differs. Storage
//! (IndexedDB) keeps the entries; this decides what they hold and mean.

use std::collections::{BTreeMap, BTreeSet};

use floe_engine::board::subflow_of;
use floe_engine::module::ModuleHash;
use floe_engine::{Board, InterfacePin, LibraryRef, ModuleRef, Node, NodeId, Position, Subflow};
use serde::{Deserialize, Serialize};

use crate::command::Command;
use crate::edit::{Edit, EditRefusal};
use crate::selection::Item;

/// One saved version of a subflow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LibraryEntry {
    /// The content hash (of `subflow` as saved, without its board-local id).
    pub hash: String,
    /// The same subflow across versions.
    pub lineage: String,
    /// When it was saved (ms since the epoch).
    pub saved_ms: f64,
    /// The subflow (its `library` names this entry).
    pub subflow: Subflow,
    /// The subflows it uses, directly or through others.
    #[serde(default)]
    pub uses: Vec<Subflow>,
    /// The custom modules its nodes (and those of the subflows it uses) run.
    #[serde(default)]
    pub modules: Vec<ModuleRef>,
}

/// The content hash of a definition: what it does and shows, not which
/// board it sits in (its id) nor the library version it names.
pub fn content_hash(def: &Subflow) -> String {
    let bare = Subflow { id: String::new(), library: None, locked: false, ..def.clone() };
    ModuleHash::of(serde_json::to_string(&bare).expect("a subflow serialises").as_bytes()).to_string()
}

/// Subflow `id` of `board` as a library entry saved at `now_ms`: a new
/// version of the lineage it came from, or a lineage of its own.
pub fn to_entry(board: &Board, id: &str, now_ms: f64) -> Option<LibraryEntry> {
    let def = board.subflow(id)?;
    let hash = content_hash(def);
    let lineage = def.library.as_ref().map_or_else(|| hash.clone(), |l| l.lineage.clone());
    // Every subflow it uses, through a work list (they never loop: a board
    // whose subflows loop does not validate, and each is taken once).
    let mut uses: Vec<Subflow> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::from([id]);
    let mut work: Vec<&Subflow> = vec![def];
    while let Some(s) = work.pop() {
        for n in &s.nodes {
            if let Some(used) = subflow_of(&n.kind).and_then(|u| board.subflow(u))
                && seen.insert(used.id.as_str())
            {
                uses.push(used.clone());
                work.push(used);
            }
        }
    }
    let kinds: BTreeSet<&str> =
        std::iter::once(def).chain(&uses).flat_map(|s| s.nodes.iter().map(|n| n.kind.as_str())).collect();
    let modules = board.modules.iter().filter(|m| kinds.contains(m.hash.kind_name().as_str())).cloned().collect();
    let subflow = Subflow { library: Some(LibraryRef { lineage: lineage.clone(), hash: hash.clone() }), ..def.clone() };
    Some(LibraryEntry { hash, lineage, saved_ms: now_ms, subflow, uses, modules })
}

/// The newest entry of each lineage, newest first.
pub fn latest(entries: &[LibraryEntry]) -> Vec<&LibraryEntry> {
    let mut best: BTreeMap<&str, &LibraryEntry> = BTreeMap::new();
    for e in entries {
        let slot = best.entry(e.lineage.as_str()).or_insert(e);
        if e.saved_ms > slot.saved_ms {
            *slot = e;
        }
    }
    let mut out: Vec<&LibraryEntry> = best.into_values().collect();
    out.sort_by(|a, b| b.saved_ms.total_cmp(&a.saved_ms));
    out
}

/// The edit that adds `entry` to `board` with one instance at `at`: its
/// subflow (and those it uses, and its modules) unless the board has that
/// very version; a definition of another content under the same id gets a
/// new id.
pub fn add_to_board(board: &Board, entry: &LibraryEntry, at: Position) -> Edit {
    let mut commands = Vec::new();
    // The board has this very version already: one more instance of it.
    if let Some(have) = board.subflows.iter().find(|s| s.library.as_ref().is_some_and(|l| l.hash == entry.hash)) {
        return instance(board, &have.id, at, commands);
    }
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: Vec<String> = board.subflows.iter().map(|s| s.id.clone()).collect();
    // Definitions first (the ones it uses, then itself), each under an id
    // that is free or already holds the same content.
    let mut defs: Vec<Subflow> = entry.uses.iter().rev().cloned().collect();
    defs.push(entry.subflow.clone());
    for def in &defs {
        let same = |s: &Subflow| content_hash(s) == content_hash(def);
        let id = match board.subflows.iter().find(|s| same(s)) {
            Some(existing) => existing.id.clone(),
            None if !taken.contains(&def.id) => def.id.clone(),
            None => crate::ids::suffixed(&def.id, |i| taken.iter().any(|t| t == i)),
        };
        renamed.insert(def.id.clone(), id.clone());
        if board.subflow(&id).is_some_and(same) {
            continue;
        }
        taken.push(id.clone());
        let mut def = def.clone();
        def.id = id;
        for n in &mut def.nodes {
            if let Some(new) = subflow_of(&n.kind).and_then(|u| renamed.get(u)) {
                n.kind = format!("subflow:{new}");
            }
        }
        commands.push(Command::SetSubflow { subflow: Box::new(def), at: None });
    }
    for m in &entry.modules {
        if !board.modules.iter().any(|b| b.hash == m.hash) {
            commands.push(Command::SetModule { module: m.clone() });
        }
    }
    instance(board, &renamed[&entry.subflow.id], at, commands)
}

/// `commands`, then one instance of subflow `id` at `at`, as one step.
fn instance(board: &Board, id: &str, at: Position, mut commands: Vec<Command>) -> Edit {
    let node_id = NodeId::from(crate::ids::node_id(board, &crate::ids::base_for_kind(&format!("subflow:{id}")), &[]));
    let mut node = Node::new(node_id.clone(), format!("subflow:{id}"));
    node.position = at;
    commands.push(Command::AddNodes { nodes: vec![node], at: vec![] });
    Edit { command: Command::batch("add from library", commands), select: vec![Item::Node(node_id)] }
}

/// For each subflow of `board` that came from the library, the newest
/// version there when it is another: (the board's subflow id, the entry).
pub fn updates<'a>(board: &Board, entries: &'a [LibraryEntry]) -> Vec<(String, &'a LibraryEntry)> {
    let newest = latest(entries);
    board
        .subflows
        .iter()
        .filter_map(|s| {
            let r = s.library.as_ref()?;
            let e = newest.iter().find(|e| e.lineage == r.lineage)?;
            (e.hash != r.hash).then(|| (s.id.clone(), *e))
        })
        .collect()
}

/// The edit that replaces subflow `id` of `board` by `entry`'s version
/// (keeping its id, so every instance follows).
pub fn update_from(board: &Board, id: &str, entry: &LibraryEntry) -> Result<Edit, EditRefusal> {
    board.subflow(id).ok_or(EditRefusal::NotAnInstance)?;
    let mut def = entry.subflow.clone();
    def.id = id.to_owned();
    let mut commands = vec![];
    // The subflows the new version uses, added if the board lacks them.
    for used in &entry.uses {
        if board.subflow(&used.id).is_none() {
            commands.push(Command::SetSubflow { subflow: Box::new(used.clone()), at: None });
        }
    }
    for m in &entry.modules {
        if !board.modules.iter().any(|b| b.hash == m.hash) {
            commands.push(Command::SetModule { module: m.clone() });
        }
    }
    commands.push(Command::SetSubflow { subflow: Box::new(def), at: None });
    Ok(Edit { command: Command::batch("update subflow from library", commands), select: Vec::new() })
}

/// How `new`'s interface differs from `old`'s, in words (nothing when the same).
pub fn interface_diff(old: &Subflow, new: &Subflow) -> Vec<String> {
    let (a, b) = (old.interface(), new.interface());
    let mut out = Vec::new();
    let mut pins = |side: &str, before: &[InterfacePin], after: &[InterfacePin]| {
        for p in after {
            match before.iter().find(|q| q.name == p.name) {
                None => out.push(format!("new {side} `{}` ({})", p.name, p.ty())),
                Some(q) if q.ty() != p.ty() => out.push(format!("{side} `{}`: {} → {}", p.name, q.ty(), p.ty())),
                Some(_) => {}
            }
        }
        for q in before.iter().filter(|q| !after.iter().any(|p| p.name == q.name)) {
            out.push(format!("no more {side} `{}`", q.name));
        }
    };
    pins("input", &a.inputs, &b.inputs);
    pins("output", &a.outputs, &b.outputs);
    for p in &b.parameters {
        match a.parameters.iter().find(|q| q.name == p.name) {
            None => out.push(format!("new parameter `{}` ({})", p.name, p.ty)),
            Some(q) if q.ty != p.ty => out.push(format!("parameter `{}`: {} → {}", p.name, q.ty, p.ty)),
            Some(_) => {}
        }
    }
    for q in a.parameters.iter().filter(|q| !b.parameters.iter().any(|p| p.name == q.name)) {
        out.push(format!("no more parameter `{}`", q.name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    fn board() -> Board {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/subflows.board.json"));
        Board::from_json(&text.unwrap()).unwrap()
    }

    #[test]
    fn a_saved_subflow_carries_what_it_uses_and_adds_to_another_board() {
        let source = board();
        let entry = to_entry(&source, "day", 1.0).unwrap();
        assert_eq!(entry.uses.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["c_to_f"]);
        assert_eq!(entry.lineage, entry.hash, "a first version starts its lineage");
        // Into an empty board: both definitions and one instance, one step, and it runs.
        let mut doc = Document::new(Board::default());
        let edit = add_to_board(doc.board(), &entry, Position { x: 10.0, y: 20.0 });
        doc.apply(edit.command).unwrap();
        let b = doc.board();
        assert_eq!(b.subflows.len(), 2);
        assert_eq!(b.nodes[0].kind, "subflow:day");
        assert_eq!(b.subflow("day").unwrap().library.as_ref().unwrap().hash, entry.hash);
        // It checks: only its two unwired inputs are missing.
        let diags = floe_engine::validate(b, &floe_engine::Catalog::builtin());
        let codes: Vec<String> = diags.errors().map(|d| format!("{} {}", d.code, d.target)).collect();
        assert_eq!(codes, ["missing-input node `day` pin `morning`", "missing-input node `day` pin `noon`"]);
        doc.undo();
        assert_eq!(doc.board(), &Board::default());
        // Into a board with another `c_to_f`: the library's gets a new id.
        let mut other = Board::default();
        other.subflows.push(Subflow { id: "c_to_f".into(), name: "Mine".into(), ..Subflow::default() });
        let mut doc = Document::new(other);
        doc.apply(add_to_board(doc.board(), &entry, Position::default()).command).unwrap();
        let b = doc.board();
        assert_eq!(b.subflow("c_to_f").unwrap().name, "Mine");
        assert!(b.subflow("day").unwrap().nodes.iter().any(|n| n.kind == "subflow:c_to_f_2"));
        // Added again: no second copy of the definitions, a second instance.
        doc.apply(add_to_board(doc.board(), &entry, Position::default()).command).unwrap();
        assert_eq!(doc.board().subflows.len(), 3);
        assert_eq!(doc.board().nodes.len(), 2);
    }

    #[test]
    fn a_newer_version_is_offered_with_what_differs_in_its_interface() {
        let mut source = board();
        let first = to_entry(&source, "c_to_f", 1.0).unwrap();
        // The board adopts the saved version (as saving does), then the subflow changes.
        source.subflows[0].library = first.subflow.library.clone();
        assert!(updates(&source, std::slice::from_ref(&first)).is_empty());
        let def = &mut source.subflows[0];
        def.nodes[0].config.insert(
            "pins".into(),
            serde_json::json!([{"name": "celsius", "data_type": "Integer"}, {"name": "offset", "data_type": "Float"}]),
        );
        let second = to_entry(&source, "c_to_f", 2.0).unwrap();
        assert_eq!(second.lineage, first.lineage);
        assert_ne!(second.hash, first.hash);
        let mut other = Board::default();
        let mut doc = Document::new(other.clone());
        doc.apply(add_to_board(&other, &first, Position::default()).command).unwrap();
        other = doc.board().clone();
        let entries = [first.clone(), second.clone()];
        let offered = updates(&other, &entries);
        assert_eq!(offered.len(), 1);
        assert_eq!(offered[0].0, "c_to_f");
        let diff = interface_diff(other.subflow("c_to_f").unwrap(), &offered[0].1.subflow);
        assert_eq!(diff, ["input `celsius`: Float → Integer", "new input `offset` (Float)"]);
        doc.apply(update_from(&other, "c_to_f", offered[0].1).unwrap().command).unwrap();
        assert!(updates(doc.board(), &entries).is_empty(), "up to date");
        assert_eq!(latest(&entries)[0].hash, second.hash);
    }
}

//! `ReplaceModule`: a new version of a module; every node of the old one
//! now uses the new one (hot reload).

use floe_engine::module::ModuleHash;
use floe_engine::{Board, ModuleRef};

use super::{Applied, Change, Command, CommandError, missing};

pub(super) fn apply(board: &mut Board, old: &ModuleHash, new: &ModuleRef) -> Result<Applied, CommandError> {
    let i = board.modules.iter().position(|m| &m.hash == old).ok_or_else(|| missing("module", old))?;
    if new.hash != *old && board.modules.iter().any(|m| m.hash == new.hash) {
        // The new version is already on the board: drop the old entry instead of duplicating.
        return Err(CommandError::Duplicate { what: "module", id: new.hash.to_string() });
    }
    let previous = std::mem::replace(&mut board.modules[i], new.clone());
    let (from, to) = (old.kind_name(), new.hash.kind_name());
    let mut changes = vec![Change::Modules];
    for n in board.nodes.iter_mut().filter(|n| n.kind == from) {
        n.kind.clone_from(&to);
        changes.push(Change::NodeEdited(n.id.clone()));
    }
    Ok((Command::ReplaceModule { old: new.hash, new: previous }, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;
    use floe_engine::Node;

    #[test]
    fn points_every_node_at_the_new_version() {
        let mut b = board();
        let v1 = ModuleRef::embed("n.wat", b"(module)", None);
        let v2 = ModuleRef::embed("n.wat", b"(module (memory 1))", None);
        Command::SetModule { module: v1.clone() }.apply(&mut b).unwrap();
        for id in ["w1", "w2"] {
            b.nodes.push(Node::new(id, v1.hash.kind_name()));
        }
        let cmd = Command::ReplaceModule { old: v1.hash, new: v2.clone() };
        round_trip(&mut b, &cmd);
        let (_, changes) = cmd.apply(&mut b).unwrap();
        assert_eq!(changes.len(), 3);
        assert!(b.nodes.iter().filter(|n| n.kind.starts_with("wasm:")).all(|n| n.kind == v2.hash.kind_name()));
        assert_eq!(b.modules, vec![v2]);
    }
}

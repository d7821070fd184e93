//! `RemoveModule`: a module the board no longer carries.

use floe_engine::Board;
use floe_engine::module::ModuleHash;

use super::{Applied, Change, Command, CommandError, missing};

pub(super) fn apply(board: &mut Board, hash: &ModuleHash) -> Result<Applied, CommandError> {
    let i = board.modules.iter().position(|m| &m.hash == hash).ok_or_else(|| missing("module", hash))?;
    let module = board.modules.remove(i);
    Ok((Command::SetModule { module }, vec![Change::Modules]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::board;
    use super::*;
    use floe_engine::ModuleRef;

    #[test]
    fn removes_and_restores() {
        let mut b = board();
        let m = ModuleRef::embed("add.wat", b"(module)", None);
        Command::SetModule { module: m.clone() }.apply(&mut b).unwrap();
        let (inverse, _) = Command::RemoveModule { hash: m.hash }.apply(&mut b).unwrap();
        assert!(b.modules.is_empty());
        inverse.apply(&mut b).unwrap();
        assert_eq!(b.modules, vec![m.clone()]);
        assert!(Command::RemoveModule { hash: ModuleHash::of(b"other") }.apply(&mut b).is_err());
    }
}

//! `SetModule`: a custom node module the board carries.

use floe_engine::{Board, ModuleRef};

use super::{Applied, Change, Command, CommandError};

pub(super) fn apply(board: &mut Board, module: &ModuleRef) -> Result<Applied, CommandError> {
    let inverse = match board.modules.iter_mut().find(|m| m.hash == module.hash) {
        Some(existing) => Command::SetModule { module: std::mem::replace(existing, module.clone()) },
        None => {
            board.modules.push(module.clone());
            Command::RemoveModule { hash: module.hash }
        }
    };
    Ok((inverse, vec![Change::Modules]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn adds_then_updates_in_place() {
        let mut b = board();
        let m = ModuleRef::embed("add.wat", b"(module)", None);
        round_trip(&mut b, &Command::SetModule { module: m.clone() });
        Command::SetModule { module: m.clone() }.apply(&mut b).unwrap();
        let mut renamed = m;
        renamed.name = "renamed.wat".into();
        round_trip(&mut b, &Command::SetModule { module: renamed });
        assert_eq!(b.modules.len(), 1);
    }
}

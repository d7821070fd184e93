//! `InSubflow`: any command, applied inside a subflow definition (which is
//! a board of its own: nodes, wires, notes, variables). Editing a
//! definition opened in the editor is this, around the usual commands.

use floe_engine::Board;

use super::{Applied, Change, Command, CommandError, instances_of, missing};

pub(super) fn apply(board: &mut Board, id: &str, command: &Command) -> Result<Applied, CommandError> {
    super::check_unlocked(board, id)?;
    let i = board.subflows.iter().position(|s| s.id == id).ok_or_else(|| missing("subflow", id))?;
    let def = &mut board.subflows[i];
    // The definition as a board, moved out and back (never copied).
    let mut inside = Board {
        nodes: std::mem::take(&mut def.nodes),
        edges: std::mem::take(&mut def.edges),
        comments: std::mem::take(&mut def.comments),
        variables: std::mem::take(&mut def.variables),
        ..Board::default()
    };
    let result = command.apply(&mut inside);
    let def = &mut board.subflows[i];
    def.nodes = inside.nodes;
    def.edges = inside.edges;
    def.comments = inside.comments;
    def.variables = inside.variables;
    let (inverse, _) = result?;
    let mut changes = vec![Change::Subflow(id.to_owned())];
    changes.extend(instances_of(board, id).map(Change::NodeEdited));
    Ok((Command::InSubflow { subflow: id.to_owned(), command: Box::new(inverse) }, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;
    use floe_engine::{Node, Subflow};

    #[test]
    fn edits_inside_a_definition_and_undoes_there() {
        let mut b = board();
        b.subflows.push(Subflow { id: "s".into(), ..Subflow::default() });
        let add = Command::AddNodes { nodes: vec![Node::new("x", "math.add")], at: vec![] };
        round_trip(&mut b, &Command::InSubflow { subflow: "s".into(), command: Box::new(add.clone()) });
        Command::InSubflow { subflow: "s".into(), command: Box::new(add.clone()) }.apply(&mut b).unwrap();
        assert_eq!(b.subflows[0].nodes.len(), 1);
        assert_eq!(b.nodes.len(), 3, "the board's own nodes are untouched");
        // A command that fails inside leaves the definition as it was.
        let err = Command::InSubflow { subflow: "s".into(), command: Box::new(add) }.apply(&mut b).unwrap_err();
        assert_eq!(err.to_string(), "there is already a node `x`");
        assert_eq!(b.subflows[0].nodes.len(), 1);
    }
}

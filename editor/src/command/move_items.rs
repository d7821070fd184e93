//! `MoveItems`: nodes and comments to new positions (a drag, as one step).

use floe_engine::{Board, CommentId, NodeId, Position};

use super::{Applied, Change, Command, CommandError, missing};

pub(super) fn apply(
    board: &mut Board,
    nodes: &[(NodeId, Position)],
    comments: &[(CommentId, Position)],
) -> Result<Applied, CommandError> {
    let mut old_nodes = Vec::with_capacity(nodes.len());
    for (id, _) in nodes {
        let n = board.nodes.iter().find(|n| &n.id == id).ok_or_else(|| missing("node", id))?;
        old_nodes.push((id.clone(), n.position));
    }
    let mut old_comments = Vec::with_capacity(comments.len());
    for (id, _) in comments {
        let c = board.comments.iter().find(|c| &c.id == id).ok_or_else(|| missing("comment", id))?;
        old_comments.push((id.clone(), c.position));
    }
    let mut changes = Vec::with_capacity(nodes.len() + comments.len());
    for (id, to) in nodes {
        if let Some(n) = board.nodes.iter_mut().find(|n| &n.id == id) {
            n.position = *to;
            changes.push(Change::NodeMoved(id.clone()));
        }
    }
    for (id, to) in comments {
        if let Some(c) = board.comments.iter_mut().find(|c| &c.id == id) {
            c.position = *to;
            changes.push(Change::CommentEdited(id.clone()));
        }
    }
    Ok((Command::MoveItems { nodes: old_nodes, comments: old_comments }, changes))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    #[test]
    fn moves_and_moves_back() {
        let mut b = board();
        let cmd = Command::MoveItems {
            nodes: vec![("a".into(), Position { x: 100.0, y: 50.0 }), ("c".into(), Position { x: -3.0, y: 0.5 })],
            comments: vec![("note".into(), Position { x: 9.0, y: 9.0 })],
        };
        round_trip(&mut b, &cmd);
        cmd.apply(&mut b).unwrap();
        assert_eq!(b.nodes[0].position, Position { x: 100.0, y: 50.0 });
        assert_eq!(b.comments[0].position, Position { x: 9.0, y: 9.0 });
    }
}

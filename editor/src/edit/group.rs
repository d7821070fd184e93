//! Group: a frame around the selected nodes.

use floe_engine::{Board, Comment, CommentKind, NodeId, Position, Size};

use super::EditRefusal;
use crate::command::Command;
use crate::geometry::{NodeLayout, Rect};
use crate::ids;
use crate::selection::{Item, Selection};

/// Room between the nodes and the frame.
const PAD: f64 = 30.0;
/// Extra room above, for the group's title.
const TITLE: f64 = 20.0;

/// The command that frames the selected nodes in a new group.
pub fn group<'a>(
    board: &'a Board,
    selection: &Selection,
    layouts: &dyn Fn(&NodeId) -> Option<&'a NodeLayout>,
) -> Result<Command, EditRefusal> {
    let r = board
        .nodes
        .iter()
        .filter(|n| selection.contains(&Item::Node(n.id.clone())))
        .filter_map(|n| layouts(&n.id).map(|l| l.rect(n.position)))
        .reduce(|a, b| a.union(&b))
        .ok_or(EditRefusal::NothingToGroup)?;
    let frame = Rect { x: r.x - PAD, y: r.y - PAD - TITLE, w: r.w + 2.0 * PAD, h: r.h + 2.0 * PAD + TITLE };
    let group = Comment {
        id: ids::comment_id(board, &[]).into(),
        text: "Group".into(),
        position: Position { x: frame.x, y: frame.y },
        size: Size { width: frame.w, height: frame.h },
        color: None,
        kind: CommentKind::Group,
    };
    Ok(Command::AddComments { comments: vec![group], at: vec![] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::{FOOTER, HEADER, NODE_WIDTH, ROW};
    use floe_engine::{Catalog, Node};

    #[test]
    fn the_frame_holds_every_selected_node() {
        let mut board = Board::default();
        board.nodes.push(Node::new("a", "math.add").at(100.0, 100.0));
        board.nodes.push(Node::new("b", "math.add").at(400.0, 300.0));
        let catalog = Catalog::builtin();
        let layout = NodeLayout::new(&catalog.node_pins(&board.nodes[0], &[]).unwrap(), &Default::default(), 0.0);
        let get = |_: &NodeId| Some(&layout);
        let mut sel = Selection::new();
        assert_eq!(group(&board, &sel, &get), Err(EditRefusal::NothingToGroup));
        sel.set_box([Item::Node("a".into()), Item::Node("b".into()), Item::Comment("x".into())], false);
        let Command::AddComments { comments, .. } = group(&board, &sel, &get).unwrap() else { panic!() };
        let g = &comments[0];
        assert_eq!(g.kind, CommentKind::Group);
        assert_eq!(g.position, Position { x: 70.0, y: 50.0 });
        let height = HEADER + 2.0 * ROW + FOOTER; // inputs a, b; outputs result, error
        assert_eq!(g.size, Size { width: 300.0 + NODE_WIDTH + 60.0, height: 200.0 + height + 80.0 });
        let frame = Rect { x: g.position.x, y: g.position.y, w: g.size.width, h: g.size.height };
        assert!(board.nodes.iter().all(|n| frame.contains_rect(&layout.rect(n.position))));
    }
}

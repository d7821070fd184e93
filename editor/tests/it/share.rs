//! Share-link sizes: every example fits a link, and so does a typical
//! 50-node board in under 2,000 characters (run with `--nocapture` to see the figures).

use floe_editor::share;
use floe_engine::{Board, Catalog, Edge, Node, PinRef};

fn examples() -> Vec<(String, Board)> {
    crate::boards_in("examples")
}

/// A board like people make: 50 nodes of common kinds in columns, each fed by
/// an earlier one where the types fit, a few constants and notes.
fn typical(n: usize) -> Board {
    let kinds = [
        "event.board_input",
        "math.add",
        "math.multiply",
        "text.template",
        "convert.to_string",
        "text.upper",
        "text.concat",
        "math.round",
        "logic.greater",
        "data.get_path",
        "data.json_parse",
        "text.length",
        "math.subtract",
        "text.replace",
        "event.board_output",
    ];
    let catalog = Catalog::builtin();
    let mut board = Board::named("A typical board");
    board.meta.description = "Reads an order, computes its total with tax and formats a receipt.".into();
    for i in 0..n {
        let kind = kinds[i % kinds.len()];
        let id = floe_editor::ids::node_id(&board, &floe_editor::ids::base_for_kind(kind), &[]);
        let mut node = Node::new(id, kind).at(((i / 6) * 260) as f64, ((i % 6) * 140) as f64);
        if kind == "math.add" || kind == "math.multiply" {
            node = node.with_input("b", serde_json::json!(i as f64 * 0.5));
        }
        if kind == "event.board_input" {
            node = node.with_config("name", serde_json::json!(format!("field{i}")));
        }
        board.nodes.push(node);
    }
    // Wire each node's first data input from the nearest earlier node whose output fits.
    let pins: Vec<_> = board.nodes.iter().map(|n| catalog.node_pins(n, &[]).unwrap()).collect();
    for j in 1..n {
        let Some(input) = pins[j].iter().find(|p| p.is_input() && !p.is_exec()) else { continue };
        for i in (0..j).rev() {
            if let Some(out) = pins[i].iter().find(|p| !p.is_input() && !p.is_exec() && p.name != "error")
                && floe_engine::can_connect(out.ty(), input.ty()).is_ok()
            {
                let id = format!("e{}", board.edges.len() + 1);
                board.edges.push(Edge::new(
                    id,
                    PinRef::new(board.nodes[i].id.clone(), out.name.clone()),
                    PinRef::new(board.nodes[j].id.clone(), input.name.clone()),
                ));
                break;
            }
        }
    }
    board
}

#[test]
fn examples_and_a_typical_fifty_node_board_fit_in_a_link() {
    eprintln!("share-link sizes (characters after #):");
    for (name, board) in examples() {
        let link = share::share(&board);
        let json = board.to_json_pretty().len();
        eprintln!("  {name:32} {:>6} ({} nodes, board JSON {json} bytes)", link.fragment.len(), board.nodes.len());
        assert!(link.omitted_modules.is_empty(), "{name}: its modules fit");
        assert_eq!(share::open(&link.fragment).unwrap().nodes.len(), board.nodes.len());
    }
    let board = typical(50);
    assert!(board.edges.len() >= 40, "{} wires", board.edges.len());
    let link = share::share(&board);
    eprintln!(
        "  {:32} {:>6} (50 nodes, {} wires, board JSON {} bytes)",
        "typical 50-node board",
        link.fragment.len(),
        board.edges.len(),
        board.to_json_pretty().len()
    );
    assert!(link.fragment.len() < 2_000, "a typical 50-node board takes {} characters", link.fragment.len());
}

//! The example gallery: the boards in `examples/`, built into the run
//! worker (so they open offline, and the page's first paint does not carry
//! them); the page asks for the cards, then for the board chosen.
//! `examples/generate.py` wrote them first; each runs as-is.

use floe_engine::Board;

use crate::protocol::Example;

/// Every example, in gallery order: (file name, board JSON).
pub const EXAMPLES: &[(&str, &str)] = &[
    ("temperature", include_str!("../../examples/temperature.board.json")),
    ("word-count", include_str!("../../examples/word-count.board.json")),
    ("csv-statistics", include_str!("../../examples/csv-statistics.board.json")),
    ("fizzbuzz", include_str!("../../examples/fizzbuzz.board.json")),
    ("error-handling", include_str!("../../examples/error-handling.board.json")),
    ("timer", include_str!("../../examples/timer.board.json")),
    ("custom-node", include_str!("../../examples/custom-node.board.json")),
    ("wasi-node", include_str!("../../examples/wasi-node.board.json")),
    ("web-api", include_str!("../../examples/web-api.board.json")),
    ("exercise-average", include_str!("../../examples/exercise-average.board.json")),
    ("subflows", include_str!("../../examples/subflows.board.json")),
];

/// An example's board.
pub fn board(file: &str) -> Option<Board> {
    let (_, json) = EXAMPLES.iter().find(|(f, _)| *f == file)?;
    Board::from_json(json).ok()
}

/// The gallery's cards, in order.
pub fn cards() -> Vec<Example> {
    EXAMPLES
        .iter()
        .filter_map(|(file, json)| {
            let board = Board::from_json(json).ok()?;
            // An exercise to finish (a locked copy for students), or a finished board with tests.
            let badge = match &board.exercise {
                Some(e) if e.locked => 1,
                Some(e) if !e.cases.is_empty() => 2,
                _ => 0,
            };
            Some(Example {
                file: (*file).to_owned(),
                name: board.meta.name,
                description: board.meta.description,
                badge,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_example_reads_and_has_a_card() {
        let cards = super::cards();
        assert_eq!(cards.len(), super::EXAMPLES.len());
        for (file, _) in super::EXAMPLES {
            assert!(super::board(file).is_some(), "{file}");
        }
        assert!(cards.iter().any(|c| c.file == "exercise-average" && c.badge == 1));
    }
}

//! The example gallery: the boards in `examples/`, built into the app so
//! they open offline. `examples/generate.py` writes them; each runs as-is.

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
    ("exercise-average", include_str!("../../examples/exercise-average.board.json")),
    ("subflows", include_str!("../../examples/subflows.board.json")),
];

/// An example's board.
pub fn board(json: &str) -> Option<floe_engine::Board> {
    floe_engine::Board::from_json(json).ok()
}

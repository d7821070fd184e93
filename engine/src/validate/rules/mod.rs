//! One file per rule. Each reads the shared [`Analysis`] and reports into the
//! [`Sink`]; none stops at the first problem.

mod control_needs_exec;
mod dangling_edge;
mod data_cycle;
mod duplicate_id;
mod duplicate_output;
mod event_in_subflow;
mod exec_cycle;
mod inline_value;
mod invalid_config;
#[cfg(feature = "run")]
mod literal_secret;
mod missing_input;
mod multiple_inputs;
mod schema_violation;
mod type_mismatch;
mod unknown_kind;
mod unknown_setting;
mod unreachable;
mod variables;

use super::{Analysis, Sink};

pub(super) fn run_all(a: &Analysis<'_>, out: &mut Sink) {
    duplicate_id::check(a, out);
    unknown_kind::check(a, out);
    invalid_config::check(a, out);
    unknown_setting::check(a, out);
    variables::check(a, out);
    dangling_edge::check(a, out);
    type_mismatch::check(a, out);
    multiple_inputs::check(a, out);
    missing_input::check(a, out);
    inline_value::check(a, out);
    schema_violation::check(a, out);
    data_cycle::check(a, out);
    exec_cycle::check(a, out);
    control_needs_exec::check(a, out);
    unreachable::check(a, out);
    duplicate_output::check(a, out);
    event_in_subflow::check(a, out);
    #[cfg(feature = "run")]
    literal_secret::check(a, out);
}

/// How many names a message lists before it says how many more there are.
const LISTED: usize = 12;

/// Formats node ids as `` `a`, `b` `` (the first few of a long list, then how many more).
fn id_list<'a>(a: &Analysis<'a>, nodes: &[usize]) -> String {
    let mut text = nodes.iter().take(LISTED).map(|&n| format!("`{}`", a.node_id(n))).collect::<Vec<_>>().join(", ");
    if nodes.len() > LISTED {
        text.push_str(&format!(" and {} more", nodes.len() - LISTED));
    }
    text
}

/// For each cycle, the first edge (in board order) with both ends in it and
/// of the wanted kind (execution or data): one pass over the edges.
fn cycle_edges(a: &Analysis<'_>, cycles: &[Vec<usize>], exec: bool) -> Vec<Option<crate::ids::EdgeId>> {
    let mut comp = vec![usize::MAX; a.nodes.len()];
    for (c, cycle) in cycles.iter().enumerate() {
        for &n in cycle {
            comp[n] = c;
        }
    }
    let mut found = vec![None; cycles.len()];
    for (e, state) in a.board.edges.iter().zip(&a.edges) {
        if let crate::validate::wiring::EdgeState::Ok { from, to } = state {
            let c = comp[from.node];
            if c != usize::MAX && c == comp[to.node] && a.pin(*from).is_exec() == exec && found[c].is_none() {
                found[c] = Some(e.id.clone());
            }
        }
    }
    found
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::{Board, Catalog, validate};

    /// Runs validation on a board given as JSON (format_version added) and
    /// returns `severity code @ target: message` lines.
    pub fn diagnose(mut board: serde_json::Value) -> Vec<String> {
        board["format_version"] = 1.into();
        let board = Board::from_value(board).expect("test board parses");
        validate(&board, &Catalog::builtin()).iter().map(|d| d.to_string()).collect()
    }

    /// Only the lines with this code.
    pub fn with_code(board: serde_json::Value, code: &str) -> Vec<String> {
        diagnose(board).into_iter().filter(|l| l.contains(&format!("[{code}]"))).collect()
    }
}

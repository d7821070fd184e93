//! `event-in-subflow`: a subflow runs when its instance does, so no event
//! node may start anything inside it; execution comes in through its
//! interface's Execution inputs.

use crate::board::PATH_SEP;
use crate::catalog::Role;
use crate::validate::{Code, Target};

use super::{Analysis, Sink};

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    for (node, info) in a.board.nodes.iter().zip(&a.nodes) {
        if info.role == Role::Event && node.id.as_str().contains(PATH_SEP) {
            out.error(
                Code::EventInSubflow,
                Target::Node { node: node.id.clone() },
                format!(
                    "`{}` is an event; a subflow cannot start runs by itself: give it an Execution input instead",
                    node.kind
                ),
            );
        }
    }
}

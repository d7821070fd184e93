//! Events: what starts execution, and what a run hands back.

mod board_input;
mod board_output;
mod interval;
mod manual_start;

pub(crate) fn all() -> Vec<crate::catalog::Builtin> {
    vec![manual_start::kind(), interval::kind(), board_input::kind(), board_output::kind()]
}

//! Output: logging and display.

mod debug_log;
mod display;

pub(crate) fn all() -> Vec<crate::catalog::Builtin> {
    vec![debug_log::kind(), display::kind()]
}

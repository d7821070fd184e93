//! Time: the current instant and date formatting.

mod format_date;
mod now;

pub(crate) fn all() -> Vec<crate::catalog::Builtin> {
    vec![now::kind(), format_date::kind()]
}

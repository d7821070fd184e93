//! Testing: nodes that exist to prove how Floe behaves when things go wrong.
//! Not in the palette (`search` leaves the category out).

mod crash;

pub(crate) fn all() -> Vec<crate::catalog::Builtin> {
    vec![crash::kind()]
}

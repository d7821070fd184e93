//! `testing.crash`: panics on purpose. It shows that a run that panics (an
//! engine bug, one day) never takes the editor down: the run worker stops,
//! the page says which node was running, and a fresh worker takes over.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "testing.crash",
        "Crash (testing)",
        "Testing",
        "Panics when it runs, on purpose, to show that a crashed run never takes the editor down. Not for boards.",
    )
    .icon("bomb")
    .pin(exec_in())
    .pin(then_out());
    Builtin::new(def, |_| func(|_| panic!("testing.crash ran: this node panics on purpose")))
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn it_panics_when_run() {
        let caught = std::panic::catch_unwind(|| eval("testing.crash", json!({}), json!({})));
        assert!(caught.is_err());
    }
}

//! A panic inside a run (a bug in Floe, or the `testing.crash` node that
//! exists to prove this) ends that run with a one-line error naming the node
//! that was running, never a crash trace or an abort.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use floe_engine::RunEvent;

thread_local! {
    /// The node running now, from the run's events.
    static RUNNING: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The last panic's message, kept by the hook for `guarded`.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Whether a `guarded` call is under way (its panics are reported by it).
    static GUARDED: RefCell<bool> = const { RefCell::new(false) };
}

/// Replaces the default panic output: inside `guarded`, the message is kept
/// for its error; elsewhere one escaped line says Floe hit an internal error.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = match (info.payload().downcast_ref::<&str>(), info.payload().downcast_ref::<String>()) {
            (Some(s), _) => (*s).to_owned(),
            (_, Some(s)) => s.clone(),
            _ => "a panic without a message".to_owned(),
        };
        if GUARDED.with(|g| *g.borrow()) {
            LAST.with(|l| *l.borrow_mut() = Some(message));
        } else {
            let at = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
            tell!("floe: internal error, a bug in Floe{at}: {message}");
        }
    }));
}

/// Notes which node is running, from a run's events.
pub fn track(event: &RunEvent<'_>) {
    let now = match event {
        RunEvent::NodeStarted { node } => Some(node.as_str().to_owned()),
        RunEvent::NodeFinished { .. } | RunEvent::RunFinished { .. } => None,
        _ => return,
    };
    RUNNING.with(|r| *r.borrow_mut() = now);
}

/// Runs `f`; a panic inside it becomes an error saying which node was running.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    RUNNING.with(|r| *r.borrow_mut() = None);
    GUARDED.with(|g| *g.borrow_mut() = true);
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| *g.borrow_mut() = false);
    result.map_err(|_| {
        let message = LAST.with(|l| l.borrow_mut().take()).unwrap_or_default();
        match RUNNING.with(|r| r.borrow_mut().take()) {
            Some(node) => format!("the run stopped on an internal error while node `{node}` ran: {message}"),
            None => format!("the run stopped on an internal error: {message}"),
        }
    })
}

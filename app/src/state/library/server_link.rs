//! Boards shared through a server: opening a `#s=` link (from the server
//! the app was loaded from: every `floe serve` serves the app), and the
//! share dialog's "Link through the server", update and delete.

use floe_editor::sealed::{SealedError, Shared};
use floe_editor::{explain, share};
use floe_engine::Board;
use floe_runner::protocol::{Reply, Request};
use leptos::prelude::*;

use super::{Library, Route};
use crate::state::server::{Server, Status, own_base};

/// The share dialog's server part.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerLinkState {
    /// The board's link through the server, when it has one.
    pub shared: Option<Shared>,
    /// A request is under way.
    pub busy: bool,
    /// What the last action did (or why it failed: `true`).
    pub message: Option<(String, bool)>,
}

impl Library {
    /// Shows the board a server link names, read-only, as a `#b=` link's
    /// (a task of its own, once it is fetched).
    pub(super) fn open_server_link(&self, fragment: String) {
        self.show(Board::named(""), true, "the shared board is being fetched");
        self.fetching.set(true);
        let lib = *self;
        match own_base() {
            Some(server) => {
                let asked = fragment.clone();
                self.open_link(asked, Some(server), move |result| lib.opened_server_link(fragment.clone(), result));
            }
            None => {
                self.opened_server_link(fragment, Err(SealedError::Unreachable("(this page has no address)".into())))
            }
        }
    }

    fn opened_server_link(&self, fragment: String, result: Result<Board, SealedError>) {
        if self.server.address.get_untracked() == own_base() {
            self.server.said(&result);
        }
        self.fetching.set(false);
        if self.route.get_untracked() != Route::Shared(fragment) {
            return; // the user went elsewhere meanwhile
        }
        self.show_shared(result.map_err(|e| explain::server_link(&e)));
    }

    /// A link's board, opened by the run worker (which fetches a `#s=`
    /// link's from `server` and unpacks either: the page carries no
    /// decompressor).
    pub(super) fn open_link(
        &self,
        fragment: String,
        server: Option<String>,
        then: impl Fn(Result<Board, SealedError>) + 'static,
    ) {
        let editor = self.editor;
        let then = std::rc::Rc::new(then);
        let lost = then.clone();
        editor.runner.send(
            |id| Request::Open { id, fragment, server },
            false,
            move |reply| {
                if let Reply::Opened { id, board } = reply {
                    editor.runner.done(id);
                    then(board.map(|b| *b));
                }
            },
            move |crash| lost(Err(SealedError::Unreachable(format!("(the runner stopped: {})", crash.message)))),
        );
    }

    /// Shares the board on screen through the server: a new short link.
    pub fn link_through_server(&self) {
        self.server_request(Action::Share);
    }

    /// Replaces the shared copy with the board as it is now (same link).
    pub fn update_server_link(&self) {
        self.server_request(Action::Update);
    }

    /// Deletes the shared copy: its link opens nothing from now on.
    pub fn delete_server_link(&self) {
        self.server_request(Action::Delete);
    }

    /// Runs one request about the board's shared copy; keeps what it returns.
    fn server_request(&self, action: Action) {
        if self.server_link.with_untracked(|s| s.busy) {
            return;
        }
        let before = self.server_link.with_untracked(|s| s.shared.clone());
        self.server_link.update(|s| {
            s.busy = true;
            s.message = None;
        });
        self.server.status.set(Status::Syncing);
        // The board asked about now (the user may open another while it is packed).
        let board_id = self.current.get_untracked();
        if matches!(action, Action::Delete) {
            self.server_request_with(action, board_id, before, Vec::new());
        } else {
            let lib = *self;
            self.pack(true, move |link| {
                let packed = share::packed(&link.fragment).unwrap_or_default();
                lib.server_request_with(action, board_id.clone(), before.clone(), packed);
            });
        }
    }

    /// The request itself about board `board_id`, with the board `packed` (for a share or an update).
    fn server_request_with(&self, action: Action, board_id: Option<String>, before: Option<Shared>, packed: Vec<u8>) {
        let (lib, server) = (*self, self.server);
        let address = server.address.get_untracked();
        leptos::task::spawn_local(async move {
            let result = match (action, &before, address) {
                (Action::Share, _, Some(address)) => floe_runner::net::share(&address, &packed).await.map(Some),
                (Action::Update, Some(shared), _) => floe_runner::net::update(shared, &packed).await.map(Some),
                (Action::Delete, Some(shared), _) => floe_runner::net::delete(shared).await.map(|()| None),
                _ => Err(SealedError::NotFound),
            };
            server.said(&result);
            let message = match (&result, action) {
                (Ok(_), Action::Update) => {
                    ("The shared board is updated: the link shows it as it is now".into(), false)
                }
                (Ok(_), Action::Share) => {
                    ("Encrypted in this browser and stored on the server: only the link opens it".into(), false)
                }
                (Ok(_), Action::Delete) => ("Deleted from the server: the link opens nothing now".into(), false),
                (Err(e), _) => (format!("Not done: {e}"), true),
            };
            let shared = match result {
                Ok(shared) => {
                    if let Some(id) = &board_id {
                        Server::keep_shared(id, shared.as_ref());
                    }
                    shared
                }
                Err(_) => before,
            };
            // The dialog may show another board by now: its state is that board's.
            if lib.current.get_untracked() == board_id {
                lib.server_link.set(ServerLinkState { shared, busy: false, message: Some(message) });
            } else {
                lib.server_link.update(|s| s.busy = false);
            }
        });
    }
}

/// What the share dialog asks of the server.
#[derive(Clone, Copy)]
enum Action {
    Share,
    Update,
    Delete,
}

//! Editor state, outside any view. The document (a `floe_editor::Document`)
//! is the only truth; it changes only through commands. After each change
//! the state updates the fine-grained signals the views read (one set per
//! node, wire and comment), so moving one node touches one node and its
//! wires, never the whole canvas.

pub mod board_ui;
pub mod exercise;
pub mod library;
pub mod modules;
pub mod run;
pub mod runner;
pub mod scope;
pub mod selected;
pub mod server;
pub mod space;

use std::collections::HashMap;
use std::sync::Arc;

use floe_editor::edit::{self, Edit};
use floe_editor::geometry::{Point, Rect, content_bounds};
use floe_editor::gesture::Scene;
use floe_editor::panels::Panels;
use floe_editor::{Change, Command, Document, Item, Selection, Viewport};
use floe_engine::{Board, Catalog, CommentId, Diagnostic, EdgeId, NodeId, Severity};
use leptos::prelude::*;

pub use board_ui::{CommentUi, EdgeUi, NodeUi};
pub use floe_editor::gesture::{QuickAdd, WireDrag};
pub use run::{RunState, RunStatus};

/// Where the panels are kept between visits (localStorage).
const PANELS_KEY: &str = "floe.panels";

/// The panels as kept in this browser (the defaults when nothing is, or it is unreadable).
fn saved_panels() -> Panels {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(PANELS_KEY).ok().flatten())
        .map(|t| Panels::from_saved(&t))
        .unwrap_or_default()
}

/// A message shown briefly at the bottom of the screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// Increasing id (to dismiss it).
    pub id: u64,
    /// The text.
    pub text: String,
    /// An error (red) or information.
    pub error: bool,
    /// What a decoder or the browser said, shown behind "Details".
    pub details: Option<String>,
}

/// Everything the editor's views share. `Copy`: it is a bundle of handles.
#[derive(Clone, Copy)]
pub struct Editor {
    doc: StoredValue<Document>,
    /// Grows with every document change (undo labels, validation).
    pub revision: RwSignal<u64>,
    pub catalog: StoredValue<Catalog>,
    /// The definitions of the board's custom modules (read by the run worker).
    pub defs: StoredValue<modules::Defs>,
    /// Requests for module definitions in flight.
    pub modules_loading: RwSignal<u32>,
    /// The run worker: runs and module loading happen there.
    pub runner: runner::RunnerClient,
    /// The stored board being edited (the library's `current`; its grants are kept under it).
    pub board_id: RwSignal<Option<String>>,
    /// Grows when the set of node kinds changes (custom modules).
    pub catalog_rev: RwSignal<u64>,
    pub nodes: RwSignal<Vec<NodeId>>,
    node_ui: StoredValue<HashMap<NodeId, NodeUi>>,
    pub edges: RwSignal<Vec<EdgeId>>,
    edge_ui: StoredValue<HashMap<EdgeId, EdgeUi>>,
    pub comments: RwSignal<Vec<CommentId>>,
    comment_ui: StoredValue<HashMap<CommentId, CommentUi>>,
    pub selection: RwSignal<Selection>,
    /// The selection as each item's view sees it (one signal per item).
    pub selected: selected::SelectedItems,
    pub viewport: RwSignal<Viewport>,
    pub diagnostics: RwSignal<Arc<Vec<Diagnostic>>>,
    /// The (revision, catalog revision) `diagnostics` were made for.
    validated: StoredValue<(u64, u64)>,
    pub run: RunState,
    /// The exercise check.
    pub check: exercise::CheckState,
    /// Grows each time a board is opened (views that reset per board track it).
    pub opened: RwSignal<u64>,
    pub notices: RwSignal<Vec<Notice>>,
    next_notice: StoredValue<u64>,
    pub quick_add: RwSignal<Option<QuickAdd>>,
    pub help_open: RwSignal<bool>,
    pub dark: RwSignal<bool>,
    /// The module whose WebAssembly text is open in the editor panel.
    pub wat_open: RwSignal<Option<floe_engine::module::ModuleHash>>,
    /// Edits are refused (a shared link, or a board another tab is editing).
    pub read_only: RwSignal<bool>,
    /// The editor is on screen (not the home screen): its shortcuts work.
    pub visible: RwSignal<bool>,
    /// Why the board is read-only, shown when an edit is refused.
    pub read_only_reason: RwSignal<String>,
    /// The canvas element's size, for fit and centring.
    pub canvas_size: RwSignal<(f64, f64)>,
    /// Where the pointer is over the canvas (screen, relative to it), if it is.
    pub pointer: StoredValue<Option<Point>>,
    /// The panels around the canvas (kept in this browser).
    pub panels: RwSignal<Panels>,
    /// A board was opened and waits for the canvas's size to be shown readably.
    view_pending: StoredValue<bool>,
    /// The app's reactive owner: signals for nodes, wires and comments are
    /// created under it, whichever view's event handler adds them.
    owner: StoredValue<Owner>,
    /// The subflow definition the canvas shows (`None`: the board).
    pub scope: RwSignal<Option<scope::Scope>>,
    /// That definition as a board (what the canvas, gestures and edits read).
    view: StoredValue<Option<Board>>,
}

impl Editor {
    /// An editor on `board`.
    pub fn new(board: Board) -> Self {
        let editor = Editor {
            doc: StoredValue::new(Document::new(Board::default())),
            revision: RwSignal::new(0),
            catalog: StoredValue::new(Catalog::builtin()),
            defs: StoredValue::new(Default::default()),
            modules_loading: RwSignal::new(0),
            runner: runner::RunnerClient::new(),
            catalog_rev: RwSignal::new(0),
            nodes: RwSignal::new(Vec::new()),
            node_ui: StoredValue::new(HashMap::new()),
            edges: RwSignal::new(Vec::new()),
            edge_ui: StoredValue::new(HashMap::new()),
            comments: RwSignal::new(Vec::new()),
            comment_ui: StoredValue::new(HashMap::new()),
            selection: RwSignal::new(Selection::new()),
            selected: selected::SelectedItems::new(),
            viewport: RwSignal::new(Viewport::default()),
            diagnostics: RwSignal::new(Arc::new(Vec::new())),
            validated: StoredValue::new((u64::MAX, u64::MAX)),
            run: RunState::new(),
            board_id: RwSignal::new(None),
            check: exercise::CheckState::new(),
            opened: RwSignal::new(0),
            notices: RwSignal::new(Vec::new()),
            next_notice: StoredValue::new(0),
            quick_add: RwSignal::new(None),
            help_open: RwSignal::new(false),
            dark: RwSignal::new(false),
            wat_open: RwSignal::new(None),
            read_only: RwSignal::new(false),
            read_only_reason: RwSignal::new(String::new()),
            visible: RwSignal::new(true),
            canvas_size: RwSignal::new((1200.0, 800.0)),
            pointer: StoredValue::new(None),
            panels: RwSignal::new(saved_panels()),
            view_pending: StoredValue::new(false),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            scope: RwSignal::new(None),
            view: StoredValue::new(None),
        };
        let (selection, selected) = (editor.selection, editor.selected);
        Effect::new(move |_| selection.with(|s| selected.follow(s)));
        editor.open(board);
        editor
    }

    /// Replaces the document with `board` (history cleared).
    pub fn open(&self, board: Board) {
        self.panels.update(|p| p.opened(&board));
        self.doc.update_value(|d| d.replace(board));
        self.scope.set(None);
        self.view.set_value(None);
        self.follow_subflows();
        self.load_modules();
        self.rebuild();
        self.selection.set(Selection::new());
        self.run.reset();
        self.check.results.set(None);
        self.opened.update(|n| *n += 1);
    }

    /// Runs `f` under the app's owner (for signals that outlive the current view).
    pub(crate) fn owned<R>(&self, f: impl FnOnce() -> R) -> R {
        self.owner.get_value().with(f)
    }

    /// Reads the board the canvas shows: the document, or the subflow
    /// definition open in it (never reactive; views read signals).
    pub fn with_board<R>(&self, f: impl FnOnce(&Board) -> R) -> R {
        let mut f = Some(f);
        let shown = self.view.with_value(|v| v.as_ref().map(|b| (f.take().expect("called once"))(b)));
        match shown {
            Some(r) => r,
            None => self.with_document(f.expect("not called yet")),
        }
    }

    /// Reads the document itself (what is saved, run and shared).
    pub fn with_document<R>(&self, f: impl FnOnce(&Board) -> R) -> R {
        self.doc.with_value(|d| f(d.board()))
    }

    /// Registers the document's subflows as node kinds (their instances'
    /// pins); relooks the nodes when they changed.
    pub(crate) fn follow_subflows(&self) {
        let changed = self.doc.with_value(|d| self.catalog.try_update_value(|c| c.set_subflows(d.board())));
        if changed == Some(true) {
            self.catalog_rev.update(|r| *r += 1);
        }
    }

    /// Applies a command as one undo step; reports a refusal as a notice.
    pub fn apply(&self, cmd: Command) -> bool {
        if self.refuse_if_read_only() {
            return false;
        }
        let cmd = self.scoped(cmd);
        let result = self.doc.try_update_value(|d| d.apply(cmd)).expect("the document lives as long as the editor");
        match result {
            Ok(changes) => {
                self.sync(&changes);
                true
            }
            Err(e) => {
                self.notify(format!("cannot {e}"), true);
                false
            }
        }
    }

    /// Whether edits are refused now; says why, and puts back anything a
    /// gesture moved on screen before its command was refused.
    fn refuse_if_read_only(&self) -> bool {
        if !self.read_only.get_untracked() {
            return false;
        }
        self.notify(format!("This board is read-only: {}", self.read_only_reason.get_untracked()), true);
        self.rebuild();
        true
    }

    /// Undoes the last step.
    pub fn undo(&self) {
        if self.refuse_if_read_only() {
            return;
        }
        let r = self.doc.try_update_value(|d| d.undo()).flatten();
        self.after_history(r, "undo");
    }

    /// Redoes the last undone step.
    pub fn redo(&self) {
        if self.refuse_if_read_only() {
            return;
        }
        let r = self.doc.try_update_value(|d| d.redo()).flatten();
        self.after_history(r, "redo");
    }

    fn after_history(&self, r: Option<Result<Vec<Change>, floe_editor::CommandError>>, what: &str) {
        match r {
            Some(Ok(changes)) => self.sync(&changes),
            Some(Err(e)) => {
                self.notify(format!("{what} failed ({e}); the history was cleared"), true);
                self.rebuild();
            }
            None => {}
        }
    }

    /// What undo and redo would do.
    pub fn history_labels(&self) -> (Option<String>, Option<String>) {
        self.revision.track();
        self.doc
            .with_value(|d| (d.history().undo_label().map(str::to_owned), d.history().redo_label().map(str::to_owned)))
    }

    /// A node's signals.
    pub fn node(&self, id: &NodeId) -> Option<NodeUi> {
        self.node_ui.with_value(|m| m.get(id).copied())
    }

    /// A wire's signals.
    pub fn edge(&self, id: &EdgeId) -> Option<EdgeUi> {
        self.edge_ui.with_value(|m| m.get(id).cloned())
    }

    /// A comment's signals.
    pub fn comment(&self, id: &CommentId) -> Option<CommentUi> {
        self.comment_ui.with_value(|m| m.get(id).copied())
    }

    /// Shows a notice for a few seconds.
    pub fn notify(&self, text: impl Into<String>, error: bool) {
        self.notice(Notice { id: 0, text: text.into(), error, details: None });
    }

    /// Shows a problem, explained (its details behind "Details"), for a while.
    pub fn tell(&self, problem: floe_editor::explain::Explained) {
        self.notice(Notice { id: 0, text: problem.text, error: true, details: problem.details });
    }

    fn notice(&self, notice: Notice) {
        let id = self.next_notice.get_value();
        self.next_notice.set_value(id + 1);
        let error = notice.error;
        let long = notice.details.is_some();
        self.notices.update(|n| {
            n.push(Notice { id, ..notice });
            if n.len() > 4 {
                n.remove(0);
            }
        });
        let notices = self.notices;
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(if long {
                20000
            } else if error {
                9000
            } else {
                4000
            })
            .await;
            notices.update(|n| n.retain(|x| x.id != id));
        });
    }

    /// Selects exactly the given nodes.
    pub fn select_nodes(&self, ids: impl IntoIterator<Item = NodeId>) {
        self.selection.update(|s| s.set_box(ids.into_iter().map(Item::Node), false));
    }

    /// Validates the board and shows the diagnostics on the nodes and in the list.
    pub fn validate(&self) {
        self.validated.set_value((self.revision.get_untracked(), self.catalog_rev.get_untracked()));
        // Inside a definition, its own diagnostics (as a board of its own);
        // on the board, every diagnostic inside an instance shows on it.
        let diags = self.catalog.with_value(|c| self.with_board(|b| floe_engine::validate(b, c)));
        let mut by_node: HashMap<NodeId, Vec<(Severity, String)>> = HashMap::new();
        for d in diags.iter() {
            if let Some(n) = d.target.top_node() {
                let message = match d.target.node() {
                    Some(inner) if inner.as_str() != n => format!("inside, at {}: {}", inner.as_path(), d.message),
                    _ => d.message.clone(),
                };
                by_node.entry(NodeId::from(n)).or_default().push((d.severity, message));
            }
        }
        self.node_ui.with_value(|m| {
            for (id, ui) in m {
                let mine = by_node.remove(id).unwrap_or_default();
                if ui.problems.with_untracked(|p| *p != mine) {
                    ui.problems.set(mine);
                }
            }
        });
        self.diagnostics.set(Arc::new(diags.iter().cloned().collect()));
    }

    /// Runs `f` with the board as a gesture sees it: the document, the node
    /// layouts, the view and the selection.
    pub fn with_scene<R>(&self, f: impl FnOnce(&Scene<'_>) -> R) -> R {
        let layouts = self.layouts();
        let viewport = self.viewport.get_untracked();
        let selection = self.selection.get_untracked();
        self.with_board(|board| {
            f(&Scene { board, layouts: &|id: &NodeId| layouts.get(id).map(|l| &**l), viewport, selection: &selection })
        })
    }

    /// Applies an edit action's command and selects what it says; whether it applied.
    pub fn apply_edit(&self, edit: Edit) -> bool {
        if !self.apply(edit.command) {
            return false;
        }
        self.selection.update(|s| s.set_box(edit.select, false));
        true
    }

    /// Adds a node of `kind` in free space at `anchor`, wired to `wire`
    /// when given, and brings it into view.
    pub fn add_node(&self, kind: &str, anchor: edit::Anchor, wire: Option<&WireDrag>) -> bool {
        let edit = self.catalog.with_value(|c| self.with_scene(|s| edit::add_node(s, c, kind, anchor, wire)));
        match edit {
            Ok(edit) => {
                let added = edit.select.first().and_then(|i| i.node().cloned());
                let ok = self.apply_edit(edit);
                if let Some(id) = added.filter(|_| ok) {
                    self.reveal(&id);
                }
                ok
            }
            Err(e) => {
                self.notify(e.to_string(), true);
                false
            }
        }
    }

    /// Adds a node of `kind` in free space beside the selection, or near the
    /// middle of the view (a palette click).
    pub fn add_node_in_view(&self, kind: &str) -> bool {
        self.add_node(kind, edit::Anchor::BesideSelection(self.centre()), None)
    }

    /// Pans so node `id` is on screen, if it is not (whole, with a margin).
    pub fn reveal(&self, id: &NodeId) {
        let Some(ui) = self.node(id) else { return };
        let rect = ui.look.with_untracked(|l| l.layout.rect(ui.pos.get_untracked()));
        let (w, h) = self.canvas_size.get_untracked();
        let v = self.viewport.get_untracked();
        let seen = v.visible(w, h);
        let margin = 20.0 / v.zoom;
        let inside =
            Rect { x: seen.x + margin, y: seen.y + margin, w: seen.w - 2.0 * margin, h: seen.h - 2.0 * margin };
        if !inside.contains_rect(&rect) {
            self.viewport.update(|v| {
                v.x = w / 2.0 - (rect.x + rect.w / 2.0) * v.zoom;
                v.y = h / 2.0 - (rect.y + rect.h / 2.0) * v.zoom;
            });
        }
    }

    /// Shows a board just opened so it reads: fitted if that keeps its text
    /// legible, else at the reading zoom on the start of its flow (once the
    /// canvas has a size).
    pub fn open_view(&self) {
        let (w, h) = self.canvas_size.get_untracked();
        if w < 1.0 || h < 1.0 {
            self.view_pending.set_value(true);
            return;
        }
        self.view_pending.set_value(false);
        let layouts = self.layouts();
        let v = self.with_board(|b| {
            let content = content_bounds(b, |id| layouts.get(id).map(|l| &**l));
            let start = floe_editor::geometry::flow_start(b, |id| layouts.get(id).map(|l| &**l));
            match (content, start) {
                (Some(content), Some(start)) => Viewport::opening(content, start, w, h, 30.0),
                (Some(content), None) => Viewport::fit(content, w, h, 30.0),
                _ => Viewport::default(),
            }
        });
        self.viewport.set(v);
    }

    /// The canvas took a new size (the window, or a panel opening or closing).
    pub fn canvas_resized(&self, w: f64, h: f64) {
        let (old_w, old_h) = self.canvas_size.get_untracked();
        if (old_w, old_h) != (w, h) {
            self.canvas_size.set((w, h));
            // What was in the middle of the view stays there (a panel opening
            // by itself does not hide the part of the board being looked at).
            if old_w >= 1.0 && old_h >= 1.0 && w >= 1.0 && h >= 1.0 && !self.view_pending.get_value() {
                self.viewport.update(|v| v.pan((w - old_w) / 2.0, (h - old_h) / 2.0));
            }
        }
        if self.view_pending.get_value() && w >= 1.0 && h >= 1.0 {
            self.open_view();
        }
    }

    /// Changes the panels (and keeps them for the next visit).
    pub fn panels_do(&self, f: impl FnOnce(&mut Panels)) {
        self.panels.update(f);
        let text = self.panels.with_untracked(Panels::saved);
        if let Some(store) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = store.set_item(PANELS_KEY, &text);
        }
    }

    /// Zooms and pans so everything on the board is visible.
    pub fn fit(&self) {
        let layouts = self.layouts();
        let bounds = self.with_board(|b| content_bounds(b, |id| layouts.get(id).map(|l| &**l)));
        let (w, h) = self.canvas_size.get_untracked();
        match bounds {
            Some(r) => self.viewport.set(Viewport::fit(r, w, h, 60.0)),
            None => self.viewport.set(Viewport::default()),
        }
    }

    /// The world point at the centre of the canvas.
    pub fn centre(&self) -> Point {
        let (w, h) = self.canvas_size.get_untracked();
        self.viewport.get_untracked().to_world(Point { x: w / 2.0, y: h / 2.0 })
    }
}

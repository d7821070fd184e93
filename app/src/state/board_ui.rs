//! The reactive mirror of the board: one small set of signals per node, wire
//! and comment, updated from the `Change`s a command reports.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use floe_editor::geometry::layout_for;
use floe_editor::{Change, NodeLayout};
use floe_engine::{Board, Catalog, Comment, EdgeId, Node, NodeId, PinId, PinRef, Position, Severity};
use leptos::prelude::*;

use super::Editor;
use super::run::NodeRun;

/// How a node looks (everything but its position and run status).
#[derive(Clone, Debug, PartialEq)]
pub struct NodeLook {
    /// The node kind.
    pub kind: String,
    /// The label, or the kind's friendly name.
    pub title: String,
    /// Top-level palette category (its colour).
    pub category: String,
    /// Size and pins.
    pub layout: Arc<NodeLayout>,
    /// Inline constants by input pin.
    pub inputs: BTreeMap<PinId, serde_json::Value>,
    /// The kind is in the catalog.
    pub known: bool,
    /// A custom (wasm) node.
    pub custom: bool,
    /// A Display node (shows a value).
    pub display: bool,
}

/// A node's signals.
#[derive(Clone, Copy)]
pub struct NodeUi {
    /// Canvas position.
    pub pos: RwSignal<Position>,
    /// Everything else it shows.
    pub look: RwSignal<NodeLook>,
    /// Its state in the current or last run.
    pub run: RwSignal<NodeRun>,
    /// Validation problems.
    pub problems: RwSignal<Vec<(Severity, String)>>,
}

/// A wire's ends (a wire never changes; it is removed and added).
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeUi {
    /// Output end.
    pub from: PinRef,
    /// Input end.
    pub to: PinRef,
}

/// A comment's signals.
#[derive(Clone, Copy)]
pub struct CommentUi {
    /// The comment as in the board.
    pub data: RwSignal<Comment>,
}

/// Computes how `node` looks with `catalog`.
pub fn look(node: &Node, board: &Board, catalog: &Catalog) -> NodeLook {
    let custom = node.kind.starts_with("wasm:");
    match (catalog.get(&node.kind), catalog.node_pins(node, &board.variables)) {
        (Some(kind), Ok(pins)) => {
            let def = kind.def();
            NodeLook {
                kind: node.kind.clone(),
                title: node.label.clone().unwrap_or_else(|| def.friendly_name.clone()),
                category: floe_editor::search::top_category(&def.category).to_owned(),
                layout: Arc::new(layout_for(node, board, Some((&pins, &def.type_params)))),
                inputs: node.inputs.clone(),
                known: true,
                custom,
                display: node.kind == "output.display",
            }
        }
        (known, _) => {
            // Unknown kind (or settings it rejects): its wires' ends stay visible.
            let title = node.label.clone().unwrap_or_else(|| {
                known.map(|k| k.def().friendly_name.clone()).unwrap_or_else(|| short_kind(&node.kind))
            });
            NodeLook {
                kind: node.kind.clone(),
                title,
                category: if custom { "Custom".into() } else { "Unknown".into() },
                layout: Arc::new(layout_for(node, board, None)),
                inputs: node.inputs.clone(),
                known: false,
                custom,
                display: false,
            }
        }
    }
}

fn short_kind(kind: &str) -> String {
    match kind.strip_prefix("wasm:") {
        Some(hex) => format!("missing module {}…", &hex[..hex.len().min(8)]),
        None => kind.to_owned(),
    }
}

impl Editor {
    /// Rebuilds every signal from the board (after opening one).
    pub(crate) fn rebuild(&self) {
        let (looks, comments, edges) = self.catalog.with_value(|catalog| {
            self.with_board(|b| {
                let looks: Vec<(NodeId, Position, NodeLook)> =
                    b.nodes.iter().map(|n| (n.id.clone(), n.position, look(n, b, catalog))).collect();
                let edges: Vec<(EdgeId, EdgeUi)> =
                    b.edges.iter().map(|e| (e.id.clone(), EdgeUi { from: e.from.clone(), to: e.to.clone() })).collect();
                (looks, b.comments.clone(), edges)
            })
        });
        let mut node_ui = HashMap::with_capacity(looks.len());
        let mut ids = Vec::with_capacity(looks.len());
        for (id, pos, look) in looks {
            let ui = self.node(&id).unwrap_or_else(|| self.new_node_ui(pos, look.clone()));
            ui.pos.set(pos);
            ui.look.set(look);
            ids.push(id.clone());
            node_ui.insert(id, ui);
        }
        self.node_ui.set_value(node_ui);
        self.nodes.set(ids);
        let mut edge_ui = HashMap::with_capacity(edges.len());
        let mut edge_ids = Vec::with_capacity(edges.len());
        for (id, ui) in edges {
            edge_ids.push(id.clone());
            edge_ui.insert(id, ui);
        }
        self.edge_ui.set_value(edge_ui);
        self.edges.set(edge_ids);
        let mut comment_ui = HashMap::new();
        let mut comment_ids = Vec::new();
        for c in comments {
            comment_ids.push(c.id.clone());
            // A comment's view keeps its signals: an id seen before keeps them.
            let ui = match self.comment(&c.id) {
                Some(ui) => {
                    ui.data.set(c);
                    ui
                }
                None => self.owned(|| CommentUi { data: RwSignal::new(c) }),
            };
            comment_ui.insert(ui.data.with_untracked(|c| c.id.clone()), ui);
        }
        self.comment_ui.set_value(comment_ui);
        self.comments.set(comment_ids);
        self.revision.update(|r| *r += 1);
        self.validate();
    }

    /// Updates the signals for what a command changed.
    pub(crate) fn sync(&self, changes: &[Change]) {
        let subflows = changes.iter().any(|c| matches!(c, Change::Subflow(_) | Change::Everything));
        if subflows {
            self.follow_subflows();
        }
        if let Some(scope) = self.scope.get_untracked() {
            // Inside a definition every change is the definition's: show it again.
            match self.with_document(|b| b.subflow(&scope.subflow).is_some()) {
                true => self.view.set_value(self.shown_board()),
                false => {
                    self.scope.set(None);
                    self.view.set_value(None);
                }
            }
            self.rebuild();
            self.selection.update(|s| self.with_board(|b| s.prune(b)));
            return;
        }
        if changes.contains(&Change::Everything) {
            self.reload_modules();
            self.rebuild();
            self.selection.set(floe_editor::Selection::new());
            return;
        }
        let mut lists = (false, false, false);
        let mut relook: Vec<NodeId> = Vec::new();
        let mut modules = false;
        for change in changes {
            match change {
                Change::NodeAdded(id) | Change::NodeEdited(id) => relook.push(id.clone()),
                Change::NodeMoved(id) => {
                    if let (Some(ui), Some(pos)) = (self.node(id), self.with_board(|b| b.node(id).map(|n| n.position)))
                    {
                        ui.pos.set(pos);
                    }
                }
                Change::NodeRemoved(id) => {
                    self.node_ui.update_value(|m| {
                        m.remove(id);
                    });
                    lists.0 = true;
                }
                Change::EdgeAdded(id) => {
                    if let Some(e) = self.with_board(|b| b.edges.iter().find(|e| &e.id == id).cloned()) {
                        self.edge_ui.update_value(|m| {
                            m.insert(id.clone(), EdgeUi { from: e.from.clone(), to: e.to.clone() });
                        });
                        // A node of unknown kind shows the pins its wires use.
                        relook.push(e.from.node.clone());
                        relook.push(e.to.node.clone());
                    }
                    lists.1 = true;
                }
                Change::EdgeRemoved(id) => {
                    self.edge_ui.update_value(|m| {
                        m.remove(id);
                    });
                    lists.1 = true;
                }
                Change::CommentAdded(id) | Change::CommentEdited(id) => {
                    if let Some(c) = self.with_board(|b| b.comments.iter().find(|c| &c.id == id).cloned()) {
                        match self.comment(id) {
                            Some(ui) => ui.data.set(c),
                            None => {
                                let ui = self.owned(|| CommentUi { data: RwSignal::new(c) });
                                self.comment_ui.update_value(|m| {
                                    m.insert(id.clone(), ui);
                                });
                            }
                        }
                    }
                    lists.2 |= matches!(change, Change::CommentAdded(_));
                }
                Change::CommentRemoved(id) => {
                    self.comment_ui.update_value(|m| {
                        m.remove(id);
                    });
                    lists.2 = true;
                }
                Change::Modules => modules = true,
                Change::Variables => {
                    // Variable nodes' pins follow their variable's type.
                    relook.extend(self.with_board(|b| {
                        b.nodes.iter().filter(|n| n.kind.starts_with("var.")).map(|n| n.id.clone()).collect::<Vec<_>>()
                    }));
                }
                Change::Meta | Change::Exercise | Change::Everything | Change::Subflow(_) => {}
            }
        }
        if modules {
            self.reload_modules();
        }
        for id in relook {
            self.relook(&id, &mut lists.0);
        }
        if lists.0 {
            self.nodes.set(self.with_board(|b| b.nodes.iter().map(|n| n.id.clone()).collect()));
        }
        if lists.1 {
            self.edges.set(self.with_board(|b| {
                b.edges
                    .iter()
                    .filter(|e| self.edge_ui.with_value(|m| m.contains_key(&e.id)))
                    .map(|e| e.id.clone())
                    .collect()
            }));
        }
        if lists.2 {
            self.comments.set(self.with_board(|b| b.comments.iter().map(|c| c.id.clone()).collect()));
        }
        self.selection.update(|s| self.with_board(|b| s.prune(b)));
        self.revision.update(|r| *r += 1);
        self.validate();
    }

    /// Recomputes one node's look (creating its signals if it is new).
    fn relook(&self, id: &NodeId, list_changed: &mut bool) {
        let found = self.catalog.with_value(|c| self.with_board(|b| b.node(id).map(|n| (n.position, look(n, b, c)))));
        let Some((pos, look)) = found else { return };
        match self.node(id) {
            Some(ui) => {
                if ui.look.with_untracked(|l| *l != look) {
                    ui.look.set(look);
                }
                ui.pos.set(pos);
            }
            None => {
                let ui = self.new_node_ui(pos, look);
                self.node_ui.update_value(|m| {
                    m.insert(id.clone(), ui);
                });
                *list_changed = true;
            }
        }
    }

    fn new_node_ui(&self, pos: Position, look: NodeLook) -> NodeUi {
        self.owned(|| NodeUi {
            pos: RwSignal::new(pos),
            look: RwSignal::new(look),
            run: RwSignal::new(NodeRun::default()),
            problems: RwSignal::new(Vec::new()),
        })
    }

    /// Recomputes every node's look (the catalog changed).
    pub(crate) fn relook_all(&self) {
        let ids = self.nodes.get_untracked();
        let mut changed = false;
        for id in &ids {
            self.relook(id, &mut changed);
        }
        self.catalog_rev.update(|r| *r += 1);
    }

    /// Each node's layout, for geometry queries (box selection, fit, wiring).
    pub fn layouts(&self) -> HashMap<NodeId, Arc<NodeLayout>> {
        self.node_ui.with_value(|m| {
            m.iter().map(|(id, ui)| (id.clone(), ui.look.with_untracked(|l| l.layout.clone()))).collect()
        })
    }
}

//! Which board the canvas shows: the document itself, or one of its
//! subflow definitions opened for editing (from an instance, whose run
//! values it then shows, or from the Subflows list). Edits made there are
//! the usual commands, wrapped in `Command::InSubflow`; the breadcrumb
//! leads back.

use floe_editor::Command;
use floe_editor::edit;
use floe_engine::board::{PATH_SEP, subflow_of};
use floe_engine::{Board, NodeId};
use leptos::prelude::*;

use super::Editor;

/// An open subflow definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    /// The definition's id.
    pub subflow: String,
    /// The instance it was opened from, as a path in the flattened board
    /// (`calc`, or `calc›inner` nested): run values are read there.
    pub path: Option<String>,
    /// Where it was opened from, to go back to (each open definition).
    pub trail: Vec<(String, Option<String>)>,
}

/// The node on the canvas that a run's node `id` (a path) shows on: the
/// node itself, or the instance it is inside. `None` when it is not on
/// screen (another instance, or the board around an open definition).
pub fn shown_node<'a>(scope: Option<&Scope>, id: &'a str) -> Option<(&'a str, bool)> {
    let rest = match scope {
        None => id,
        Some(Scope { path: Some(p), .. }) => id.strip_prefix(p.as_str())?.strip_prefix(PATH_SEP)?,
        Some(Scope { path: None, .. }) => return None,
    };
    let top = rest.split(PATH_SEP).next().unwrap_or(rest);
    Some((top, top.len() == rest.len()))
}

impl Editor {
    /// The board the canvas shows: a definition, or the document.
    pub(crate) fn shown_board(&self) -> Option<Board> {
        let scope = self.scope.get_untracked()?;
        self.with_document(|b| {
            let def = b.subflow(&scope.subflow)?;
            Some(Board {
                meta: floe_engine::BoardMeta {
                    name: def.name.clone(),
                    description: def.description.clone(),
                    ..Default::default()
                },
                nodes: def.nodes.clone(),
                edges: def.edges.clone(),
                comments: def.comments.clone(),
                variables: def.variables.clone(),
                modules: b.modules.clone(),
                subflows: b.subflows.clone(),
                ..Board::default()
            })
        })
    }

    /// Opens definition `subflow` on the canvas (from instance `path`, if any).
    pub fn open_subflow(&self, subflow: &str, path: Option<String>) {
        let Some(locked) = self.with_document(|b| b.subflow(subflow).map(|s| s.locked)) else {
            self.notify(format!("this board has no subflow `{subflow}`"), true);
            return;
        };
        if locked && self.with_document(|b| b.exercise.as_ref().is_some_and(|e| e.locked)) {
            self.notify("This subflow is the teacher's: use it as it is (its inside is hidden)", true);
            return;
        }
        let mut trail = self.scope.get_untracked().map(|s| {
            let mut t = s.trail.clone();
            t.push((s.subflow.clone(), s.path.clone()));
            t
        });
        if trail.as_ref().is_some_and(|t| t.len() > 64) {
            trail = Some(Vec::new());
        }
        self.scope.set(Some(Scope { subflow: subflow.to_owned(), path, trail: trail.unwrap_or_default() }));
        self.enter_scope();
    }

    /// Opens the definition of instance `node` (shown on the canvas now).
    pub fn open_instance(&self, node: &NodeId) {
        let Some(kind) = self.with_board(|b| b.node(node).map(|n| n.kind.clone())) else { return };
        let Some(subflow) = subflow_of(&kind) else { return };
        let path = match self.scope.get_untracked() {
            Some(s) => s.path.map(|p| format!("{p}{PATH_SEP}{node}")),
            None => Some(node.to_string()),
        };
        self.open_subflow(subflow, path);
    }

    /// Goes back `levels` steps towards the board (all the way with `usize::MAX`).
    pub fn close_subflow(&self, levels: usize) {
        let Some(mut scope) = self.scope.get_untracked() else { return };
        let mut left = levels;
        let next = loop {
            match scope.trail.pop() {
                Some((subflow, path)) if left > 1 => {
                    left -= 1;
                    scope = Scope { subflow, path, trail: scope.trail };
                }
                Some((subflow, path)) => break Some(Scope { subflow, path, trail: scope.trail }),
                None => break None,
            }
        };
        self.scope.set(next);
        self.enter_scope();
    }

    fn enter_scope(&self) {
        self.view.set_value(self.shown_board());
        self.selection.set(floe_editor::Selection::new());
        self.rebuild();
        self.show_run_values();
        self.open_view();
    }

    /// The breadcrumb: the board, then each open definition (name, levels back).
    pub fn breadcrumb(&self) -> Vec<(String, usize)> {
        let Some(scope) = self.scope.get() else { return Vec::new() };
        // Names follow renames.
        self.revision.track();
        self.with_document(|b| {
            let name = |id: &str| b.subflow(id).map(|s| s.name.clone()).unwrap_or_else(|| id.to_owned());
            let board = if b.meta.name.is_empty() { "Board".to_owned() } else { b.meta.name.clone() };
            let depth = scope.trail.len() + 1;
            let mut out = vec![(board, depth)];
            for (i, (id, _)) in scope.trail.iter().enumerate() {
                out.push((name(id), depth - 1 - i));
            }
            out.push((name(&scope.subflow), 0));
            out
        })
    }

    /// Wraps the selected nodes into a new subflow, as one step.
    pub fn make_subflow(&self) {
        let selected: Vec<NodeId> = self.selection.with_untracked(|s| s.nodes().cloned().collect());
        let names: Vec<String> = self.with_document(|b| b.subflows.iter().map(|s| s.name.clone()).collect());
        let name = floe_editor::ids::distinct_name("Subflow", names.iter().map(String::as_str));
        let result = self.catalog.with_value(|c| self.with_board(|b| edit::make_subflow(b, &selected, c, &name)));
        match result {
            Ok(e) => {
                self.apply_edit(e);
            }
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    /// Replaces instance `node` by its subflow's nodes, as one step.
    pub fn unpack(&self, node: &NodeId) {
        match self.with_board(|b| edit::unpack(b, node)) {
            Ok(e) => {
                self.apply_edit(e);
            }
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    /// Gives instance `node` a definition of its own.
    pub fn independent_copy(&self, node: &NodeId) {
        match self.with_board(|b| edit::independent_copy(b, node)) {
            Ok(e) => {
                self.apply_edit(e);
            }
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    /// Applies a command to what the canvas shows.
    pub(crate) fn scoped(&self, cmd: Command) -> Command {
        match self.scope.get_untracked() {
            // Definitions are the document's: adding or changing one is never wrapped.
            Some(s) => match cmd {
                // The definition's name and description are what the canvas
                // shows as the board's.
                Command::SetMeta { name, description } => {
                    let def = self.with_document(|b| b.subflow(&s.subflow).cloned());
                    match def {
                        Some(def) => Command::SetSubflow {
                            subflow: Box::new(floe_engine::Subflow { name, description, ..def }),
                            at: None,
                        },
                        None => Command::SetMeta { name, description },
                    }
                }
                // What belongs to the document: never wrapped.
                Command::SetSubflow { .. }
                | Command::RemoveSubflow { .. }
                | Command::SetExercise { .. }
                | Command::SetModule { .. }
                | Command::RemoveModule { .. }
                | Command::ReplaceModule { .. }
                | Command::ReplaceBoard { .. } => cmd,
                Command::Batch { label, commands } => {
                    let commands = commands.into_iter().map(|c| self.scoped(c)).collect();
                    Command::Batch { label, commands }
                }
                cmd => Command::InSubflow { subflow: s.subflow, command: Box::new(cmd) },
            },
            None => cmd,
        }
    }
}

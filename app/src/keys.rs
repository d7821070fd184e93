//! Keyboard shortcuts (one table, used by the handler, tooltips and the help
//! overlay) and the edit actions they trigger: delete, copy, cut, paste,
//! duplicate, select all, group, note.

use floe_editor::geometry::{Point, Rect};
use floe_editor::{Command, Item, clipboard, ids};
use floe_engine::{Comment, CommentKind, Position, Size};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::{Editor, QuickAdd};

/// A shortcut: keys as shown, and what they do.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+Enter", "Run the board"),
    ("Ctrl+.", "Stop the run"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("Delete, Backspace", "Delete the selection"),
    ("Ctrl+C / Ctrl+X / Ctrl+V", "Copy / cut / paste (JSON on the system clipboard)"),
    ("Ctrl+D", "Duplicate the selection"),
    ("Ctrl+A", "Select everything"),
    ("Shift+click, Shift+drag", "Add to the selection; box-select"),
    ("/ or double-click", "Quick-add a node"),
    ("Drag a wire to empty canvas", "Quick-add a node that fits it"),
    ("Drag, Space+drag, wheel", "Pan"),
    ("Ctrl+wheel, pinch", "Zoom to the pointer"),
    ("Ctrl+= / Ctrl+- / Ctrl+0", "Zoom in / out / 100%"),
    ("Shift+1", "Fit everything"),
    ("N", "Add a note"),
    ("G", "Group the selection"),
    ("Escape", "Deselect, close popups"),
    ("?", "This help"),
];

/// Whether the key goes to a text field (shortcuts then stay out of the way).
pub fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        let tag = el.tag_name().to_ascii_lowercase();
        matches!(tag.as_str(), "input" | "textarea" | "select")
            || el.closest("[contenteditable]").ok().flatten().is_some()
    })
}

/// Puts the selection on the system clipboard as JSON (unless a text field
/// has the focus); whether it did.
fn copy_selection(editor: Editor, e: &web_sys::ClipboardEvent) -> bool {
    if focused_field() || !editor.visible.get_untracked() {
        return false;
    }
    let Some(text) = editor.with_board(|b| clipboard::copy(b, &editor.selection.get_untracked())) else { return false };
    let Some(dt) = e.clipboard_data() else { return false };
    let _ = dt.set_data("text/plain", &text);
    e.prevent_default();
    true
}

/// Installs the window listeners (keys, copy, cut, paste).
pub fn install(editor: Editor) {
    let keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if typing(&e) || !editor.visible.get_untracked() {
            return;
        }
        let ctrl = e.ctrl_key() || e.meta_key();
        let key = e.key();
        let handled = match (ctrl, e.shift_key(), key.as_str()) {
            (true, _, "Enter") => {
                editor.start_run();
                true
            }
            (true, _, ".") => {
                editor.stop_run();
                true
            }
            (true, false, "z" | "Z") => {
                editor.undo();
                true
            }
            (true, true, "z" | "Z") | (true, _, "y" | "Y") => {
                editor.redo();
                true
            }
            (true, _, "a" | "A") => {
                editor.selection.update(|s| editor.with_board(|b| s.select_all(b)));
                true
            }
            (true, _, "d" | "D") => {
                duplicate(editor);
                true
            }
            (true, _, "=" | "+") => {
                zoom(editor, 1.2);
                true
            }
            (true, _, "-") => {
                zoom(editor, 1.0 / 1.2);
                true
            }
            (true, _, "0") => {
                let z = editor.viewport.get_untracked().zoom;
                zoom(editor, 1.0 / z);
                true
            }
            (false, _, "Delete" | "Backspace") => {
                delete_selection(editor);
                true
            }
            (false, _, "/") => {
                let (w, h) = editor.canvas_size.get_untracked();
                let screen = Point { x: w / 2.0 - 150.0, y: h / 3.0 };
                let world = editor.viewport.get_untracked().to_world(Point { x: w / 2.0, y: h / 2.0 });
                editor.quick_add.set(Some(QuickAdd { screen, world, wire: None }));
                true
            }
            (false, true, "!") => {
                editor.fit();
                true
            }
            (false, _, "?") => {
                editor.help_open.update(|h| *h = !*h);
                true
            }
            (false, _, "Escape") => {
                editor.quick_add.set(None);
                editor.help_open.set(false);
                editor.wat_open.set(None);
                editor.selection.update(|s| s.clear());
                true
            }
            (false, false, "n" | "N") => {
                add_note(editor);
                true
            }
            (false, false, "g" | "G") => {
                group_selection(editor);
                true
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
        }
    });
    let copy = window_event_listener(ev::copy, move |e: web_sys::ClipboardEvent| {
        copy_selection(editor, &e);
    });
    let cut = window_event_listener(ev::cut, move |e: web_sys::ClipboardEvent| {
        if copy_selection(editor, &e) {
            delete_selection(editor);
        }
    });
    let paste = window_event_listener(ev::paste, move |e: web_sys::ClipboardEvent| {
        if focused_field() || !editor.visible.get_untracked() {
            return;
        }
        let Some(text) = e.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
        e.prevent_default();
        paste_text(editor, &text);
    });
    // The listeners live as long as the page.
    std::mem::forget((keys, copy, cut, paste));
}

/// Whether a text field has focus (its own copy and paste apply).
fn focused_field() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|el| matches!(el.tag_name().to_ascii_lowercase().as_str(), "input" | "textarea" | "select"))
}

fn zoom(editor: Editor, f: f64) {
    let (w, h) = editor.canvas_size.get_untracked();
    editor.viewport.update(|v| v.zoom_at(Point { x: w / 2.0, y: h / 2.0 }, f));
}

/// Pastes clipboard text (a Floe clip or a board) at the centre of the view.
pub fn paste_text(editor: Editor, text: &str) {
    match clipboard::parse(text) {
        Ok(clip) => {
            let at = editor.centre();
            let (cmd, nodes, comments) =
                editor.with_board(|b| clipboard::paste(b, &clip, Some(Position { x: at.x - 100.0, y: at.y - 60.0 })));
            if editor.apply(cmd) {
                let mut items: Vec<Item> = nodes.into_iter().map(Item::Node).collect();
                items.extend(comments.into_iter().map(Item::Comment));
                editor.selection.update(|s| s.set_box(items, false));
            }
        }
        Err(e) => editor.notify(e.to_string(), true),
    }
}

/// Duplicates the selection next to itself (one undo step).
pub fn duplicate(editor: Editor) {
    let text = editor.with_board(|b| clipboard::copy(b, &editor.selection.get_untracked()));
    let Some(text) = text else { return };
    let Ok(clip) = clipboard::parse(&text) else { return };
    let (cmd, nodes, comments) = editor.with_board(|b| clipboard::paste(b, &clip, None));
    if editor.apply(cmd) {
        let mut items: Vec<Item> = nodes.into_iter().map(Item::Node).collect();
        items.extend(comments.into_iter().map(Item::Comment));
        editor.selection.update(|s| s.set_box(items, false));
    }
}

/// Deletes the selected nodes (with their wires), wires and comments as one step.
pub fn delete_selection(editor: Editor) {
    let sel = editor.selection.get_untracked();
    if sel.is_empty() {
        return;
    }
    let nodes: Vec<_> = sel.nodes().cloned().collect();
    let edges: Vec<_> = editor.with_board(|b| {
        sel.edges()
            .filter(|id| {
                b.edges.iter().any(|e| &e.id == *id && !nodes.contains(&e.from.node) && !nodes.contains(&e.to.node))
            })
            .cloned()
            .collect()
    });
    let comments: Vec<_> = sel.comments().cloned().collect();
    let mut commands = Vec::new();
    if !edges.is_empty() {
        commands.push(Command::RemoveEdges { ids: edges });
    }
    if !nodes.is_empty() {
        commands.push(Command::RemoveNodes { ids: nodes });
    }
    if !comments.is_empty() {
        commands.push(Command::RemoveComments { ids: comments });
    }
    if !commands.is_empty() {
        editor.apply(Command::batch("delete selection", commands));
    }
}

fn add_note(editor: Editor) {
    let at = editor.centre();
    let id = editor.with_board(|b| ids::comment_id(b, &[]));
    let note = Comment {
        id: id.clone().into(),
        text: "A note".into(),
        position: Position { x: at.x - 100.0, y: at.y - 50.0 },
        size: Size { width: 200.0, height: 100.0 },
        color: None,
        kind: CommentKind::Note,
    };
    if editor.apply(Command::AddComments { comments: vec![note], at: vec![] }) {
        editor.selection.update(|s| s.click(Item::Comment(id.into()), false));
    }
}

/// Frames the selected nodes in a new group.
fn group_selection(editor: Editor) {
    let layouts = editor.layouts();
    let sel = editor.selection.get_untracked();
    let bounds = editor.with_board(|b| {
        b.nodes
            .iter()
            .filter(|n| sel.contains(&Item::Node(n.id.clone())))
            .filter_map(|n| layouts.get(&n.id).map(|l| l.rect(n.position)))
            .reduce(|a, b| a.union(&b))
    });
    let Some(r) = bounds else {
        editor.notify("select the nodes to group first", false);
        return;
    };
    let pad = 30.0;
    let frame = Rect { x: r.x - pad, y: r.y - pad - 20.0, w: r.w + 2.0 * pad, h: r.h + 2.0 * pad + 20.0 };
    let id = editor.with_board(|b| ids::comment_id(b, &[]));
    let group = Comment {
        id: id.clone().into(),
        text: "Group".into(),
        position: Position { x: frame.x, y: frame.y },
        size: Size { width: frame.w, height: frame.h },
        color: None,
        kind: CommentKind::Group,
    };
    editor.apply(Command::AddComments { comments: vec![group], at: vec![] });
}

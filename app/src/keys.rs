//! Keyboard shortcuts (one table, used by the handler, tooltips and the help
//! overlay) and the edit actions they trigger: delete, copy, cut, paste,
//! duplicate, select all, group, note.

use floe_editor::geometry::Point;
use floe_editor::{clipboard, edit};
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
                let at = QuickAdd::at_pointer(&editor.viewport.get_untracked(), editor.pointer.get_value(), w, h);
                editor.quick_add.set(Some(at));
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
            (false, true, "g" | "G") => {
                editor.make_subflow();
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
    let centre = editor.centre();
    match editor.with_board(|b| edit::paste_text(b, text, centre)) {
        Ok(edit) => {
            editor.apply_edit(edit);
        }
        Err(e) => editor.notify(e.to_string(), true),
    }
}

/// Duplicates the selection next to itself (one undo step).
pub fn duplicate(editor: Editor) {
    if let Some(edit) = editor.with_board(|b| edit::duplicate(b, &editor.selection.get_untracked())) {
        editor.apply_edit(edit);
    }
}

/// Deletes the selected nodes (with their wires), wires and comments as one step.
pub fn delete_selection(editor: Editor) {
    if let Some(cmd) = editor.with_board(|b| edit::delete_selection(b, &editor.selection.get_untracked())) {
        editor.apply(cmd);
    }
}

fn add_note(editor: Editor) {
    let centre = editor.centre();
    let edit = editor.with_board(|b| edit::add_note(b, centre));
    editor.apply_edit(edit);
}

/// Frames the selected nodes in a new group.
fn group_selection(editor: Editor) {
    let sel = editor.selection.get_untracked();
    match editor.with_scene(|s| edit::group(s.board, &sel, s.layouts)) {
        Ok(cmd) => {
            editor.apply(cmd);
        }
        Err(e) => editor.notify(e.to_string(), false),
    }
}

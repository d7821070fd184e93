//! Whether each item on screen is selected, as one signal per item: a
//! selection change sets only the signals of the items that came or went
//! (`Selection::changed_from`). A memo per item over the whole selection ran
//! for every node and wire of the board on every click (2,500 on the
//! 1,000-node benchmark board, ~2 ms a click, enough to drop the frame
//! after it).

use std::collections::HashMap;

use floe_editor::{Item, Selection};
use leptos::prelude::*;

/// The selection as each item's view sees it.
#[derive(Clone, Copy)]
pub struct SelectedItems {
    signals: StoredValue<HashMap<Item, RwSignal<bool>>>,
    /// The selection the signals show.
    shown: StoredValue<Selection>,
}

impl SelectedItems {
    pub fn new() -> Self {
        SelectedItems { signals: StoredValue::new(HashMap::new()), shown: StoredValue::new(Selection::new()) }
    }

    /// Whether `item` is selected, for a view that shows it: the signal
    /// lives as long as the calling view (it is forgotten when the view goes).
    pub fn watch(&self, item: Item) -> Signal<bool> {
        let on = RwSignal::new(self.shown.with_value(|s| s.contains(&item)));
        self.signals.update_value(|m| {
            m.insert(item.clone(), on);
        });
        let signals = self.signals;
        on_cleanup(move || {
            signals.try_update_value(|m| {
                if m.get(&item) == Some(&on) {
                    m.remove(&item);
                }
            });
        });
        on.into()
    }

    /// Shows `now`: sets the signals of the items whose state changed.
    pub fn follow(&self, now: &Selection) {
        self.shown.with_value(|before| {
            self.signals.with_value(|m| {
                for item in now.changed_from(before) {
                    if let Some(on) = m.get(item) {
                        on.set(now.contains(item));
                    }
                }
            })
        });
        self.shown.set_value(now.clone());
    }
}

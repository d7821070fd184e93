//! The synced space this browser belongs to, if any (Board → Server and
//! sync…): kept in localStorage (`floe.space`: the space's link;
//! `floe.device`: this browser's name in it). The rules are `floe_editor::space`; the
//! rounds run in the worker (`floe_runner::sync`); when they run is
//! `state/library/sync.rs`.

use floe_editor::space::{self, Joined, SpaceLink};
use leptos::prelude::*;

/// Where the membership is kept.
const SETTING: &str = "floe.space";
const DEVICE: &str = "floe.device";

/// The space's handles (`Copy`).
#[derive(Clone, Copy)]
pub struct Space {
    /// The space this browser syncs with.
    pub joined: RwSignal<Option<Joined>>,
    /// A space link opened here, waiting for the user to connect or not.
    pub pending: RwSignal<Option<SpaceLink>>,
    /// Conflicts the user has not looked at yet (what happened, in words).
    pub conflicts: RwSignal<Vec<String>>,
    /// Why the last sync failed (`None`: it worked).
    pub problem: RwSignal<Option<String>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

impl Space {
    /// Reads the membership.
    pub fn install() -> Space {
        let item = |k| storage().and_then(|s| s.get_item(k).ok().flatten()).unwrap_or_default();
        let joined = Joined::parse(&item(SETTING), &item(DEVICE)).ok();
        Space {
            joined: RwSignal::new(joined),
            pending: RwSignal::new(None),
            conflicts: RwSignal::new(Vec::new()),
            problem: RwSignal::new(None),
        }
    }

    /// Keeps (or, with `None`, forgets) the membership.
    pub fn keep(&self, joined: Option<Joined>) {
        if let Some(s) = storage() {
            let _ = match &joined {
                Some(j) => s.set_item(SETTING, &j.url()).and_then(|()| s.set_item(DEVICE, &j.device)),
                None => s.remove_item(SETTING),
            };
        }
        self.joined.set(joined);
    }

    /// A name for this browser: its platform and four random letters.
    pub fn default_device() -> String {
        let platform = web_sys::window().and_then(|w| w.navigator().platform().ok()).unwrap_or_default();
        let tag = floe_storage::new_id();
        let first = platform.split_whitespace().next().unwrap_or("Browser").to_owned();
        space::device_name(&format!("{first} {}", &tag[tag.len() - 4..]))
    }
}

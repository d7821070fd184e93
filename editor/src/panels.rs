//! The editor's panels around the canvas — the palette, the inspector and
//! the bottom panel with its tabs — and the rules for when they open by
//! themselves: results after a run, the Check tab for an exercise. Kept in
//! the browser between visits ([`Panels::saved`], [`Panels::from_saved`],
//! which trusts nothing it reads).

use floe_engine::Board;
use serde::{Deserialize, Serialize};

/// The bottom panel's smallest height (CSS pixels), when open.
pub const MIN_HEIGHT: f64 = 120.0;
/// The bottom panel's height until the person changes it.
pub const DEFAULT_HEIGHT: f64 = 210.0;
/// The bottom panel's height for an exercise: instructions, the bar and a
/// failing case with its difference fit without scrolling.
pub const EXERCISE_HEIGHT: f64 = 240.0;
/// The most of the window the bottom panel may take.
const MAX_SHARE: f64 = 0.7;

/// The bottom panel's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    /// The last run: its status, failure and board outputs.
    #[default]
    Results,
    /// Log lines.
    Console,
    /// Diagnostics.
    Problems,
    /// The run's input payload.
    Input,
    /// An exercise's instructions and test cases.
    Check,
}

/// A side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The node palette (left).
    Palette,
    /// The inspector (right).
    Inspector,
}

/// What a finished run produced, as far as the panels care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunOutcome {
    /// It failed (or was stopped by a failure).
    pub failed: bool,
    /// Board outputs it set.
    pub outputs: usize,
    /// Log lines it wrote.
    pub logs: usize,
}

/// Which panels are open, and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Panels {
    /// The palette is open.
    pub palette: bool,
    /// The inspector is open.
    pub inspector: bool,
    /// The bottom panel is open (closed, only its tab strip shows).
    pub bottom: bool,
    /// The bottom panel's height when open.
    pub height: f64,
    /// The bottom panel's tab.
    pub tab: Tab,
    /// Results open the bottom panel by themselves; off once the person
    /// closes it while results are showing, on again when they open it.
    pub auto_open: bool,
    /// A run's results arrived while the Results tab was not showing.
    #[serde(skip)]
    pub unseen: bool,
    /// The bottom panel was opened for an exercise (with the height it had
    /// before), not by the person: the next board that is not an exercise
    /// closes it again.
    #[serde(skip)]
    pub for_exercise: Option<f64>,
}

impl Default for Panels {
    fn default() -> Self {
        Panels {
            palette: true,
            inspector: true,
            bottom: false,
            height: DEFAULT_HEIGHT,
            tab: Tab::Results,
            auto_open: true,
            unseen: false,
            for_exercise: None,
        }
    }
}

impl Panels {
    /// The panels as kept between visits; anything unreadable, or a height
    /// out of bounds, falls back to the default.
    pub fn from_saved(text: &str) -> Panels {
        if text.len() > 4096 {
            return Panels::default();
        }
        let mut p: Panels = serde_json::from_str(text).unwrap_or_default();
        if !p.height.is_finite() || p.height < MIN_HEIGHT || p.height > 4000.0 {
            p.height = DEFAULT_HEIGHT;
        }
        p
    }

    /// The text to keep between visits.
    pub fn saved(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Whether the Results tab is on screen.
    pub fn results_showing(&self) -> bool {
        self.bottom && self.tab == Tab::Results
    }

    /// Opens or closes a side panel.
    pub fn toggle_side(&mut self, side: Side) {
        match side {
            Side::Palette => self.palette = !self.palette,
            Side::Inspector => self.inspector = !self.inspector,
        }
    }

    /// Opens or closes the bottom panel (the person's choice: closing it
    /// while results show stops results from opening it again).
    pub fn toggle_bottom(&mut self) {
        self.for_exercise = None;
        self.bottom = !self.bottom;
        if !self.bottom && self.tab == Tab::Results {
            self.auto_open = false;
        }
        if self.bottom {
            self.auto_open = true;
            self.seen();
        }
    }

    /// Shows `tab`, opening the bottom panel (a click on the tab).
    pub fn show(&mut self, tab: Tab) {
        self.for_exercise = None;
        self.tab = tab;
        self.bottom = true;
        self.auto_open = true;
        self.seen();
    }

    fn seen(&mut self) {
        if self.results_showing() {
            self.unseen = false;
        }
    }

    /// The bottom panel dragged to `height` in a window `window` pixels tall.
    pub fn resize(&mut self, height: f64, window: f64) {
        self.for_exercise = None;
        let max = (window * MAX_SHARE).max(MIN_HEIGHT);
        self.height = if height.is_finite() { height.clamp(MIN_HEIGHT, max) } else { DEFAULT_HEIGHT };
    }

    /// A board was opened: an exercise (instructions or test cases) opens
    /// on its Check tab, tall enough for a case and its difference; any
    /// other board on its Results, with the panel as the person left it
    /// (closed again if it was only open for an exercise).
    pub fn opened(&mut self, board: &Board) {
        self.unseen = false;
        let exercise =
            board.exercise.as_ref().is_some_and(|e| !e.instructions.trim().is_empty() || !e.cases.is_empty());
        if exercise {
            self.tab = Tab::Check;
            if !self.bottom || self.for_exercise.is_some() {
                self.for_exercise = Some(self.for_exercise.unwrap_or(self.height));
                self.bottom = true;
                self.height = self.height.max(EXERCISE_HEIGHT);
            }
        } else {
            if self.tab == Tab::Check {
                self.tab = Tab::Results;
            }
            if let Some(height) = self.for_exercise.take() {
                self.bottom = false;
                self.height = height;
            }
        }
    }

    /// A run ended: the tab that shows what it produced — the failure or
    /// the outputs under Results, else log lines under Console — opens
    /// unless the person closed the panel on results, or is on the Check or
    /// Run input tab; then, and whenever
    /// the results are not on screen, they are marked unseen (a badge).
    /// A run that produced nothing to show (its values are on the canvas)
    /// changes nothing. Returns the tab chosen, if one was.
    pub fn after_run(&mut self, run: RunOutcome) -> Option<Tab> {
        let tab = if run.failed || run.outputs > 0 {
            Tab::Results
        } else if run.logs > 0 {
            Tab::Console
        } else {
            return None;
        };
        // The Check tab (a student with the instructions) and Run input (a
        // person trying inputs one after another) stay; the results wait
        // under their badge.
        let stays = self.bottom && matches!(self.tab, Tab::Check | Tab::Input);
        if self.auto_open && !stays {
            self.tab = tab;
            self.bottom = true;
        }
        if tab == Tab::Results && !self.results_showing() {
            self.unseen = true;
        }
        Some(tab)
    }

    /// Check ran: its tab shows.
    pub fn after_check(&mut self) {
        self.tab = Tab::Check;
        self.bottom = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise() -> Board {
        Board::from_value(serde_json::json!({"format_version": 1, "nodes": [],
            "exercise": {"instructions": "Compute the average.", "cases": []}}))
        .unwrap()
    }

    #[test]
    fn by_default_the_canvas_gets_the_room_and_the_sides_are_open() {
        let p = Panels::default();
        assert!(p.palette && p.inspector && !p.bottom);
        assert_eq!(Panels::from_saved(&p.saved()), p);
    }

    #[test]
    fn what_was_kept_is_trusted_only_as_far_as_it_makes_sense() {
        assert_eq!(Panels::from_saved("not json"), Panels::default());
        assert_eq!(Panels::from_saved(&"x".repeat(10_000)), Panels::default());
        let p = Panels::from_saved(r#"{"palette": false, "height": -5, "tab": "console", "extra": 1}"#);
        assert!(!p.palette && p.inspector);
        assert_eq!((p.height, p.tab), (DEFAULT_HEIGHT, Tab::Console));
        assert_eq!(Panels::from_saved(r#"{"height": 1e999}"#).height, DEFAULT_HEIGHT);
    }

    #[test]
    fn results_open_the_panel_by_themselves_until_it_is_closed_on_them() {
        let mut p = Panels::default();
        assert_eq!(p.after_run(RunOutcome { outputs: 1, ..RunOutcome::default() }), Some(Tab::Results));
        assert!(p.results_showing() && !p.unseen);
        // Closed on results: the next results only mark themselves unseen.
        p.toggle_bottom();
        assert!(!p.bottom && !p.auto_open);
        p.after_run(RunOutcome { outputs: 1, ..RunOutcome::default() });
        assert!(!p.bottom && p.unseen, "a badge, the panel stays closed");
        p.show(Tab::Results);
        assert!(p.results_showing() && !p.unseen && p.auto_open);
        // Someone trying inputs stays on Run input.
        p.show(Tab::Input);
        p.after_run(RunOutcome { outputs: 1, ..RunOutcome::default() });
        assert!(p.tab == Tab::Input && p.unseen);
        // Failures show under Results too; logs alone under Console.
        p.show(Tab::Problems);
        assert_eq!(p.after_run(RunOutcome { failed: true, ..RunOutcome::default() }), Some(Tab::Results));
        assert_eq!(p.tab, Tab::Results);
        assert_eq!(p.after_run(RunOutcome { logs: 3, ..RunOutcome::default() }), Some(Tab::Console));
        assert_eq!(p.tab, Tab::Console);
        // Nothing to show: nothing changes.
        let before = p.clone();
        assert_eq!(p.after_run(RunOutcome::default()), None);
        assert_eq!(p, before);
    }

    #[test]
    fn results_seen_on_another_tab_leave_a_badge() {
        let mut p = Panels::default();
        p.show(Tab::Problems);
        p.auto_open = false;
        p.after_run(RunOutcome { outputs: 2, ..RunOutcome::default() });
        assert_eq!(p.tab, Tab::Problems);
        assert!(p.unseen);
        p.show(Tab::Results);
        assert!(!p.unseen);
    }

    #[test]
    fn an_exercise_opens_on_its_check_tab_and_a_run_does_not_leave_it() {
        let mut p = Panels::default();
        p.opened(&exercise());
        assert!(p.bottom && p.tab == Tab::Check && p.height >= EXERCISE_HEIGHT);
        p.after_run(RunOutcome { outputs: 1, ..RunOutcome::default() });
        assert_eq!(p.tab, Tab::Check, "the student stays with the instructions");
        assert!(p.unseen, "the results wait under their badge");
        // Another board leaves the Check tab, and the panel closes again:
        // the exercise opened it, not the person.
        p.opened(&Board::named("plain"));
        assert_eq!(p.tab, Tab::Results);
        assert!(!p.bottom && p.height == DEFAULT_HEIGHT, "{p:?}");
        // Opened by the person, it stays open.
        p.opened(&exercise());
        p.show(Tab::Check);
        p.opened(&Board::named("plain"));
        assert!(p.bottom && p.tab == Tab::Results);
        p.after_check();
        assert!(p.bottom && p.tab == Tab::Check);
    }

    #[test]
    fn the_panel_height_stays_within_the_window() {
        let mut p = Panels::default();
        p.resize(5000.0, 720.0);
        assert_eq!(p.height, 720.0 * MAX_SHARE);
        p.resize(10.0, 720.0);
        assert_eq!(p.height, MIN_HEIGHT);
        p.resize(f64::NAN, 720.0);
        assert_eq!(p.height, DEFAULT_HEIGHT);
        p.toggle_side(Side::Palette);
        p.toggle_side(Side::Inspector);
        assert!(!p.palette && !p.inspector);
    }
}

//! Pan and zoom: how canvas (world) coordinates map to the screen.

use crate::geometry::{Point, Rect};

/// The smallest zoom.
pub const MIN_ZOOM: f64 = 0.1;
/// The largest zoom.
pub const MAX_ZOOM: f64 = 4.0;
/// The least zoom a board opens at: node titles, pins and values legible.
pub const READ_ZOOM: f64 = 0.7;

/// `screen = world × zoom + (x, y)`, in CSS pixels relative to the canvas element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Screen position of the world origin.
    pub x: f64,
    /// Screen position of the world origin.
    pub y: f64,
    /// Screen pixels per world unit.
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport { x: 0.0, y: 0.0, zoom: 1.0 }
    }
}

impl Viewport {
    /// The world point under screen point `p`.
    pub fn to_world(&self, p: Point) -> Point {
        Point { x: (p.x - self.x) / self.zoom, y: (p.y - self.y) / self.zoom }
    }

    /// The screen point of world point `p`.
    pub fn to_screen(&self, p: Point) -> Point {
        Point { x: p.x * self.zoom + self.x, y: p.y * self.zoom + self.y }
    }

    /// Moves the view by a screen distance.
    pub fn pan(&mut self, dx: f64, dy: f64) {
        self.x += dx;
        self.y += dy;
    }

    /// Zooms by `factor`, keeping the world point under `anchor` (screen) in place.
    pub fn zoom_at(&mut self, anchor: Point, factor: f64) {
        let world = self.to_world(anchor);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        self.x = anchor.x - world.x * self.zoom;
        self.y = anchor.y - world.y * self.zoom;
    }

    /// Zoom factor for a wheel event's `delta_y` (pixels; negative zooms in).
    pub fn wheel_factor(delta_y: f64) -> f64 {
        (-delta_y.clamp(-200.0, 200.0) * 0.002).exp()
    }

    /// Shows `content` (world) centred in a `width` × `height` screen, with a
    /// margin, never zooming in past 1:1.
    pub fn fit(content: Rect, width: f64, height: f64, margin: f64) -> Viewport {
        if content.w <= 0.0 || content.h <= 0.0 || width <= 0.0 || height <= 0.0 {
            return Viewport::default();
        }
        let zoom = ((width - 2.0 * margin) / content.w).min((height - 2.0 * margin) / content.h).clamp(MIN_ZOOM, 1.0);
        Viewport {
            x: (width - content.w * zoom) / 2.0 - content.x * zoom,
            y: (height - content.h * zoom) / 2.0 - content.y * zoom,
            zoom,
        }
    }

    /// How a board opens in a `width` × `height` screen: everything fitted
    /// (as [`Viewport::fit`]) when that keeps text legible, at
    /// [`READ_ZOOM`] or more; otherwise at [`READ_ZOOM`] with `start` (where
    /// the flow begins) a margin from the left edge and the content
    /// centred vertically if it fits, else `start` centred vertically —
    /// but never with empty space above the content's top.
    pub fn opening(content: Rect, start: Rect, width: f64, height: f64, margin: f64) -> Viewport {
        let fitted = Viewport::fit(content, width, height, margin);
        if fitted.zoom >= READ_ZOOM || width <= 0.0 || height <= 0.0 {
            return fitted;
        }
        let zoom = READ_ZOOM;
        let y = if content.h * zoom + 2.0 * margin <= height {
            (height - content.h * zoom) / 2.0 - content.y * zoom
        } else {
            let centred = height / 2.0 - (start.y + start.h / 2.0) * zoom;
            centred.min(margin - content.y * zoom)
        };
        Viewport { x: margin - start.x * zoom, y, zoom }
    }

    /// The world rectangle visible in a `width` × `height` screen.
    pub fn visible(&self, width: f64, height: f64) -> Rect {
        let a = self.to_world(Point { x: 0.0, y: 0.0 });
        Rect { x: a.x, y: a.y, w: width / self.zoom, h: height / self.zoom }
    }

    /// The CSS transform of the world layer.
    pub fn css(&self) -> String {
        format!("translate({}px, {}px) scale({})", self.x, self.y, self.zoom)
    }

    /// The zoom as a percentage, for the indicator.
    pub fn percent(&self) -> u32 {
        (self.zoom * 100.0).round() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_keeps_the_point_under_the_cursor() {
        let mut v = Viewport { x: 40.0, y: -10.0, zoom: 0.8 };
        let cursor = Point { x: 300.0, y: 200.0 };
        let before = v.to_world(cursor);
        v.zoom_at(cursor, 1.7);
        let after = v.to_world(cursor);
        assert!((before.x - after.x).abs() < 1e-9 && (before.y - after.y).abs() < 1e-9);
        assert!((v.zoom - 1.36).abs() < 1e-9);
    }

    #[test]
    fn zoom_is_clamped() {
        let mut v = Viewport::default();
        v.zoom_at(Point::default(), 1000.0);
        assert_eq!(v.zoom, MAX_ZOOM);
        v.zoom_at(Point::default(), 1e-6);
        assert_eq!(v.zoom, MIN_ZOOM);
        assert!(Viewport::wheel_factor(-100.0) > 1.0 && Viewport::wheel_factor(100.0) < 1.0);
    }

    #[test]
    fn fit_centres_the_content() {
        let content = Rect { x: 100.0, y: 100.0, w: 400.0, h: 200.0 };
        let v = Viewport::fit(content, 1000.0, 600.0, 40.0);
        assert_eq!(v.zoom, 1.0, "never zooms in past 1:1");
        let centre = v.to_screen(Point { x: 300.0, y: 200.0 });
        assert!((centre.x - 500.0).abs() < 1e-9 && (centre.y - 300.0).abs() < 1e-9);
        let big = Rect { x: 0.0, y: 0.0, w: 4000.0, h: 1000.0 };
        let v = Viewport::fit(big, 1000.0, 600.0, 50.0);
        assert!((v.zoom - 0.225).abs() < 1e-9);
        let vis = v.visible(1000.0, 600.0);
        assert!(vis.x <= 0.0 && vis.x + vis.w >= 4000.0);
    }

    #[test]
    fn a_board_opens_fitted_when_legible_else_at_the_start_of_its_flow() {
        // Small enough: fitted.
        let small = Rect { x: 0.0, y: 0.0, w: 600.0, h: 300.0 };
        let start = Rect { x: 0.0, y: 100.0, w: 200.0, h: 80.0 };
        assert_eq!(Viewport::opening(small, start, 1000.0, 600.0, 40.0), Viewport::fit(small, 1000.0, 600.0, 40.0));
        // Too wide to fit legibly: at the reading zoom, the start at the left, centred vertically.
        let wide = Rect { x: 0.0, y: 0.0, w: 3000.0, h: 400.0 };
        let v = Viewport::opening(wide, start, 1000.0, 600.0, 40.0);
        assert_eq!(v.zoom, READ_ZOOM);
        assert_eq!(v.to_screen(Point { x: 0.0, y: 0.0 }).x, 40.0, "the start is a margin from the left");
        let mid = v.to_screen(Point { x: 0.0, y: 200.0 }).y;
        assert!((mid - 300.0).abs() < 1e-9, "the content is centred vertically: {mid}");
        // Too tall as well: the start is centred vertically...
        let big = Rect { x: 0.0, y: -1000.0, w: 3000.0, h: 3000.0 };
        let v = Viewport::opening(big, start, 1000.0, 600.0, 40.0);
        let s = v.to_screen(Point { x: 100.0, y: 140.0 });
        assert!((s.y - 300.0).abs() < 1e-9 && v.zoom == READ_ZOOM, "{s:?}");
        // ...unless that leaves empty space above the content: its top then sits at the margin.
        let below = Rect { x: 0.0, y: 100.0, w: 3000.0, h: 3000.0 };
        let v = Viewport::opening(below, start, 1000.0, 600.0, 40.0);
        assert!((v.to_screen(Point { x: 0.0, y: 100.0 }).y - 40.0).abs() < 1e-9, "{v:?}");
    }

    #[test]
    fn pan_and_round_trip() {
        let mut v = Viewport { x: 3.0, y: 4.0, zoom: 2.0 };
        v.pan(10.0, -5.0);
        let p = Point { x: 12.5, y: -7.25 };
        let back = v.to_world(v.to_screen(p));
        assert!((back.x - p.x).abs() < 1e-12 && (back.y - p.y).abs() < 1e-12);
        assert_eq!(v.css(), "translate(13px, -1px) scale(2)");
        assert_eq!(v.percent(), 200);
    }
}

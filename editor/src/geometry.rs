//! Where things are on the canvas: node sizes, pin anchors, wire curves and
//! hit tests, computed from the pins alone (no layout measurement), so the
//! view, box selection and tests agree.

use std::collections::{BTreeMap, HashMap};

use floe_engine::{Board, Catalog, DataType, Node, NodeId, PinDef, PinType, Position};

/// Width of every node.
pub const NODE_WIDTH: f64 = 200.0;
/// Height of a node's title bar.
pub const HEADER: f64 = 30.0;
/// Height of one pin row.
pub const ROW: f64 = 22.0;
/// Space under the last row.
pub const FOOTER: f64 = 8.0;
/// Extra height of a Display node, for the value it shows.
pub const PREVIEW: f64 = 140.0;
/// Extra height of a node that shows one value on a line (a Constant's
/// value, a Board output's last value).
pub const VALUE_ROW: f64 = 24.0;

/// The room a node of `kind` gets under its pins for what it shows.
pub fn extra_for(kind: &str) -> f64 {
    match kind {
        "output.display" => PREVIEW,
        "event.board_output" | "value.constant" => VALUE_ROW,
        _ => 0.0,
    }
}

/// A point in canvas (or screen) units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Horizontal.
    pub x: f64,
    /// Vertical.
    pub y: f64,
}

impl From<Position> for Point {
    fn from(p: Position) -> Self {
        Point { x: p.x, y: p.y }
    }
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The rectangle spanned by two corners, in any order.
    pub fn from_corners(a: Point, b: Point) -> Rect {
        Rect { x: a.x.min(b.x), y: a.y.min(b.y), w: (a.x - b.x).abs(), h: (a.y - b.y).abs() }
    }

    /// Whether the two overlap.
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    /// Whether `o` lies entirely inside.
    pub fn contains_rect(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.x + o.w <= self.x + self.w && o.y + o.h <= self.y + self.h
    }

    /// Whether `p` lies inside.
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.y >= self.y && p.x <= self.x + self.w && p.y <= self.y + self.h
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        let (x, y) = (self.x.min(o.x), self.y.min(o.y));
        Rect { x, y, w: (self.x + self.w).max(o.x + o.w) - x, h: (self.y + self.h).max(o.y + o.h) - y }
    }
}

/// One pin's place on its node.
#[derive(Clone, Debug, PartialEq)]
pub struct PinSlot {
    /// The pin's name (what edges refer to).
    pub name: String,
    /// Its label.
    pub friendly: String,
    /// Its tooltip.
    pub description: String,
    /// Its type.
    pub ty: PinType,
    /// Distance from the node's top to the pin's centre.
    pub y: f64,
    /// Optional input (no value needed).
    pub optional: bool,
    /// For a Generic pin bound to a type parameter: the data types it allows.
    pub allowed: Option<Vec<DataType>>,
}

/// A node's size and pin places.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeLayout {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Inputs, top to bottom.
    pub inputs: Vec<PinSlot>,
    /// Outputs, top to bottom.
    pub outputs: Vec<PinSlot>,
}

impl NodeLayout {
    /// Lays out `pins` (as `Catalog::node_pins` lists them): inputs on the
    /// left, outputs on the right, each in declaration order; `params` are
    /// the kind's type parameters; `extra` is room under the pins for what
    /// the node shows ([`extra_for`]).
    pub fn new(pins: &[PinDef], params: &BTreeMap<String, Vec<DataType>>, extra: f64) -> Self {
        let slots = |input: bool| -> Vec<PinSlot> {
            pins.iter()
                .filter(|p| p.is_input() == input)
                .enumerate()
                .map(|(i, p)| PinSlot {
                    name: p.name.clone(),
                    friendly: p.friendly_name.clone(),
                    description: p.description.clone(),
                    ty: p.ty(),
                    y: HEADER + (i as f64 + 0.5) * ROW,
                    optional: p.optional,
                    allowed: p.type_param.as_ref().and_then(|t| params.get(t)).cloned(),
                })
                .collect()
        };
        let (inputs, outputs) = (slots(true), slots(false));
        let rows = inputs.len().max(outputs.len()).max(1) as f64;
        let height = HEADER + rows * ROW + FOOTER + extra;
        NodeLayout { width: NODE_WIDTH, height, inputs, outputs }
    }

    /// A placeholder for a node whose kind is unknown (it keeps its wires' ends).
    pub fn unknown(pins_in: &[&str], pins_out: &[&str]) -> Self {
        let slot = |i: usize, n: &&str| PinSlot {
            name: (*n).to_owned(),
            friendly: (*n).to_owned(),
            description: String::new(),
            ty: PinType::ANY,
            y: HEADER + (i as f64 + 0.5) * ROW,
            optional: true,
            allowed: None,
        };
        let inputs: Vec<PinSlot> = pins_in.iter().enumerate().map(|(i, n)| slot(i, n)).collect();
        let outputs: Vec<PinSlot> = pins_out.iter().enumerate().map(|(i, n)| slot(i, n)).collect();
        let rows = inputs.len().max(outputs.len()).max(1) as f64;
        NodeLayout { width: NODE_WIDTH, height: HEADER + rows * ROW + FOOTER, inputs, outputs }
    }

    /// The node's rectangle at `pos`.
    pub fn rect(&self, pos: Position) -> Rect {
        Rect { x: pos.x, y: pos.y, w: self.width, h: self.height }
    }

    /// The canvas point where a wire meets pin `name` (input side when `input`).
    pub fn anchor(&self, pos: Position, name: &str, input: bool) -> Option<Point> {
        let (list, x) = if input { (&self.inputs, pos.x) } else { (&self.outputs, pos.x + self.width) };
        list.iter().find(|s| s.name == name).map(|s| Point { x, y: pos.y + s.y })
    }

    /// The slot of pin `name`.
    pub fn slot(&self, name: &str, input: bool) -> Option<&PinSlot> {
        if input { &self.inputs } else { &self.outputs }.iter().find(|s| s.name == name)
    }
}

/// How `node` of `board` is laid out with `catalog`: its pins for its
/// settings (a Display node gets room for the value it shows), or, for a
/// kind the catalog lacks or settings it rejects, the ends of its wires, so
/// they stay visible.
pub fn layout_of(node: &Node, board: &Board, catalog: &Catalog) -> NodeLayout {
    match (catalog.get(&node.kind), catalog.node_pins(node, &board.variables)) {
        (Some(kind), Ok(pins)) => layout_for(node, board, Some((&pins, &kind.def().type_params))),
        _ => layout_for(node, board, None),
    }
}

/// A node's pins and its kind's type parameters.
pub type KnownPins<'a> = (&'a [PinDef], &'a BTreeMap<String, Vec<DataType>>);

/// [`layout_of`] for a node whose pins (and its kind's type parameters) are
/// known already, or `None` when its kind is unknown or rejects its settings.
pub fn layout_for(node: &Node, board: &Board, pins: Option<KnownPins<'_>>) -> NodeLayout {
    match pins {
        Some((pins, params)) => NodeLayout::new(pins, params, extra_for(&node.kind)),
        None => {
            let mut ins: Vec<&str> =
                board.edges.iter().filter(|e| e.to.node == node.id).map(|e| e.to.pin.as_str()).collect();
            let mut outs: Vec<&str> =
                board.edges.iter().filter(|e| e.from.node == node.id).map(|e| e.from.pin.as_str()).collect();
            ins.dedup();
            outs.sort();
            outs.dedup();
            NodeLayout::unknown(&ins, &outs)
        }
    }
}

/// Every node's layout, by id (see [`layout_of`]).
pub fn layouts(board: &Board, catalog: &Catalog) -> HashMap<NodeId, NodeLayout> {
    board.nodes.iter().map(|n| (n.id.clone(), layout_of(n, board, catalog))).collect()
}

/// The SVG path of a wire from an output at `a` to an input at `b`.
pub fn wire_path(a: Point, b: Point) -> String {
    let dx = ((b.x - a.x).abs() * 0.5).max(40.0);
    format!("M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", a.x, a.y, a.x + dx, a.y, b.x - dx, b.y, b.x, b.y)
}

/// The nodes whose rectangles meet `area`, given each node's layout.
pub fn nodes_in<'a>(board: &'a Board, area: &Rect, layout: impl Fn(&NodeId) -> Option<&'a NodeLayout>) -> Vec<NodeId> {
    board
        .nodes
        .iter()
        .filter(|n| layout(&n.id).is_some_and(|l| l.rect(n.position).intersects(area)))
        .map(|n| n.id.clone())
        .collect()
}

/// Everything drawn on the board, for "fit to content".
pub fn content_bounds<'a>(board: &'a Board, layout: impl Fn(&NodeId) -> Option<&'a NodeLayout>) -> Option<Rect> {
    let nodes = board.nodes.iter().filter_map(|n| layout(&n.id).map(|l| l.rect(n.position)));
    let comments =
        board.comments.iter().map(|c| Rect { x: c.position.x, y: c.position.y, w: c.size.width, h: c.size.height });
    nodes.chain(comments).reduce(|a, b| a.union(&b))
}

/// Where the flow begins, for opening a board on it: the leftmost (then
/// topmost) event node — a Start, Board input or Interval —, else the
/// leftmost node nothing is wired into, else the leftmost node.
pub fn flow_start<'a>(board: &'a Board, layout: impl Fn(&NodeId) -> Option<&'a NodeLayout>) -> Option<Rect> {
    let is_event = |n: &&Node| n.kind.starts_with("event.") && n.kind != "event.board_output";
    let fed: std::collections::HashSet<&NodeId> = board.edges.iter().map(|e| &e.to.node).collect();
    let leftmost = |pick: &dyn Fn(&&Node) -> bool| {
        board
            .nodes
            .iter()
            .filter(|n| pick(n))
            .filter_map(|n| layout(&n.id).map(|l| l.rect(n.position)))
            .min_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)))
    };
    leftmost(&is_event).or_else(|| leftmost(&|n| !fed.contains(&n.id))).or_else(|| leftmost(&|_| true))
}

/// Snaps a coordinate to the grid (for dropped and pasted nodes).
pub fn snap(v: f64, grid: f64) -> f64 {
    (v / grid).round() * grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use floe_engine::{Catalog, Node};

    fn layout_of(kind: &str) -> NodeLayout {
        let catalog = Catalog::builtin();
        let pins = catalog.node_pins(&Node::new("n", kind), &[]).unwrap();
        NodeLayout::new(&pins, &catalog.get(kind).unwrap().def().type_params, 0.0)
    }

    #[test]
    fn pins_sit_in_rows_on_their_side() {
        let add = layout_of("math.add");
        let names: Vec<&str> = add.inputs.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(add.outputs.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["result", "error"]);
        let pos = Position { x: 10.0, y: 20.0 };
        assert_eq!(add.anchor(pos, "b", true), Some(Point { x: 10.0, y: 20.0 + HEADER + 1.5 * ROW }));
        assert_eq!(add.anchor(pos, "result", false), Some(Point { x: 210.0, y: 20.0 + HEADER + 0.5 * ROW }));
        assert_eq!(add.anchor(pos, "nope", true), None);
        assert_eq!(add.height, HEADER + 2.0 * ROW + FOOTER);
    }

    #[test]
    fn rectangles() {
        let r = Rect::from_corners(Point { x: 5.0, y: 5.0 }, Point { x: -5.0, y: 1.0 });
        assert_eq!(r, Rect { x: -5.0, y: 1.0, w: 10.0, h: 4.0 });
        assert!(r.intersects(&Rect { x: 4.0, y: 4.0, w: 10.0, h: 10.0 }));
        assert!(!r.intersects(&Rect { x: 5.0, y: 1.0, w: 1.0, h: 1.0 }), "touching edges do not overlap");
        assert!(r.contains(Point { x: 0.0, y: 2.0 }));
        assert!(r.union(&Rect { x: 10.0, y: 10.0, w: 1.0, h: 1.0 }).contains_rect(&r));
        assert_eq!(snap(23.0, 10.0), 20.0);
    }

    #[test]
    fn the_flow_starts_at_its_leftmost_event_else_at_what_nothing_feeds() {
        let board = Board::from_value(serde_json::json!({"format_version": 1, "nodes": [
            {"id": "a", "kind": "math.add", "position": {"x": 0, "y": 0}},
            {"id": "b", "kind": "math.add", "position": {"x": 300, "y": 0}},
            {"id": "s", "kind": "event.manual_start", "position": {"x": 200, "y": 400}},
            {"id": "o", "kind": "event.board_output", "position": {"x": -100, "y": 0}, "config": {"name": "x"}}],
            "edges": [{"id": "e", "from": {"node": "b", "pin": "result"}, "to": {"node": "a", "pin": "a"}}]}))
        .unwrap();
        let catalog = Catalog::builtin();
        let all = layouts(&board, &catalog);
        let start = flow_start(&board, |id| all.get(id)).unwrap();
        assert_eq!((start.x, start.y), (200.0, 400.0), "the Start node");
        let mut no_events = board.clone();
        no_events.nodes.retain(|n| n.id.as_str() != "s");
        let start = flow_start(&no_events, |id| all.get(id)).unwrap();
        assert_eq!((start.x, start.y), (-100.0, 0.0), "the leftmost node nothing feeds (`a` is fed by `b`)");
        assert_eq!(flow_start(&Board::default(), |id| all.get(id)), None);
    }

    #[test]
    fn wires_bend_horizontally() {
        let p = wire_path(Point { x: 0.0, y: 0.0 }, Point { x: 200.0, y: 50.0 });
        assert_eq!(p, "M0.0,0.0 C100.0,0.0 100.0,50.0 200.0,50.0");
        let back = wire_path(Point { x: 200.0, y: 0.0 }, Point { x: 190.0, y: 0.0 });
        assert!(back.contains("C240.0,0.0 150.0,0.0"), "{back}");
    }
}

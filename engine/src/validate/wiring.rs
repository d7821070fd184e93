//! What analysis knows of each node's pins and each edge's ends: resolved
//! edges, the edges at every pin, and one node's facts. Plain data that
//! typing, analysis and the rules share.

use std::sync::Arc;

use crate::catalog::{ConfigError, NodeKind, Role};
use crate::def::PinDef;
use crate::ids::PinId;
use crate::node::NodeImpl;
use crate::types::PinType;

/// A pin of a node, by index into `Board::nodes` and into that node's pins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct PinAt {
    pub node: usize,
    pub pin: usize,
}

/// What became of one edge.
pub(crate) enum EdgeState {
    /// Both ends exist and point the right way.
    Ok { from: PinAt, to: PinAt },
    /// An end names no node.
    MissingNode { end: End },
    /// An end names no pin of its node.
    MissingPin { end: End, node: usize },
    /// An end names a pin of the wrong direction.
    Direction { end: End },
    /// An end's node has an unknown kind or bad config, so its pins are unknown.
    Unknown,
}

/// Which end of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum End {
    From,
    To,
}

/// The edges touching each pin, in one flat list (few allocations for big boards).
pub(crate) struct PinEdges {
    /// Index of each node's first pin in `start` (one more entry than nodes).
    base: Vec<u32>,
    /// Where each pin's edges begin in `list` (one more entry than pins).
    start: Vec<u32>,
    list: Vec<u32>,
}

impl PinEdges {
    pub fn new(nodes: &[NodeInfo], edges: &[EdgeState]) -> Self {
        let mut base = Vec::with_capacity(nodes.len() + 1);
        let mut total = 0u32;
        for n in nodes {
            base.push(total);
            total += n.pins.len() as u32;
        }
        base.push(total);
        let mut count = vec![0u32; total as usize + 1];
        let ends = |e: &EdgeState| match *e {
            EdgeState::Ok { from, to } => Some([from, to]),
            _ => None,
        };
        for at in edges.iter().filter_map(ends).flatten() {
            count[(base[at.node] as usize) + at.pin + 1] += 1;
        }
        for k in 1..count.len() {
            count[k] += count[k - 1];
        }
        let start = count.clone();
        let mut list = vec![0u32; *count.last().unwrap_or(&0) as usize];
        for (i, e) in edges.iter().enumerate() {
            for at in ends(e).into_iter().flatten() {
                let k = base[at.node] as usize + at.pin;
                list[count[k] as usize] = i as u32;
                count[k] += 1;
            }
        }
        PinEdges { base, start, list }
    }

    /// The edges (indices into the board's edges) touching pin `pin` of `node`.
    pub fn of(&self, node: usize, pin: usize) -> impl Iterator<Item = usize> + '_ {
        let k = self.base[node] as usize + pin;
        self.list[self.start[k] as usize..self.start[k + 1] as usize].iter().map(|&e| e as usize)
    }
}

/// Facts about one node.
pub(crate) struct NodeInfo {
    pub kind: Option<Arc<dyn NodeKind>>,
    pub role: Role,
    /// The kind's pins for this config, then the implicit error pins, as
    /// declared. Empty when the kind is unknown or the config is bad.
    pub pins: Arc<[PinDef]>,
    /// The pins' names as ids (parallel to `pins`, shared like them).
    pub pin_ids: Arc<[PinId]>,
    /// Each pin's type with generics resolved (parallel to `pins`).
    pub types: Vec<PinType>,
    /// How many of `pins` come from the kind (the rest are implicit).
    pub own_pins: usize,
    pub config_error: Option<ConfigError>,
    pub imp: Option<Box<dyn NodeImpl>>,
    /// Whether the node has execution pins of its own (else it is pure).
    pub has_exec: bool,
}

impl NodeInfo {
    pub fn known(&self) -> bool {
        self.kind.is_some() && self.config_error.is_none()
    }
}

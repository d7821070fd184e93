//! The only place that talks to petgraph. Everything else sees node indices
//! (`usize`, positions in `Board::nodes`) and plain vectors.

use petgraph::acyclic::Acyclic;
use petgraph::algo::{kosaraju_scc, toposort};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

fn build(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> DiGraph<(), ()> {
    let mut g = DiGraph::with_capacity(n, n * 2);
    for _ in 0..n {
        g.add_node(());
    }
    for (a, b) in edges {
        g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
    }
    g
}

/// Node indices in an order where every edge goes forward, or `None` on a cycle.
pub fn topo_order(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> Option<Vec<usize>> {
    let g = build(n, edges);
    toposort(&g, None).ok().map(|order| order.into_iter().map(NodeIndex::index).collect())
}

/// Every cycle, as the set of nodes in one strongly connected component
/// (a self-loop is a cycle of one). Each set is sorted; sets come in order of
/// their smallest node.
pub fn cycles(n: usize, edges: impl IntoIterator<Item = (usize, usize)> + Clone) -> Vec<Vec<usize>> {
    let mut self_loop = vec![false; n];
    for (a, b) in edges.clone() {
        if a == b && a < n {
            self_loop[a] = true;
        }
    }
    let g = build(n, edges);
    let mut out: Vec<Vec<usize>> = kosaraju_scc(&g)
        .into_iter()
        .filter(|c| c.len() > 1 || self_loop[c[0].index()])
        .map(|c| {
            let mut v: Vec<usize> = c.into_iter().map(NodeIndex::index).collect();
            v.sort_unstable();
            v
        })
        .collect();
    out.sort();
    out
}

/// Groups nodes into layers: a node's layer is one more than the deepest
/// layer among its predecessors, so nodes in one layer never depend on each
/// other. `None` on a cycle.
pub fn layers(n: usize, edges: &[(usize, usize)]) -> Option<Vec<Vec<usize>>> {
    let order = topo_order(n, edges.iter().copied())?;
    Some(layers_in_order(n, edges, &order))
}

/// [`layers`] for a graph whose topological `order` is already known.
pub fn layers_in_order(n: usize, edges: &[(usize, usize)], order: &[usize]) -> Vec<Vec<usize>> {
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        preds[b].push(a);
    }
    let mut depth = vec![0usize; n];
    for &v in order {
        depth[v] = preds[v].iter().map(|&p| depth[p] + 1).max().unwrap_or(0);
    }
    let count = depth.iter().copied().max().map_or(0, |d| d + 1);
    let mut out = vec![Vec::new(); count];
    for &v in order {
        out[depth[v]].push(v);
    }
    for layer in &mut out {
        layer.sort_unstable();
    }
    out
}

/// A graph that refuses edges that would close a cycle, kept up to date as
/// wires are added and removed (the editor's live check while dragging).
pub struct LiveDag {
    graph: Acyclic<DiGraph<(), ()>>,
}

/// Refers to an edge of a [`LiveDag`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveEdge(EdgeIndex);

impl LiveDag {
    /// Builds from existing edges, or `None` if they already contain a cycle.
    pub fn new(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> Option<Self> {
        Acyclic::try_from(build(n, edges)).ok().map(|graph| LiveDag { graph })
    }

    /// Whether `a → b` could be added without a cycle.
    pub fn can_add(&self, a: usize, b: usize) -> bool {
        let bound = self.graph.inner().node_count();
        a < bound && b < bound && self.graph.is_valid_edge(NodeIndex::new(a), NodeIndex::new(b))
    }

    /// Adds `a → b`, or refuses because it would close a cycle.
    pub fn try_add(&mut self, a: usize, b: usize) -> Option<LiveEdge> {
        if !self.can_add(a, b) {
            return None;
        }
        self.graph.try_add_edge(NodeIndex::new(a), NodeIndex::new(b), ()).ok().map(LiveEdge)
    }

    /// Removes an edge added earlier.
    pub fn remove(&mut self, e: LiveEdge) {
        self.graph.remove_edge(e.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_group_independent_nodes() {
        // 0 → 1 → 3, 0 → 2 → 3, 4 alone
        let l = layers(5, &[(0, 1), (0, 2), (1, 3), (2, 3)]).unwrap();
        assert_eq!(l, vec![vec![0, 4], vec![1, 2], vec![3]]);
    }

    #[test]
    fn cycles_are_reported_per_component() {
        let c = cycles(5, [(0, 1), (1, 0), (2, 2), (3, 4)]);
        assert_eq!(c, vec![vec![0, 1], vec![2]]);
        assert!(topo_order(2, [(0, 1), (1, 0)]).is_none());
    }

    /// petgraph's `kosaraju_scc` recurses once per node on a path: a loop of
    /// 200,000 wires overflowed the stack (found with nested subflows).
    #[test]
    fn a_long_cycle_is_found_without_recursion() {
        let n = 200_000;
        let c = cycles(n, (0..n).map(|i| (i, (i + 1) % n)));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].len(), n);
        let chain = topo_order(n, (0..n - 1).map(|i| (i, i + 1))).unwrap();
        assert_eq!(chain.len(), n);
    }

    #[test]
    fn live_dag_refuses_a_closing_edge_and_forgets_removed_ones() {
        let mut g = LiveDag::new(3, [(0, 1)]).unwrap();
        let e = g.try_add(1, 2).unwrap();
        assert!(!g.can_add(2, 0), "2 → 0 closes 0 → 1 → 2");
        assert!(g.try_add(2, 0).is_none());
        assert!(!g.can_add(1, 1), "self loops are cycles");
        g.remove(e);
        assert!(g.can_add(2, 0));
        assert!(!g.can_add(0, 9), "unknown nodes are refused, not a panic");
    }
}

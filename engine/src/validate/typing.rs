//! Generic type resolution.
//!
//! Generic pins that share a `type_param` on one node are one type variable;
//! any other Generic pin (except "accept anything" `Generic`+`Normal` pins
//! without a parameter) is a variable of its own. Each data wire unifies the
//! variables or constrains one to a concrete data type, widening Integer to
//! Float where both meet. "Accept anything" pins adopt the full type of what
//! they are wired to.

use crate::compat::join;
use crate::def::PinDef;
use crate::types::{DataType, PinType};

use super::wiring::{EdgeState, NodeInfo, PinEdges};

/// A type variable met two data types that do not join.
pub(crate) struct Conflict {
    /// The edge where it was noticed.
    pub edge: usize,
    /// Node index and variable label (parameter or pin name) of the variable.
    pub node: usize,
    pub label: String,
    /// The type the variable already had, and the one this edge brings.
    pub had: DataType,
    pub got: DataType,
}

/// A type parameter resolved to a type its node does not allow.
pub(crate) struct Violation {
    pub node: usize,
    pub pin: usize,
    pub param: String,
    pub got: DataType,
    pub allowed: Vec<DataType>,
}

pub(crate) struct Typing {
    /// Per node, per pin: the resolved type.
    pub types: Vec<Vec<PinType>>,
    pub conflicts: Vec<Conflict>,
    pub violations: Vec<Violation>,
}

struct Var {
    parent: usize,
    ty: Option<DataType>,
    /// The node and first pin of the variable (its label is that pin's
    /// type parameter, or the pin's name).
    node: usize,
    pin: usize,
}

fn label(nodes: &[NodeInfo], v: &Var) -> String {
    let pin = &nodes[v.node].pins[v.pin];
    pin.type_param.clone().unwrap_or_else(|| pin.name.clone())
}

fn is_any(p: &PinDef) -> bool {
    p.data_type == DataType::Generic && p.type_param.is_none() && p.ty().is_any()
}

fn find(vars: &mut [Var], mut v: usize) -> usize {
    while vars[v].parent != v {
        let up = vars[vars[v].parent].parent;
        vars[v].parent = up;
        v = up;
    }
    v
}

pub(crate) fn resolve(nodes: &[NodeInfo], edges: &[EdgeState], pin_edges: &PinEdges) -> Typing {
    // One flat table of type terms: pin `p` of node `n` is `term[base[n] + p]`.
    let mut base = Vec::with_capacity(nodes.len());
    let mut total = 0;
    for info in nodes {
        base.push(total);
        total += info.pins.len();
    }
    let mut term: Vec<Option<usize>> = vec![None; total];
    let mut vars: Vec<Var> = Vec::new();
    let mut params: Vec<(&str, usize)> = Vec::new();
    for (n, info) in nodes.iter().enumerate() {
        params.clear();
        for (pi, p) in info.pins.iter().enumerate() {
            if p.data_type != DataType::Generic || is_any(p) {
                continue;
            }
            let v = match &p.type_param {
                Some(param) => match params.iter().find(|(name, _)| name == param) {
                    Some(&(_, v)) => v,
                    None => {
                        let v = vars.len();
                        vars.push(Var { parent: v, ty: None, node: n, pin: pi });
                        params.push((param, v));
                        v
                    }
                },
                None => {
                    let v = vars.len();
                    vars.push(Var { parent: v, ty: None, node: n, pin: pi });
                    v
                }
            };
            term[base[n] + pi] = Some(v);
        }
    }
    let at = |node: usize, pin: usize| base[node] + pin;

    let mut conflicts = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        let EdgeState::Ok { from, to } = e else { continue };
        let (fp, tp) = (&nodes[from.node].pins[from.pin], &nodes[to.node].pins[to.pin]);
        if fp.is_exec() || tp.is_exec() || is_any(fp) || is_any(tp) {
            continue;
        }
        match (term[at(from.node, from.pin)], term[at(to.node, to.pin)]) {
            (Some(a), Some(b)) => {
                let (ra, rb) = (find(&mut vars, a), find(&mut vars, b));
                if ra == rb {
                    continue;
                }
                let joined = match (vars[ra].ty, vars[rb].ty) {
                    (Some(x), Some(y)) => match join(x, y) {
                        Some(j) => Some(j),
                        None => {
                            conflicts.push(Conflict {
                                edge: i,
                                node: vars[rb].node,
                                label: label(nodes, &vars[rb]),
                                had: y,
                                got: x,
                            });
                            continue;
                        }
                    },
                    (x, y) => x.or(y),
                };
                vars[ra].parent = rb;
                vars[rb].ty = joined;
            }
            (Some(v), None) | (None, Some(v)) => {
                let concrete = if term[at(from.node, from.pin)].is_some() { tp.data_type } else { fp.data_type };
                let r = find(&mut vars, v);
                match vars[r].ty {
                    None => vars[r].ty = Some(concrete),
                    Some(had) => match join(had, concrete) {
                        Some(j) => vars[r].ty = Some(j),
                        None => conflicts.push(Conflict {
                            edge: i,
                            node: vars[r].node,
                            label: label(nodes, &vars[r]),
                            had,
                            got: concrete,
                        }),
                    },
                }
            }
            (None, None) => {}
        }
    }

    let mut types: Vec<Vec<PinType>> = Vec::with_capacity(nodes.len());
    for (n, info) in nodes.iter().enumerate() {
        let row = info
            .pins
            .iter()
            .enumerate()
            .map(|(p, pin)| match term[at(n, p)] {
                Some(v) => {
                    let r = find(&mut vars, v);
                    PinType::new(vars[r].ty.unwrap_or(DataType::Generic), pin.value_type)
                }
                None => pin.ty(),
            })
            .collect();
        types.push(row);
    }

    // "Accept anything" pins adopt the type at the other end of their wires.
    for (n, info) in nodes.iter().enumerate() {
        for (p, pin) in info.pins.iter().enumerate() {
            if !is_any(pin) {
                continue;
            }
            let mut others = pin_edges.of(n, p).filter_map(|e| match edges[e] {
                EdgeState::Ok { from, to } => Some(if from.node == n && from.pin == p { to } else { from }),
                _ => None,
            });
            let Some(first) = others.next() else { continue };
            let ty = types[first.node][first.pin];
            if ty.data != DataType::Execution && others.all(|o| types[o.node][o.pin] == ty) {
                types[n][p] = ty;
            }
        }
    }

    let mut violations = Vec::new();
    for (n, info) in nodes.iter().enumerate() {
        let Some(kind) = &info.kind else { continue };
        for (param, allowed) in &kind.def().type_params {
            let Some(p) = info.pins.iter().position(|pin| pin.type_param.as_deref() == Some(param)) else { continue };
            let got = types[n][p].data;
            if got != DataType::Generic && !allowed.contains(&got) {
                violations.push(Violation { node: n, pin: p, param: param.clone(), got, allowed: allowed.clone() });
            }
        }
    }

    Typing { types, conflicts, violations }
}

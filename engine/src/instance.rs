//! Subflow instances as node kinds: what the editor shows, wires and
//! checks for a node of kind `subflow:<id>` (its pins are the definition's
//! interface, its settings the definition's parameters). Validation and
//! planning never build one: flattening has replaced every instance before.

use crate::board::{Board, INSTANCE_PREFIX, Interface, Subflow};
use crate::catalog::{BuildCx, Catalog, ConfigError, NodeKind};
use crate::def::{ConfigField, NodeDef, PinDef};
use crate::node::{Cx, NodeError, NodeImpl, Step};
use crate::types::DataType;

/// The node kind of one subflow definition.
pub struct InstanceKind {
    def: NodeDef,
}

impl InstanceKind {
    /// The kind of `subflow`'s instances.
    pub fn new(subflow: &Subflow) -> Self {
        InstanceKind { def: definition(subflow, &subflow.interface()) }
    }
}

/// The palette definition of a subflow's instances.
pub fn definition(subflow: &Subflow, iface: &Interface) -> NodeDef {
    let name = if subflow.name.is_empty() { subflow.id.as_str() } else { subflow.name.as_str() };
    let description = if subflow.description.is_empty() {
        format!("Subflow `{name}`: its nodes, as one node. Double-click to open it.")
    } else {
        subflow.description.clone()
    };
    let mut def = NodeDef::new(&subflow.kind_name(), name, "Subflows", &description).icon("boxes");
    for p in &iface.inputs {
        let label = if p.label.is_empty() { &p.name } else { &p.label };
        let pin = PinDef::input(&p.name, label, p.ty());
        def = def.pin(if p.data_type == DataType::Generic { pin.param(&p.name) } else { pin });
    }
    for p in &iface.outputs {
        let label = if p.label.is_empty() { &p.name } else { &p.label };
        let pin = PinDef::output(&p.name, label, p.ty());
        def = def.pin(if p.data_type == DataType::Generic { pin.param(&p.name) } else { pin });
    }
    for p in &iface.parameters {
        def = def.setting(ConfigField::new(&p.name, &p.name, p.ty, p.default.clone()));
    }
    def
}

impl NodeKind for InstanceKind {
    fn def(&self) -> &NodeDef {
        &self.def
    }

    fn build(&self, _cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
        Ok(Box::new(Unexpanded))
    }
}

/// An instance left in place (its subflow is on a loop or over a budget;
/// validation says so): it never runs, as such a board never compiles.
struct Unexpanded;

impl NodeImpl for Unexpanded {
    fn run(&self, _cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        Err(NodeError::failed("unexpanded-subflow", "this subflow instance could not be expanded"))
    }
}

impl Catalog {
    /// Registers the kinds of `board`'s subflows (replacing those of
    /// subflows the board no longer has); returns whether anything changed.
    pub fn set_subflows(&mut self, board: &Board) -> bool {
        let stale: Vec<String> = self
            .defs()
            .filter(|d| {
                d.name.starts_with(INSTANCE_PREFIX) && board.subflow(&d.name[INSTANCE_PREFIX.len()..]).is_none()
            })
            .map(|d| d.name.clone())
            .collect();
        let mut changed = !stale.is_empty();
        for name in stale {
            self.remove(&name);
        }
        for s in &board.subflows {
            let kind = InstanceKind::new(s);
            if self.get(&kind.def.name).is_some_and(|k| *k.def() == kind.def) {
                continue;
            }
            self.register(std::sync::Arc::new(kind));
            changed = true;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_instance_has_the_interface_as_pins_and_the_parameters_as_settings() {
        let board = Board::from_value(json!({"format_version": 2, "subflows": [{"id": "s", "name": "Scale", "nodes": [
            {"id": "in", "kind": "subflow.inputs", "config": {"pins": [{"name": "x", "data_type": "Float"}, {"name": "go", "data_type": "Execution"}]}},
            {"id": "f", "kind": "subflow.parameter", "config": {"name": "factor", "data_type": "Float", "default": 2}},
            {"id": "out", "kind": "subflow.outputs", "config": {"pins": [{"name": "y", "data_type": "Generic"}]}}
        ]}]}))
        .unwrap();
        let mut catalog = Catalog::builtin();
        assert!(catalog.set_subflows(&board));
        assert!(!catalog.set_subflows(&board), "nothing changed the second time");
        let def = catalog.get("subflow:s").unwrap().def();
        assert_eq!(def.friendly_name, "Scale");
        let pins: Vec<(&str, bool, String)> =
            def.pins.iter().map(|p| (p.name.as_str(), p.is_input(), p.ty().to_string())).collect();
        assert_eq!(
            pins,
            [("x", true, "Float".into()), ("go", true, "Execution".into()), ("y", false, "Generic".into())]
        );
        assert_eq!(def.config[0].name, "factor");
        assert!(catalog.set_subflows(&Board::default()));
        assert!(catalog.get("subflow:s").is_none());
    }

    /// Found in the browser: a Parameter node just added (its settings left
    /// at their defaults) was no parameter at all.
    #[test]
    fn a_parameter_node_with_default_settings_is_a_parameter() {
        let board = Board::from_value(json!({"format_version": 2, "subflows": [{"id": "s", "nodes": [
            {"id": "p", "kind": "subflow.parameter"}
        ]}]}))
        .unwrap();
        let iface = board.subflows[0].interface();
        assert_eq!(iface.parameters.len(), 1);
        assert_eq!(
            (iface.parameters[0].name.as_str(), iface.parameters[0].ty.to_string()),
            ("parameter", "Float".into())
        );
    }
}
